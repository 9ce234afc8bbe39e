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

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
SUBJECT_MAX = 200


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime: str  # "application/pdf", "text/csv", ...


def is_email(value: str) -> bool:
    """An address a mail server will take: a dot-atom local part (RFC 5322, no quoting) and
    a real domain name (IDNA for Cyrillic domains) with a top-level domain of letters."""
    value = value.strip()
    local, at, domain = value.rpartition("@")
    if not at or not local or len(local) > 64 or len(value) > 254 or not _LOCAL.match(local):
        return False
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_domain.split(".")
    tld = labels[-1]
    return (
        len(labels) >= 2
        and all(_LABEL.match(label) for label in labels)
        and ((tld.isalpha() and len(tld) >= 2) or tld.startswith("xn--"))
    )


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
        operation_id: int | None = None,
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
                operation_id=operation_id,
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
        operation_id: int | None = None,
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
                operation_id=operation_id,
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
