"""The test-side API: what a user sees (messages, keyboards, answers) and waiting for it."""

# Waiting helpers take timeout= on purpose: it reads best in tests (ASYNC109).
# ruff: noqa: ASYNC109

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

from .models import (
    BotMessage,
    CallbackQuery,
    Matcher,
    Request,
    ScenarioError,
    T,
    User,
    Who,
    _matches,
    _short,
)
from .state import FakeState


class ChatReader(FakeState):
    """Reading the chats and waiting for the bot."""

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
