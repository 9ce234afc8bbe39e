"""SQL for the action history: the scope filter and the filtered, newest-first listing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from services.access import Mode, Principal
from storage.models import History, Number, OperationItem, ScopeKind, User

# What a user may choose as "kind": a label key and the action prefixes it covers.
KINDS: dict[str, tuple[str, ...]] = {
    "operations": ("op.", "sms."),
    "approvals": ("approval.", "policy."),
    "numbers": ("number.", "service.", "block."),
    "access": ("user.", "grant.", "invite.", "role.", "department."),
    "selections": ("selection.",),
    "appeals": ("appeal.",),
    "documents": ("document.", "report."),
    "settings": ("settings.", "budget.limit", "budget.rules"),
}


def scope(principal: Principal) -> ColumnElement[bool]:
    """Rows this user may read: the whole company for a company-wide grant; otherwise what
    touched a number in their scope, plus their own actions."""
    company = History.company_id == principal.company_id
    grants = principal.grants_for("history", Mode.PERFORM)
    if any(g.scope == ScopeKind.COMPANY for g in grants):
        return company
    in_scope = select(Number.id).where(principal.number_scope("history"))
    touched = select(OperationItem.operation_id).where(OperationItem.number_id.in_(in_scope))
    return and_(
        company,
        or_(
            History.user_id == principal.user_id,
            History.number_id.in_(in_scope),
            History.operation_id.in_(touched),
        ),
    )


def filtered(
    principal: Principal,
    *,
    since: dt.datetime | None,
    kind: str | None,
    status: str | None,
    user_id: int | None,
    number_id: int | None,
) -> list[ColumnElement[bool]]:
    conditions = [scope(principal)]
    if since is not None:
        conditions.append(History.created_at >= since)
    if kind in KINDS:
        conditions.append(or_(*(History.action.startswith(p) for p in KINDS[kind])))
    if status:
        conditions.append(History.status == status)
    if user_id is not None:
        conditions.append(History.user_id == user_id)
    if number_id is not None:
        touched = select(OperationItem.operation_id).where(OperationItem.number_id == number_id)
        conditions.append(or_(History.number_id == number_id, History.operation_id.in_(touched)))
    return conditions


def listing(
    conditions: list[ColumnElement[bool]],
) -> Select[History, str | None, str | None]:
    return (
        select(History, User.full_name, Number.msisdn)
        .outerjoin(User, User.id == History.user_id)
        .outerjoin(Number, Number.id == History.number_id)
        .where(*conditions)
        .order_by(History.created_at.desc(), History.id.desc())
    )


def count(conditions: list[ColumnElement[bool]]) -> Select[int]:
    return select(func.count()).select_from(History).where(*conditions)


def authors(principal: Principal) -> Select[int, str]:
    return (
        select(User.id, User.full_name)
        .join(History, History.user_id == User.id)
        .where(scope(principal))
        .group_by(User.id, User.full_name)
        .order_by(User.full_name)
    )


def statuses(principal: Principal) -> Select[str]:
    return select(History.status).where(scope(principal)).group_by(History.status)
