"""Reports' SQL against sums computed here from the raw rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import struct
from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from services.access import Principal, ScopedGrant
from services.periods import Period, PeriodKind
from services.reports import Grouping, ReportCode, ReportError, ReportRequest, ReportService
from services.reports.charts import format_compact_money, format_money
from services.users import DEFAULT_ROLES
from storage import demo
from storage.db import Database
from storage.models import (
    Account,
    Charge,
    Department,
    Number,
    Payment,
    PromisedPayment,
    ScopeKind,
    Selection,
    SelectionItem,
    Traffic,
    User,
)

TODAY = dt.date(2026, 5, 17)
YEAR = Period.preset(PeriodKind.LAST_12_MONTHS, TODAY)
QUARTER = Period.preset(PeriodKind.LAST_3_MONTHS, TODAY)


def owner(company_id: int = 1) -> Principal:
    grant = ScopedGrant("owner", DEFAULT_ROLES["owner"], ScopeKind.COMPANY)
    return Principal(1, 1, company_id, "ru", "Owner", (grant,))


def manager(path: str, dept_id: int) -> Principal:
    grant = ScopedGrant("manager", DEFAULT_ROLES["manager"], ScopeKind.DEPARTMENT, dept_id, path)
    return Principal(2, 2, 1, "ru", "Manager", (grant,))


@pytest.fixture
async def world(db: Database) -> Database:
    await demo.generate(db, numbers=150, months=7, seed=3, today=TODAY)
    return db


async def raw_charges(db: Database) -> list[tuple[int, int, dt.date, str, int, int | None]]:
    async with db.session() as s:
        rows = await s.execute(
            select(
                Charge.number_id,
                Charge.account_id,
                Charge.date,
                Charge.category,
                Charge.amount,
                Number.department_id,
            ).join(Number, Number.id == Charge.number_id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def req(code: ReportCode, period: Period = QUARTER, grouping: Grouping = Grouping.CONTRACT):
    return ReportRequest(code, period, grouping, today=TODAY)


async def test_categories_match_raw_sums(world: Database) -> None:
    service = ReportService(world)
    data = await service.build(owner(), req(ReportCode.CATEGORIES, grouping=Grouping.DEPARTMENT))
    charges = await raw_charges(world)
    inside = [c for c in charges if QUARTER.contains(c[2])]
    by_cat: Counter[str] = Counter()
    for c in inside:
        by_cat[
            c[3] if c[3] in ("subscription", "calls", "sms", "data", "services") else "oneoff"
        ] += c[4]
    assert data.totals["total"] == sum(c[4] for c in inside)
    for cat, amount in by_cat.items():
        assert data.totals[cat] == amount
    prev = QUARTER.previous()
    assert data.previous == {"total": sum(c[4] for c in charges if prev.contains(c[2]))}
    # one row per department that has charges, their totals add up
    total_col = [c.key for c in data.columns].index("total")
    assert sum(int(r[total_col]) for r in data.rows) == data.totals["total"]
    assert len({r[0] for r in data.rows}) == len(data.rows)
    assert len(data.movers) == 3
    keys = [c.kind for c in data.charts]
    assert [k.value for k in keys] == ["pie", "monthly", "top"]
    monthly = data.charts[1]
    assert len(monthly.labels) == 3
    assert sum(sum(s.values) for s in monthly.series) == data.totals["total"]


async def test_payments_reconcile_and_close_at_todays_balance(world: Database) -> None:
    service = ReportService(world)
    data = await service.build(owner(), req(ReportCode.PAYMENTS, YEAR, Grouping.ACCOUNT))
    assert data.facts["reconciled"] == 1
    async with world.session() as s:
        balances = dict((await s.execute(select(Account.number, Account.id))).all())
        balance_of = dict((await s.execute(select(Account.id, Account.balance))).all())
        payments = (await s.execute(select(Payment.account_id, Payment.date, Payment.amount))).all()
    charges = await raw_charges(world)
    for number, _name, opening, charged, paid, closing in data.rows:
        aid = balances[number]
        assert opening + paid - charged == closing
        later_paid = sum(a for acc, d, a in payments if acc == aid and d > YEAR.end)
        later_charged = sum(c[4] for c in charges if c[1] == aid and c[2] > YEAR.end)
        assert closing == balance_of[aid] - later_paid + later_charged
        assert charged == sum(c[4] for c in charges if c[1] == aid and YEAR.contains(c[2]))
        assert paid == sum(a for acc, d, a in payments if acc == aid and YEAR.contains(d))
    by_contract = await service.build(owner(), req(ReportCode.PAYMENTS, YEAR, Grouping.CONTRACT))
    assert by_contract.totals == data.totals


async def test_traffic_numbers_promised_balances(world: Database) -> None:
    service = ReportService(world)
    async with world.session() as s:
        traffic = (
            await s.execute(select(Traffic.period, Traffic.data_mb, Traffic.voice_min))
        ).all()
        numbers = (await s.execute(select(Number.id, Number.status))).all()
        promised = (
            await s.execute(
                select(PromisedPayment.created_at, PromisedPayment.status, PromisedPayment.amount)
            )
        ).all()
        accounts = (await s.execute(select(Account.balance, Account.credit_limit))).all()
    t = await service.build(owner(), req(ReportCode.TRAFFIC, YEAR))
    inside = [r for r in traffic if YEAR.start <= r[0] <= YEAR.end]
    assert t.totals["data_mb"] == sum(r[1] for r in inside)
    assert t.totals["voice_min"] == sum(r[2] for r in inside)

    n = await service.build(owner(), req(ReportCode.NUMBERS, YEAR))
    assert len(n.rows) == len(numbers)
    charges = await raw_charges(world)
    assert n.totals["spend"] == sum(c[4] for c in charges if YEAR.contains(c[2]))
    assert n.facts["status_active"] == sum(1 for _, st in numbers if st == "active")

    p = await service.build(owner(), req(ReportCode.PROMISED, YEAR, Grouping.ACCOUNT))
    taken = [r for r in promised if YEAR.contains(r[0].date())]
    assert p.totals.get("taken", 0) == sum(r[2] for r in taken)
    assert p.totals.get("repaid", 0) == sum(r[2] for r in taken if r[1] == "repaid")

    b = await service.build(owner(), req(ReportCode.BALANCES, grouping=Grouping.ACCOUNT))
    assert b.totals["balance"] == sum(a for a, _ in accounts)
    assert b.facts["n_below_zero"] == sum(1 for a, lim in accounts if a < 0 and a + lim <= 0)
    assert b.facts["accounts"] == len(accounts)
    by_contract = await service.build(owner(), req(ReportCode.BALANCES, grouping=Grouping.CONTRACT))
    assert by_contract.totals["balance"] == b.totals["balance"]


async def test_this_month_so_far_and_projection(world: Database) -> None:
    data = await ReportService(world).build(owner(), req(ReportCode.UNBILLED))
    charges = await raw_charges(world)
    first = TODAY.replace(day=1)
    since = [c for c in charges if first <= c[2] <= TODAY]
    assert data.totals["so_far"] == sum(c[4] for c in since)
    fixed = sum(c[4] for c in since if c[3] in ("subscription", "services"))
    assert data.totals["fixed"] == fixed
    assert data.totals["projection"] >= data.totals["so_far"]
    line = data.charts[0]
    assert line.series[0].values[-1] == data.totals["so_far"]


async def test_manager_sees_only_the_department_subtree(world: Database) -> None:
    async with world.session() as s:
        dept = (
            await s.execute(
                select(Department.id, Department.path).where(Department.parent_id.is_not(None))
            )
        ).first()
        assert dept is not None
        subtree = set(
            await s.scalars(select(Department.id).where(Department.path.startswith(dept.path)))
        )
        mine = set(await s.scalars(select(Number.msisdn).where(Number.department_id.in_(subtree))))
    boss = manager(dept.path, dept.id)
    service = ReportService(world)
    data = await service.build(boss, req(ReportCode.CATEGORIES, YEAR, Grouping.NUMBER))
    assert {r[0] for r in data.rows} <= mine
    charges = await raw_charges(world)
    expected = sum(c[4] for c in charges if c[5] in subtree and YEAR.contains(c[2]))
    assert data.totals["total"] == expected
    # shared accounts hold other departments' numbers: their money stays hidden
    balances = await service.build(boss, req(ReportCode.BALANCES, grouping=Grouping.ACCOUNT))
    async with world.session() as s:
        for account, *_ in balances.rows:
            depts = set(
                await s.scalars(
                    select(Number.department_id)
                    .join(Account, Account.id == Number.account_id)
                    .where(Account.number == account)
                )
            )
            assert depts <= subtree
    nobody = Principal(3, 3, 1, "ru", "Nobody", ())
    with pytest.raises(ReportError):
        await service.build(nobody, req(ReportCode.CATEGORIES))


async def test_selection_scope(world: Database) -> None:
    service = ReportService(world)
    with pytest.raises(ReportError):
        await service.build(
            owner(), ReportRequest(ReportCode.NUMBERS, YEAR, Grouping.NUMBER, True, TODAY)
        )
    async with world.transaction() as s:
        ids = list(await s.scalars(select(Number.id).order_by(Number.id).limit(5)))
        user = User(tg_id=991, full_name="Owner", company_id=1)
        s.add(user)
        await s.flush()
        sel = Selection(user_id=user.id, company_id=1, is_current=True)
        s.add(sel)
        await s.flush()
        s.add_all(SelectionItem(selection_id=sel.id, number_id=i) for i in ids)
    me = Principal(user.id, 991, 1, "ru", "Owner", owner().grants)
    data = await service.build(
        me, ReportRequest(ReportCode.NUMBERS, YEAR, Grouping.NUMBER, True, TODAY)
    )
    assert len(data.rows) == 5


async def test_charts_and_workbook_render(world: Database) -> None:
    service = ReportService(world)
    for code, grouping in (
        (ReportCode.CATEGORIES, Grouping.CONTRACT),
        (ReportCode.TRAFFIC, Grouping.DEPARTMENT),
        (ReportCode.BALANCES, Grouping.ACCOUNT),
        (ReportCode.UNBILLED, Grouping.NUMBER),
        (ReportCode.PROMISED, Grouping.ACCOUNT),
    ):
        data = await service.build(owner(), req(code, YEAR, grouping))
        files = await service.render(owner(), data, False)
        assert len(files.charts) == len(data.charts)
        for png in files.charts:
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = struct.unpack(">II", png[16:24])
            assert width == 1080 and 600 <= height <= 1400
        content = await service.workbook(owner(), data, False)
        ws = load_workbook(io.BytesIO(content)).active
        assert ws.freeze_panes == "A3"
        last = [c.value for c in ws[ws.max_row]]
        assert last[0] == "Итого"
        assert ws.max_row == len(data.rows) + 3


def test_money_formats() -> None:
    assert format_money(123456) == "1\u00a0234,56\u00a0₽"
    assert format_money(-5) == "−0,05\u00a0₽"
    assert format_money(123456, "en") == "1,234.56\u00a0₽"
    assert format_compact_money(123_456_700) == "1,2 млн ₽"
    assert format_compact_money(35_000_000) == "350 тыс ₽"


async def test_a_chart_with_nothing_to_show_is_not_sent(world: Database) -> None:
    """No budget limits set: the spending chart comes, a picture saying "no data" does not."""
    service = ReportService(world)
    data = await service.build(owner(), req(ReportCode.BUDGET, QUARTER, Grouping.DEPARTMENT))
    files = await service.render(owner(), data, False)
    drawn = [c for c in data.charts if any(v for s in c.series for v in s.values)]
    assert 0 < len(drawn) < len(data.charts)
    assert len(files.charts) == len(drawn)
