"""Every message approvals send: approvers' cards (kept in step with the request) and
the requester's notes. Delivery goes through the `Notifier` port."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from services.approvals import queries as q
from services.approvals.data import RequestInfo, Status
from services.approvals.texts import Texts
from services.ports import Keyboard, Notifier
from storage.db import Database


class ApprovalMessages:
    def __init__(self, db: Database, notifier: Notifier, texts: Texts) -> None:
        self.db = db
        self.notifier = notifier
        self.texts = texts

    async def notify_approvers(self, info: RequestInfo, approvers: Sequence[q.Approver]) -> int:
        """Send each approver a card; how many got one."""
        sent: list[tuple[q.Approver, int]] = []
        numbers = await self.first_numbers(info.operation_id, 1)
        for a in approvers:
            text = self.texts.card(a.language, info, numbers)
            message_id = await self.notifier.send(
                a.tg_id, text, self.texts.card_buttons(a.language, info.id)
            )
            if message_id is not None:
                sent.append((a, message_id))
        if sent:
            async with self.db.transaction() as s:
                q.add_cards(s, info.id, [(a.user_id, a.tg_id, mid) for a, mid in sent])
            # Someone may have decided while we were still sending: bring those up to date.
            async with self.db.session() as s:
                now = next(iter(await q.load_infos(s, [info.id])), None)
            if now is not None and now.status != Status.PENDING:
                await self.edit_cards(now)
        return len(sent)

    async def edit_cards(self, info: RequestInfo) -> None:
        """Bring every approver's card to the request's state (closed: no buttons)."""
        async with self.db.session() as s:
            rows = await q.cards_of(s, info.id)
        numbers = await self.first_numbers(info.operation_id, 1)
        pending = info.status == Status.PENDING
        for chat_id, message_id, lang in rows:
            text = self.texts.card(lang, info, numbers)
            buttons = self.texts.card_buttons(lang, info.id) if pending else ()
            await self.notifier.edit(chat_id, message_id, text, buttons)
        if not pending:
            await self.close_receipt(info)

    async def close_receipt(self, info: RequestInfo) -> None:
        """The requester's receipt loses Withdraw and Justify and says how it ended."""
        async with self.db.session() as s:
            rows = await q.cards_of(s, info.id, receipts=True)
        for chat_id, message_id, lang in rows:
            await self.notifier.edit(chat_id, message_id, self.texts.receipt_closed(lang, info))

    async def tell_requester(
        self,
        info: RequestInfo,
        render: Callable[[str, RequestInfo], str],
        buttons: Callable[[str, int], Keyboard] | None = None,
    ) -> None:
        async with self.db.session() as s:
            chat = await q.chat_of(s, info.requester_id)
        if chat is not None:
            chat_id, lang = chat
            message_id = await self.notifier.send(
                chat_id, render(lang, info), buttons(lang, info.id) if buttons else ()
            )
            if buttons and message_id is not None:
                # Its buttons act on a pending request: remembered to take them off later.
                async with self.db.transaction() as s:
                    q.add_receipt(s, info.id, info.requester_id, chat_id, message_id)

    async def first_numbers(self, operation_id: int, limit: int) -> list[tuple[str, str]]:
        async with self.db.session() as s:
            return await q.first_numbers(s, operation_id, limit)
