"""SQL of the alerts: preferences, thresholds, what is low or waiting, the once-only log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Principal
from storage.models import (
    Account,
    AlertKind,
    AlertLog,
    AlertPref,
    ApprovalMessage,
    ApprovalRequest,
    BalanceThreshold,
    Number,
    Operation,
    OperationItem,
    User,
)

__all__ = ["AsyncSession"]


@dataclass(frozen=True)
class Channels:
    telegram: bool
    email: bool


@dataclass(frozen=True)
class ThresholdView:
    account_id: int
    number: str  # 12-digit personal account
    name: str
    balance: int
    threshold: int | None


@dataclass(frozen=True)
class LowBalance:
    account_id: int
    company_id: int
    number: str
    balance: int
    threshold: int


@dataclass(frozen=True)
class Waiting:
    request_id: int
    company_id: int
    requester: str
    approvers: tuple[int, ...]


@dataclass(frozen=True)
class OperationBrief:
    id: int
    code: str
    deferred: bool
    done: int
    total: int
    numbers: list[tuple[int, str]]  # (number id, msisdn) of the items done
    params: dict[str, object]
    accounts: list[tuple[int, str]]  # (account id, 12 digits) the money moved between


@dataclass(frozen=True)
class Person:
    user_id: int
    tg_id: int
    language: str
    email: str | None


async def prefs(s: AsyncSession, user_id: int) -> dict[AlertKind, Channels]:
    rows = await s.execute(
        select(AlertPref.kind, AlertPref.telegram, AlertPref.email).where(
            AlertPref.user_id == user_id
        )
    )
    return {kind: Channels(tg, mail) for kind, tg, mail in rows}


async def save_pref(s: AsyncSession, user_id: int, kind: AlertKind, tg: bool, mail: bool) -> None:
    row = await s.get(AlertPref, (user_id, kind))
    if row is None:
        s.add(AlertPref(user_id=user_id, kind=kind, telegram=tg, email=mail))
    else:
        row.telegram, row.email = tg, mail


async def company_of(s: AsyncSession, user_id: int) -> int | None:
    return await s.scalar(select(User.company_id).where(User.id == user_id))


async def account_in_scope(s: AsyncSession, principal: Principal, account_id: int) -> bool:
    found = await s.scalar(
        select(Number.id)
        .where(Number.account_id == account_id, principal.number_scope("numbers"))
        .limit(1)
    )
    return found is not None


async def thresholds(s: AsyncSession, principal: Principal) -> list[ThresholdView]:
    in_scope = select(Number.account_id).where(principal.number_scope("numbers")).distinct()
    rows = await s.execute(
        select(Account.id, Account.number, Account.name, Account.balance, BalanceThreshold.amount)
        .outerjoin(BalanceThreshold, BalanceThreshold.account_id == Account.id)
        .where(Account.company_id == principal.company_id, Account.id.in_(in_scope))
        .order_by(Account.number)
    )
    return [ThresholdView(*r) for r in rows]


async def save_threshold(s: AsyncSession, account_id: int, amount: int, user_id: int) -> None:
    row = await s.get(BalanceThreshold, account_id)
    if amount == 0:  # no threshold: no alert
        if row is not None:
            await s.delete(row)
        return
    if row is None:
        s.add(BalanceThreshold(account_id=account_id, amount=amount, set_by=user_id))
    else:
        row.amount, row.set_by = amount, user_id


async def low_balances(s: AsyncSession) -> list[LowBalance]:
    rows = await s.execute(
        select(
            Account.id, Account.company_id, Account.number, Account.balance, BalanceThreshold.amount
        )
        .join(BalanceThreshold, BalanceThreshold.account_id == Account.id)
        .where(Account.balance < BalanceThreshold.amount)
    )
    return [LowBalance(*r) for r in rows]


async def waiting_requests(s: AsyncSession, before: dt.datetime) -> list[Waiting]:
    rows = (
        await s.execute(
            select(ApprovalRequest.id, ApprovalRequest.company_id, User.full_name)
            .join(User, User.id == ApprovalRequest.requester_id)
            .where(ApprovalRequest.status == "pending", ApprovalRequest.created_at < before)
        )
    ).all()
    out = []
    for request_id, company_id, name in rows:
        approvers = tuple(
            await s.scalars(
                select(ApprovalMessage.user_id)
                .where(ApprovalMessage.request_id == request_id)
                .distinct()
            )
        )
        if approvers:
            out.append(Waiting(request_id, company_id, name or "—", approvers))
    return out


async def operation_brief(s: AsyncSession, operation_id: int) -> OperationBrief | None:
    op = await s.get(Operation, operation_id)
    if op is None:
        return None
    numbers = (
        await s.execute(
            select(Number.id, Number.msisdn)
            .join(OperationItem, OperationItem.number_id == Number.id)
            .where(OperationItem.operation_id == operation_id, OperationItem.status == "done")
            .order_by(Number.id)
            .limit(50)
        )
    ).all()
    accounts: list[tuple[int, str]] = []
    if op.code == "move_funds" and numbers:
        source = select(Number.account_id).where(Number.id.in_([i for i, _m in numbers]))
        target = op.params.get("to_account_id")
        rows = await s.execute(
            select(Account.id, Account.number).where(
                Account.id.in_(source) | (Account.id == (int(target) if target else -1))
            )
        )
        accounts = [(int(i), str(n)) for i, n in rows]
    return OperationBrief(
        op.id,
        op.code,
        op.run_at is not None,
        op.done,
        op.total,
        [(int(i), str(m)) for i, m in numbers],
        dict(op.params),
        accounts,
    )


async def log_once(
    s: AsyncSession, sqlite: bool, user_id: int, kind: AlertKind, cause: str, period: str
) -> bool:
    """Record that this alert goes to this user; False when it already went this period."""
    if sqlite:
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
    stmt = (
        insert(AlertLog)
        .values(user_id=user_id, kind=kind, cause=cause, period=period)
        .on_conflict_do_nothing()
        .returning(AlertLog.id)
    )
    return (await s.execute(stmt)).first() is not None


async def company_tg_ids(s: AsyncSession, company_id: int) -> list[int]:
    return list(
        await s.scalars(
            select(User.tg_id).where(User.company_id == company_id, User.active).order_by(User.id)
        )
    )


async def people(s: AsyncSession, user_ids: list[int]) -> dict[int, Person]:
    if not user_ids:
        return {}
    rows = await s.execute(
        select(User.id, User.tg_id, User.language, User.email).where(
            User.id.in_(user_ids), User.active
        )
    )
    return {r[0]: Person(*r) for r in rows}
