"""The reports' SQL over numbers: every figure is a GROUP BY in the database, scoped by
``ReportScope``; each function returns already-aggregated rows (one per group, month or
category) and Python only shapes them.

Indexes these rely on (storage/models/billing.py): charges (number_id, date, category,
amount), covering, so a number's sums over a date range never touch the table; traffic
(number_id, period); numbers (company_id, status), (department_id), (account_id).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import KeyedColumnElement
from sqlalchemy.sql.selectable import FromClause

from services.periods import Period
from services.reports.scope import ReportScope
from services.reports.spec import CATEGORIES, Grouping
from storage.models import (
    Account,
    Charge,
    Contract,
    Department,
    Number,
    Tariff,
    Traffic,
)

Row = Sequence[Any]
Expr = ColumnElement[Any] | InstrumentedAttribute[Any]
ZERO = literal(0)


def month_of(col: Expr, sqlite: bool) -> ColumnElement[Any]:
    """The column's month: "YYYY-MM" text on SQLite (substr is far cheaper than strftime,
    and dates are stored as ISO text), the first day as a date on PostgreSQL."""
    if sqlite:
        return func.substr(col, 1, 7)
    return cast(func.date_trunc("month", col), Date)


def as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    return dt.date.fromisoformat(text[:10] if len(text) >= 10 else f"{text[:7]}-01")


def group_columns(grouping: Grouping) -> list[KeyedColumnElement[Any]]:
    """What names a group in the table: the label columns of the grouping (first is the key)."""
    if grouping == Grouping.CONTRACT:
        return [Contract.number.label("g_code"), Contract.name.label("g_name")]
    if grouping == Grouping.ACCOUNT:
        return [Account.number.label("g_code"), Account.name.label("g_name")]
    if grouping == Grouping.DEPARTMENT:
        return [func.coalesce(Department.name, "—").label("g_code")]
    return [Number.msisdn.label("g_code"), Number.holder_name.label("g_name")]


def join_group(base: FromClause, grouping: Grouping, number: Any = Number) -> FromClause:
    """Join what the grouping needs onto a FROM that already has numbers."""
    if grouping == Grouping.CONTRACT:
        return base.join(Contract, Contract.id == number.contract_id)
    if grouping == Grouping.ACCOUNT:
        return base.join(Account, Account.id == number.account_id)
    if grouping == Grouping.DEPARTMENT:
        return base.outerjoin(Department, Department.id == number.department_id)
    return base


def sum_if(cond: ColumnElement[bool], value: Expr) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((cond, value), else_=ZERO)), 0)


def _category_is(code: str) -> ColumnElement[bool]:
    if code == "oneoff":  # anything not named elsewhere is a one-off charge
        return Charge.category.notin_(CATEGORIES[:-1])
    return Charge.category == code


# ---- charges ---------------------------------------------------------------------------


def group_key(grouping: Grouping) -> InstrumentedAttribute[Any]:
    """The number's column that says which group it is in (an integer: cheap to group by)."""
    if grouping == Grouping.CONTRACT:
        return Number.contract_id
    if grouping == Grouping.ACCOUNT:
        return Number.account_id
    if grouping == Grouping.DEPARTMENT:
        return Number.department_id
    return Number.id


def label_groups(keyed: FromClause, key: Any, grouping: Grouping) -> FromClause:
    """Join the group's names onto rows that carry its key."""
    if grouping == Grouping.CONTRACT:
        return keyed.join(Contract, Contract.id == key)
    if grouping == Grouping.ACCOUNT:
        return keyed.join(Account, Account.id == key)
    if grouping == Grouping.DEPARTMENT:
        return keyed.outerjoin(Department, Department.id == key)
    return keyed.join(Number, Number.id == key)


NAMED = CATEGORIES[:-1]  # "oneoff" is whatever is not one of these


