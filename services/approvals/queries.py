"""The SQL of approvals: loading requests, finding approvers, the conditional updates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from services.access import ScopedGrant
from services.approvals.data import RequestInfo, Status
from services.approvals.policy import LEVELS, NumberSet, can_approve, grant_level, performing
from services.formatting import DEFAULT_TZ, pretty_phone
from storage.db import affected
from storage.models import (
    Account,
    ApprovalMessage,
    ApprovalRequest,
    Contract,
    Department,
    FreeNumber,
    Grant,
    ItemStatus,
    Number,
    Operation,
    OperationItem,
    OperationStatus,
    Role,
    ScopeKind,
    Service,
    Tariff,
    User,
)


async def load_infos(s: AsyncSession, ids: Sequence[int]) -> list[RequestInfo]:
    """Requests with their operation, people and counts, in the order of `ids`."""
    if not ids:
        return []
    requester = User.__table__.alias("requester")
    decider = User.__table__.alias("decider")
    rows = (
        await s.execute(
            select(ApprovalRequest, Operation, requester.c.full_name, decider.c.full_name)
            .join(Operation, Operation.id == ApprovalRequest.operation_id)
            .join(requester, requester.c.id == ApprovalRequest.requester_id)
            .outerjoin(decider, decider.c.id == ApprovalRequest.decided_by)
            .where(ApprovalRequest.id.in_(list(ids)))
        )
    ).all()
    # Counted from the items: the pipeline may fill Operation.total later.
    counts = {
        op_id: (n, first, tz)
        for op_id, n, first, tz in await s.execute(
            select(
                OperationItem.operation_id,
                func.count(),
                func.min(Number.msisdn),
                func.min(Contract.timezone),  # times are shown in the contract's zone
            )
            .join(Number, Number.id == OperationItem.number_id)
            .join(Contract, Contract.id == Number.contract_id)
            .where(
                OperationItem.operation_id.in_([op.id for _r, op, _a, _b in rows]),
                OperationItem.status != ItemStatus.SKIPPED,
            )
            .group_by(OperationItem.operation_id)
        )
    }
    by_id = {}
    for r, op, a, b in rows:
        count, first, tz = counts.get(op.id, (0, None, None))
        by_id[r.id] = _to_info(r, op, a, b, count, first, tz, await names_of(s, op.params or {}))
    return [by_id[i] for i in ids if i in by_id]


async def first_numbers(s: AsyncSession, operation_id: int, limit: int) -> list[tuple[str, str]]:
    """(msisdn, holder) of the operation's first numbers."""
    return [
        (m, h)
        for m, h in await s.execute(
            select(Number.msisdn, Number.holder_name)
            .join(OperationItem, OperationItem.number_id == Number.id)
            .where(
                OperationItem.operation_id == operation_id,
                OperationItem.status != ItemStatus.SKIPPED,
            )
            .order_by(Number.msisdn)
            .limit(limit)
        )
    ]


# Ids that mean a row: shown by its name.
_LOOKUPS: dict[str, tuple[InstrumentedAttribute[int], InstrumentedAttribute[str]]] = {
    "tariff_id": (Tariff.id, Tariff.name),
    "service_id": (Service.id, Service.name),
    "free_number_id": (FreeNumber.id, FreeNumber.msisdn),
    "to_account_id": (Account.id, Account.number),
}


async def names_of(s: AsyncSession, params: dict[str, Any]) -> dict[str, str]:
    """The rows the parameters point to, looked up once per request."""
    out: dict[str, str] = {}
    for key, (id_column, column) in _LOOKUPS.items():
        value = params.get(key)
        if isinstance(value, int):
            name = await s.scalar(select(column).where(id_column == value))
            if name is not None:
                out[key] = pretty_phone(name) if key == "free_number_id" else name
    return out


def pending_first() -> Any:
    return case((ApprovalRequest.status == Status.PENDING.value, 0), else_=1)


