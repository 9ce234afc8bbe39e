"""What approvals read: requests as plain data, with their operation, people and counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.phones import pretty
from storage.models import (
    Account,
    ApprovalRequest,
    FreeNumber,
    Number,
    Operation,
    OperationItem,
    Service,
    Tariff,
    User,
)


class Status(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class RequestInfo:
    id: int
    company_id: int
    operation_id: int
    code: str
    params: dict[str, Any]
    cost: int
    count: int
    requester_id: int
    requester_name: str
    approver_level: str
    reason: str
    status: Status
    escalated: bool
    created_at: dt.datetime
    expires_at: dt.datetime
    decided_by: int | None = None
    decided_by_name: str | None = None
    decided_at: dt.datetime | None = None
    decision_reason: str | None = None
    op_status: str = ""
    run_at: dt.datetime | None = None
    done: int = 0
    failed: int = 0
    first_number: str | None = None  # the msisdn when there is exactly one
    names: dict[str, str] = field(default_factory=dict)  # parameter ids as names


@dataclass(frozen=True)
class Details:
    request: RequestInfo
    numbers: list[tuple[str, str]]  # (msisdn, holder) of the first few
    history: list[RequestInfo]  # the requester's recent requests
    can_decide: bool
    can_withdraw: bool


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
        op_id: (n, first)
        for op_id, n, first in await s.execute(
            select(OperationItem.operation_id, func.count(), func.min(Number.msisdn))
            .join(Number, Number.id == OperationItem.number_id)
            .where(
                OperationItem.operation_id.in_([op.id for _r, op, _a, _b in rows]),
                OperationItem.status != "skipped",
            )
            .group_by(OperationItem.operation_id)
        )
    }
    by_id = {
        r.id: _to_info(
            r, op, a, b, *counts.get(op.id, (0, None)), await names_of(s, op.params or {})
        )
        for r, op, a, b in rows
    }
    return [by_id[i] for i in ids if i in by_id]


async def first_numbers(s: AsyncSession, operation_id: int, limit: int) -> list[tuple[str, str]]:
    """(msisdn, holder) of the operation's first numbers."""
    return [
        (m, h)
        for m, h in await s.execute(
            select(Number.msisdn, Number.holder_name)
            .join(OperationItem, OperationItem.number_id == Number.id)
            .where(OperationItem.operation_id == operation_id, OperationItem.status != "skipped")
            .order_by(Number.msisdn)
            .limit(limit)
        )
    ]


# Ids that mean a row: shown by its name.
_LOOKUPS = {
    "tariff_id": (Tariff, Tariff.name),
    "service_id": (Service, Service.name),
    "free_number_id": (FreeNumber, FreeNumber.msisdn),
    "to_account_id": (Account, Account.number),
}


async def names_of(s: AsyncSession, params: dict[str, Any]) -> dict[str, str]:
    """The rows the parameters point to, looked up once per request."""
    out: dict[str, str] = {}
    for key, (model, column) in _LOOKUPS.items():
        value = params.get(key)
        if isinstance(value, int):
            name = await s.scalar(select(column).where(model.id == value))
            if name is not None:
                out[key] = pretty(name) if key == "free_number_id" else name
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
        names=names,
    )
