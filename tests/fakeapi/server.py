"""A fake Telegram Bot API server for end-to-end tests.

The real bot runs as a subprocess pointed at ``FakeTelegram.url``; the test drives it through
the test-side API (``send_message``, ``click``, ``next_message``, ``wait_text`` ...). Everything
lives in the test's event loop, so waiting helpers simply yield to the HTTP handlers.

Bot messages are kept as live ``BotMessage`` objects: edits and deletions update the same
object, so a message obtained earlier always shows what the user would see now.

    async with FakeTelegram() as fake:
        bot = start_bot_process(env={"TELEGRAM_API_URL": fake.url, ...})
        await fake.wait_bot_ready()
        user = fake.new_user("Anna", language_code="ru", phone_number="+79001234567")
        await fake.send_command(user, "/start")
        menu = await fake.next_message(user)
        query_id = await fake.click(user, menu, "Numbers")
        card = await fake.wait_text(user, "+7 900")
        assert (await fake.wait_callback_answer(query_id))["show_alert"] is False
        fake.assert_no_errors()
"""

# Waiting helpers take timeout= on purpose: it reads best in tests (ASYNC109).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import json
import logging
import mimetypes
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiohttp
from aiohttp import web
from aiohttp.web_request import FileField

from .validate import (
    CHAT_ACTIONS,
    MAX_CALLBACK_ANSWER,
    NOT_MODIFIED,
    ApiError,
    bad_request,
    check_caption,
    check_commands,
    check_reply_markup,
    check_text,
    coerce_params,
    image_size,
    markup_key,
    utf16_len,
)

log = logging.getLogger(__name__)

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