def _to_info(
    r: ApprovalRequest,
    op: Operation,
    requester: str,
    decider: str | None,
    count: int,
    first: str | None,
    timezone: str | None,
    names: dict[str, str],
) -> RequestInfo:
    return RequestInfo(
        id=r.id,
        company_id=r.company_id,
        operation_id=op.id,
        code=op.code,
        params=dict(op.params or {}),
        cost=op.cost,
        count=count,
        requester_id=r.requester_id,
        requester_name=requester or "",
        approver_level=r.approver_level,
        reason=r.reason or "",
        status=Status(r.status),
        escalated=r.escalated,
        created_at=r.created_at,
        expires_at=r.expires_at,
        decided_by=r.decided_by,
        decided_by_name=decider,
        decided_at=r.decided_at,
        decision_reason=r.decision_reason,
        op_status=op.status,
        run_at=op.run_at,
        done=op.done,
        failed=op.failed,
        first_number=first if count == 1 else None,
        timezone=timezone or DEFAULT_TZ,
        names=names,
    )


@dataclass(frozen=True)
class Approver:
    user_id: int
    tg_id: int
    language: str


async def find_approvers(
    s: AsyncSession,
    company_id: int,
    code: str,
    level: str,
    numbers: NumberSet,
    requester_id: int,
) -> list[Approver]:
    """Who to ask at exactly this level: managers in the tree first, admins only when
    it needs an admin or no manager covers it (they may still decide anything below)."""
    roles = {r.id: r for r in await s.scalars(select(Role).where(Role.company_id == company_id))}
    # Screen roles first: most grants in a company are employees' own numbers.
    wanted = [
        rid
        for rid, r in roles.items()
        if performing([probe(r)], code, LEVELS[level]) and grant_level(probe(r)) == LEVELS[level]
    ]
    if not wanted:
        return []
    rows = await s.execute(
        select(Grant, Department.path, User.tg_id, User.language)
        .join(User, User.id == Grant.user_id)
        .outerjoin(Department, Department.id == Grant.department_id)
        .where(
            Grant.role_id.in_(wanted),
            User.company_id == company_id,
            User.active,
            User.id != requester_id,
        )
    )
    grants: dict[int, list[ScopedGrant]] = {}
    who: dict[int, Approver] = {}
    for g, path, tg_id, lang in rows:
        role = roles[g.role_id]
        grant = ScopedGrant(
            role=role.code,
            permissions=dict(role.permissions),
            scope=g.scope,
            department_id=g.department_id,
            department_path=path,
            number_id=g.number_id,
        )
        if grant_level(grant) == LEVELS[level]:
            grants.setdefault(g.user_id, []).append(grant)
            who[g.user_id] = Approver(g.user_id, tg_id, lang)
    return [
        who[uid]
        for uid, gs in sorted(grants.items())
        if can_approve(gs, code, level, numbers, company_id)
    ]


def probe(role: Role) -> ScopedGrant:
    # A company-wide grant of this role: the most it could ever allow.
    return ScopedGrant(role=role.code, permissions=dict(role.permissions), scope=ScopeKind.COMPANY)


async def close_operation(s: AsyncSession, operation_id: int, status: str) -> None:
    await s.execute(
        update(Operation)
        .where(Operation.id == operation_id, Operation.status == OperationStatus.AWAITING_APPROVAL)
        .values(status=status)
    )


async def request_of(s: AsyncSession, operation_id: int) -> int | None:
    """The request made for an operation, if any (one per operation)."""
    return await s.scalar(
        select(ApprovalRequest.id).where(ApprovalRequest.operation_id == operation_id)
    )


async def card_count(s: AsyncSession, request_id: int) -> int:
    return (
        await s.scalar(
            select(func.count(ApprovalMessage.id)).where(
                ApprovalMessage.request_id == request_id, ApprovalMessage.receipt.is_(False)
            )
        )
        or 0
    )


async def cancel_parked(s: AsyncSession, user_id: int, company_id: int, operation_id: int) -> bool:
    done = await s.execute(
        update(Operation)
        .where(
            Operation.id == operation_id,
            Operation.user_id == user_id,
            Operation.company_id == company_id,
            Operation.status == OperationStatus.AWAITING_APPROVAL,
        )
        .values(status=OperationStatus.CANCELLED)
    )
    return bool(affected(done))


async def take_pending(s: AsyncSession, request_id: int, *extra: Any, **values: Any) -> bool:
    """The conditional UPDATE ... WHERE status = 'pending' every decision goes through:
    True only for the one statement that changed the row (the first decision wins)."""
    won = await s.execute(
        update(ApprovalRequest)
        .where(
            ApprovalRequest.id == request_id,
            ApprovalRequest.status == Status.PENDING.value,
            *extra,
        )
        .values(**values)
    )
    return affected(won) == 1


