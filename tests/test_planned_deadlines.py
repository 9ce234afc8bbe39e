"""Approval deadlines in «🗓 Запланированное»: a request waiting for a decision is listed
with its deadline, found by the kind filter, and opens as a card that sends the user to
«✅ Согласования»; it offers no cancel, move or run, and a forged press of those is
refused with the request left pending. Service level on SQLite and PostgreSQL; the screens
through the dispatcher."""

from __future__ import annotations

import asyncio
import re

import pytest
from aiogram.methods import AnswerCallbackQuery
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from sqlalchemy import select

from bot.container import build
from bot.settings import load_settings
from services.planned.service import Period, PlanService
from storage.models import ApprovalRequest, PlanKind, utcnow
from tests import sandbox
from tests.owner_app import owner_app
from tests.test_operations_dialog import RecordingBot, buttons, click

SEP = "\x1d"


async def request_music(services, world) -> int:
    """The employee asks for a service on their own number: a request waits for a decision."""
    employee = await services.users.principal(world.employee_tg)
    sub = await services.pipeline.submit(
        employee,
        "services_on",
        {"number_ids": [world.numbers[0]]},
        {"service_id": world.services["music"]},
    )
    assert sub.status == "awaiting_approval"
    for _ in range(100):
        async with services.db.session() as s:
            found = await s.scalar(select(ApprovalRequest.id))
        if found:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError("no request was made")


@pytest.fixture
async def app(sqlite_db):
    async with owner_app(sqlite_db, numbers=3) as (world, services, client, messages, bot):
        yield sqlite_db, world, services, client, messages, bot


async def test_a_waiting_request_is_listed_with_its_deadline(db):
    world = await sandbox.build(db, numbers=3)
    container = build(load_settings(operator_delay_ms=0), db, RecordingBot())
    services = container.services
    try:
        request_id = await request_music(services, world)
        owner = await services.users.principal(world.owner_tg)
        planned: PlanService = services.planned
        page = await planned.page(owner, utcnow())
        assert [(v.kind, v.id) for v in page.items] == [(PlanKind.APPROVAL, request_id)]
        (view,) = page.items
        assert view.author == "Employee" and view.numbers == 1 and view.what == "services_on"
        only = await planned.page(owner, utcnow(), kind=PlanKind.APPROVAL, period=Period.WEEK)
        assert only.total == 1
        assert (await planned.page(owner, utcnow(), kind=PlanKind.REPORT)).total == 0
        # the employee has no «Запланированное»; decided, it leaves the list
        employee = await services.users.principal(world.employee_tg)
        assert await planned.deadline(employee, request_id) is None
        await services.approvals.withdraw(employee, request_id)
        assert (await planned.page(owner, utcnow())).total == 0
        assert await planned.deadline(owner, request_id) is None
    finally:
        await services.executor.close()


class Hidden(InlineButtonTextLocator):
    """A real button of the window, its data replaced by a widget the window hides."""

    def __init__(self, text: str, widget: str) -> None:
        super().__init__(text)
        self.widget = widget

    def find_button(self, message):
        button = super().find_button(message)
        intent = button.callback_data.split(SEP)[0]
        return button.model_copy(update={"callback_data": f"{intent}{SEP}{self.widget}"})


async def test_the_deadline_card_and_forged_presses(app):
    db, world, services, client, messages, bot = app
    request_id = await request_music(services, world)
    await client.send("/start")
    text = await click(client, messages, "Запланированное")
    assert "Впереди: 1" in text
    # What is cut to fit, never when: "1. ⏳ Подключение… 30.11 12:00"
    label = re.compile(r"1\. ⏳ Подключение\S*… \d\d\.\d\d \d\d:\d\d")
    assert any(label.fullmatch(b) for b in buttons(messages)), buttons(messages)
    for _ in range(6):  # the kind filter comes round to the deadlines
        if any("Сроки согласований" in b for b in buttons(messages)):
            break
        await click(client, messages, "🗂")
    assert "Впереди: 1" in messages.last_message().text
    text = await click(client, messages, "1. ⏳")
    assert "срок решения по запросу" in text and "Запросил: Employee" in text
    assert "Согласования" in text and "+7 (913) 947-95-80" in text
    assert not any(w in b for b in buttons(messages) for w in ("Отменить", "Перенести"))
    assert "🏠 Меню" in buttons(messages)
    for widget in ("run", "cancel"):
        before = len(bot.calls)
        await client.click(messages.last_message(), Hidden(".*Назад", widget))
        if widget == "cancel":  # «Отменить?» asked again: its «Да» is refused
            await client.click(messages.last_message(), Hidden(".*Назад", "yes"))
        alerts = [c.text or "" for c in bot.calls[before:] if isinstance(c, AnswerCallbackQuery)]
        assert any("решите запрос" in a for a in alerts), alerts
    async with db.session() as s:
        request = await s.get(ApprovalRequest, request_id)
    assert request.status == "pending"
    await client.send("/start")
    await click(client, messages, "Запланированное")
    await click(client, messages, "1. ⏳")
    text = await click(client, messages, "Открыть запрос")
    assert "Подключение услуг" in text and "Employee" in text, text
    assert "✅ Согласовать" in buttons(messages)
