"""«Проинформировать» people the manager types: phones and e-mails validated with a clear
sentence, one SMS / e-mail each when the operation is done, the e-mail through SMTP."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from locales import translator
from services.events import EventBus, OperationFinished
from services.notifications import Outbox
from services.notifications.inform import InformRecipients
from services.notifications.mailer import MailSettings, MailWorker
from services.notifications.outbox import is_email
from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.users import UserService
from storage.models import Outbox as OutboxRow
from storage.models import OutboxChannel
from tests import sandbox
from tests.smtp_server import smtp_server


@pytest.mark.parametrize(
    ("typed", "bad"),
    [
        ("boss@", "boss@"),
        ("+7 917 597-70-94, 12345", "12345"),
        ("name@company", "name@company"),
        ("a..b@corp.ru", "a..b@corp.ru"),
    ],
)
def test_bad_recipients_are_named_in_a_sentence(typed: str, bad: str) -> None:
    err = Pipeline.check_field("services_on", "inform_to", typed, {"service_id": 1})
    assert err == ("op-err-inform-to", {"value": bad})
    sentence = translator("ru").plain(err[0], **err[1])
    assert f"«{bad}» — не номер телефона и не e-mail" in sentence


def test_good_recipients_are_normalised() -> None:
    assert Pipeline.check_field("services_on", "inform_to", "8 917 597 70 94; a@b.ru", {}) is None
    err = Pipeline.check_field(
        "services_on", "inform_to", "1@a.ru,2@a.ru,3@a.ru,4@a.ru,5@a.ru,6@a.ru", {}
    )
    assert err == ("op-err-inform-to-many", {"max": 5})
    assert is_email("svlvasen@mts.ru") and is_email("ivan@почта.рф")
    assert not is_email("svlvasen@mts") and not is_email("a b@mts.ru")


async def test_typed_phone_and_email_are_informed_once_the_email_arrives(db) -> None:
    world = await sandbox.build(db, numbers=3)
    bus = EventBus()
    outbox = Outbox(db)
    bus.subscribe(OperationFinished, InformRecipients(db, outbox).on_operation_finished)
    executor = Executor(db, Simulator(0), bus)
    owner = await UserService(db).principal(world.owner_tg)
    sub = await Pipeline(db, executor).submit(
        owner,
        "services_on",
        {"number_ids": world.numbers},
        {
            "service_id": world.services["music"],
            "inform_to": "+7 917 597-70-94, Boss@Corp.test",
        },
    )
    await executor.wait()
    await executor.close()
    async with db.session() as s:
        rows = (
            await s.execute(
                select(OutboxRow.channel, OutboxRow.recipient, OutboxRow.operation_id).order_by(
                    OutboxRow.id
                )
            )
        ).all()
    # One note each for the whole group, not one per number.
    assert sorted(rows) == sorted(
        [
            (OutboxChannel.SMS, "+79175977094", sub.operation_id),
            (OutboxChannel.EMAIL, "Boss@corp.test", sub.operation_id),
        ]
    )
    with smtp_server() as (server, port):
        worker = MailWorker(db, MailSettings(host="127.0.0.1", port=port, sender="vm@corp.test"))
        assert await worker.run_once() == 1
    (msg,) = server.received
    assert msg["From"] == "vm@corp.test" and msg["To"] == "Boss@corp.test"
    subject = str(make_header(decode_header(msg["Subject"])))
    assert f"№{sub.operation_id}" in subject and "Подключение" in subject
    assert msg["Date"] and msg["Message-ID"]
    (plain,) = [p for p in msg.walk() if p.get_content_type() == "text/plain"]
    body = plain.get_payload(decode=True).decode()
    assert f"операция №{sub.operation_id}" in body and "выполнена: 3 из 3" in body
