"""Operations through the real bot process and the fake Bot API server: every operation on a
single number, a service connection on a selection with partial failure, progress edits,
kill in the middle and resume (every number applied exactly once), deferred start stored."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from services.operations.params import luhn_ok
from storage.db import Database
from storage.migrate import upgrade
from storage.models import (
    Charge,
    History,
    NumberService,
    Operation,
    OperationItem,
    Outbox,
    PlannedItem,
    Selection,
    SelectionItem,
)
from tests import sandbox
from tests.e2e.harness import BotProcess, FakeTelegram, User, assert_no_api_errors

FINISHED = re.compile(r"выполнение завершено")
RUN = re.compile(r"^▶️")


@dataclass
class Scene:
    fake: FakeTelegram
    bot: BotProcess
    owner: User
    world: sandbox.World
    db_url: str


async def _prepare(tmp_path: Path, numbers: int) -> tuple[sandbox.World, str]:
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    db = Database(url)
    await upgrade(db.engine)
    world = await sandbox.build(db, numbers=numbers)
    async with db.transaction() as s:
        owner_id = await s.scalar(select(Selection.user_id).limit(1)) or None
        from storage.models import User as UserRow

        owner_id = await s.scalar(select(UserRow.id).where(UserRow.tg_id == world.owner_tg))
        sel = Selection(user_id=owner_id, company_id=world.company_id, is_current=True)
        s.add(sel)
        await s.flush()
        await s.execute(
            SelectionItem.__table__.insert(),
            [{"selection_id": sel.id, "number_id": i} for i in world.numbers],
        )
        for i in world.numbers[:2]:  # these two cannot take "roam"
            s.add(NumberService(number_id=i, service_id=world.services["music"]))
    await db.close()
    return world, url


@pytest.fixture
async def scene(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Scene]:
    numbers, delay = request.param
    world, url = await _prepare(tmp_path, numbers)
    async with FakeTelegram() as fake:
        bot = BotProcess(fake, tmp_path, env={"OPERATOR_DELAY_MS": str(delay)})
        await bot.start()
        owner = User(id=world.owner_tg, first_name="Ольга", language_code="ru")
        try:
            yield Scene(fake, bot, owner, world, url)
        finally:
            await bot.stop()
        assert_no_api_errors(fake)
        bot.assert_no_tracebacks()


async def query(url: str, stmt):
    db = Database(url)
    try:
        async with db.session() as s:
            return (await s.execute(stmt)).all()
    finally:
        await db.close()


class Wizard:
    def __init__(self, scene: Scene) -> None:
        self.fake, self.user = scene.fake, scene.owner
        self.msg = None

    async def start(self) -> None:
        await self.fake.send_command(self.user, "/start")
        self.msg = await self.fake.wait_text(self.user, "Виртуальный менеджер")
        await self.click("⚙️ Операции", "Операции с номерами")

    async def _wait(self, expect) -> str:
        if expect is None:  # the confirm screen: the one with ▶️
            self.msg = await self.fake.wait_message(
                self.user, lambda m: any(RUN.search(b) for b in m.buttons)
            )
        else:
            self.msg = await self.fake.wait_text(self.user, expect)
        return self.msg.text

    async def click(self, button, expect) -> str:
        await self.fake.click(self.user, self.msg, button)
        return await self._wait(expect)

    async def send(self, text: str, expect) -> str:
        # a message from the user makes the dialog answer with a new message
        await self.fake.send_message(self.user, text)
        return await self._wait(expect)

    async def pick(self, title: str) -> str:
        """An operation from the paged list: back to its first page (the list may have been
        left on another), then on (▶️) until its button shows."""

        def page() -> str:
            return next((b for b in self.fake.buttons(self.msg) if PAGE.match(b)), "1/1")

        label = SHORT.get(title, title)
        while not page().startswith("1/") and label not in self.fake.buttons(self.msg):
            await self.fake.click(self.user, self.msg, "◀️")
            await self.fake.wait_changed(self.msg)
        for _ in range(5):
            if label in self.fake.buttons(self.msg):
                break
            await self.fake.click(self.user, self.msg, "▶️")
            await self.fake.wait_changed(self.msg)
        return await self.click(label, title)

    def has_run(self) -> bool:
        return any(b.startswith("▶️") for b in self.fake.buttons(self.msg))

    async def run(self) -> str:
        """Press ▶️ (its label carries the price of a paid operation) and wait for the
        progress message's final summary."""
        await self.fake.click(self.user, self.msg, RUN)
        return (await self.fake.wait_text(self.user, FINISHED, timeout=30)).text


