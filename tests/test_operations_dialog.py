"""The operations wizard through aiogram's dispatcher (aiogram-dialog test tools): the same
routers, middlewares and services as production, a recording bot instead of Telegram."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import Any

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import DeleteMessage, EditMessageText, SendDocument, SendMessage
from aiogram.types import Chat, Message
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.bot_client import FakeBot
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from sqlalchemy import func, select

from bot.container import build
from bot.factory import make_dispatcher
from bot.notifier import BotSender
from bot.settings import load_settings
from handlers.operations.progress import ProgressNotifier
from services.events import EventBus, OperationProgress
from services.notifications.delivery import DeliveryQueue
from services.notifications.pump import DeliveryPump
from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.users import UserService
from storage.models import (
    Delivery,
    DeliveryStatus,
    NumberService,
    Operation,
    Outbox,
    PlannedItem,
    Selection,
    SelectionItem,
)
from tests import sandbox


class RecordingBot(FakeBot):
    def __init__(self) -> None:
        self.calls: list[Any] = []
        self._next = 1000

    async def __call__(self, method: Any, request_timeout: int | None = None) -> Any:
        self.calls.append(method)
        if isinstance(method, SendMessage | SendDocument):
            self._next += 1
            return Message(
                message_id=self._next,
                date=dt.datetime.now(),
                chat=Chat(id=method.chat_id, type="private"),
                text="x",
            )
        if isinstance(method, EditMessageText | DeleteMessage):
            return True
        return await super().__call__(method, request_timeout)

    def of(self, kind: type) -> list[Any]:
        return [c for c in self.calls if isinstance(c, kind)]


@pytest.fixture
async def wizard(sqlite_db):
    db = sqlite_db
    world = await sandbox.build(db, numbers=6)
    bot = RecordingBot()
    messages = MockMessageManager()
    container = build(load_settings(operator_delay_ms=0), db, bot)
    dp = make_dispatcher(container, storage=MemoryStorage(), message_manager=messages)
    users, executor = container.services.users, container.services.executor
    root = dp.sub_routers[0]
    client = BotClient(dp, user_id=world.owner_tg, chat_id=world.owner_tg, bot=bot)
    owner = await users.principal(world.owner_tg)
    async with db.transaction() as s:
        sel = Selection(user_id=owner.user_id, company_id=world.company_id, is_current=True)
        s.add(sel)
        await s.flush()
        s.add_all([SelectionItem(selection_id=sel.id, number_id=i) for i in world.numbers])
        s.add(NumberService(number_id=world.numbers[0], service_id=world.services["music"]))
    yield db, world, client, messages, bot, executor
    await executor.close()
    await container.services.scheduler.shutdown()  # the delivery pump and the SMS worker
    _detach(root)  # routers are module singletons: the next test attaches them again


async def drained(db, seconds: float = 20) -> None:
    """Until the delivery queue holds nothing unsent."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        async with db.session() as s:
            left = await s.scalar(
                select(func.count(Delivery.id)).where(
                    Delivery.status.in_((DeliveryStatus.QUEUED, DeliveryStatus.SENDING))
                )
            )
        if not left:
            return
        assert asyncio.get_running_loop().time() < deadline, f"{left} deliveries left"
        await asyncio.sleep(0.05)


def _detach(router) -> None:
    for sub in router.sub_routers:
        _detach(sub)
        sub._parent_router = None
    router.sub_routers.clear()


async def click(client, messages, text: str) -> str:
    """Press the button with this text; a paged list is paged on (▶️) until it shows."""
    for _ in range(4):
        if any(text in b for b in buttons(messages)) or "▶️" not in buttons(messages):
            break
        await client.click(messages.last_message(), InlineButtonTextLocator("^▶️$"))
    msg = messages.last_message()
    await client.click(msg, InlineButtonTextLocator(f".*{re.escape(text)}.*"))
    return messages.last_message().text


def buttons(messages) -> list[str]:
    markup = messages.last_message().reply_markup
    return [b.text for row in markup.inline_keyboard for b in row] if markup else []