async def charges_by_group(
    s: AsyncSession, scope: ReportScope, period: Period, grouping: Grouping
) -> list[Row]:
    """Per group: one column per category, the total, the previous period's total.

    Grouped first by the number's integer group key, each period on its own, and only the
    few resulting rows get their names joined: every charge row costs one simple CASE per
    category and nothing else (conditions on the date inside each sum, and grouping by the
    name text, made it three times slower on 10,000 numbers × 12 months).
    """
    prev = period.previous()
    key = group_key(grouping)
    base = Charge.__table__.join(Number, Number.id == Charge.number_id)
    zero = literal(0)
    now = (
        select(
            key.label("k"),
            *(
                func.sum(case({c: Charge.amount}, value=Charge.category, else_=zero)).label(c)
                for c in NAMED
            ),
            func.sum(Charge.amount).label("total"),
            zero.label("prev"),
        )
        .select_from(base)
        .where(scope.numbers, Charge.date >= period.start, Charge.date <= period.end)
        .group_by(key)
    )
    before = (
        select(
            key.label("k"),
            *(zero.label(c) for c in NAMED),
            zero.label("total"),
            func.sum(Charge.amount).label("prev"),
        )
        .select_from(base)
        .where(scope.numbers, Charge.date >= prev.start, Charge.date < period.start)
        .group_by(key)
    )
    both = now.union_all(before).subquery()
    cols = group_columns(grouping)
    named = [func.sum(both.c[c]) for c in NAMED]
    total = func.sum(both.c.total)
    q = (
        select(
            *cols,
            *(n.label(c) for n, c in zip(named, NAMED, strict=True)),
            (total - sum(named[1:], named[0])).label("oneoff"),
            total.label("total"),
            func.sum(both.c.prev).label("prev"),
        )
        .select_from(label_groups(both, both.c.k, grouping))
        .group_by(both.c.k, *cols)
        .order_by(total.desc(), cols[0])
    )
    return list((await s.execute(q)).all())


async def charges_total(s: AsyncSession, scope: ReportScope, period: Period) -> int:
    """The bare aggregate: what the benchmark compares the whole report with."""
    q = (
        select(func.coalesce(func.sum(Charge.amount), 0))
        .select_from(Charge.__table__.join(Number, Number.id == Charge.number_id))
        .where(scope.numbers, Charge.date >= period.start, Charge.date <= period.end)
    )
    return int(await s.scalar(q) or 0)


async def charges_by_month(s: AsyncSession, scope: ReportScope, period: Period) -> list[Row]:
    """(month, category bucket, amount) over the period. The database sums per month and
    stored category; the few resulting rows are folded into the report's buckets here."""
    month = month_of(Charge.date, scope.sqlite)
    q = (
        select(month.label("m"), Charge.category, func.sum(Charge.amount))
        .select_from(Charge.__table__.join(Number, Number.id == Charge.number_id))
        .where(scope.numbers, Charge.date >= period.start, Charge.date <= period.end)
        .group_by(month, Charge.category)
        .order_by(month)
    )
    out: dict[tuple[Any, str], int] = {}
    for m, category, amount in (await s.execute(q)).all():
        bucket = category if category in NAMED else "oneoff"
        out[(m, bucket)] = out.get((m, bucket), 0) + int(amount or 0)
    return [(m, c, v) for (m, c), v in out.items()]


async def charges_by_day(s: AsyncSession, scope: ReportScope, period: Period) -> list[Row]:
    q = (
        select(Charge.date, func.sum(Charge.amount))
        .select_from(Charge.__table__.join(Number, Number.id == Charge.number_id))
        .where(scope.numbers, Charge.date >= period.start, Charge.date <= period.end)
        .group_by(Charge.date)
        .order_by(Charge.date)
    )
    return list((await s.execute(q)).all())


FIXED = ("subscription", "services")


async def unbilled_by_group(
    s: AsyncSession, scope: ReportScope, period: Period, grouping: Grouping
) -> list[Row]:
    """Per group: fixed fees and usage so far this month, and the same days last month."""
    prev = period.previous()
    now = Charge.date >= period.start
    fixed = Charge.category.in_(FIXED)
    cols = group_columns(grouping)
    q = (
        select(
            *cols,
            sum_if(and_(now, fixed), Charge.amount).label("fixed"),
            sum_if(and_(now, ~fixed), Charge.amount).label("usage"),
            sum_if(now, Charge.amount).label("total"),
            sum_if(Charge.date <= prev.end, Charge.amount).label("prev"),
        )
        .select_from(
            join_group(Charge.__table__.join(Number, Number.id == Charge.number_id), grouping)
        )
        .where(
            scope.numbers,
            Charge.date >= prev.start,
            Charge.date <= period.end,
            or_(now, Charge.date <= prev.end),
        )
        .group_by(*cols)
        .order_by(func.sum(case((now, Charge.amount), else_=ZERO)).desc())
    )
    return list((await s.execute(q)).all())