PAGE = re.compile(r"^\d+/\d+$")
# Operations whose full title does not fit a button carry a short one.
SHORT = {
    "Установка индивидуального лимита": "Индивидуальный лимит",
    "Удаление индивидуального лимита": "Удаление лимита",
    "Перенос средств между лицевыми счетами": "Перенос средств между ЛС",
}


def iccid() -> str:
    prefix = "897019999999999999"
    return next(prefix + str(d) for d in range(10) if luhn_ok(prefix + str(d)))


@pytest.mark.parametrize("scene", [(6, 0)], indirect=True)
async def test_every_operation_on_one_number(scene: Scene) -> None:
    w = Wizard(scene)
    await w.start()
    await w.send("+7 913 947-95-82", "Выбрано: 1 номер")
    # The list is paged: one screen of operations, ◀️ 1/3 ▶️ under it.
    assert len(scene.fake.buttons(w.msg)) <= 8 + 3 + 2
    # Each operation asks only what it needs; the usual choices are taken, the last screen
    # has the ▶️ button (with the price on it when the operation is paid).
    steps: list[tuple[str, list[tuple[str, str, str | None]]]] = [
        ("Подключение услуг", [("c", "Apple Music", None)]),
        ("Отключение услуг", [("c", "Apple Music — бесплатно", None)]),
        ("Установка блокировки", [("c", "Добровольная", "⚙️ сейчас, без срока")]),
        ("Снятие блокировки", [("c", "Добровольная", None)]),
        (
            "Установка переадресации",
            [
                ("s", "12345", "Номер не распознан"),
                ("s", "8 913 111-22-33", "⚙️ Безусловная"),
            ],
        ),
        ("Снятие переадресации", [("c", "Безусловная", None)]),
        (
            "Установка индивидуального лимита",
            [
                ("s", "1500", "при лимите: Уведомить"),
                ("c", "◀️ Назад", "Сейчас: 1500 ₽"),  # Back keeps the value
                ("c", "Далее ▶️", None),
            ],
        ),
        ("Удаление индивидуального лимита", []),
        ("Отправка SMS", [("s", "Совещание в 15:00", "1 SMS")]),
        (
            "Замена SIM-карты",
            [("s", "8970199999999999990", "контрольная цифра"), ("s", iccid(), "Платно")],
        ),
        ("Замена номера", [("c", "+7 (913) 000-00-00", "Платно")]),
        ("Обещанный платёж", [("s", "500", "срок: 7 дней")]),
        ("Смена метода взаиморасчётов", [("c", "Кредитный", None)]),
        (
            "Перенос средств между лицевыми счетами",
            [("c", "254396728931", "сумму переноса"), ("s", "100", None)],
        ),
        (
            "Заказ новых SIM-карт",
            [
                ("s", "2", "Выберите тарифный план"),
                ("c", "Команда", "адрес доставки"),
                ("s", "Новосибирск, Красный проспект, 1", "Платно"),
            ],
        ),
        ("Разделение лицевого счёта", [("s", "Отдел продаж", None)]),
        ("Смена тарифного плана", [("c", "Бизнес общение", None)]),
    ]
    for title, actions in steps:
        await w.pick(title)
        for kind, value, expect in actions:
            if kind == "c":
                await w.click(value, expect)
            else:
                await w.send(value, expect)
        assert w.has_run(), (title, w.msg.text)
        final = await w.run()
        assert "Выполнено: 1 из 1" in final and "Ошибок: 0" in final, (title, final)
        await w.click("⚙️ Другие операции", "Выберите операцию")
    rows = await query(scene.db_url, select(Operation.code, Operation.status))
    assert len(rows) == 17 and {status for _c, status in rows} == {"done"}


