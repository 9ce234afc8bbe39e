"""The progress message of a running operation: edited at most about once a second (the
executor throttles), then the summary, and the failed numbers as XLSX when there are many.

The message and its edits go through the delivery queue like every note that is not a
direct answer (one limit for the whole bot, retries, nothing lost on restart); a newer edit
replaces an older one still waiting; the XLSX of failed numbers follows the summary in the
same queue, so it is never sent before it or lost with a restart."""

from __future__ import annotations

import logging

from handlers.operations.common import reason_text
from locales import translator
from services.events import OperationProgress
from services.formatting import amount, pretty_phone
from services.notifications.delivery import DeliveryQueue
from services.notifications.service import menu_button
from services.operations import export, registry
from services.operations.pipeline import attach_message
from services.ports import Keyboard
from storage.db import Database
from storage.models import OperationStatus

log = logging.getLogger(__name__)
INLINE_FAILURES = 10


_ICONS: dict[str, str] = {OperationStatus.DONE: "✅", OperationStatus.PARTIAL: "⚠️"}


class ProgressNotifier:
    def __init__(self, db: Database, queue: DeliveryQueue) -> None:
        self.db = db
        self.queue = queue
        self._shown: dict[int, str] = {}  # Telegram refuses an edit that changes nothing

    async def __call__(self, p: OperationProgress) -> None:
        chat_id, message_id = p.chat_id, p.message_id
        if chat_id is None:
            return
        i18n = translator(p.language)
        title = i18n(registry.get(p.code).title_key)
        if message_id is None and not p.final:  # approved or due later: a fresh message
            message_id = await self._new_message(p, chat_id, i18n("op-progress-start", title=title))
            if message_id is None:
                return
        if not p.final:
            await self._edit(
                p,
                chat_id,
                message_id,
                i18n(
                    "op-progress",
                    title=title,
                    id=p.operation_id,
                    done=p.done,
                    total=p.total,
                    failed=p.failed,
                ),
            )
            return
        icon = _ICONS.get(p.status, "❌")
        text: str = i18n(
            "op-result",
            icon=icon,
            title=title,
            id=p.operation_id,
            done=p.done,
            total=p.total,
            failed=p.failed,
            skipped_line=i18n("op-result-skipped", n=p.skipped) if p.skipped else "",
            cost_line=i18n(
                "op-result-cost",
                cost=amount(p.cost // p.total * p.done if p.total else 0, i18n.lang),
            )
            if p.cost and p.done
            else "",
        )
        rows = await export.failures(self.db, p.operation_id) if p.failed or p.skipped else []
        if 0 < len(rows) <= INLINE_FAILURES:
            # Named as what they are: failed at the operator, or never attempted.
            heading = (
                "op-result-both"
                if p.failed and p.skipped
                else ("op-result-failures" if p.failed else "op-result-skipped-list")
            )
            text += (
                "\n\n"
                + i18n(heading)
                + "".join(f"\n• {pretty_phone(m)} — {reason_text(i18n, r)}" for m, _h, r in rows)
            )
        elif rows:
            text += "\n\n" + i18n("op-result-xlsx")
        menu = menu_button(p.language)
        await self._edit(p, chat_id, message_id, text, menu)
        if len(rows) > INLINE_FAILURES:
            data = export.failures_xlsx(
                rows,
                (i18n("op-xlsx-number"), i18n("op-xlsx-holder"), i18n("op-xlsx-reason")),
                lambda r: reason_text(i18n, r),
            )
            name = f"operation-{p.operation_id}-errors.xlsx"
            await self.queue.enqueue_file(chat_id, "", "document", name, data, menu)

    async def _new_message(self, p: OperationProgress, chat_id: int, text: str) -> int | None:
        message_id = await self.queue.send(chat_id, text)
        if not message_id:  # held back long: the figures come with the summary's turn
            return None
        await attach_message(self.db, p.operation_id, chat_id, message_id)
        return message_id

    async def _edit(
        self,
        p: OperationProgress,
        chat_id: int,
        message_id: int | None,
        text: str,
        buttons: Keyboard = (),
    ) -> None:
        if self._shown.get(p.operation_id) == text:
            return
        if p.final:
            self._shown.pop(p.operation_id, None)
        else:
            self._shown[p.operation_id] = text
        # Queued, not awaited: the operation never waits for Telegram. A summary without a
        # message to edit (its start was held back too long) comes as a message of its own.
        await self.queue.enqueue(chat_id, text, buttons, edit_message_id=message_id, supersede=True)
