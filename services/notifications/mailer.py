"""The e-mail worker: queued mail goes to the configured SMTP server with aiosmtplib.

A message is claimed with a conditional update before it is sent, so two workers (or two
instances) never send it twice. A temporary failure (4xx, the network, a timeout) puts it
back with a capped backoff; a permanent one (5xx) marks it failed with the server's answer
and announces `MailFailed`, so the person who sent it hears about it in the chat. Without
an SMTP host nothing is sent: mail stays queued and admins see the queue in the bot.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import mimetypes
import socket
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib

from services.events import EventBus, MailFailed
from services.notifications import queries as q
from services.notifications.backoff import backoff
from storage.db import Database
from storage.models import Outbox, OutboxAttachment, OutboxChannel, OutboxStatus, utcnow

log = logging.getLogger(__name__)
GIVE_UP_AFTER = dt.timedelta(days=2)  # temporary failures for this long become permanent
BATCH = 50


@dataclass(frozen=True)
class MailSettings:
    host: str | None
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "vm-bot@localhost"
    starttls: bool = False
    tls: bool = False  # implicit TLS (port 465)
    timeout: float = 30

    @property
    def configured(self) -> bool:
        return bool(self.host)


class TemporaryError(Exception):
    pass


class PermanentError(Exception):
    pass


def build_message(
    row: Outbox, files: list[OutboxAttachment], sender: str, message_id: str
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = row.recipient
    msg["Subject"] = row.subject
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = message_id
    msg.set_content(row.body)
    if row.html:
        msg.add_alternative(row.html, subtype="html")
    for f in files:
        mime = f.mime or mimetypes.guess_type(f.filename)[0] or "application/octet-stream"
        maintype, _, subtype = mime.partition("/")
        msg.add_attachment(
            f.content,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=f.filename,
        )
    return msg


def _domain(sender: str) -> str:
    return sender.rpartition("@")[2].strip("> ") or socket.getfqdn()


class Mailer:
    """Sends one message; raises TemporaryError or PermanentError with the server's answer."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    async def send(self, msg: EmailMessage) -> None:
        st = self.settings
        try:
            await aiosmtplib.send(
                msg,
                hostname=st.host,
                port=st.port,
                username=st.user or None,
                password=st.password or None,
                start_tls=st.starttls if not st.tls else False,
                use_tls=st.tls,
                timeout=st.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            text = "; ".join(f"{r.code} {r.message}" for r in exc.recipients)
            if all(code >= 500 for code in codes):
                raise PermanentError(text) from exc
            raise TemporaryError(text) from exc
        except aiosmtplib.SMTPResponseException as exc:
            text = f"{exc.code} {exc.message}"
            if exc.code >= 500 and not isinstance(exc, aiosmtplib.SMTPServerDisconnected):
                raise PermanentError(text) from exc
            raise TemporaryError(text) from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise TemporaryError(str(exc) or type(exc).__name__) from exc


class MailWorker:
    def __init__(self, db: Database, settings: MailSettings, bus: EventBus | None = None) -> None:
        self.db = db
        self.settings = settings
        self.mailer = Mailer(settings)
        self.bus = bus
        self._task: asyncio.Task[int] | None = None

    def kick(self) -> None:
        """Mail was queued: send it now rather than at the next tick (in the background)."""
        if self.settings.configured and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self._guarded())

    async def _guarded(self) -> int:
        try:
            return await self.run_once()
        except Exception as exc:  # the scheduler's next tick tries again
            log.warning("mail worker stopped: %s", exc)
            return 0

    async def close(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def run_once(self, now: dt.datetime | None = None) -> int:
        """Send what is due; how many left for good (sent or failed)."""
        if not self.settings.configured:
            return 0
        now = now or utcnow()
        async with self.db.session() as s:
            due = await q.due_outbox(s, OutboxChannel.EMAIL, now, BATCH)
        finished = 0
        for outbox_id in due:
            finished += await self._one(outbox_id, now)
        return finished

    async def _one(self, outbox_id: int, now: dt.datetime) -> int:
        async with self.db.transaction() as s:
            row = await q.claim_outbox(s, outbox_id, now)
            if row is None:
                return 0
            files = await q.attachments(s, outbox_id)
        message_id = row.message_id or make_msgid(domain=_domain(self.settings.sender))
        msg = build_message(row, files, self.settings.sender, message_id)
        try:
            await self.mailer.send(msg)
        except TemporaryError as exc:
            if now - row.created_at > GIVE_UP_AFTER:
                return await self._failed(row, f"gave up: {exc}")
            retry = utcnow() + backoff(row.attempts)
            log.warning("mail #%s to %s deferred: %s", row.id, row.recipient, exc)
            async with self.db.transaction() as s:
                await q.finish_outbox(
                    s,
                    row.id,
                    OutboxStatus.QUEUED,
                    error=str(exc),
                    next_attempt_at=retry,
                    message_id=message_id,
                )
            return 0
        except PermanentError as exc:
            return await self._failed(row, str(exc))
        async with self.db.transaction() as s:
            await q.finish_outbox(
                s, row.id, OutboxStatus.SENT, sent_at=utcnow(), message_id=message_id
            )
        log.info("mail #%s sent to %s", row.id, row.recipient)
        return 1

    async def _failed(self, row: Outbox, error: str) -> int:
        log.warning("mail #%s to %s failed: %s", row.id, row.recipient, error)
        async with self.db.transaction() as s:
            await q.finish_outbox(s, row.id, OutboxStatus.FAILED, error=error[:1000])
        if self.bus is not None:
            await self.bus.publish(
                MailFailed(
                    outbox_id=row.id,
                    company_id=row.company_id,
                    user_id=row.user_id,
                    recipient=row.recipient,
                    subject=row.subject,
                    error=error[:500],
                )
            )
        return 1

    async def waiting(self) -> int:
        async with self.db.session() as s:
            return await q.count_waiting(s, OutboxChannel.EMAIL)
