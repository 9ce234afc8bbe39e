"""The fake's shared state: chats, counters, pending updates and the helpers every part uses."""

# Waiting helpers take timeout= on purpose: it reads best in tests (ASYNC109).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from .models import (
    BOT_ID,
    DEFAULT_UPDATE_TYPES,
    BotMessage,
    CallbackQuery,
    Request,
    ScenarioError,
    StoredFile,
    T,
    User,
    WaitTimeout,
    Who,
    _Chat,
)
from .validate import (
    ApiError,
    bad_request,
    check_reply_markup,
)

log = logging.getLogger(__name__)


class FakeState:
    """State shared by the API methods, delivery and the test-side API."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        bot_id: int = BOT_ID,
        bot_first_name: str = "VM Bot",
        bot_username: str = "vm_test_bot",
        strict_html: bool = True,
        default_timeout: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port
        self.token = token  # None accepts any token
        self.strict_html = strict_html
        self.default_timeout = default_timeout
        self.me: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.requests: list[Request] = []
        self.errors: list[Request] = []
        self.files: dict[str, StoredFile] = {}  # every file_id, photo sizes included
        self.uploads: list[StoredFile] = []  # files the bot uploaded, in order
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.bot_settings: dict[tuple[str, str], Any] = {}  # setMyDescription and friends
        self.default_menu_button: dict[str, Any] | None = None
        self.dropped_updates: list[dict[str, Any]] = []
        self.webhook_errors: list[str] = []
        self.webhook_deliveries: list[dict[str, Any]] = []

        self._chats: dict[int, _Chat] = {}
        self._pending: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._seq_counter = itertools.count(1)
        self._file_counter = itertools.count(1)
        self._query_counter = itertools.count(1)
        self._user_ids = itertools.count(700_000_001)
        self._allowed_updates: frozenset[str] | None = None
        self._webhook: dict[str, Any] | None = None
        self._webhook_last_error: tuple[int, str] | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._poll_generation = 0
        self._getupdates_seen = False
        self._failures: list[tuple[str, ApiError]] = []
        self._pulse = asyncio.Event()
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self._url: str | None = None
        self._methods: dict[str, tuple[str, Callable[[Request], Any]]] = {}
        for name in dir(self):
            if name.startswith("_api_"):
                canonical = name[len("_api_") :]
                self._methods[canonical.lower()] = (canonical, getattr(self, name))

    # --- lifecycle ----------------------------------------------------------------------------

    def _notify(self) -> None:
        # Wake every waiter; each re-checks its own condition.
        self._pulse.set()
        self._pulse = asyncio.Event()

    def _tick(self) -> int:
        return next(self._seq_counter)

    def _take_failure(self, method: str) -> ApiError | None:
        for i, (name, error) in enumerate(self._failures):
            if name.lower() == method.lower():
                del self._failures[i]
                return error
        return None

    def _chat_of(self, who: Who | dict[str, Any]) -> _Chat:
        chat_id = who.id if isinstance(who, User) else who if isinstance(who, int) else who["id"]
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ScenarioError(f"user {chat_id} never wrote to the bot (no chat)")
        return chat

    def _ensure_chat(self, who: Who) -> _Chat:
        if isinstance(who, int):
            return self._chat_of(who)
        chat = self._chats.get(who.id)
        if chat is None:
            chat = self._chats[who.id] = _Chat(user=who)
        chat.user = who  # keep the freshest profile (name or language may have changed)
        return chat

    def _target_chat(self, params: dict[str, Any], *, sending: bool = True) -> _Chat:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        if sending and chat.blocked:
            raise ApiError("Forbidden: bot was blocked by the user", 403)
        return chat

    def _message_id(self, params: dict[str, Any], key: str = "message_id") -> int:
        value = params.get(key)
        if value is None or value == "":
            raise bad_request("message identifier is not specified")
        if not isinstance(value, int):
            raise bad_request("MESSAGE_ID_INVALID")
        return value

    def _editable(self, params: dict[str, Any]) -> tuple[_Chat, BotMessage]:
        if "inline_message_id" in params:
            raise bad_request("MESSAGE_ID_INVALID")  # inline mode is not faked
        chat = self._target_chat(params)
        message_id = self._message_id(params)
        if message_id in chat.incoming:
            raise bad_request("message can't be edited")
        msg = chat.bot.get(message_id)
        if msg is None or msg.deleted:
            raise bad_request("message to edit not found")
        return chat, msg

    def _format_args(self, params: dict[str, Any], key: str) -> tuple[Any, str | None, Any]:
        entities_key = "entities" if key == "text" else "caption_entities"
        return params.get(key), params.get("parse_mode"), params.get(entities_key)

    def _reply_to(self, chat: _Chat, params: dict[str, Any]) -> int | None:
        reply = params.get("reply_parameters")
        message_id = reply.get("message_id") if isinstance(reply, dict) else None
        if message_id is None:
            message_id = params.get("reply_to_message_id")
        if message_id is None:
            return None
        exists = message_id in chat.incoming or (
            message_id in chat.bot and not chat.bot[message_id].deleted
        )
        if exists:
            return message_id
        allow = params.get("allow_sending_without_reply") or (
            isinstance(reply, dict) and reply.get("allow_sending_without_reply")
        )
        if allow:
            return None
        raise bad_request("message to be replied not found")

    def _new_message(
        self, chat: _Chat, kind: str, params: dict[str, Any], **fields: Any
    ) -> BotMessage:
        markup = check_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_to(chat, params)
        msg = BotMessage(
            chat_id=chat.user.id,
            message_id=chat.next_id,
            date=int(time.time()),
            kind=kind,
            parse_mode=params.get("parse_mode"),
            reply_to_message_id=reply_to,
            seq=self._tick(),
            sender={k: self.me[k] for k in ("id", "is_bot", "first_name", "username")},
            chat=chat.user.chat(),
            **fields,
        )
        self._set_markup(chat, msg, markup)
        chat.next_id += 1
        chat.bot[msg.message_id] = msg
        chat.order.append(msg)
        return msg

    def _set_markup(self, chat: _Chat, msg: BotMessage, markup: dict[str, Any] | None) -> None:
        if markup is not None and "inline_keyboard" not in markup:
            msg.keyboard_markup = markup
            if "keyboard" in markup:
                chat.reply_keyboard = markup
            elif markup.get("remove_keyboard"):
                chat.reply_keyboard = None
        else:
            msg.inline_markup = markup

    def _api_result(self, msg: BotMessage) -> dict[str, Any]:
        data = msg.to_api()
        reply_id = msg.reply_to_message_id
        if reply_id is not None:
            chat = self._chats[msg.chat_id]
            if reply_id in chat.incoming:
                data["reply_to_message"] = chat.incoming[reply_id]
            elif reply_id in chat.bot:
                data["reply_to_message"] = chat.bot[reply_id].to_api()
        return data

    def _edit(self, msg: BotMessage, **changes: Any) -> None:
        msg.history.append(msg.to_api())
        for key, value in changes.items():
            setattr(msg, key, value)
        msg.version += 1
        msg.seq = self._tick()

    def _push_update(
        self, body: dict[str, Any], chat: _Chat | None = None
    ) -> dict[str, Any] | None:
        kind = next(iter(body))
        allowed = self._allowed_updates or DEFAULT_UPDATE_TYPES
        update = {"update_id": next(self._update_ids), **body}
        if chat is not None:
            chat.action_seq = self._tick()
        if kind not in allowed:
            # Telegram would not even create it; tell the test author why nothing happens.
            log.warning(
                "fake telegram: the bot does not receive %r updates (allowed: %s)",
                kind,
                sorted(allowed),
            )
            self.dropped_updates.append(update)
            self._notify()
            return None
        self._pending.append(update)
        self._notify()
        return update

    def _set_allowed_updates(self, value: Any) -> None:
        if isinstance(value, list):
            self._allowed_updates = frozenset(value) if value else None

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    # --- Bot API methods (the _api_ prefix registers them) -------------------------------------

    def _find_message(self, chat: _Chat, message: BotMessage | int | dict[str, Any]) -> BotMessage:
        message_id = (
            message.message_id
            if isinstance(message, BotMessage)
            else message
            if isinstance(message, int)
            else message["message_id"]
        )
        found = chat.bot.get(message_id)
        if found is None:
            raise ScenarioError(f"bot message {message_id} does not exist in chat {chat.user.id}")
        return found

    async def _wait(
        self, probe: Callable[[], T | None], timeout: float | None, what: Callable[[], str]
    ) -> T:
        timeout = self.default_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            pulse = self._pulse
            found = probe()
            if found is not None and found is not False:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaitTimeout(f"timed out after {timeout}s waiting for {what()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(pulse.wait(), remaining)