class FakeTelegram:
    """Fake Bot API on loopback. Use ``async with FakeTelegram() as fake`` or start()/stop()."""

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
        self.bot_settings: dict[str, Any] = {}  # setMyDescription and friends
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

    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # A short shutdown timeout: pending long polls are woken by stop() anyway.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        port = self._runner.addresses[0][1]
        self._url = f"http://{self.host}:{port}"
        self._http = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        self._stopping = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Base URL for TELEGRAM_API_URL / TelegramAPIServer.from_base()."""
        if self._url is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._url

    # --- HTTP layer ---------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        try:
            raw, files = await self._read_body(request)
        except web.HTTPRequestEntityTooLarge:
            too_large = ApiError("Request Entity Too Large", 413)
            return web.json_response(too_large.payload(), status=413)
        token = request.match_info["token"]
        if self.token is not None and token != self.token:
            return web.json_response(ApiError("Unauthorized", 401).payload(), status=401)
        rec = await self.call(request.match_info["method"], raw, files)
        if not rec.ok and (request.transport is None or request.transport.is_closing()):
            # The client hung up (e.g. a long poll of a bot that was stopped): it never saw this.
            with contextlib.suppress(ValueError):
                self.errors.remove(rec)
        body: dict[str, Any]
        if rec.ok:
            body = {"ok": True, "result": rec.result}
        else:
            body = {"ok": False, "error_code": rec.status, "description": rec.description}
            if rec.parameters:
                body["parameters"] = rec.parameters
        return web.json_response(body, status=rec.status or 200)

    async def _read_body(self, request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, Upload] = {}
        if request.content_type == "application/json":
            with contextlib.suppress(ValueError):
                body = await request.json()
                if isinstance(body, dict):
                    raw.update(body)
        elif request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, FileField):
                    files[key] = Upload(value.filename, value.file.read(), value.content_type)
                else:
                    raw[key] = value
        return raw, files

    async def call(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, Upload] | None = None,
        *,
        via_webhook_reply: bool = False,
    ) -> Request:
        """Run one API method as if the bot called it; the fake's own HTTP handler uses this."""
        canonical, handler = self._methods.get(method.lower(), (method, None))
        rec = Request(canonical, {}, files or {}, time.monotonic())
        rec.via_webhook_reply = via_webhook_reply
        try:
            rec.params = coerce_params(params)
            self.requests.append(rec)
            if handler is None:
                raise ApiError("Not Found: method not found", 404)
            forced = self._take_failure(canonical)
            if forced is not None:
                rec.injected = True
                raise forced
            result = handler(rec)
            if inspect.isawaitable(result):
                result = await result
        except Exception as e:
            if not isinstance(e, ApiError):
                # A bug in the fake, not in the bot: make it loud and keep serving.
                log.exception("fake telegram crashed in %s", rec.method)
                e = ApiError(f"Internal Server Error: fake crashed: {e!r}", 500)
            if rec not in self.requests:
                self.requests.append(rec)
            rec.ok, rec.status, rec.description = False, e.error_code, e.description
            if e.retry_after is not None:
                rec.parameters = {"retry_after": e.retry_after}
            self.errors.append(rec)
            log.warning("fake telegram: %s -> %s", rec.method, e.description)
        else:
            rec.ok, rec.status, rec.result = True, 200, result
        self._notify()
        return rec

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path and stored.data is not None:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.json_response(ApiError("Not Found", 404).payload(), status=404)

    # --- state helpers ------------------------------------------------------------------------

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

    def _new_file_id(self, kind: str) -> tuple[str, str]:
        n = next(self._file_counter)
        prefix = "AgAC" if kind == "photo" else "BQAC"
        return f"{prefix}AgIAAxkBAAI{n:06d}{secrets.token_urlsafe(24)}", f"AQAD{n:06d}"

    def _store(self, stored: StoredFile) -> StoredFile:
        self.files[stored.file_id] = stored
        return stored

    def _store_document(
        self,
        data: bytes | None,
        filename: str | None,
        mime_type: str | None,
        url: str | None = None,
    ) -> StoredFile:
        file_id, unique = self._new_file_id("document")
        if mime_type is None and filename:
            mime_type = mimetypes.guess_type(filename)[0]
        return self._store(
            StoredFile(file_id, unique, "document", data, filename, mime_type, url=url)
        )

    def _store_photo(self, data: bytes | None, url: str | None = None) -> StoredFile:
        if data is not None:
            size = image_size(data)
            if size is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
        else:
            size = (800, 600)  # sent by URL: Telegram would download it, the fake can't
        width, height = size
        file_id, unique = self._new_file_id("photo")
        stored = StoredFile(file_id, unique, "photo", data, url=url, width=width, height=height)
        stored.mime_type = "image/jpeg"
        longest = max(width, height, 1)
        # Telegram returns a ladder of thumbnails up to the original; all share the bytes here.
        bounds = [b for b in (90, 320, 800, 1280) if b < longest] + [min(longest, 2560)]
        for i, bound in enumerate(bounds):
            scale = bound / longest
            w, h = max(1, round(width * scale)), max(1, round(height * scale))
            size_id = file_id if i == len(bounds) - 1 else self._new_file_id("photo")[0]
            photo_size = {
                "file_id": size_id,
                "file_unique_id": f"{unique}{i}",
                "width": w,
                "height": h,
                "file_size": max(1, round(stored.size * scale * scale)) if data else 0,
            }
            stored.photo_sizes.append(photo_size)
            self.files[size_id] = stored
        return stored

    def _input_file(self, rec: Request, key: str, value: Any = None) -> Upload | StoredFile | str:
        """An upload, a known file (sent by file_id) or a URL; raises Telegram's errors."""
        if value is None:
            value = rec.params.get(key)
            if value is None and key in rec.files:
                return rec.files[key]
        if value is None or value == "":
            raise bad_request(f"there is no {key} in the request")
        if isinstance(value, str) and value.startswith("attach://"):
            upload = rec.files.get(value[len("attach://") :])
            if upload is None:
                raise bad_request(f"there is no {key} in the request")
            return upload
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
        stored = self.files.get(str(value))
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored

    def _photo_from(self, source: Upload | StoredFile | str) -> StoredFile:
        if isinstance(source, StoredFile):
            if source.kind != "photo":
                raise bad_request("type of file mismatch")
            return source
        if isinstance(source, str):
            return self._store_photo(None, url=source)
        if len(source.data) > 10 * 1024 * 1024:
            raise bad_request("PHOTO_SAVE_FILE_INVALID")
        stored = self._store_photo(source.data)
        stored.filename = source.filename
        self.uploads.append(stored)
        return stored

    def _document_from(self, source: Upload | StoredFile | str) -> StoredFile:
        if isinstance(source, StoredFile):
            if source.kind != "document":
                raise bad_request("type of file mismatch")
            return source
        if isinstance(source, str):
            name = source.rsplit("/", 1)[-1] or "file"
            return self._store_document(None, name, None, url=source)
        if not source.data:
            raise bad_request("file must be non-empty")
        content_type = source.content_type
        if content_type in (None, "application/octet-stream"):
            content_type = None  # Telegram guesses from the name, as we do
        stored = self._store_document(source.data, source.filename, content_type)
        self.uploads.append(stored)
        return stored

    @staticmethod
    def _document_dict(stored: StoredFile) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
        }
        if stored.filename:
            data["file_name"] = stored.filename
        if stored.mime_type:
            data["mime_type"] = stored.mime_type
        if stored.data is not None:
            data["file_size"] = stored.size
        return data

    # --- updates ------------------------------------------------------------------------------

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

    def _api_getMe(self, rec: Request) -> dict[str, Any]:
        return dict(self.me)

    def _api_logOut(self, rec: Request) -> bool:
        return True

    def _api_close(self, rec: Request) -> bool:
        return True

    async def _api_getUpdates(self, rec: Request) -> list[dict[str, Any]]:
        if self._webhook is not None:
            raise ApiError(
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
                409,
            )
        params = rec.params
        self._getupdates_seen = True
        if "allowed_updates" in params:
            self._set_allowed_updates(params["allowed_updates"])
        offset = params.get("offset")
        if isinstance(offset, int) and offset != 0:
            self._confirm(offset)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # wait_bot_ready() watches for pollers
        deadline = time.monotonic() + timeout
        while True:
            if self._pending or self._stopping:
                return self._pending[:limit]
            if self._webhook is not None:
                raise ApiError("Conflict: terminated by setWebhook request", 409)
            if generation != self._poll_generation:
                raise ApiError(
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                    409,
                )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            pulse = self._pulse
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(pulse.wait(), remaining)

    def _api_setWebhook(self, rec: Request) -> bool:
        params = rec.params
        url = params.get("url") or ""
        if not url:
            return self._api_deleteWebhook(rec)
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            # Real Telegram insists on https; loopback http is fine for the fake.
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        if "allowed_updates" in params:
            self._set_allowed_updates(params["allowed_updates"])
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": int(params.get("max_connections") or 40),
        }
        self._webhook_last_error = None
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return True

    def _api_deleteWebhook(self, rec: Request) -> bool:
        self._webhook = None
        if rec.params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _api_getWebhookInfo(self, rec: Request) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
            info["ip_address"] = "127.0.0.1"
            if self._allowed_updates:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if self._webhook_last_error:
                info["last_error_date"], info["last_error_message"] = self._webhook_last_error
        return info

    def _api_setMyCommands(self, rec: Request) -> bool:
        commands = check_commands(rec.params.get("commands"))
        self.commands[self._commands_key(rec.params)] = commands
        return True

    def _api_getMyCommands(self, rec: Request) -> list[dict[str, str]]:
        return self.commands.get(self._commands_key(rec.params), [])

    def _api_deleteMyCommands(self, rec: Request) -> bool:
        self.commands.pop(self._commands_key(rec.params), None)
        return True

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get("language_code") or ""

    def _api_setChatMenuButton(self, rec: Request) -> bool:
        button = rec.params.get("menu_button") or {"type": "default"}
        if rec.params.get("chat_id") is not None:
            self._target_chat(rec.params, sending=False).menu_button = button
        else:
            self.default_menu_button = button
        return True

    def _api_getChatMenuButton(self, rec: Request) -> dict[str, Any]:
        if rec.params.get("chat_id") is not None:
            chat = self._target_chat(rec.params, sending=False)
            return chat.menu_button or {"type": "default"}
        return self.default_menu_button or {"type": "commands"}

    def _bot_setting(self, rec: Request, key: str) -> bool:
        self.bot_settings[(key, rec.params.get("language_code") or "")] = rec.params.get(key, "")
        return True

    def _bot_setting_get(self, rec: Request, key: str) -> dict[str, Any]:
        value = self.bot_settings.get((key, rec.params.get("language_code") or ""), "")
        return {key: value}

    def _api_setMyDescription(self, rec: Request) -> bool:
        return self._bot_setting(rec, "description")

    def _api_getMyDescription(self, rec: Request) -> dict[str, Any]:
        return self._bot_setting_get(rec, "description")

    def _api_setMyShortDescription(self, rec: Request) -> bool:
        return self._bot_setting(rec, "short_description")

    def _api_getMyShortDescription(self, rec: Request) -> dict[str, Any]:
        return self._bot_setting_get(rec, "short_description")

    def _api_setMyName(self, rec: Request) -> bool:
        return self._bot_setting(rec, "name")

    def _api_getMyName(self, rec: Request) -> dict[str, Any]:
        return self._bot_setting_get(rec, "name")

    def _api_sendMessage(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params)
        source, parse_mode, entities = self._format_args(rec.params, "text")
        text, found = check_text(source, parse_mode, entities, strict=self.strict_html)
        msg = self._new_message(chat, "text", rec.params, text=text, source=source, entities=found)
        return self._api_result(msg)

    def _api_sendPhoto(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params)
        source, parse_mode, entities = self._format_args(rec.params, "caption")
        caption, found = check_caption(source, parse_mode, entities, strict=self.strict_html)
        stored = self._photo_from(self._input_file(rec, "photo"))
        msg = self._new_message(
            chat,
            "photo",
            rec.params,
            caption=caption,
            source=source,
            entities=found,
            photo=stored.photo_sizes,
            file=stored,
        )
        return self._api_result(msg)

    def _api_sendDocument(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params)
        source, parse_mode, entities = self._format_args(rec.params, "caption")
        caption, found = check_caption(source, parse_mode, entities, strict=self.strict_html)
        stored = self._document_from(self._input_file(rec, "document"))
        msg = self._new_message(
            chat,
            "document",
            rec.params,
            caption=caption,
            source=source,
            entities=found,
            document=self._document_dict(stored),
            file=stored,
        )
        return self._api_result(msg)

    def _api_editMessageText(self, rec: Request) -> dict[str, Any]:
        _chat, msg = self._editable(rec.params)
        source, parse_mode, entities = self._format_args(rec.params, "text")
        if msg.kind != "text":
            raise bad_request("there is no text in the message to edit")
        text, found = check_text(source, parse_mode, entities, strict=self.strict_html)
        # No reply_markup in an edit removes the inline keyboard, exactly as in Telegram.
        markup = check_reply_markup(rec.params.get("reply_markup"), inline_only=True)
        if (text, found, markup_key(markup)) == (
            msg.text,
            msg.entities,
            markup_key(msg.inline_markup),
        ):
            raise bad_request(NOT_MODIFIED)
        self._edit(
            msg,
            text=text,
            source=source,
            parse_mode=parse_mode,
            entities=found,
            inline_markup=markup,
            edit_date=int(time.time()),
        )
        return self._api_result(msg)

    def _api_editMessageCaption(self, rec: Request) -> dict[str, Any]:
        _chat, msg = self._editable(rec.params)
        if msg.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        source, parse_mode, entities = self._format_args(rec.params, "caption")
        caption, found = check_caption(source, parse_mode, entities, strict=self.strict_html)
        markup = check_reply_markup(rec.params.get("reply_markup"), inline_only=True)
        if (caption, found, markup_key(markup)) == (
            msg.caption,
            msg.entities,
            markup_key(msg.inline_markup),
        ):
            raise bad_request(NOT_MODIFIED)
        self._edit(
            msg,
            caption=caption,
            source=source,
            parse_mode=parse_mode,
            entities=found,
            inline_markup=markup,
            edit_date=int(time.time()),
        )
        return self._api_result(msg)

    def _api_editMessageReplyMarkup(self, rec: Request) -> dict[str, Any]:
        _chat, msg = self._editable(rec.params)
        markup = check_reply_markup(rec.params.get("reply_markup"), inline_only=True)
        if markup_key(markup) == markup_key(msg.inline_markup):
            raise bad_request(NOT_MODIFIED)
        self._edit(msg, inline_markup=markup)
        return self._api_result(msg)

    def _api_editMessageMedia(self, rec: Request) -> dict[str, Any]:
        _chat, msg = self._editable(rec.params)
        media = rec.params.get("media")
        if not isinstance(media, dict) or media.get("type") not in ("photo", "document"):
            raise bad_request("can't parse InputMedia JSON object")
        if msg.kind == "text":
            raise bad_request("there is no media in the message to edit")
        source = self._input_file(rec, media["type"], media.get("media"))
        caption, found = check_caption(
            media.get("caption"),
            media.get("parse_mode"),
            media.get("caption_entities"),
            strict=self.strict_html,
        )
        markup = check_reply_markup(rec.params.get("reply_markup"), inline_only=True)
        if media["type"] == "photo":
            stored = self._photo_from(source)
            changes: dict[str, Any] = {"photo": stored.photo_sizes, "document": None}
        else:
            stored = self._document_from(source)
            changes = {"document": self._document_dict(stored), "photo": None}
        unchanged = (stored is msg.file, caption, found, markup_key(markup)) == (
            True,
            msg.caption,
            msg.entities,
            markup_key(msg.inline_markup),
        )
        if unchanged:
            raise bad_request(NOT_MODIFIED)
        self._edit(
            msg,
            kind=media["type"],
            file=stored,
            caption=caption,
            source=media.get("caption"),
            parse_mode=media.get("parse_mode"),
            entities=found,
            inline_markup=markup,
            edit_date=int(time.time()),
            **changes,
        )
        return self._api_result(msg)

    def _delete(self, chat: _Chat, message_id: int) -> bool:
        msg = chat.bot.get(message_id)
        if msg is not None and not msg.deleted:
            msg.deleted = True
            msg.seq = self._tick()
            return True
        if message_id in chat.incoming:
            del chat.incoming[message_id]
            return True
        return False

    def _api_deleteMessage(self, rec: Request) -> bool:
        chat = self._target_chat(rec.params, sending=False)
        if not self._delete(chat, self._message_id(rec.params)):
            raise bad_request("message to delete not found")
        return True

    def _api_deleteMessages(self, rec: Request) -> bool:
        chat = self._target_chat(rec.params, sending=False)
        ids = rec.params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise bad_request("message identifiers are not specified")
        for message_id in ids:
            self._delete(chat, int(message_id))
        return True

    def _api_answerCallbackQuery(self, rec: Request) -> bool:
        query = self.callback_queries.get(str(rec.params.get("callback_query_id") or ""))
        if query is None or query.answered:
            raise bad_request(_QUERY_TOO_OLD)
        text = rec.params.get("text")
        if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answer = {
            "text": text,
            "show_alert": bool(rec.params.get("show_alert")),
            "url": rec.params.get("url"),
            "cache_time": rec.params.get("cache_time"),
        }
        query.answered_at = time.monotonic()
        return True

    def _api_sendChatAction(self, rec: Request) -> bool:
        chat = self._target_chat(rec.params)
        action = rec.params.get("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.actions.append(action)
        return True

    def _api_getFile(self, rec: Request) -> dict[str, Any]:
        stored = self.files.get(str(rec.params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.data is None:
            raise bad_request("wrong file_id or the file is temporarily unavailable")
        if stored.size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        if stored.file_path is None:
            folder = "photos" if stored.kind == "photo" else "documents"
            ext = ".jpg" if stored.kind == "photo" else ""
            if stored.kind != "photo" and stored.filename and "." in stored.filename:
                ext = "." + stored.filename.rsplit(".", 1)[1]
            stored.file_path = f"{folder}/file_{next(self._file_counter)}{ext}"
        return {
            "file_id": str(rec.params["file_id"]),
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    def _api_getChat(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params, sending=False)
        return {
            **chat.user.chat(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    def _api_getChatMember(self, rec: Request) -> dict[str, Any]:
        chat = self._target_chat(rec.params, sending=False)
        user_id = rec.params.get("user_id")
        if user_id == chat.user.id:
            return {"status": "member", "user": chat.user.to_api()}
        if user_id == self.me["id"]:
            status = "kicked" if chat.blocked else "member"
            return {"status": status, "user": self._api_getMe(rec), "until_date": 0}
        raise bad_request("PARTICIPANT_ID_INVALID")

    # --- webhook delivery ---------------------------------------------------------------------

    async def _deliver_webhooks(self) -> None:
        backoff = 0.05
        while not self._stopping and self._webhook is not None:
            if not self._pending:
                pulse = self._pulse
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(pulse.wait(), 1.0)
                continue
            update, hook = self._pending[0], self._webhook
            error = await self._post_update(update, hook)
            if error is None:
                with contextlib.suppress(ValueError):
                    self._pending.remove(update)
                self.webhook_deliveries.append(update)
                self._notify()
                backoff = 0.05
                continue
            self._webhook_last_error = (int(time.time()), error)
            self.webhook_errors.append(error)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 1.0)  # the bot's web server may still be starting

    async def _post_update(self, update: dict[str, Any], hook: dict[str, Any]) -> str | None:
        assert self._http is not None
        headers = {}
        if hook["secret_token"]:
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
        try:
            async with self._http.post(
                hook["url"], json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=60)
            ) as resp:
                if not 200 <= resp.status < 300:
                    return f"Wrong response from the webhook: {resp.status} {resp.reason}"
                await self._webhook_reply(resp)
        except (aiohttp.ClientError, OSError, TimeoutError) as e:
            return f"Connection failed: {type(e).__name__}: {e}"
        return None

    async def _webhook_reply(self, resp: aiohttp.ClientResponse) -> None:
        # aiogram may answer an update with a method call in the webhook response body.
        raw: dict[str, Any] = {}
        files: dict[str, Upload] = {}
        if resp.content_type == "application/json":
            body = await resp.json()
            if isinstance(body, dict):
                raw = body
        elif resp.content_type == "multipart/form-data":
            reader = aiohttp.MultipartReader(resp.headers, resp.content)
            while (part := await reader.next()) is not None:
                if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                    continue
                data = await part.read(decode=False)
                if part.filename is not None:
                    files[part.name] = Upload(part.filename, bytes(data))
                else:
                    raw[part.name] = bytes(data).decode()
        method = raw.pop("method", None)
        if method:
            await self.call(str(method), raw, files, via_webhook_reply=True)

    # ==========================================================================================
    # Test-side API
    # ==========================================================================================

    def new_user(self, first_name: str = "Test", **fields: Any) -> User:
        """A fresh user with a unique id. Like a real user, they have no chat until they write."""
        return User(id=next(self._user_ids), first_name=first_name, **fields)

    def add_user(self, user: User) -> User:
        """Open the private chat without sending anything (a user who wrote long ago)."""
        self._ensure_chat(user)
        return user

    def block(self, user: User, *, notify: bool = True) -> None:
        """The user blocks the bot: sends fail with 403, and a my_chat_member update is sent."""
        chat = self._ensure_chat(user)
        chat.blocked = True
        if notify:
            self._push_update(self._member_update(user, "member", "kicked"), chat)

    def unblock(self, user: User, *, notify: bool = True) -> None:
        chat = self._ensure_chat(user)
        chat.blocked = False
        if notify:
            self._push_update(self._member_update(user, "kicked", "member"), chat)

    def _member_update(self, user: User, old: str, new: str) -> dict[str, Any]:
        bot = {k: self.me[k] for k in ("id", "is_bot", "first_name", "username")}
        member = {"user": bot, "status": new}
        if new == "kicked":
            member["until_date"] = 0
        return {
            "my_chat_member": {
                "chat": user.chat(),
                "from": user.to_api(),
                "date": int(time.time()),
                "old_chat_member": {"user": bot, "status": old},
                "new_chat_member": member,
            }
        }

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error (not counted by
        assert_no_errors). ``fail_next("sendMessage", 429, retry_after=1)`` mimics flood control.
        """
        if description is None:
            description = {
                400: "Bad Request: injected failure",
                403: "Forbidden: bot was blocked by the user",
                429: f"Too Many Requests: retry after {retry_after or 1}",
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(error_code, f"Error {error_code}: injected failure")
        if error_code == 429 and retry_after is None:
            retry_after = 1
        for _ in range(times):
            error = ApiError(description, error_code, retry_after=retry_after)
            self._failures.append((method, error))

    def _incoming(
        self, user: User, content: dict[str, Any], reply_to: Any = None
    ) -> dict[str, Any]:
        chat = self._ensure_chat(user)
        message: dict[str, Any] = {
            "message_id": chat.next_id,
            "from": user.to_api(),
            "chat": user.chat(),
            "date": int(time.time()),
            **content,
        }
        if reply_to is not None:
            target = self._find_message(chat, reply_to)
            message["reply_to_message"] = target.to_api()
        chat.next_id += 1
        chat.incoming[message["message_id"]] = message
        self._push_update({"message": message}, chat)
        return message

    async def send_message(
        self,
        user: User,
        text: str,
        *,
        reply_to: BotMessage | int | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The user sends text; returns the injected Message dict."""
        content: dict[str, Any] = {"text": text}
        command = re.match(r"/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?", text)
        if entities is None and command and text[command.end() :][:1].strip() == "":
            # Telegram marks a leading command itself.
            entities = [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group())}]
        if entities:
            content["entities"] = entities
        message = self._incoming(user, content, reply_to)
        await asyncio.sleep(0)
        return message

    async def send_command(
        self, user: User, command: str, args: str | None = None
    ) -> dict[str, Any]:
        """``send_command(u, "/start", "ref123")`` sends "/start ref123"."""
        text = command if command.startswith("/") else f"/{command}"
        if args:
            text = f"{text} {args}"
        return await self.send_message(user, text)

    async def send_contact(
        self,
        user: User,
        phone_number: str,
        contact_user_id: int | None = None,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> dict[str, Any]:
        """Share a contact. contact.user_id defaults to the sender (their own number, as with a
        request_contact button); pass another id for someone else's card, or 0 to omit it."""
        contact: dict[str, Any] = {
            "phone_number": phone_number,
            "first_name": first_name or user.first_name,
        }
        last = last_name
        if last is None and first_name is None:
            last = user.last_name
        if last:
            contact["last_name"] = last
        uid = user.id if contact_user_id is None else contact_user_id
        if uid:
            contact["user_id"] = uid
        message = self._incoming(user, {"contact": contact})
        await asyncio.sleep(0)
        return message

    async def send_document(
        self,
        user: User,
        data: bytes,
        filename: str,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """The user uploads a file; the bot can getFile/download it or re-send its file_id."""
        stored = self._store_document(data, filename, mime_type)
        content: dict[str, Any] = {"document": self._document_dict(stored)}
        if caption:
            content["caption"] = caption
        message = self._incoming(user, content)
        await asyncio.sleep(0)
        return message

    async def send_photo(
        self, user: User, data: bytes, *, caption: str | None = None
    ) -> dict[str, Any]:
        stored = self._store_photo(data)
        content: dict[str, Any] = {"photo": stored.photo_sizes}
        if caption:
            content["caption"] = caption
        message = self._incoming(user, content)
        await asyncio.sleep(0)
        return message

    async def press(self, user: User, button: Matcher) -> dict[str, Any]:
        """Press a button of the reply keyboard currently shown to the user. A request_contact
        button shares ``user.phone_number``; other buttons send their text."""
        chat = self._chat_of(user)
        keyboard = chat.reply_keyboard
        if keyboard is None:
            raise ScenarioError(f"no reply keyboard is shown to user {user.id}")
        buttons = [
            b if isinstance(b, dict) else {"text": b} for row in keyboard["keyboard"] for b in row
        ]
        found = self._pick_button(buttons, button, f"reply keyboard of user {user.id}")
        if keyboard.get("one_time_keyboard"):
            chat.reply_keyboard = None
        if found.get("request_contact"):
            if not user.phone_number:
                raise ScenarioError("set user.phone_number to press a request_contact button")
            return await self.send_contact(user, user.phone_number)
        return await self.send_message(user, found["text"])

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

    @staticmethod
    def _pick_button(
        buttons: list[dict[str, Any]], selector: Matcher | tuple[int, int], where: str
    ) -> dict[str, Any]:
        texts = [b["text"] for b in buttons]
        if callable(selector) and not isinstance(selector, re.Pattern):
            candidates = [b for b in buttons if selector(b)][:1]
        elif isinstance(selector, re.Pattern):
            candidates = [b for b in buttons if selector.search(b["text"])]
        else:
            candidates = [b for b in buttons if b["text"] == selector] or [
                b for b in buttons if str(selector) in b["text"]
            ]
        if not candidates:
            raise ScenarioError(f"no button matching {selector!r} in {where}; buttons: {texts}")
        if len(candidates) > 1:
            raise ScenarioError(
                f"{selector!r} is ambiguous in {where}: {[b['text'] for b in candidates]}"
            )
        return candidates[0]

    async def click(
        self,
        user: User,
        message: BotMessage | int | dict[str, Any],
        button: Matcher | tuple[int, int],
    ) -> str:
        """Click an inline button of the message's current state; returns the callback query id.

        ``button``: exact text, else a unique substring; a compiled regex; a predicate on the
        button dict; or a (row, column) tuple.
        """
        chat = self._chat_of(user)
        msg = self._find_message(chat, message)
        if msg.deleted:
            raise ScenarioError(f"message {msg.message_id} was deleted; cannot click {button!r}")
        if not msg.inline_buttons:
            raise ScenarioError(f"message has no inline keyboard: {msg}")
        if isinstance(button, tuple):
            try:
                found = msg.inline_markup["inline_keyboard"][button[0]][button[1]]  # type: ignore[index]
            except IndexError:
                raise ScenarioError(f"no button at {button} in {msg}") from None
        else:
            found = self._pick_button(msg.inline_buttons, button, str(msg))
        if "callback_data" not in found:
            kind = next(k for k in found if k != "text")
            raise ScenarioError(
                f"button {found['text']!r} is a {kind} button; it sends no callback"
            )
        return await self.click_data(user, msg, found["callback_data"])

    async def click_data(
        self, user: User, message: BotMessage | int | dict[str, Any], data: str
    ) -> str:
        """Inject a callback query with arbitrary (possibly forged) data on a message."""
        chat = self._ensure_chat(user)
        message_id = (
            message.message_id
            if isinstance(message, BotMessage)
            else message
            if isinstance(message, int)
            else message["message_id"]
        )
        msg = chat.bot.get(message_id)
        if msg is not None and not msg.deleted:
            message_obj = msg.to_api()
        else:
            # What Telegram sends for a message the bot can no longer see.
            message_obj = {"chat": user.chat(), "message_id": message_id, "date": 0}
        query_id = str(4_000_000_000_000_000_000 + next(self._query_counter))
        self.callback_queries[query_id] = CallbackQuery(
            query_id, user.id, message_id, data, time.monotonic()
        )
        self._push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_api(),
                    "message": message_obj,
                    "chat_instance": str(-(10**18) - user.id),
                    "data": data,
                }
            },
            chat,
        )
        await asyncio.sleep(0)
        return query_id

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """answerCallbackQuery params (text, show_alert, url, cache_time) or None if unanswered."""
        return self.callback_queries[query_id].answer

    async def wait_callback_answer(
        self, query_id: str, timeout: float | None = None
    ) -> dict[str, Any]:
        query = self.callback_queries[query_id]
        return await self._wait(
            lambda: query.answer, timeout, lambda: f"answer to callback query {query_id}"
        )

    def unanswered_callbacks(self) -> list[CallbackQuery]:
        return [q for q in self.callback_queries.values() if not q.answered]

    # --- reading the chat ---------------------------------------------------------------------

    def messages(self, user: Who, *, include_deleted: bool = False) -> list[BotMessage]:
        """Bot messages in the chat as the user sees them now, oldest first."""
        chat = self._chats.get(user.id if isinstance(user, User) else user)
        if chat is None:
            return []
        return [m for m in chat.order if include_deleted or not m.deleted]

    def last_message(self, user: Who) -> BotMessage | None:
        shown = self.messages(user)
        return shown[-1] if shown else None

    def buttons(self, message: BotMessage | dict[str, Any]) -> list[str]:
        """Button texts: the inline keyboard, else the reply keyboard sent with the message."""
        if isinstance(message, BotMessage):
            return message.buttons
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return [b["text"] for row in rows for b in row]

    def reply_keyboard(self, user: Who) -> dict[str, Any] | None:
        """The ReplyKeyboardMarkup currently shown to the user (None after removal)."""
        chat = self._chats.get(user.id if isinstance(user, User) else user)
        return chat.reply_keyboard if chat else None

    def chat_actions(self, user: Who) -> list[str]:
        chat = self._chats.get(user.id if isinstance(user, User) else user)
        return list(chat.actions) if chat else []

    def calls(self, method: str) -> list[Request]:
        """Recorded requests of one method (case-insensitive), oldest first."""
        return [r for r in self.requests if r.method.lower() == method.lower()]

    def file_bytes(self, message: BotMessage) -> bytes:
        if message.file is None or message.file.data is None:
            raise ScenarioError(f"message has no uploaded file: {message}")
        return message.file.data

    def assert_no_errors(self) -> None:
        """Fail if the bot ever got ok=false (injected failures excluded)."""
        real = [r for r in self.errors if not r.injected]
        if real:
            lines = "\n".join(f"  {r.method} {_short(r.params)}: {r.description}" for r in real)
            raise AssertionError(f"the bot got {len(real)} API error(s):\n{lines}")

    # --- waiting ------------------------------------------------------------------------------

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

    def _describe_chat(self, user: Who) -> str:
        shown = self.messages(user, include_deleted=True)[-8:]
        lines = [f"    {m}" for m in shown] or ["    (no bot messages)"]
        recent = [f"    {r.method}: {r.description}" for r in self.errors[-5:]]
        text = "\n  bot messages in the chat:\n" + "\n".join(lines)
        if recent:
            text += "\n  recent API errors:\n" + "\n".join(recent)
        return text

    async def wait_until(
        self, condition: Callable[[], T | None], timeout: float | None = None
    ) -> T:
        """Wait until condition() returns something truthy (re-checked on every fake event)."""
        return await self._wait(condition, timeout, lambda: f"{condition!r}")

    async def wait_for(
        self, predicate: Callable[[Request], bool], timeout: float | None = None, *, since: int = 0
    ) -> Request:
        """First answered request (from index ``since`` of ``requests``) matching predicate."""

        def probe() -> Request | None:
            for rec in itertools.islice(self.requests, since, None):
                if rec.ok is not None and predicate(rec):
                    return rec
            return None

        return await self._wait(probe, timeout, lambda: f"a request matching {predicate!r}")

    async def wait_bot_ready(self, timeout: float | None = 30.0) -> None:
        """Until the bot polls getUpdates or has set a webhook: updates sent now won't be lost
        to a drop_pending_updates at startup."""
        await self._wait(
            lambda: self._getupdates_seen or self._webhook is not None,
            timeout,
            lambda: "the bot to call getUpdates or setWebhook",
        )

    async def next_message(self, user: Who, timeout: float | None = None) -> BotMessage:
        """The next message the bot sends to this chat since the previous call (per-chat cursor);
        it may have been edited or deleted since."""

        def probe() -> BotMessage | None:
            chat = self._chats.get(user.id if isinstance(user, User) else user)
            if chat is None or chat.cursor >= len(chat.order):
                return None
            chat.cursor += 1
            return chat.order[chat.cursor - 1]

        return await self._wait(
            probe, timeout, lambda: "a new bot message" + self._describe_chat(user)
        )

    def skip_messages(self, user: Who) -> None:
        """Move next_message()'s cursor past everything the bot has sent so far."""
        chat = self._chat_of(user)
        chat.cursor = len(chat.order)

    async def wait_text(
        self,
        user: Who,
        pattern: Matcher,
        timeout: float | None = None,
        *,
        include_old: bool = False,
    ) -> BotMessage:
        """Wait until a bot message in the chat, sent or edited after the user's last action,
        has text/caption matching ``pattern`` (substring, regex, or predicate on the text).
        include_old also searches messages untouched since then. Deleted ones never match.
        Returns the newest such message (a live object)."""
        return await self.wait_message(
            user,
            lambda msg: _matches(pattern, msg.content),
            timeout,
            include_old=include_old,
            what=f"text {pattern!r}",
        )

    async def wait_message(
        self,
        user: Who,
        predicate: Callable[[BotMessage], bool],
        timeout: float | None = None,
        *,
        include_old: bool = False,
        what: str | None = None,
    ) -> BotMessage:
        """wait_text() with any condition on the message (buttons, kind, file...)."""

        def probe() -> BotMessage | None:
            chat = self._chats.get(user.id if isinstance(user, User) else user)
            if chat is None:
                return None
            for msg in reversed(chat.order):
                fresh = include_old or msg.seq > chat.action_seq
                if fresh and not msg.deleted and predicate(msg):
                    return msg
            return None

        label = what or f"a message matching {predicate!r}"
        return await self._wait(probe, timeout, lambda: label + self._describe_chat(user))

    async def wait_changed(self, message: BotMessage, timeout: float | None = None) -> BotMessage:
        """Wait until the message is edited or deleted after this call."""
        version, deleted = message.version, message.deleted
        return await self._wait(
            lambda: message if (message.version, message.deleted) != (version, deleted) else None,
            timeout,
            lambda: f"a change of {message}",
        )

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (getUpdates offset or webhook 2xx)."""
        return list(self._pending)

    @property
    def webhook(self) -> dict[str, Any] | None:
        """{"url", "secret_token", "max_connections"} while a webhook is set."""
        return self._webhook

    def users(self) -> Iterable[User]:
        return [chat.user for chat in self._chats.values()]
