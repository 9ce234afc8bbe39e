"""The test-side API: what a user does (write, share a contact, upload, press, click)."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from .files import FileStore
from .html import utf16_len
from .models import (
    BotMessage,
    CallbackQuery,
    Matcher,
    ScenarioError,
    User,
)
from .validate import ApiError


class UserActions(FileStore):
    """Users and the updates their actions produce."""

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
        member: dict[str, Any] = {"user": bot, "status": new}
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
