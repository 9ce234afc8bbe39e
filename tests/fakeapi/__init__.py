"""Fake Telegram Bot API server for end-to-end tests (see server.py for the test-side API)."""

from .html import parse_html
from .server import (
    BOT_ID,
    BotMessage,
    CallbackQuery,
    FakeTelegram,
    Request,
    ScenarioError,
    StoredFile,
    Upload,
    User,
    WaitTimeout,
)
from .validate import ApiError

__all__ = [
    "BOT_ID",
    "ApiError",
    "BotMessage",
    "CallbackQuery",
    "FakeTelegram",
    "Request",
    "ScenarioError",
    "StoredFile",
    "Upload",
    "User",
    "WaitTimeout",
    "parse_html",
]
