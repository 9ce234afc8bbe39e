"""The outbox: e-mail and subscriber SMS are queued here, in the database, and a worker
sends them (services/notifications/mailer.py, sms.py). Queueing is one short
transaction, so a feature never waits for an SMTP server and nothing is lost on restart."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert

from storage.db import Database
from storage.models import Outbox as OutboxRow
from storage.models import OutboxAttachment, OutboxChannel, OutboxStatus, utcnow

EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
SUBJECT_MAX = 200


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime: str  # "application/pdf", "text/csv", ...


def is_email(value: str) -> bool:
    return bool(EMAIL_RE.match(value.strip()))


class Outbox:
    """Queues e-mail and SMS. `wake` (set once in the container) nudges the worker so
    mail leaves at once instead of on the next tick."""

    def __init__(self, db: Database, wake: Callable[[], None] | None = None) -> None:
        self.db = db
        self._wake = wake

    async def queue_email(
        self,
        *,
        to: str,
        subject: str,
        text: str,
        html: str | None = None,
        attachments: Sequence[Attachment] = (),
        company_id: int | None = None,
        user_id: int | None = None,
    ) -> int:
        """Store one message for `to`; its outbox id. Raises ValueError for a bad address."""
        to = to.strip()
        if not is_email(to):
            raise ValueError(f"not an e-mail address: {to!r}")
        subject = " ".join(subject.split())[:SUBJECT_MAX]
        async with self.db.transaction() as s:
            row = OutboxRow(
                channel=OutboxChannel.EMAIL,
                recipient=to,
                subject=subject,
                body=text,
                html=html,
                status=OutboxStatus.QUEUED,
                company_id=company_id,
                user_id=user_id,
                next_attempt_at=utcnow(),
            )
            s.add(row)
            await s.flush()
            if attachments:
                await s.execute(
                    insert(OutboxAttachment),
                    [
                        {
                            "outbox_id": row.id,
                            "filename": a.filename,
                            "mime": a.mime,
                            "content": a.content,
                        }
                        for a in attachments
                    ],
                )
            outbox_id = row.id
        self.wake()
        return outbox_id

    async def queue_sms(
        self,
        *,
        to: str,
        text: str,
        company_id: int | None = None,
        user_id: int | None = None,
        number_id: int | None = None,
    ) -> int:
        """Store one SMS for the phone `to` (E.164); its outbox id."""
        async with self.db.transaction() as s:
            row = OutboxRow(
                channel=OutboxChannel.SMS,
                recipient=to,
                body=text,
                status=OutboxStatus.QUEUED,
                company_id=company_id,
                user_id=user_id,
                number_id=number_id,
                next_attempt_at=utcnow(),
            )
            s.add(row)
            await s.flush()
            outbox_id = row.id
        self.wake()
        return outbox_id

    def wake(self) -> None:
        if self._wake is not None:
            self._wake()