async def open_operations(client, messages) -> str:
    await client.send("/start")
    return await click(client, messages, "Операции")


async def test_connect_service_on_selection_with_partial_failure(wizard):
    db, _world, client, messages, bot, executor = wizard
    text = await open_operations(client, messages)
    assert "Выбрано: 6 номеров, 2 ЛС, 1 контракт" in text
    text = await click(client, messages, "Подключение услуг")
    assert "Выберите услугу" in text
    await client.send("роуминг")  # search by name
    text = messages.last_message().text
    assert "Поиск: «роуминг»" in text
    text = await click(client, messages, "Роуминг без границ")
    # one screen: the service's page, who cannot take it (by name), the usual choices
    assert "Несовместима с Apple Music" in text and "Подойдут: 5 из 6" in text
    assert "несовместима с подключённой услугой Apple Music" in text
    assert "⚙️ сейчас, без автоотключения, без уведомления" in text
    text = await click(client, messages, "Изменить")
    assert "Отложить подключение до" in text
    text = await click(client, messages, "Сейчас")
    assert "Автоматически отключить" in text
    text = await click(client, messages, "Пропустить")
    assert "Проинформировать" in text
    await click(client, messages, "SMS")
    assert "✅ SMS" in buttons(messages)
    text = await click(client, messages, "Далее")
    assert "Кого ещё проинформировать" in text
    await client.send("+7 917 597-70-94, boss@corp")  # a typo in the address
    text = messages.last_message().text
    assert "«boss@corp» — не номер телефона и не e-mail" in text
    await client.send("+7 917 597-70-94, boss@corp.ru")
    text = messages.last_message().text
    assert "Роуминг без границ" in text and "уведомить: SMS" in text  # nothing lost
    assert "сообщить: +7 917 597-70-94, boss@corp.ru" in text
    assert text.count("сейчас") == 1 and "Когда" not in text
    await click(client, messages, "Выполнить")  # a free service: no price on the button
    assert "принята" in messages.last_message().text
    await executor.wait()
    await drained(db)  # the progress edits go through the delivery queue
    final = bot.of(EditMessageText)[-1].text
    assert "Выполнено: 5 из 5" in final and "Ошибок: 0" in final and "Не подошли: 1" in final
    assert "Номера с ошибками" not in final and "Не подошли (не выполнялось)" in final
    assert "несовместима с подключённой услугой Apple Music" in final
    async with db.session() as s:
        sms = list(await s.scalars(select(Outbox.recipient).where(Outbox.channel == "sms")))
        mail = list(await s.scalars(select(Outbox.recipient).where(Outbox.channel == "email")))
    # Each subscriber, and once for the whole group the phone and the address typed.
    assert len(sms) == 6 and sms.count("+79175977094") == 1
    assert mail == ["boss@corp.ru"]


async def test_back_keeps_values_and_consent_is_the_priced_button(wizard):
    db, _world, client, messages, _bot, _executor = wizard
    await open_operations(client, messages)
    await click(client, messages, "Отправка SMS")
    await client.send("Совещание в 15:00")
    text = messages.last_message().text
    assert "Платно" in text and "правила" in text
    assert any(b.startswith("▶️ Отправить за") for b in buttons(messages))
    assert all(len(b) <= 30 for b in buttons(messages))
    text = await click(client, messages, "Назад")
    assert "Сейчас: Совещание в 15:00" in text  # Back keeps what was entered
    await client.send("ы" * 71)
    text = messages.last_message().text
    assert "2 SMS" in text and "71 симв." in text
    await click(client, messages, "Назад")
    await click(client, messages, "Назад")
    async with db.session() as s:
        assert await s.scalar(select(func.count(Operation.id))) == 0


