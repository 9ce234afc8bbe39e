"""The reports' SQL for money that belongs to a personal account as a whole: payments,
balances, promised payments. Scoped by ``ReportScope.accounts``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import KeyedColumnElement

from services.periods import Period
from services.reports.queries import Row, as_date, month_of, sum_if
from services.reports.scope import ReportScope
from services.reports.spec import Grouping
from storage.models import Account, Charge, Contract, Number, Payment, PromisedPayment

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
            sum_if(c_in, Charge.amount).label("charged"),
            sum_if(Charge.date > period.end, Charge.amount).label("after"),
            sum_if(Charge.date < period.start, Charge.amount).label("prev"),
        )
        .where(Charge.date >= prev.start)
        .group_by(Charge.account_id)
        .subquery()
    )
    p_in = and_(Payment.date >= period.start, Payment.date <= period.end)
    paid = (
        select(
            Payment.account_id.label("aid"),
            sum_if(p_in, Payment.amount).label("paid"),
            sum_if(Payment.date > period.end, Payment.amount).label("after"),
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
        return list((await s.execute(q)).all())
    rows = (
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
    return list((await s.execute(rows)).all())


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
            sum_if(status == "repaid", PromisedPayment.amount).label("repaid"),
            sum_if(status == "overdue", PromisedPayment.amount).label("overdue"),
            sum_if(status == "active", PromisedPayment.amount).label("active"),
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