async def pending_of(s: AsyncSession, user_id: int, company_id: int) -> list[int]:
    """The requests one user asked for that nobody has decided yet."""
    return list(
        await s.scalars(
            select(ApprovalRequest.id)
            .where(
                ApprovalRequest.requester_id == user_id,
                ApprovalRequest.company_id == company_id,
                ApprovalRequest.status == Status.PENDING.value,
            )
            .order_by(ApprovalRequest.id)
        )
    )


async def due_requests(s: AsyncSession, now: Any, only: int | None, limit: int) -> list[int]:
    query = select(ApprovalRequest.id).where(
        ApprovalRequest.status == Status.PENDING.value, ApprovalRequest.expires_at <= now
    )
    if only is not None:
        query = query.where(ApprovalRequest.id == only)
    return list(await s.scalars(query.order_by(ApprovalRequest.id).limit(limit)))


async def refs(s: AsyncSession, request_id: int) -> tuple[int, int]:
    """(operation id, company id) of a request."""
    row = (
        await s.execute(
            select(ApprovalRequest.operation_id, ApprovalRequest.company_id).where(
                ApprovalRequest.id == request_id
            )
        )
    ).one()
    return row[0], row[1]


async def chat_of(s: AsyncSession, user_id: int) -> tuple[int, str] | None:
    """(Telegram chat id, language) of a user."""
    row = (await s.execute(select(User.tg_id, User.language).where(User.id == user_id))).first()
    return (row[0], row[1]) if row is not None else None


async def cards_of(
    s: AsyncSession, request_id: int, receipts: bool = False
) -> list[tuple[int, int, str]]:
    """(chat id, message id, language) of every approver's card of a request (or of the
    requester's receipt)."""
    rows = await s.execute(
        select(ApprovalMessage.chat_id, ApprovalMessage.message_id, User.language)
        .join(User, User.id == ApprovalMessage.user_id)
        .where(ApprovalMessage.request_id == request_id, ApprovalMessage.receipt.is_(receipts))
    )
    return [(c, m, lang) for c, m, lang in rows]


async def attach_chat(s: AsyncSession, operation_id: int, chat_id: int, message_id: int) -> None:
    await s.execute(
        update(Operation)
        .where(Operation.id == operation_id)
        .values(chat_id=chat_id, message_id=message_id)
    )


async def approved_not_started(s: AsyncSession) -> list[int]:
    return list(
        await s.scalars(
            select(ApprovalRequest.id)
            .join(Operation, Operation.id == ApprovalRequest.operation_id)
            .where(
                ApprovalRequest.status == Status.APPROVED.value,
                Operation.status == OperationStatus.AWAITING_APPROVAL,
            )
        )
    )


async def request_ids(
    s: AsyncSession,
    company_id: int,
    *,
    requester_id: int,
    mine: bool,
    status: str | None,
    limit: int,
    pending_on_top: bool = True,
) -> list[int]:
    """A company's requests by one requester (`mine`) or by everybody else, newest first."""
    who = (
        ApprovalRequest.requester_id == requester_id
        if mine
        else ApprovalRequest.requester_id != requester_id
    )
    order = (pending_first(),) if pending_on_top else ()
    query = (
        select(ApprovalRequest.id)
        .where(ApprovalRequest.company_id == company_id, who)
        .order_by(*order, ApprovalRequest.id.desc())
        .limit(limit)
    )
    if status:
        query = query.where(ApprovalRequest.status == status)
    return list(await s.scalars(query))


def add_receipt(
    s: AsyncSession, request_id: int, user_id: int, chat_id: int, message_id: int
) -> None:
    s.add(
        ApprovalMessage(
            request_id=request_id,
            user_id=user_id,
            chat_id=chat_id,
            message_id=message_id,
            receipt=True,
        )
    )


def add_cards(s: AsyncSession, request_id: int, cards: Sequence[tuple[int, int, int]]) -> None:
    """Remember the cards sent: (user id, chat id, message id) each."""
    s.add_all(
        ApprovalMessage(request_id=request_id, user_id=u, chat_id=c, message_id=m)
        for u, c, m in cards
    )
