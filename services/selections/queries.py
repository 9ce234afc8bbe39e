"""The SQL of selections: ownership, figures, items in scope and the filters numbers are
added by. The service (service.py) holds the rules and opens the sessions."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Principal
from services.numbers.queries import in_scope
from storage.chunks import chunks
from storage.models import (
    Account,
    Contract,
    Number,
    NumberStatus,
    Selection,
    SelectionItem,
    Service,
    ServiceStatus,
    Tariff,
    utcnow,
)
from storage.models import NumberService as NumberServiceRow


def own(principal: Principal) -> ColumnElement[bool]:
    """Selections are private: the user's own, in their company."""
    return and_(
        Selection.user_id == principal.user_id, Selection.company_id == principal.company_id
    )


async def figures(
    s: AsyncSession, principal: Principal, selection_id: int
) -> tuple[int, int, int, int | None]:
    """Numbers, accounts, contracts, and the smallest contract id, of what the user may see."""
    n, accounts, contracts, contract_id = (
        await s.execute(
            select(
                func.count(Number.id),
                func.count(func.distinct(Number.account_id)),
                func.count(func.distinct(Number.contract_id)),
                func.min(Number.contract_id),
            )
            .select_from(SelectionItem)
            .join(Selection, Selection.id == SelectionItem.selection_id)
            .join(Number, Number.id == SelectionItem.number_id)
            .where(Selection.id == selection_id, own(principal), in_scope(principal))
        )
    ).one()
    return n or 0, accounts or 0, contracts or 0, contract_id


async def in_scope_ids(s: AsyncSession, principal: Principal, ids: list[int]) -> list[int]:
    """Those of `ids` (from a client) the user may see."""
    allowed: list[int] = []
    for chunk in chunks(ids):
        allowed += await s.scalars(
            select(Number.id).where(Number.id.in_(chunk), in_scope(principal))
        )
    return allowed


async def insert_items(s: AsyncSession, selection_id: int, ids: list[int]) -> None:
    for chunk in chunks(ids):
        await s.execute(
            insert(SelectionItem), [{"selection_id": selection_id, "number_id": i} for i in chunk]
        )


async def touch(s: AsyncSession, selection_id: int) -> None:
    await s.execute(
        update(Selection).where(Selection.id == selection_id).values(updated_at=utcnow())
    )


def filter_condition(kind: str, value: str) -> ColumnElement[bool] | None:
    """The numbers a filter means: tariff id, service id, blocked, active, balance below
    (kopecks), region name; None for a filter that makes no sense (forged or stale)."""
    if kind == "tariff" and value.isdigit():
        return Number.tariff_id == int(value)
    if kind == "service" and value.isdigit():
        return exists().where(
            NumberServiceRow.number_id == Number.id,
            NumberServiceRow.service_id == int(value),
            NumberServiceRow.status != ServiceStatus.OFF,
        )
    if kind == "blocked":
        return Number.status == NumberStatus.BLOCKED
    if kind == "active":
        return Number.status == NumberStatus.ACTIVE
    if kind == "balance_below" and value.lstrip("-").isdigit():
        return Number.account_id.in_(select(Account.id).where(Account.balance < int(value)))
    if kind == "region" and value:
        return Number.contract_id.in_(select(Contract.id).where(Contract.region == value))
    return None


async def filter_choices(s: AsyncSession, principal: Principal, kind: str) -> list[tuple[str, str]]:
    """(value, label) pairs for a filter, limited to what the user's numbers have."""
    scope = principal.number_scope("numbers")
    if kind == "tariff":
        rows = await s.execute(
            select(Tariff.id, Tariff.name)
            .where(Tariff.id.in_(select(Number.tariff_id).where(scope)))
            .order_by(Tariff.name)
        )
    elif kind == "service":
        rows = await s.execute(
            select(Service.id, Service.name)
            .where(
                Service.id.in_(
                    select(NumberServiceRow.service_id)
                    .join(Number, Number.id == NumberServiceRow.number_id)
                    .where(scope, NumberServiceRow.status != ServiceStatus.OFF)
                )
            )
            .order_by(Service.name)
        )
    elif kind == "region":
        rows = await s.execute(
            select(Contract.region, Contract.region)
            .where(Contract.id.in_(select(Number.contract_id).where(scope)))
            .distinct()
            .order_by(Contract.region)
        )
    else:
        return []
    return [(str(v), str(label)) for v, label in rows]
