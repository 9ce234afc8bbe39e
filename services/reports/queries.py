"""The reports' SQL: every figure is a GROUP BY in the database, scoped by ``ReportScope``.

Each function returns already-aggregated rows (one per group, month or category); Python
only shapes them. Indexes these rely on (storage/models/billing.py): charges (number_id,
date) and (account_id, date), charges (date, number_id) for company-wide ranges, payments
(account_id, date), traffic (number_id, period) and traffic (period), promised_payments
(account_id) and (created_at).
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
    Payment,
    PromisedPayment,
    Tariff,
    Traffic,
)

Row = Sequence[Any]
ZERO = literal(0)


def month_of(col: ColumnElement[Any], sqlite: bool) -> ColumnElement[Any]:
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


def _sum_if(cond: ColumnElement[bool], value: ColumnElement[Any]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((cond, value), else_=ZERO)), 0)


def _category_is(code: str) -> ColumnElement[bool]:
    if code == "oneoff":  # anything not named elsewhere is a one-off charge
        return Charge.category.notin_(CATEGORIES[:-1])
    return Charge.category == code


# ---- charges ---------------------------------------------------------------------------


async def charges_by_group(
    s: AsyncSession, scope: ReportScope, period: Period, grouping: Grouping
) -> list[Row]:
    """Per group: one column per category, the total, the previous period's total."""
    prev = period.previous()
    now = Charge.date >= period.start
    cols = group_columns(grouping)
    q = (
        select(
            *cols,
            *(_sum_if(and_(now, _category_is(c)), Charge.amount).label(c) for c in CATEGORIES),
            _sum_if(now, Charge.amount).label("total"),
            _sum_if(Charge.date < period.start, Charge.amount).label("prev"),
        )
        .select_from(
            join_group(Charge.__table__.join(Number, Number.id == Charge.number_id), grouping)
        )
        .where(scope.numbers, Charge.date >= prev.start, Charge.date <= period.end)
        .group_by(*cols)
        .order_by(func.sum(case((now, Charge.amount), else_=ZERO)).desc())
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
    """(month, category bucket, amount) over the period."""
    month = month_of(Charge.date, scope.sqlite)
    bucket = case(
        *((Charge.category == c, literal(c)) for c in CATEGORIES[:-1]), else_=literal("oneoff")
    )
    q = (
        select(month.label("m"), bucket.label("c"), func.sum(Charge.amount))
        .select_from(Charge.__table__.join(Number, Number.id == Charge.number_id))
        .where(scope.numbers, Charge.date >= period.start, Charge.date <= period.end)
        .group_by(month, bucket)
        .order_by(month)
    )
    return list((await s.execute(q)).all())


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
            _sum_if(and_(now, fixed), Charge.amount).label("fixed"),
            _sum_if(and_(now, ~fixed), Charge.amount).label("usage"),
            _sum_if(now, Charge.amount).label("total"),
            _sum_if(Charge.date <= prev.end, Charge.amount).label("prev"),
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


async def spend_by_tariff(s: AsyncSession, scope: ReportScope, period: Period) -> list[Row]:
    q = (
        select(Tariff.name, func.sum(Charge.amount))
        .select_from(
            Charge.__table__.join(Number, Number.id == Charge.number_id).join(
                Tariff, Tariff.id == Number.tariff_id
            )
        )
        .where(scope.numbers, Charge.date >= period.start, Charge.date <= period.end)
        .group_by(Tariff.name)
        .order_by(func.sum(Charge.amount).desc())
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
            _sum_if(now, Traffic.voice_min).label("voice_min"),
            _sum_if(now, Traffic.sms).label("sms"),
            _sum_if(now, Traffic.data_mb).label("data_mb"),
            _sum_if(~now, Traffic.data_mb).label("prev"),
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


# ---- accounts: payments, balances, promised payments -----------------------------------


def _account_group(grouping: Grouping) -> list[KeyedColumnElement[Any]]:
    if grouping == Grouping.CONTRACT:
        return [Contract.number.label("g_code"), Contract.name.label("g_name")]
    return [Account.number.label("g_code"), Account.name.label("g_name")]


async def payments_by_group(
    s: AsyncSession, scope: ReportScope, period: Period, grouping: Grouping
) -> list[Row]:
    """Per group: opening balance, charged, paid, closing balance, previous charged.

    The closing balance is today's balance less what came in after the period plus what was
    charged after it; the opening one is the closing less this period's payments plus its
    charges. So every row reconciles: opening + paid − charged = closing.
    """
    prev = period.previous()
    c_in = and_(Charge.date >= period.start, Charge.date <= period.end)
    charged = (
        select(
            Charge.account_id.label("aid"),
            _sum_if(c_in, Charge.amount).label("charged"),
            _sum_if(Charge.date > period.end, Charge.amount).label("after"),
            _sum_if(Charge.date < period.start, Charge.amount).label("prev"),
        )
        .where(Charge.date >= prev.start)
        .group_by(Charge.account_id)
        .subquery()
    )
    p_in = and_(Payment.date >= period.start, Payment.date <= period.end)
    paid = (
        select(
            Payment.account_id.label("aid"),
            _sum_if(p_in, Payment.amount).label("paid"),
            _sum_if(Payment.date > period.end, Payment.amount).label("after"),
        )
        .where(Payment.date >= period.start)
        .group_by(Payment.account_id)
        .subquery()
    )
    ch = func.coalesce(charged.c.charged, 0)
    ch_after = func.coalesce(charged.c.after, 0)
    pd = func.coalesce(paid.c.paid, 0)
    pd_after = func.coalesce(paid.c.after, 0)
    closing = Account.balance - pd_after + ch_after
    cols = _account_group(grouping)
    q = (
        select(
            *cols,
            func.sum(closing - pd + ch).label("opening"),
            func.sum(ch).label("charged"),
            func.sum(pd).label("paid"),
            func.sum(closing).label("closing"),
            func.sum(func.coalesce(charged.c.prev, 0)).label("prev"),
        )
        .select_from(Account)
        .join(Contract, Contract.id == Account.contract_id)
        .outerjoin(charged, charged.c.aid == Account.id)
        .outerjoin(paid, paid.c.aid == Account.id)
        .where(scope.accounts)
        .group_by(*cols)
        .order_by(func.sum(ch).desc())
    )
    return list((await s.execute(q)).all())


async def payments_by_month(s: AsyncSession, scope: ReportScope, period: Period) -> list[Row]:
    """(month, charged, paid) of the accounts in scope."""
    cm = month_of(Charge.date, scope.sqlite)
    charged = (
        select(cm.label("m"), func.sum(Charge.amount).label("v"))
        .select_from(Charge.__table__.join(Account, Account.id == Charge.account_id))
        .where(scope.accounts, Charge.date >= period.start, Charge.date <= period.end)
        .group_by(cm)
    )
    pm = month_of(Payment.date, scope.sqlite)
    paid = (
        select(pm.label("m"), func.sum(Payment.amount).label("v"))
        .select_from(Payment.__table__.join(Account, Account.id == Payment.account_id))
        .where(scope.accounts, Payment.date >= period.start, Payment.date <= period.end)
        .group_by(pm)
    )
    out: dict[str, list[int]] = {}
    for i, q in enumerate((charged, paid)):
        for m, v in (await s.execute(q)).all():
            out.setdefault(as_date(m).isoformat(), [0, 0])[i] = int(v or 0)
    return [(m, *vals) for m, vals in sorted(out.items())]


BALANCE_STATE = ("below_zero", "near_limit", "ok")


def _state() -> ColumnElement[str]:
    """Below zero with no credit left; near the limit: under a fifth of the credit left."""
    available = Account.balance + Account.credit_limit
    return case(
        (and_(Account.balance < 0, available <= 0), literal("below_zero")),
        (Account.balance < 0, literal("near_limit")),
        (
            and_(Account.credit_limit > 0, available * 5 < Account.credit_limit),
            literal("near_limit"),
        ),
        else_=literal("ok"),
    )


async def balances(s: AsyncSession, scope: ReportScope, grouping: Grouping) -> list[Row]:
    state = _state()
    if grouping == Grouping.CONTRACT:
        cols = _account_group(grouping)
        q = (
            select(
                *cols,
                func.count(Account.id),
                func.sum(Account.balance),
                func.sum(Account.credit_limit),
                func.sum(case((state == "below_zero", 1), else_=0)),
                func.sum(case((state == "near_limit", 1), else_=0)),
            )
            .select_from(Account)
            .join(Contract, Contract.id == Account.contract_id)
            .where(scope.accounts)
            .group_by(*cols)
            .order_by(func.sum(Account.balance))
        )
    else:
        q = (
            select(
                Account.number,
                Account.name,
                Contract.number,
                Account.settlement,
                Account.balance,
                Account.credit_limit,
                state,
            )
            .select_from(Account)
            .join(Contract, Contract.id == Account.contract_id)
            .where(scope.accounts)
            .order_by(Account.balance, Account.number)
        )
    return list((await s.execute(q)).all())


async def balance_states(s: AsyncSession, scope: ReportScope) -> list[Row]:
    state = _state()
    q = select(state, func.count(), func.sum(Account.balance)).where(scope.accounts).group_by(state)
    return list((await s.execute(q)).all())


def _promised_scope(scope: ReportScope) -> ColumnElement[bool]:
    """A number's promised payment follows the number; an account's follows the account."""
    in_numbers = PromisedPayment.number_id.in_(select(Number.id).where(scope.numbers))
    account_level = and_(
        PromisedPayment.number_id.is_(None),
        PromisedPayment.account_id.in_(select(Account.id).where(scope.accounts)),
    )
    return or_(in_numbers, account_level)


def _promised_in(period: Period) -> ColumnElement[bool]:
    start = dt.datetime.combine(period.start, dt.time(), dt.UTC)
    end = dt.datetime.combine(period.end_exclusive, dt.time(), dt.UTC)
    return and_(PromisedPayment.created_at >= start, PromisedPayment.created_at < end)


async def promised_by_group(
    s: AsyncSession, scope: ReportScope, period: Period, grouping: Grouping
) -> list[Row]:
    cols = _account_group(grouping)
    status = PromisedPayment.status
    q = (
        select(
            *cols,
            func.count(PromisedPayment.id).label("taken_n"),
            func.sum(PromisedPayment.amount).label("taken"),
            _sum_if(status == "repaid", PromisedPayment.amount).label("repaid"),
            _sum_if(status == "overdue", PromisedPayment.amount).label("overdue"),
            _sum_if(status == "active", PromisedPayment.amount).label("active"),
        )
        .select_from(PromisedPayment)
        .join(Account, Account.id == PromisedPayment.account_id)
        .join(Contract, Contract.id == Account.contract_id)
        .where(_promised_scope(scope), _promised_in(period))
        .group_by(*cols)
        .order_by(func.sum(PromisedPayment.amount).desc())
    )
    return list((await s.execute(q)).all())


async def promised_by_month(s: AsyncSession, scope: ReportScope, period: Period) -> list[Row]:
    month = month_of(PromisedPayment.created_at, scope.sqlite)
    q = (
        select(month, PromisedPayment.status, func.sum(PromisedPayment.amount))
        .where(_promised_scope(scope), _promised_in(period))
        .group_by(month, PromisedPayment.status)
        .order_by(month)
    )
    return list((await s.execute(q)).all())