@pytest.mark.parametrize("scene", [(300, 10)], indirect=True)
async def test_selection_partial_failure_progress_kill_resume_and_deferred(scene: Scene) -> None:
    fake, owner, url = scene.fake, scene.owner, scene.db_url
    w = Wizard(scene)
    await w.start()
    assert "Выбрано: 300 номеров, 2 ЛС, 1 контракт" in w.msg.text
    await w.click("Подключение услуг", "Выберите услугу")
    await w.send("роуминг", "Поиск: «роуминг»")
    # the two numbers with a conflicting service are found before the run, by name
    text = await w.click("Роуминг без границ", "Подойдут: 298 из 300")
    assert "несовместима с подключённой услугой Apple Music" in text
    await w.click("⚙️ Изменить", "Отложить подключение")
    await w.click("Сейчас", "Автоматически отключить")
    await w.click("Пропустить", "Проинформировать")
    await w.click("SMS", "Проинформировать")
    await w.click("Далее ▶️", "Кого ещё проинформировать")  # typed phones or e-mails
    await w.click("Пропустить", "уведомить: SMS")
    await fake.click(owner, w.msg, "▶️ Выполнить")
    progress = await fake.wait_text(owner, re.compile(r"Выполнено \d+ из 298"), timeout=30)
    await scene.bot.stop(kill=True)  # killed in the middle of the group operation
    ((status, done),) = await query(url, select(Operation.status, Operation.done))
    assert status == "running" and 0 < done < 298

    await scene.bot.start()  # resumes the unfinished items and finishes the message
    final = progress  # a live object: it may already show the summary
    while not FINISHED.search(final.text):
        final = await fake.wait_changed(progress, timeout=30)
    assert "Выполнено: 298 из 298" in final.text and "Не подошли: 2" in final.text
    assert "несовместима с подключённой услугой Apple Music" in final.text
    edits = [h.get("text", "") for h in progress.history]
    assert any(re.search(r"Выполнено \d+ из 298, ошибок", t) for t in edits)
    # every number applied exactly once
    per_number = await query(
        url,
        select(NumberService.number_id, func.count())
        .where(NumberService.service_id == scene.world.services["roam"])
        .group_by(NumberService.number_id),
    )
    assert len(per_number) == 298 and {n for _i, n in per_number} == {1}
    sms = await query(url, select(Outbox.recipient, func.count()).group_by(Outbox.recipient))
    assert len(sms) == 298 and {n for _r, n in sms} == {1}
    items = await query(
        url, select(OperationItem.status, func.count()).group_by(OperationItem.status)
    )
    assert dict(items) == {"done": 298, "skipped": 2}
    logged = await query(url, select(func.count(History.id)).where(History.number_id.is_not(None)))
    assert logged[0][0] == 298
    assert not await query(url, select(Charge.id).where(Charge.category == "ops"))

    # a deferred start is stored for the scheduler
    await fake.send_command(owner, "/start")
    w.msg = await fake.wait_text(owner, "Виртуальный менеджер")
    await w.click("⚙️ Операции", "Выберите операцию")
    await w.click("Подключение услуг", "Выберите услугу")
    await w.click(re.compile(r"^100 SMS в поездках"), "Платно")
    await w.click("⚙️ Изменить", "Отложить подключение")
    await w.click(re.compile(r" >>$"), "Отложить подключение")
    await w.click("15", "Выберите время")
    await w.click("09:00", "Автоматически отключить")
    await w.click("Пропустить", "Проинформировать")
    await w.click("Далее ▶️", "Кого ещё проинформировать")
    text = await w.click("Пропустить", "МСК")
    assert re.search(r"15\.\d\d\.\d{4} 09:00 (\S+ \(UTC\+\d+\) = \d\d:\d\d )?МСК", text), text
    await w.click(re.compile(r"^▶️ Подключить за"), "запланирована")
    ((status, _run_at),) = await query(
        url,
        select(Operation.status, Operation.run_at).where(
            Operation.code == "services_on", Operation.run_at.is_not(None)
        ),
    )
    assert status == "scheduled"
    stored = await query(url, select(PlannedItem.kind, PlannedItem.next_run_at))
    assert stored and stored[0][0] == "operation"
