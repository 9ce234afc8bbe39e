"""«Проинформировать» the people the manager typed: when an operation with `inform_to`
finishes, each phone gets one SMS (through the operator's gateway, like every SMS) and each
address one e-mail (through the outbox), in the author's language. One message per
person per operation, not one per number: a group of 500 numbers is one note."""

from __future__ import annotations

from sqlalchemy import select

from locales import translator
from services.events import OperationFinished
from services.notifications.outbox import Outbox, is_email
from services.operations import registry
from storage.db import Database
from storage.models import Operation, User


class InformRecipients:
    def __init__(self, db: Database, outbox: Outbox) -> None:
        self.db = db
        self.outbox = outbox

    async def on_operation_finished(self, event: OperationFinished) -> None:
        async with self.db.session() as s:
            op = await s.get(Operation, event.operation_id)
            if op is None or not (op.params or {}).get("inform_to"):
                return
            lang = await s.scalar(select(User.language).where(User.id == op.user_id))
        i18n = translator(lang)
        title = i18n.plain(registry.get(op.code).title_key)
        key = "ntf-inform-done" if not op.failed else "ntf-inform-partial"
        text = i18n.plain(key, id=op.id, op=title, done=op.done, total=op.total)
        for to in op.params["inform_to"]:
            if is_email(to):
                await self.outbox.queue_email(
                    to=to,
                    subject=i18n.plain("ntf-inform-subject", id=op.id, op=title),
                    text=text,
                    company_id=op.company_id,
                    user_id=op.user_id,
                    operation_id=op.id,
                )
            else:
                await self.outbox.queue_sms(
                    to=to,
                    text=text,
                    company_id=op.company_id,
                    user_id=op.user_id,
                    operation_id=op.id,
                )
