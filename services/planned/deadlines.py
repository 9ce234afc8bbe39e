"""Approval deadlines in «Запланированное»: a request waiting for a decision is listed with
the moment it expires. Read from the requests themselves (nothing is copied into the items
table, so a decision or an expiry needs no bookkeeping here); who sees one follows the
items' rule: admins all of the company's, others their own requests and those on numbers
in their scope. A deadline is not moved, cancelled or run from here: it is decided in
«✅ Согласования»."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Principal
from services.formatting import DEFAULT_TZ
from services.planned.views import PlanView
from storage.models import (
    ApprovalRequest,
    ApprovalStatus,
    Contract,
    Number,
    Operation,
    OperationItem,
    PlanKind,
    PlanState,
    User,
)

SHOWN_NUMBERS = 3


def visible(principal: Principal) -> ColumnElement[bool]:
    base = and_(
        ApprovalRequest.company_id == principal.company_id,
        ApprovalRequest.status == ApprovalStatus.PENDING,
    )
    if principal.is_admin:
        return base
    on_numbers = exists().where(
        OperationItem.operation_id == ApprovalRequest.operation_id,
        OperationItem.number_id == Number.id,
        principal.number_scope("numbers"),
    )
    return and_(base, or_(ApprovalRequest.requester_id == principal.user_id, on_numbers))


async def view(s: AsyncSession, request_id: int) -> PlanView | None:
    row = (
        await s.execute(
            select(ApprovalRequest, Operation.code, User.full_name)
            .join(Operation, Operation.id == ApprovalRequest.operation_id)
            .join(User, User.id == ApprovalRequest.requester_id)
            .where(ApprovalRequest.id == request_id)
        )
    ).first()
    if row is None:
        return None
    request, code, requester = row
    ids = select(OperationItem.number_id).where(OperationItem.operation_id == request.operation_id)
    count = await s.scalar(select(func.count()).select_from(ids.subquery())) or 0
    first = tuple(
        await s.scalars(
            select(Number.msisdn).where(Number.id.in_(ids)).order_by(Number.id).limit(SHOWN_NUMBERS)
        )
    )
    # the numbers' own zone, as for any item (the first number's contract)
    tz = await s.scalar(
        select(Contract.timezone)
        .join(Number, Number.contract_id == Contract.id)
        .where(Number.id.in_(ids))
        .order_by(Number.id)
        .limit(1)
    )
    return PlanView(
        request.id,
        PlanKind.APPROVAL,
        PlanState.PENDING,
        request.expires_at,
        tz or DEFAULT_TZ,
        "",
        None,
        None,
        {"code": code},
        request.operation_id,
        count,
        first,
        requester,
        code,
        0,
    )
