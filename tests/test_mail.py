"""E-mail for real: the outbox worker against an SMTP server on loopback."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from services.events import EventBus, MailFailed
from services.notifications import Attachment, Outbox
from services.notifications.mailer import MailSettings, MailWorker
from storage.models import Outbox as OutboxRow
from storage.models import OutboxStatus, utcnow
from tests.smtp_server import smtp_server


async def _row(db, outbox_id: int) -> OutboxRow:
    async with db.session() as s:
        row = await s.get(OutboxRow, outbox_id)
        assert row is not None
        return row


async def test_mail_arrives_with_headers_parts_and_attachment(db) -> None:
    outbox = Outbox(db)
    mail_id = await outbox.queue_email(
        to="boss@example.com",
        subject="Счёт за октябрь",
        text="Счёт во вложении.",
        html="<p>Счёт <b>во вложении</b>.</p>",
        attachments=[Attachment("invoice.pdf", b"%PDF-1.4 fake", "application/pdf")],
    )
    with smtp_server() as (server, port):
        worker = MailWorker(db, MailSettings(host="127.0.0.1", port=port, sender="vm@corp.test"))
        assert await worker.run_once() == 1
        assert await worker.run_once() == 0  # never twice
    assert len(server.received) == 1
    msg = server.received[0]
    assert msg["From"] == "vm@corp.test"
    assert msg["To"] == "boss@example.com"
    assert str(email_header(msg["Subject"])) == "Счёт за октябрь"
    assert msg["Date"] and msg["Message-ID"]
    parts = {part.get_content_type(): part for part in msg.walk()}
    assert "Счёт во вложении." in parts["text/plain"].get_payload(decode=True).decode()
    assert "<b>во вложении</b>" in parts["text/html"].get_payload(decode=True).decode()
    pdf = parts["application/pdf"]
    assert pdf.get_filename() == "invoice.pdf"
    assert pdf.get_payload(decode=True) == b"%PDF-1.4 fake"
    row = await _row(db, mail_id)
    assert row.status == OutboxStatus.SENT and row.message_id == msg["Message-ID"]


def email_header(value: str) -> str:
    from email.header import decode_header, make_header

    return str(make_header(decode_header(value)))


async def test_temporary_failure_then_success_delivers_once(db) -> None:
    outbox = Outbox(db)
    mail_id = await outbox.queue_email(to="a@example.com", subject="s", text="hello")
    with smtp_server() as (server, port):
        server.data_answers.append("451 4.3.0 Try again later")
        worker = MailWorker(db, MailSettings(host="127.0.0.1", port=port))
        assert await worker.run_once() == 0
        row = await _row(db, mail_id)
        assert row.status == OutboxStatus.QUEUED and "451" in (row.error or "")
        assert row.next_attempt_at is not None
        # within two minutes of the failure it is retried
        assert row.next_attempt_at - utcnow() < dt.timedelta(minutes=2)
        assert await worker.run_once() == 0  # not due yet: nothing is sent early
        later = utcnow() + dt.timedelta(minutes=2)
        assert await worker.run_once(later) == 1
        assert await worker.run_once(later) == 0
    assert len(server.received) == 1
    assert (await _row(db, mail_id)).status == OutboxStatus.SENT


async def test_permanent_failure_is_stored_and_announced(db) -> None:
    bus = EventBus()
    failures: list[MailFailed] = []

    async def remember(event: MailFailed) -> None:
        failures.append(event)

    bus.subscribe(MailFailed, remember)
    outbox = Outbox(db)
    mail_id = await outbox.queue_email(to="nobody@example.com", subject="Отчёт", text="x")
    with smtp_server() as (server, port):
        server.refuse["nobody@example.com"] = "550 5.1.1 No such user here"
        worker = MailWorker(db, MailSettings(host="127.0.0.1", port=port), bus)
        assert await worker.run_once() == 1
        assert await worker.run_once(utcnow() + dt.timedelta(hours=1)) == 0
    assert server.received == []
    row = await _row(db, mail_id)
    assert row.status == OutboxStatus.FAILED and "550 5.1.1 No such user here" in (row.error or "")
    assert [f.outbox_id for f in failures] == [mail_id]


async def test_without_smtp_mail_stays_queued(db) -> None:
    outbox = Outbox(db)
    await outbox.queue_email(to="a@example.com", subject="s", text="t")
    worker = MailWorker(db, MailSettings(host=None))
    assert await worker.run_once() == 0
    assert await worker.waiting() == 1
    async with db.session() as s:
        assert (await s.scalars(select(OutboxRow.status))).all() == [OutboxStatus.QUEUED]


async def test_bad_address_is_refused_before_queueing(db) -> None:
    with pytest.raises(ValueError):
        await Outbox(db).queue_email(to="not an address", subject="s", text="t")


async def test_a_451_or_a_server_that_is_down_is_a_warning_not_a_traceback(db, caplog) -> None:
    import logging
    import socket

    outbox = Outbox(db)
    await outbox.queue_email(to="a@example.com", subject="s", text="hello")
    with socket.socket() as sock:  # a port nobody listens on: the server is down
        sock.bind(("127.0.0.1", 0))
        dead = sock.getsockname()[1]
    with caplog.at_level(logging.WARNING):
        assert await MailWorker(db, MailSettings(host="127.0.0.1", port=dead)).run_once() == 0
        with smtp_server() as (server, port):
            server.data_answers.append("451 4.3.0 Try again later")
            later = utcnow() + dt.timedelta(minutes=2)
            worker = MailWorker(db, MailSettings(host="127.0.0.1", port=port))
            assert await worker.run_once(later) == 0
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2 and "451" in said[1]
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in caplog.records)