async def test_validation_message_and_deferred_block(wizard):
    db, _world, client, messages, bot, executor = wizard
    await open_operations(client, messages)
    text = await click(client, messages, "Установка блокировки")
    text = await click(client, messages, "Добровольная")
    assert "⚙️ сейчас, без срока" in text
    text = await click(client, messages, "Изменить")
    assert "Установить блокировку с" in text
    msg = messages.last_message()
    await client.click(msg, InlineButtonTextLocator(r".* >>"))  # next month
    await client.click(messages.last_message(), InlineButtonTextLocator("15"))
    assert "Выберите время" in messages.last_message().text
    await client.send("25:00")
    assert "Время не распознано" in messages.last_message().text
    text = await click(client, messages, "09:00")
    assert "Действует до" in text
    text = await click(client, messages, "Пропустить")
    # the sandbox's contract is in Novosibirsk: the time is said there and in Moscow time
    assert re.search(r"15\.\d\d\.\d{4} 09:00 Новосибирск \(UTC\+7\) = 05:00 МСК", text), text
    await click(client, messages, "Выполнить")
    assert "запланирована" in messages.last_message().text
    async with db.session() as s:
        op = await s.scalar(select(Operation))
        assert op.status == "scheduled" and op.message_id is None
        assert await s.scalar(select(PlannedItem.operation_id)) == op.id
    # when the scheduler starts it, the progress gets a new message in the user's chat
    sent = len(bot.of(SendMessage))
    await client.dp["pipeline"].start(op.id)
    await executor.wait()
    fresh = bot.of(SendMessage)[sent:]
    assert len(fresh) == 1 and "Установка блокировки" in fresh[0].text
    final = bot.of(EditMessageText)[-1]
    assert final.message_id == bot._next and "Выполнено: 6 из 6" in final.text


async def test_employee_request_goes_to_approval(wizard):
    db, world, _client, _messages, bot, _executor = wizard
    dp = _client.dp
    client = BotClient(dp, user_id=world.employee_tg, chat_id=world.employee_tg, bot=bot)
    await client.send("/start")
    # Their home is their number: its actions, no workplaces to choose from.
    home = _messages.last_message().text
    assert "+7 (913) 947-95-80" in home and "Расходы в этом месяце" in home
    assert "⚙️ Операции" not in buttons(_messages)
    text = await click(client, _messages, "Сменить тариф")
    assert "Выбрано: 1 номер" in text
    text = await click(client, _messages, "Бизнес общение")
    assert "только запросить" in text
    text = await click(client, _messages, "Отправить на согласование")
    assert "отправлен на согласование" in text
    async with db.session() as s:
        op = await s.scalar(select(Operation))
    assert op.status == "awaiting_approval" and op.total == 1


async def test_many_failures_come_as_xlsx(sqlite_db):
    import io

    from openpyxl import load_workbook

    from storage.models import Account

    db = sqlite_db
    world = await sandbox.build(db, numbers=24, balance=0)
    async with db.transaction() as s:
        (await s.get(Account, world.accounts[0])).balance = 100_000
    bot = RecordingBot()
    bus = EventBus()
    queue = DeliveryQueue(db)
    bus.subscribe(OperationProgress, ProgressNotifier(db, queue))
    executor = Executor(db, Simulator(0), bus)
    owner = await UserService(db).principal(world.owner_tg)
    sub = await Pipeline(db, executor).submit(
        owner, "sms", {"number_ids": world.numbers}, {"text": "Привет"}, chat_id=5, message_id=7
    )
    await executor.wait()
    await DeliveryPump(queue, BotSender(bot)).pump(idle_seconds=0.1)  # the queued edits
    final = bot.of(EditMessageText)[-1]
    assert final.message_id == 7 and "Ошибок: 12" in final.text and "в файле" in final.text
    assert final.reply_markup.inline_keyboard[0][0].text == "☰ Меню"  # a way on
    (doc,) = bot.of(SendDocument)
    assert doc.reply_markup.inline_keyboard[0][0].text == "☰ Меню"
    assert bot.calls.index(doc) > bot.calls.index(final)  # the file follows its summary
    sheet = load_workbook(io.BytesIO(doc.document.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Номер", "ФИО", "Причина") and len(rows) == 13
    assert rows[1][2] == "недостаточно средств на лицевом счёте"
    assert sub.operation_id == 1
