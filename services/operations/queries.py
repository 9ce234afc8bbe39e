"""The SQL of the operations pipeline: which numbers a source names within the user's
scope, their figures and time zones, and where an operation's progress is shown."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Principal
from services.formatting import DEFAULT_TZ
from services.numbers.phones import normalize
from services.operations.base import NumberRow
from services.operations.checks import CHUNK
from services.operations.data import Source
from storage.chunks import chunks
from storage.models import (
    Contract,
    Number,
    NumberStatus,
    Operation,
    OperationItem,
    OperationStatus,
    ScopeKind,
    Selection,
    SelectionItem,
)


def source_numbers(principal: Principal, source: Source) -> ColumnElement[bool]:
    """The numbers a source names: ids, one of the user's selections, or the current one.
    (Scope is applied by the caller, with the permission at stake.)"""
    if "number_ids" in source:
        ids = [int(i) for i in source["number_ids"]]
        if not ids:
            return false()
        return or_(*(Number.id.in_(b) for b in chunks(ids, CHUNK)))
    if "selection_id" in source:
        sel = select(Selection.id).where(
            Selection.id == int(source["selection_id"]), Selection.user_id == principal.user_id
        )
    else:
        sel = select(Selection.id).where(
            Selection.user_id == principal.user_id, Selection.is_current
        )
    return Number.id.in_(
        select(SelectionItem.number_id).where(SelectionItem.selection_id.in_(sel.scalar_subquery()))
    )


async def number_rows(
    s: AsyncSession, principal: Principal, source: Source, permission: str
) -> list[NumberRow]:
    rows = await s.execute(
        select(
            Number.id,
            Number.msisdn,
            Number.contract_id,
            Number.account_id,
            Number.tariff_id,
            Number.status,
            Number.email,
            Number.holder_name,
        )
        .where(
            source_numbers(principal, source),
            principal.number_scope(permission),
            Number.status != NumberStatus.CLOSED,
        )
        .order_by(Number.id)
    )
    return [NumberRow(*r) for r in rows]


async def summary(s: AsyncSession, principal: Principal, source: Source) -> dict[str, int]:
    n, a, c = (
        await s.execute(
            select(
                func.count(Number.id),
                func.count(Number.account_id.distinct()),
                func.count(Number.contract_id.distinct()),
            ).where(source_numbers(principal, source), principal.number_scope("numbers"))
        )
    ).one()
    return {"numbers": n, "accounts": a, "contracts": c}


async def zones(s: AsyncSession, principal: Principal, source: Source) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    rows = await s.execute(
        select(Contract.timezone, Number.id)
        .join(Number, Number.contract_id == Contract.id)
        .where(
            source_numbers(principal, source),
            principal.number_scope("numbers"),
            Number.status != NumberStatus.CLOSED,
        )
        .order_by(Number.id)
    )
    for tz, number_id in rows:
        out.setdefault(tz or DEFAULT_TZ, []).append(number_id)
    return out


async def running(s: AsyncSession, user_id: int) -> int:
    """How many of the user's own operations are queued or running right now."""
    return (
        await s.scalar(
            select(func.count(Operation.id)).where(
                Operation.user_id == user_id,
                Operation.status.in_((OperationStatus.QUEUED, OperationStatus.RUNNING)),
            )
        )
        or 0
    )


async def zone_of(s: AsyncSession, operation_id: int) -> str:
    """The time zone an operation's times mean: its numbers' contract's."""
    name = await s.scalar(
        select(func.min(Contract.timezone))
        .join(Number, Number.contract_id == Contract.id)
        .join(OperationItem, OperationItem.number_id == Number.id)
        .where(OperationItem.operation_id == operation_id)
    )
    return name or DEFAULT_TZ


async def attach_message(
    s: AsyncSession, operation_id: int, chat_id: int | None, message_id: int | None
) -> None:
    await s.execute(
        update(Operation)
        .where(Operation.id == operation_id)
        .values(chat_id=chat_id, message_id=message_id)
    )


def department_paths(principal: Principal, permission: str) -> tuple[str, ...] | None:
    """The subtrees a principal's grants for `permission` cover (None: the whole company)."""
    grants = principal.grants_for(permission)
    if any(g.scope == ScopeKind.COMPANY for g in grants):
        return None
    return tuple(g.department_path for g in grants if g.department_path)


async def lookup(s: AsyncSession, principal: Principal, text: str) -> tuple[list[int], list[str]]:
    """Numbers typed by the user (one per line or comma): ids found in scope, and the
    first pieces that matched nothing the user may see."""
    wanted: dict[str, str] = {}
    missing: list[str] = []
    for piece in (x.strip() for x in text.replace(",", "\n").splitlines()):
        if not piece:
            continue
        e164 = normalize(piece)
        if e164 is None:
            missing.append(piece)
        else:
            wanted[e164] = piece
    found: dict[str, int] = {}
    if wanted:
        rows = await s.execute(
            select(Number.msisdn, Number.id).where(
                Number.msisdn.in_(list(wanted)), principal.number_scope("numbers")
            )
        )
        found = dict(rows.all())
    missing += [piece for e164, piece in wanted.items() if e164 not in found]
    return list(found.values()), missing[:20]
