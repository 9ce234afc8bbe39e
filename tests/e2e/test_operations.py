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
    ScheduledAction,
    Selection,
    SelectionItem,
)
from tests import sandbox
from tests.e2e.harness import BotProcess, FakeTelegram, User, assert_no_api_errors

FINISHED = re.compile(r"выполнение завершено")


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

    async def click(self, button, expect) -> str:
        await self.fake.click(self.user, self.msg, button)
        self.msg = await self.fake.wait_text(self.user, expect)
        return self.msg.text

    async def send(self, text: str, expect) -> str:
        # a message from the user makes the dialog answer with a new message
        await self.fake.send_message(self.user, text)
        self.msg = await self.fake.wait_text(self.user, expect)
        return self.msg.text

    async def run(self) -> str:
        """Press «Выполнить» and wait for the progress message's final summary."""
        await self.fake.click(self.user, self.msg, "▶️ Выполнить")
        return (await self.fake.wait_text(self.user, FINISHED, timeout=30)).text


def iccid() -> str:
    prefix = "897019999999999999"
    return next(prefix + str(d) for d in range(10) if luhn_ok(prefix + str(d)))


@pytest.mark.parametrize("scene", [(6, 0)], indirect=True)
async def test_every_operation_on_one_number(scene: Scene) -> None:
    w = Wizard(scene)
    await w.start()
    await w.send("+7 913 947-95-82", "Выбрано: 1 номер")
    assert "Замена SIM-карты" in scene.fake.buttons(w.msg)
    steps: list[tuple[str, list[tuple[str, str, str]]]] = [
        (
            "Подключение услуг",
            [
                ("c", "Apple Music", "Подойдёт номерам: 1 из 1"),
                ("c", "Выбрать", "Отложить подключение"),
                ("c", "Сейчас", "Автоматически отключить"),
                ("c", "Пропустить", "Проинформировать"),
                ("c", "Далее ▶️", "Проверьте операцию"),
            ],
        ),
        (
            "Отключение услуг",
            [
                ("c", "Apple Music — бесплатно", "Когда выполнить"),
                ("c", "Сейчас", "Проинформировать"),
                ("c", "Далее ▶️", "Проверьте операцию"),
            ],
        ),
        (
            "Установка блокировки",
            [
                ("c", "Добровольная", "Установить блокировку с"),
                ("c", "Сейчас", "Действует до"),
                ("c", "Пропустить", "Проверьте операцию"),
            ],
        ),
        (
            "Снятие блокировки",
            [("c", "Добровольная", "Снять блокировку с"), ("c", "Сейчас", "Проверьте операцию")],
        ),
        (
            "Установка переадресации",
            [
                ("c", "Если занято", "переадресовать"),
                ("s", "12345", "Номер не распознан"),
                ("s", "8 913 111-22-33", "Проверьте операцию"),
            ],
        ),
        ("Снятие переадресации", [("c", "Если занято", "Проверьте операцию")]),
        (
            "Установка индивидуального лимита",
            [
                ("s", "1500", "Что делать при достижении"),
                ("c", "◀️ Назад", "Сейчас: 1500 ₽"),  # Back in the middle keeps the value
                ("c", "Далее ▶️", "Что делать при достижении"),
                ("c", "Уведомить", "Проверьте операцию"),
            ],
        ),
        ("Удаление индивидуального лимита", []),
        (
            "Отправка SMS",
            [("s", "Совещание в 15:00", "Операция платная"), ("c", "Я понимаю", "1 SMS")],
        ),
        (
            "Замена SIM-карты",
            [
                ("s", "8970199999999999990", "контрольная цифра"),
                ("s", iccid(), "Операция платная"),
                ("c", "Я понимаю", "Проверьте операцию"),
            ],
        ),
        (
            "Замена номера",
            [
                ("c", "+7 (913) 000-00-00", "Операция платная"),
                ("c", "Я понимаю", "Проверьте операцию"),
            ],
        ),
        (
            "Обещанный платёж",
            [("s", "500", "На сколько дней"), ("c", "3 дня", "Проверьте операцию")],
        ),
        ("Смена метода взаиморасчётов", [("c", "Кредитный", "Проверьте операцию")]),
        (
            "Перенос средств между лицевыми счетами",
            [("c", "254396728931", "сумму переноса"), ("s", "100", "Проверьте операцию")],
        ),
        (
            "Заказ новых SIM-карт",
            [
                ("s", "2", "Выберите тарифный план"),
                ("c", "Команда", "адрес доставки"),
                ("s", "Новосибирск, Красный проспект, 1", "платная"),
                ("c", "Я понимаю", "Проверьте операцию"),
            ],
        ),
        ("Разделение лицевого счёта", [("s", "Отдел продаж", "Проверьте операцию")]),
        ("Смена тарифного плана", [("c", "Бизнес общение", "Проверьте операцию")]),
    ]
    for title, actions in steps:
        await w.click(title, title if actions else "Проверьте операцию")
        for kind, value, expect in actions:
            if kind == "c":
                await w.click(value, expect)
            else:
                await w.send(value, expect)
        final = await w.run()
        assert "Выполнено: 1 из 1" in final and "Ошибок: 0" in final, (title, final)
        await w.click("⚙️ Другие операции", "Выберите операцию")
    # consent refused: nothing is stored, the user is back at the list with a sentence
    await w.click("Отправка SMS", "Отправьте текст SMS")
    await w.send("Ещё одно", "Операция платная")
    await w.click("✖️ Не согласен", "Без согласия платная операция не выполняется")
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
    await w.click("Роуминг без границ", "Подойдёт номерам: 300 из 300")
    await w.click("Выбрать", "Отложить подключение")
    await w.click("Сейчас", "Автоматически отключить")
    await w.click("Пропустить", "Проинформировать")
    await w.click("SMS", "Проинформировать")
    text = await w.click("Далее ▶️", "Проверьте операцию")
    assert "Номеров: 300" in text and "Проинформировать: SMS" in text
    await fake.click(owner, w.msg, "▶️ Выполнить")
    progress = await fake.wait_text(owner, re.compile(r"Выполнено \d+ из 300"), timeout=30)
    await scene.bot.stop(kill=True)  # killed in the middle of the group operation
    ((status, done),) = await query(url, select(Operation.status, Operation.done))
    assert status == "running" and 0 < done < 300

    await scene.bot.start()  # resumes the unfinished items and finishes the message
    final = progress  # a live object: it may already show the summary
    while not FINISHED.search(final.text):
        final = await fake.wait_changed(progress, timeout=30)
    assert "Выполнено: 298 из 300" in final.text and "Ошибок: 2" in final.text
    assert "несовместима с подключённой услугой music" in final.text
    edits = [h.get("text", "") for h in progress.history]
    assert any(re.search(r"Выполнено \d+ из 300, ошибок", t) for t in edits)
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
    assert dict(items) == {"done": 298, "failed": 2}
    logged = await query(url, select(func.count(History.id)).where(History.number_id.is_not(None)))
    assert logged[0][0] == 300
    assert not await query(url, select(Charge.id).where(Charge.category == "ops"))

    # a deferred start is stored for the scheduler
    await fake.send_command(owner, "/start")
    w.msg = await fake.wait_text(owner, "Виртуальный менеджер")
    await w.click("⚙️ Операции", "Выберите операцию")
    await w.click("Подключение услуг", "Выберите услугу")
    await w.click("100 SMS в поездках по миру", "Подойдёт номерам")
    await w.click("Выбрать", "Отложить подключение")
    await w.click(re.compile(r" >>$"), "Отложить подключение")
    await w.click("15", "Выберите время")
    await w.click("09:00", "Автоматически отключить")
    await w.click("Пропустить", "Проинформировать")
    await w.click("Далее ▶️", "Операция платная")
    text = await w.click("Я понимаю", "Проверьте операцию")
    assert "09:00 (МСК)" in text
    await w.click("▶️ Выполнить", "запланирована")
    ((status, _run_at),) = await query(
        url,
        select(Operation.status, Operation.run_at).where(
            Operation.code == "services_on", Operation.run_at.is_not(None)
        ),
    )
    assert status == "scheduled"
    stored = await query(url, select(ScheduledAction.kind, ScheduledAction.run_at))
    assert stored and stored[0][0] == "operation"
