"""The corporate budget with a controllable clock: limits in one's own scope only, and
the operator enforcing them as charges accrue — 80 % tells, 100 % blocks outgoing calls
and tells the holder and the manager, once a month; what the company does not pay goes
to the employee or restricts the number. Also the individual limit's «block» from accrual.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from handlers.menu.home import render as render_home
from locales import translator
from services.budget import BudgetEnforcer, BudgetError, BudgetService
from services.events import ChargesAccrued, EventBus
from services.formatting import money
from services.notifications import DeliveryQueue, Outbox
from services.notifications.alerts import AlertService
from services.numbers import NumberDirectory
from services.operator.accrual import Accrual
from services.operator.calls import place_call
from services.periods import Period, PeriodKind
from services.reports import Grouping, ReportCode, ReportRequest, ReportService
from storage.models import (
    Block,
    BudgetExcess,
    BudgetLevel,
    Charge,
    Delivery,
    EmployeeCharge,
    Number,
    NumberLimit,
    NumberStatus,
)
from tests.approvals_world import World, build

NOW = dt.datetime(2026, 11, 10, 0, 0, tzinfo=dt.UTC)
CALLS_PER_DAY = 100_00  # 100 ₽ of calls a day in October, on every number


@pytest.fixture
async def env(sqlite_db):
    world = await build(sqlite_db)
    async with sqlite_db.transaction() as s:
        for n in await s.scalars(select(Number)):
            s.add(
                Charge(
                    number_id=n.id,
                    account_id=n.account_id,
                    date=dt.date(2026, 10, 15),
                    category="calls",
                    amount=CALLS_PER_DAY * 31,
                )
            )
    clock = [NOW]
    bus = EventBus()
    alerts = AlertService(
        sqlite_db, world.users, DeliveryQueue(sqlite_db), Outbox(sqlite_db), lambda: clock[0]
    )
    bus.subscribe(ChargesAccrued, alerts.on_charges_accrued)
    bus.subscribe(ChargesAccrued, BudgetEnforcer(sqlite_db, alerts).on_charges_accrued)
    accrual = Accrual(sqlite_db, bus)
    await accrual.tick(NOW)  # billing starts
    budget = BudgetService(sqlite_db, lambda: clock[0])
    return world, budget, accrual


async def inbox(world: World, name: str) -> list[str]:
    async with world.db.session() as s:
        return list(
            await s.scalars(
                select(Delivery.text)
                .where(Delivery.chat_id == world.tg[name])
                .order_by(Delivery.id)
            )
        )


async def days(accrual: Accrual, first: int, last: int) -> None:
    """Bill from day `first` to day `last` after NOW in six-hour ticks."""
    for quarter in range(first * 4 + 1, last * 4 + 1):
        await accrual.tick(NOW + dt.timedelta(hours=6 * quarter))


async def until(accrual: Accrual, fired, after: dt.datetime = NOW) -> dt.datetime:
    """Bill six hours at a time until `fired()` is true (within ten days); the moment."""
    for quarter in range(1, 41):
        at = after + dt.timedelta(hours=6 * quarter)
        await accrual.tick(at)
        if await fired():
            return at
    raise AssertionError("never fired")


async def test_a_manager_sets_limits_only_inside_their_department(env) -> None:
    world, budget, _accrual = env
    manager, admin = await world.who("manager"), await world.who("admin")
    view = await budget.set_limit(manager, BudgetLevel.DEPARTMENT, world.dept["sales"], 500_00)
    assert view.name == "Отдел продаж"
    await budget.set_limit(manager, BudgetLevel.NUMBER, world.numbers["emp"], 300_00)
    refused = [
        (BudgetLevel.DEPARTMENT, world.dept["it"]),  # another department
        (BudgetLevel.DEPARTMENT, world.dept["top"]),  # the one above theirs
        (BudgetLevel.NUMBER, world.numbers["it1"]),
        (BudgetLevel.NUMBER, world.numbers["far1"]),  # another company's number
        (BudgetLevel.DEPARTMENT, 999_999),  # an id that does not exist
    ]
    for level, target in refused:
        with pytest.raises(BudgetError) as err:
            await budget.set_limit(manager, level, target, 100_00)
        assert err.value.code == "scope", (level, target)
    with pytest.raises(BudgetError) as err:
        await budget.set_limit(manager, BudgetLevel.COMPANY, 0, 100_00)
    assert err.value.code == "company_only"
    with pytest.raises(BudgetError) as err:
        await budget.set_rules(manager, company_pays=100_00)
    assert err.value.code == "company_only"
    with pytest.raises(BudgetError) as err:
        await budget.overview(await world.who("employee"))
    assert err.value.code == "forbidden"
    with pytest.raises(BudgetError) as err:
        await budget.set_limit(admin, BudgetLevel.COMPANY, 0, -5)
    assert err.value.code == "amount"

    mine = await budget.overview(manager)
    assert mine.company is None and not mine.may_rules
    assert [d.name for d in mine.departments] == ["Отдел продаж"]
    assert [(n.target_id, n.limit) for n in mine.numbers] == [(world.numbers["emp"], 300_00)]
    everything = await budget.overview(admin)
    assert everything.company is not None and everything.may_rules
    assert {d.name for d in everything.departments} == {"Дирекция", "Отдел продаж", "ИТ", "Склад"}


async def test_budget_100_blocks_outgoing_calls_and_tells_holder_and_manager(env) -> None:
    world, budget, accrual = env
    admin, manager = await world.who("admin"), await world.who("manager")
    await budget.set_rules(admin, toggle=(100, "block"))
    await budget.set_rules(admin, toggle=(100, "services_off"))
    emp = world.numbers["emp"]
    await budget.set_limit(manager, BudgetLevel.NUMBER, emp, 250_00)  # 2.5 days of calls

    assert await inbox(world, "employee") == []
    at = await until(accrual, lambda: inbox(world, "employee"))  # 80 % on the way
    told = await inbox(world, "employee")
    assert len(told) == 1 and "80 %" in told[0] and "бюджет" in told[0].lower()
    async with world.db.session() as s:
        assert await place_call(s, emp, 2, at) is None  # still calls

    async def full() -> bool:
        return any("исчерпал" in t for t in await inbox(world, "employee"))

    at = await until(accrual, full, after=at)
    for name in ("employee", "manager"):
        last = (await inbox(world, name))[-1]
        assert "исчерпал бюджет" in last and "исходящие вызовы заблокированы" in last, name
    assert await inbox(world, "it_manager") == []
    # Outgoing calls are barred, the number is not blocked: it still receives calls.
    async with world.db.session() as s:
        assert (await s.get(Number, emp)).status == NumberStatus.ACTIVE
        kinds = list(await s.scalars(select(Block.kind).where(Block.number_id == emp)))
        assert kinds == ["budget"]
        assert await place_call(s, emp, 2, at) == "outgoing_barred"
        assert await place_call(s, world.numbers["sales2"], 2, NOW) is None  # others call
    card = await NumberDirectory(world.db).card(manager, emp, today=at.date())
    assert card.status == "active" and [b[0] for b in card.blocks] == ["budget"]

    count = len(await inbox(world, "employee"))
    spent, others = await spent_on(world, emp), await spent_on(world, world.numbers["sales2"])
    for hours in range(6, 72, 6):
        await accrual.tick(at + dt.timedelta(hours=hours))
    assert len(await inbox(world, "employee")) == count  # once per cause per month
    assert await spent_on(world, emp) == spent  # a barred number makes no calls to bill
    assert await spent_on(world, world.numbers["sales2"]) > others
    at += dt.timedelta(hours=66)

    # The limit raised above what was spent: the bar goes at once; reached again, it acts again.
    await budget.set_limit(manager, BudgetLevel.NUMBER, emp, spent + 150_00)
    assert await bars_of(world, emp) == []
    async with world.db.session() as s:
        assert await place_call(s, emp, 1, at) is None

    async def again() -> bool:
        return len([t for t in await inbox(world, "employee") if "исчерпал" in t]) == 2

    at = await until(accrual, again, after=at)
    assert await bars_of(world, emp) == ["budget"]

    # The next month begins: November's bar is lifted (December's fee, 500 ₽, is above
    # the 400 ₽ limit again, so December bars it anew).
    december = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    await accrual.tick(december + dt.timedelta(hours=1))
    async with world.db.session() as s:
        rows = (
            await s.execute(
                select(Block.since, Block.active).where(
                    Block.number_id == emp, Block.kind == "budget"
                )
            )
        ).all()
        assert (await s.get(Number, emp)).status == NumberStatus.ACTIVE
    assert [active for since, active in rows if since < december] == [False, False]
    assert [since >= december for since, active in rows if active] == [True]


async def spent_on(world: World, number_id: int) -> int:
    async with world.db.session() as s:
        return sum(
            await s.scalars(
                select(Charge.amount).where(
                    Charge.number_id == number_id, Charge.date >= NOW.date().replace(day=1)
                )
            )
        )


async def bars_of(world: World, number_id: int) -> list[str]:
    async with world.db.session() as s:
        return list(
            await s.scalars(select(Block.kind).where(Block.number_id == number_id, Block.active))
        )


async def test_a_department_at_80_tells_its_manager_not_the_others(env) -> None:
    world, budget, accrual = env
    admin = await world.who("admin")
    await budget.set_limit(admin, BudgetLevel.DEPARTMENT, world.dept["sales"], 1_000_00)
    await days(accrual, 0, 5)  # two numbers × ~100 ₽ a day: ~1 000 ₽ in five days
    assert any("Отдел продаж" in t and "80 %" in t for t in await inbox(world, "manager"))
    assert any("Отдел продаж" in t for t in await inbox(world, "director"))  # above it
    assert await inbox(world, "it_manager") == []
    assert await inbox(world, "employee") == []  # a department's limit is the managers'


@pytest.mark.parametrize("excess", [BudgetExcess.EMPLOYEE, BudgetExcess.RESTRICT])
async def test_what_the_company_does_not_pay(env, excess) -> None:
    world, budget, accrual = env
    admin = await world.who("admin")
    await budget.set_rules(admin, company_pays=150_00, excess=excess)
    await days(accrual, 0, 3)
    emp = world.numbers["emp"]
    async with world.db.session() as s:
        number = await s.get(Number, emp)
        spent = sum(
            await s.scalars(
                select(Charge.amount).where(
                    Charge.number_id == emp, Charge.date >= NOW.date().replace(day=1)
                )
            )
        )
        owed = await s.scalar(select(EmployeeCharge.amount).where(EmployeeCharge.number_id == emp))
    assert spent > 150_00
    employee = await world.who("employee")
    card = await NumberDirectory(world.db).card(employee, emp, today=(NOW + dt.timedelta(3)).date())
    assert number.status == NumberStatus.ACTIVE
    if excess == BudgetExcess.EMPLOYEE:
        assert owed == spent - 150_00 == card.owed  # what they owe is on their card
        assert await bars_of(world, emp) == []
        assert any("за счёт сотрудника" in t for t in await inbox(world, "employee"))
        text = render_home(translator("ru"), card)
        assert "за ваш счёт" in text and money(card.owed, "ru") in text
    else:
        assert owed is None and card.owed == 0
        assert await bars_of(world, emp) == ["budget"]  # restricted: outgoing calls barred
        # The company pays more: the restriction goes at once.
        await budget.set_rules(admin, company_pays=spent + 100_00)
        assert await bars_of(world, emp) == []


async def test_the_individual_limit_blocks_from_accrual(env) -> None:
    world, _budget, accrual = env
    emp = world.numbers["emp"]
    async with world.db.transaction() as s:
        s.add(NumberLimit(number_id=emp, amount=250_00, action="block"))
    at = await until(accrual, lambda: inbox(world, "employee"))
    told = await inbox(world, "employee")
    assert len(told) == 1 and "80 %" in told[0]

    async def blocked() -> bool:
        return any("заблокирован" in t for t in await inbox(world, "employee"))

    at = await until(accrual, blocked, after=at)
    async with world.db.session() as s:
        assert (await s.get(Number, emp)).status == NumberStatus.BLOCKED
        assert await place_call(s, emp, 1, at) == "number_blocked"


async def test_the_budget_report_by_department_and_number(env) -> None:
    world, budget, accrual = env
    admin, manager = await world.who("admin"), await world.who("manager")
    await budget.set_limit(admin, BudgetLevel.DEPARTMENT, world.dept["sales"], 300_00)
    await budget.set_limit(admin, BudgetLevel.NUMBER, world.numbers["it1"], 100_000_00)
    await days(accrual, 0, 3)  # sales: two numbers × ~300 ₽ against 300 ₽
    reports = ReportService(world.db)
    today = (NOW + dt.timedelta(days=3)).date()
    period = Period.preset(PeriodKind.THIS_MONTH, today)

    by_dept = await reports.build(
        admin, ReportRequest(ReportCode.BUDGET, period, Grouping.DEPARTMENT, False, today)
    )
    rows = {r[0]: r[1:] for r in by_dept.rows}
    limit, spent, remaining, overrun = rows["Отдел продаж"]
    assert limit == 300_00 and spent > limit and remaining == 0 and overrun == spent - limit
    assert by_dept.rows[0][0] == "Отдел продаж"  # overruns first
    assert rows["ИТ"][0] == 0 and rows["ИТ"][1] > 0  # spending without a limit of its own
    assert by_dept.facts["over_limit"] == 1
    files = await reports.render(admin, by_dept, False)
    assert files.charts and all(png[:8] == b"\x89PNG\r\n\x1a\n" for png in files.charts)
    assert "Лимит исчерпан: 1" in files.summary

    by_number = await reports.build(
        manager, ReportRequest(ReportCode.BUDGET, period, Grouping.NUMBER, False, today)
    )
    async with world.db.session() as s:
        mine = set(
            await s.scalars(
                select(Number.msisdn).where(Number.department_id == world.dept["sales"])
            )
        )
    assert {r[0] for r in by_number.rows} == mine  # the manager's department only