# ---- numbers ---------------------------------------------------------------------------


async def numbers_list(s: AsyncSession, scope: ReportScope, period: Period) -> list[Row]:
    """Every number in scope with its spend: a per-number SUM that the covering charges
    index answers without touching the table."""
    spend = func.coalesce(
        select(func.sum(Charge.amount))
        .where(
            Charge.number_id == Number.id,
            Charge.date >= period.start,
            Charge.date <= period.end,
        )
        .correlate(Number)
        .scalar_subquery(),
        0,
    ).label("spend")
    q = (
        select(
            Number.msisdn,
            Number.holder_name,
            func.coalesce(Department.name, "—"),
            Tariff.name,
            Number.status,
            spend,
        )
        .select_from(Number)
        .join(Tariff, Tariff.id == Number.tariff_id)
        .outerjoin(Department, Department.id == Number.department_id)
        .where(scope.numbers)
        .order_by(spend.desc(), Number.msisdn)
    )
    return list((await s.execute(q)).all())


async def numbers_by_status(s: AsyncSession, scope: ReportScope) -> list[Row]:
    q = select(Number.status, func.count()).where(scope.numbers).group_by(Number.status)
    return list((await s.execute(q)).all())


# ---- traffic ---------------------------------------------------------------------------


def _traffic_window(period: Period) -> tuple[dt.date, dt.date]:
    """Traffic is stored per month: a month counts when its first day is in the range."""
    return period.start.replace(day=1), period.end


async def traffic_by_group(
    s: AsyncSession, scope: ReportScope, period: Period, grouping: Grouping
) -> list[Row]:
    start, end = _traffic_window(period)
    pstart, _ = _traffic_window(period.previous())
    now = Traffic.period >= start
    cols = group_columns(grouping)
    q = (
        select(
            *cols,
            sum_if(now, Traffic.voice_min).label("voice_min"),
            sum_if(now, Traffic.sms).label("sms"),
            sum_if(now, Traffic.data_mb).label("data_mb"),
            sum_if(~now, Traffic.data_mb).label("prev"),
        )
        .select_from(
            join_group(Traffic.__table__.join(Number, Number.id == Traffic.number_id), grouping)
        )
        .where(scope.numbers, Traffic.period >= pstart, Traffic.period <= end)
        .group_by(*cols)
        .order_by(func.sum(case((now, Traffic.data_mb), else_=ZERO)).desc())
    )
    return list((await s.execute(q)).all())


async def traffic_by_month(s: AsyncSession, scope: ReportScope, period: Period) -> list[Row]:
    start, end = _traffic_window(period)
    q = (
        select(
            Traffic.period,
            func.sum(Traffic.voice_min),
            func.sum(Traffic.sms),
            func.sum(Traffic.data_mb),
        )
        .select_from(Traffic.__table__.join(Number, Number.id == Traffic.number_id))
        .where(scope.numbers, Traffic.period >= start, Traffic.period <= end)
        .group_by(Traffic.period)
        .order_by(Traffic.period)
    )
    return list((await s.execute(q)).all())


async def traffic_top_numbers(
    s: AsyncSession, scope: ReportScope, period: Period, limit: int = 10
) -> list[Row]:
    start, end = _traffic_window(period)
    total = func.sum(Traffic.data_mb)
    q = (
        select(Number.msisdn, Number.holder_name, total)
        .select_from(Traffic.__table__.join(Number, Number.id == Traffic.number_id))
        .where(scope.numbers, Traffic.period >= start, Traffic.period <= end)
        .group_by(Number.msisdn, Number.holder_name)
        .order_by(total.desc())
        .limit(limit)
    )
    return list((await s.execute(q)).all())
