"""What the operator does on its own as time passes: individual limits act as charges
accrue (notify at 80 % and 100 %, block at 100 % when the limit says so), promised
payments are written off on their date (repaid when the account covers them, else
overdue), and a service whose connection was deferred at the operator («Отложить
подключение до») comes on at its start. Each change is a conditional update, so running
it twice changes nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from storage.db import affected
from storage.models import (
    Account,
    Block,
    Charge,
    Number,
    NumberLimit,
    NumberService,
    NumberStatus,
    PromisedPayment,
    ServiceStatus,
)

LIMIT_WARN = 0.8


@dataclass(frozen=True)
class LimitHit:
    number_id: int
    company_id: int
    msisdn: str
    spent: int  # kopecks this month
    limit: int
    full: bool  # 100 % reached (else 80 %)
    blocked: bool  # the number was blocked just now


@dataclass(frozen=True)
class PromisedEvent:
    promised_id: int
    company_id: int
    account_id: int
    account: str
    number_id: int | None
    amount: int
    due_at: dt.datetime
    status: str  # "due" (tomorrow), "repaid", "overdue"


async def limit_hits(s: AsyncSession, now: dt.datetime) -> list[LimitHit]:
    month_start = now.date().replace(day=1)
    spent = (
        select(Charge.number_id, func.sum(Charge.amount).label("spent"))
        .where(Charge.date >= month_start)
        .group_by(Charge.number_id)
        .subquery()
    )
    rows = (
        await s.execute(
            select(
                NumberLimit.number_id,
                NumberLimit.amount,
                NumberLimit.action,
                spent.c.spent,
                Number.company_id,
                Number.msisdn,
                Number.status,
            )
            .join(spent, spent.c.number_id == NumberLimit.number_id)
            .join(Number, Number.id == NumberLimit.number_id)
            .where(NumberLimit.amount > 0, spent.c.spent >= NumberLimit.amount * LIMIT_WARN)
        )
    ).all()
    hits: list[LimitHit] = []
    for number_id, amount, action, used, company_id, msisdn, status in rows:
        full = used >= amount
        blocked = False
        if full and action == "block" and status == NumberStatus.ACTIVE:
            done = await s.execute(
                update(Number)
                .where(Number.id == number_id, Number.status == NumberStatus.ACTIVE)
                .values(status=NumberStatus.BLOCKED)
            )
            if affected(done) == 1:
                s.add(Block(number_id=number_id, kind="financial", since=now))
                history.record(
                    s,
                    company_id=company_id,
                    user_id=None,
                    action="limit.block",
                    number_id=number_id,
                    spent=int(used),
                    limit=int(amount),
                )
                blocked = True
        hits.append(LimitHit(number_id, company_id, msisdn, int(used), int(amount), full, blocked))
    return hits


async def promised_events(s: AsyncSession, now: dt.datetime) -> list[PromisedEvent]:
    """Due tomorrow: announced; due now: written off, repaid or overdue."""
    rows = (
        await s.execute(
            select(PromisedPayment, Account.company_id, Account.number)
            .join(Account, Account.id == PromisedPayment.account_id)
            .where(
                PromisedPayment.status == "active",
                PromisedPayment.due_at <= now + dt.timedelta(days=1),
            )
        )
    ).all()
    out: list[PromisedEvent] = []
    for pp, company_id, account_number in rows:
        status = "due"
        if pp.due_at <= now:
            balance = await s.scalar(select(Account.balance).where(Account.id == pp.account_id))
            status = "repaid" if (balance or 0) >= pp.amount else "overdue"
            done = await s.execute(
                update(PromisedPayment)
                .where(PromisedPayment.id == pp.id, PromisedPayment.status == "active")
                .values(status=status)
            )
            if affected(done) != 1:
                continue
            await s.execute(
                update(Account)
                .where(Account.id == pp.account_id)
                .values(balance=Account.balance - pp.amount)
            )
            history.record(
                s,
                company_id=company_id,
                user_id=None,
                action=f"promised.{status}",
                number_id=pp.number_id,
                amount=pp.amount,
            )
        out.append(
            PromisedEvent(
                pp.id,
                company_id,
                pp.account_id,
                account_number,
                pp.number_id,
                pp.amount,
                pp.due_at,
                status,
            )
        )
    return out


async def start_due_services(s: AsyncSession, now: dt.datetime) -> int:
    """Deferred connections whose time has come go on; how many."""
    rows = (
        await s.execute(
            select(NumberService.id, NumberService.number_id, NumberService.service_id)
            .where(NumberService.status == ServiceStatus.PENDING, NumberService.start_at <= now)
            .limit(5000)
        )
    ).all()
    started = 0
    for row_id, number_id, service_id in rows:
        done = await s.execute(
            update(NumberService)
            .where(NumberService.id == row_id, NumberService.status == ServiceStatus.PENDING)
            .values(status=ServiceStatus.ACTIVE, connected_at=NumberService.start_at)
        )
        if affected(done) != 1:
            continue
        company_id = await s.scalar(select(Number.company_id).where(Number.id == number_id))
        history.record(
            s,
            company_id=company_id,
            user_id=None,
            action="service.started",
            number_id=number_id,
            service_id=service_id,
        )
        started += 1
    return started
