"""What the fake keeps: users, messages, files, requests and callback queries as plain objects."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

BOT_ID = 1000001
MAX_UPLOAD = 50 * 1024 * 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
# Update types Telegram sends when the bot never said which ones it wants.
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
    }
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


class WaitTimeout(AssertionError):
    """A wait helper gave up; the message shows what the chat looked like at that moment."""


class ScenarioError(AssertionError):
    """The test asked for something a real user could not do (click a missing button...)."""


@dataclass
class User:
    id: int
    first_name: str = "Test"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"
    phone_number: str | None = None  # shared by press() on a request_contact button

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    def chat(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        return data


@dataclass(eq=False)
class Upload:
    """A file part of a multipart request, before it becomes a StoredFile."""

    filename: str | None
    data: bytes
    content_type: str | None = None


@dataclass(eq=False)
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str  # "document" | "photo"
    data: bytes | None  # None when sent by URL: the fake never fetches URLs
    filename: str | None = None
    mime_type: str | None = None
    url: str | None = None
    file_path: str | None = None
    width: int | None = None
    height: int | None = None
    photo_sizes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.data or b"")

    def text(self, encoding: str = "utf-8") -> str:
        return (self.data or b"").decode(encoding)


@dataclass(eq=False)
class Request:
    """One Bot API call as the fake received and answered it."""

    method: str
    params: dict[str, Any]
    files: dict[str, Upload]
    at: float  # time.monotonic() on arrival
    status: int | None = None
    ok: bool | None = None  # None while a long poll is still pending
    result: Any = None
    description: str | None = None
    parameters: dict[str, Any] | None = None  # ResponseParameters of an error (retry_after)
    injected: bool = False  # failure forced by fail_next()
    via_webhook_reply: bool = False

    def __repr__(self) -> str:
        params = {k: v for k, v in self.params.items() if k != "reply_markup"}
        state = "pending" if self.ok is None else "ok" if self.ok else repr(self.description)
        return f"<Request {self.method} {_short(params)} -> {state}>"


@dataclass(eq=False)
class CallbackQuery:
    id: str
    user_id: int
    message_id: int | None
    data: str | None
    sent_at: float
    answer: dict[str, Any] | None = None  # answerCallbackQuery params
    answered_at: float | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass(eq=False)
class BotMessage:
    """A message the bot sent, in its current state (after edits and deletion)."""

    chat_id: int
    message_id: int
    date: int
    kind: str  # "text" | "photo" | "document"
    text: str | None = None  # as the user sees it: HTML parsed, whitespace trimmed
    caption: str | None = None
    source: str | None = None  # text or caption exactly as the bot sent it
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    inline_markup: dict[str, Any] | None = None
    keyboard_markup: dict[str, Any] | None = None  # reply keyboard / remove / force_reply
    photo: list[dict[str, Any]] | None = None
    document: dict[str, Any] | None = None
    file: StoredFile | None = None
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    deleted: bool = False
    version: int = 0  # bumped on every edit
    seq: int = 0  # global order of the last change, used by wait_text
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier to_api() states
    sender: dict[str, Any] = field(default_factory=dict, repr=False)
    chat: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def content(self) -> str:
        return self.text if self.text is not None else self.caption or ""

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.inline_markup or self.keyboard_markup

    @property
    def inline_buttons(self) -> list[dict[str, Any]]:
        rows = (self.inline_markup or {}).get("inline_keyboard", [])
        return [b for row in rows for b in row]

    @property
    def keyboard_buttons(self) -> list[dict[str, Any]]:
        rows = (self.keyboard_markup or {}).get("keyboard", [])
        return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]

    @property
    def buttons(self) -> list[str]:
        """Texts of the inline keyboard, or of the reply keyboard if there is no inline one."""
        return [b["text"] for b in self.inline_buttons or self.keyboard_buttons]

    @property
    def button_rows(self) -> list[list[str]]:
        if self.inline_markup:
            return [[b["text"] for b in row] for row in self.inline_markup["inline_keyboard"]]
        rows = (self.keyboard_markup or {}).get("keyboard", [])
        return [[b if isinstance(b, str) else b["text"] for b in row] for row in rows]

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": self.chat,
            "date": self.date,
        }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.kind == "text":
            data["text"] = self.text
            if self.entities:
                data["entities"] = self.entities
        else:
            if self.photo is not None:
                data["photo"] = self.photo
            if self.document is not None:
                data["document"] = self.document
            if self.caption is not None:
                data["caption"] = self.caption
                if self.entities:
                    data["caption_entities"] = self.entities
        # Telegram echoes only inline keyboards; a reply keyboard lives on the client.
        if self.inline_markup:
            data["reply_markup"] = self.inline_markup
        return data

    def __str__(self) -> str:
        flags = " (deleted)" if self.deleted else " (edited)" if self.version else ""
        buttons = f" {self.button_rows}" if self.button_rows else ""
        body = self.content if self.kind == "text" else f"[{self.kind}] {self.content}"
        return f"#{self.message_id}{flags}: {body!r}{buttons}"


@dataclass(eq=False)
class _Chat:
    user: User
    next_id: int = 1
    bot: dict[int, BotMessage] = field(default_factory=dict)
    incoming: dict[int, dict[str, Any]] = field(default_factory=dict)
    order: list[BotMessage] = field(default_factory=list)
    cursor: int = 0  # next_message() position in order
    action_seq: int = 0  # seq of the last update the user caused
    reply_keyboard: dict[str, Any] | None = None
    actions: list[str] = field(default_factory=list)
    blocked: bool = False
    menu_button: dict[str, Any] | None = None


Who = User | int
Matcher = str | re.Pattern[str] | Callable[[Any], bool]


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _matches(pattern: Matcher, text: str) -> bool:
    if isinstance(pattern, re.Pattern):
        return pattern.search(text) is not None
    if callable(pattern):
        return bool(pattern(text))
    return pattern in text
