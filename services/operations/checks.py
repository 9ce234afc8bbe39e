"""Options, eligibility and prices of the operations: set-based queries, so a check over
10 000 numbers costs a few statements, not 10 000."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.formatting import pretty_phone
from services.operations import params as p
from services.operations.base import NumbersCtx, Option
from storage.chunks import chunks
from storage.models import (
    OUTGOING_ONLY,
    Account,
    Block,
    ContractTariff,
    Department,
    Forwarding,
    FreeNumber,
    Number,
    NumberLimit,
    NumberService,
    Payment,
    PromisedPayment,
    PromisedStatus,
    Service,
    ServiceConflict,
    ServiceStatus,
    Tariff,
    TariffService,
    utcnow,
)

CHUNK = 5000  # bound parameters per statement stay far below every backend's limit
SMS_SEGMENT_PRICE = 250
SIM_REPLACE_PRICE = 5000
NUMBER_REPLACE_PRICE = 30000
SIM_CARD_PRICE = 5000
PROMISED_MIN = 10000
PROMISED_CAP = 500000


async def ids_where(
    s: AsyncSession, column: Any, ids: list[int], *where: ColumnExpressionArgument[bool]
) -> set[int]:
    found: set[int] = set()
    for batch in chunks(ids):
        found.update(await s.scalars(select(column).where(column.in_(batch), *where)))
    return found


def _match(name: str, query: str | None) -> bool:
    # casefold in Python: SQLite's lower() leaves Cyrillic alone
    return not query or query.casefold() in name.casefold()


# --- options ------------------------------------------------------------------------------


async def contract_tariffs(
    s: AsyncSession, ctx: NumbersCtx, _: dict[str, Any], query: str | None
) -> list[Option]:
    return await _tariff_options(s, await _common_tariffs(s, ctx.contract_ids), query)


async def other_tariffs(
    s: AsyncSession, ctx: NumbersCtx, _: dict[str, Any], query: str | None
) -> list[Option]:
    """A tariff change: the contract's tariffs but the one every number is on already."""
    ids = await _common_tariffs(s, ctx.contract_ids)
    current = {r.tariff_id for r in ctx.rows}
    if len(current) == 1:
        ids -= current
    return await _tariff_options(s, ids, query)


async def _tariff_options(s: AsyncSession, ids: set[int], query: str | None) -> list[Option]:
    rows = await s.execute(select(Tariff).where(Tariff.id.in_(ids)).order_by(Tariff.name))
    return [
        Option(
            str(t.id),
            text=t.name,
            key="op-opt-tariff",
            args={"fee": t.monthly_fee / 100},
            details=t.description,
        )
        for (t,) in rows
        if _match(t.name, query)
    ]


async def _common_tariffs(s: AsyncSession, contract_ids: set[int]) -> set[int]:
    common: set[int] | None = None
    for cid in contract_ids:
        got = set(
            await s.scalars(
                select(ContractTariff.tariff_id).where(ContractTariff.contract_id == cid)
            )
        )
        common = got if common is None else common & got
    return common or set()


async def allowed_services(
    s: AsyncSession, ctx: NumbersCtx, _: dict[str, Any], query: str | None
) -> list[Option]:
    """Services that at least one selected number's tariff allows."""
    rows = await s.execute(
        select(Service)
        .where(
            Service.id.in_(
                select(TariffService.service_id).where(TariffService.tariff_id.in_(ctx.tariff_ids))
            )
        )
        .order_by(Service.name)
    )
    return [_service_option(svc) for (svc,) in rows if _match(svc.name, query)]


async def connected_services(
    s: AsyncSession, ctx: NumbersCtx, _: dict[str, Any], query: str | None
) -> list[Option]:
    ids: set[int] = set()
    for batch in chunks(ctx.ids):
        ids.update(
            await s.scalars(
                select(NumberService.service_id.distinct()).where(
                    NumberService.number_id.in_(batch), NumberService.status == ServiceStatus.ACTIVE
                )
            )
        )
    rows = await s.execute(select(Service).where(Service.id.in_(ids)).order_by(Service.name))
    return [_service_option(svc) for (svc,) in rows if _match(svc.name, query)]


def _service_option(svc: Service) -> Option:
    return Option(
        str(svc.id),
        text=svc.name,
        key="op-opt-service",
        args={"price": svc.price / 100, "periodic": "yes" if svc.periodic else "no"},
        details=svc.description,
    )


async def free_numbers(
    s: AsyncSession, ctx: NumbersCtx, _: dict[str, Any], query: str | None
) -> list[Option]:
    rows = await s.scalars(
        select(FreeNumber)
        .where(FreeNumber.contract_id.in_(ctx.contract_ids))
        .order_by(FreeNumber.msisdn)
        .limit(200)
    )
    digits = "".join(ch for ch in query or "" if ch.isdigit())
    return [Option(str(f.id), text=pretty_phone(f.msisdn)) for f in rows if digits in f.msisdn]


async def sibling_accounts(
    s: AsyncSession, ctx: NumbersCtx, _: dict[str, Any], query: str | None
) -> list[Option]:
    rows = await s.scalars(
        select(Account)
        .where(Account.contract_id.in_(ctx.contract_ids), Account.id.not_in(ctx.account_ids))
        .order_by(Account.number)
    )
    return [
        Option(
            str(a.id),
            text=f"{a.number} {a.name}".strip(),
            key="op-opt-account",
            args={"balance": a.balance / 100},
        )
        for a in rows
        if _match(f"{a.number} {a.name}", query)
    ]


async def departments_in_reach(
    s: AsyncSession, ctx: NumbersCtx, _: dict[str, Any], query: str | None
) -> list[Option]:
    """Departments the numbers may be moved to: those the principal's scope covers."""
    rows = await s.execute(
        select(Department.id, Department.name, Department.path)
        .where(Department.company_id == ctx.company_id)
        .order_by(Department.path)
    )
    return [
        Option(str(i), text="· " * (path.count("/") - 2) + name)
        for i, name, path in rows
        if _covers(ctx, path) and _match(name, query)
    ]


def _covers(ctx: NumbersCtx, path: str) -> bool:
    paths = ctx.department_paths
    return paths is None or any(path.startswith(p) for p in paths)


# --- eligibility: {number_id: reason} for the numbers that cannot take it -----------------


async def department_move(
    s: AsyncSession, ctx: NumbersCtx, prm: p.DepartmentMoveParams
) -> dict[int, str]:
    target = await s.get(Department, prm.department_id)
    if target is None or target.company_id != ctx.company_id or not _covers(ctx, target.path):
        return dict.fromkeys(ctx.ids, "department_outside")
    already = set(
        await s.scalars(
            select(Number.id).where(
                Number.id.in_(ctx.ids), Number.department_id == prm.department_id
            )
        )
    )
    return dict.fromkeys(already, "same_department")


async def tariff(s: AsyncSession, ctx: NumbersCtx, prm: p.TariffParams) -> dict[int, str]:
    allowed = await _common_tariffs(s, ctx.contract_ids)
    out = {}
    for r in ctx.rows:
        if prm.tariff_id not in allowed:
            out[r.id] = "tariff_unavailable"
        elif r.tariff_id == prm.tariff_id:
            out[r.id] = "same_tariff"
    return out


# --- fit at all: a condition on Number that some selected number must meet for the
# operation to be offered (nothing to switch off, unblock or remove otherwise) ------------


def has_service() -> ColumnElement[bool]:
    return exists().where(
        NumberService.number_id == Number.id, NumberService.status == ServiceStatus.ACTIVE
    )


def has_block() -> ColumnElement[bool]:
    """A block one may lift (the budget's bar on outgoing calls lifts itself)."""
    return exists().where(
        Block.number_id == Number.id, Block.active, Block.kind.not_in(OUTGOING_ONLY)
    )


def has_forwarding() -> ColumnElement[bool]:
    return exists().where(Forwarding.number_id == Number.id)


def has_limit() -> ColumnElement[bool]:
    return exists().where(NumberLimit.number_id == Number.id)


async def services_on(s: AsyncSession, ctx: NumbersCtx, prm: p.ServiceOnParams) -> dict[int, str]:
    allowed = set(
        await s.scalars(
            select(TariffService.tariff_id).where(TariffService.service_id == prm.service_id)
        )
    )
    on = await ids_where(
        s,
        NumberService.number_id,
        ctx.ids,
        NumberService.service_id == prm.service_id,
        NumberService.status.in_((ServiceStatus.ACTIVE, ServiceStatus.PENDING)),
    )
    # A service that excludes this one, already on a number, is found here, before the
    # user commits, and named as the user knows it.
    pairs = await s.execute(
        select(ServiceConflict.service_id, ServiceConflict.other_id).where(
            (ServiceConflict.service_id == prm.service_id)
            | (ServiceConflict.other_id == prm.service_id)
        )
    )
    rivals = {b if a == prm.service_id else a for a, b in pairs}
    clash: dict[int, int] = {}
    if rivals:
        for batch in chunks(ctx.ids):
            rows = await s.execute(
                select(NumberService.number_id, NumberService.service_id).where(
                    NumberService.number_id.in_(batch),
                    NumberService.service_id.in_(rivals),
                    NumberService.status.in_((ServiceStatus.ACTIVE, ServiceStatus.PENDING)),
                )
            )
            for number_id, service_id in rows:
                clash.setdefault(number_id, service_id)
    names: dict[int, str] = {}
    if clash:
        found = await s.execute(select(Service.id, Service.name).where(Service.id.in_(rivals)))
        names = {i: name for i, name in found}
    out = {}
    for r in ctx.rows:
        if r.tariff_id not in allowed:
            out[r.id] = "service_not_allowed"
        elif r.id in on:
            out[r.id] = "already_on"
        elif r.id in clash:
            out[r.id] = f"conflict:{names.get(clash[r.id], '')}"
    return out


async def services_off(s: AsyncSession, ctx: NumbersCtx, prm: p.ServiceOffParams) -> dict[int, str]:
    on = await ids_where(
        s,
        NumberService.number_id,
        ctx.ids,
        NumberService.service_id == prm.service_id,
        NumberService.status == ServiceStatus.ACTIVE,
    )
    return {r.id: "not_on" for r in ctx.rows if r.id not in on}


async def block_on(s: AsyncSession, ctx: NumbersCtx, prm: p.BlockOnParams) -> dict[int, str]:
    have = await ids_where(s, Block.number_id, ctx.ids, Block.kind == prm.kind, Block.active)
    return dict.fromkeys(have, "already_blocked")


async def block_off(s: AsyncSession, ctx: NumbersCtx, prm: p.BlockOffParams) -> dict[int, str]:
    have = await ids_where(s, Block.number_id, ctx.ids, Block.kind == prm.kind, Block.active)
    return {r.id: "not_blocked" for r in ctx.rows if r.id not in have}


async def forward_on(s: AsyncSession, ctx: NumbersCtx, prm: p.ForwardOnParams) -> dict[int, str]:
    return {r.id: "forward_self" for r in ctx.rows if r.msisdn == prm.target}


async def forward_off(s: AsyncSession, ctx: NumbersCtx, prm: p.ForwardOffParams) -> dict[int, str]:
    have = await ids_where(s, Forwarding.number_id, ctx.ids, Forwarding.condition == prm.condition)
    return {r.id: "not_forwarded" for r in ctx.rows if r.id not in have}


async def limit_off(s: AsyncSession, ctx: NumbersCtx, prm: Any) -> dict[int, str]:
    have = await ids_where(s, NumberLimit.number_id, ctx.ids)
    return {r.id: "no_limit" for r in ctx.rows if r.id not in have}


async def sim_replace(s: AsyncSession, ctx: NumbersCtx, prm: p.SimReplaceParams) -> dict[int, str]:
    from storage.models import Number

    taken = await s.scalar(select(Number.id).where(Number.iccid == prm.iccid))
    return dict.fromkeys(ctx.ids, "iccid_taken") if taken else {}


async def number_replace(
    s: AsyncSession, ctx: NumbersCtx, prm: p.NumberReplaceParams
) -> dict[int, str]:
    free = await s.get(FreeNumber, prm.free_number_id)
    return {
        r.id: "free_number_unavailable"
        for r in ctx.rows
        if free is None or free.contract_id != r.contract_id
    }


async def promised_limits(s: AsyncSession, account_ids: Iterable[int]) -> dict[int, int | str]:
    """Per account: the largest promised payment allowed (kopecks), or why none is."""
    ids = list(account_ids)
    since = (utcnow() - dt.timedelta(days=90)).date()
    busy = await ids_where(
        s,
        PromisedPayment.account_id,
        ids,
        PromisedPayment.status.in_((PromisedStatus.ACTIVE, PromisedStatus.OVERDUE)),
    )
    paid: dict[int, int] = {}
    for batch in chunks(ids):
        rows = await s.execute(
            select(Payment.account_id, func.sum(Payment.amount))
            .where(Payment.account_id.in_(batch), Payment.date >= since, Payment.amount > 0)
            .group_by(Payment.account_id)
        )
        paid.update({a: int(total or 0) for a, total in rows})
    out: dict[int, int | str] = {}
    for a in ids:
        if a in busy:
            out[a] = "pp_exists"
        elif paid.get(a, 0) <= 0:
            out[a] = "pp_no_payments"
        else:
            # a third of the last three months' payments, within the operator's bounds
            out[a] = max(PROMISED_MIN, min(PROMISED_CAP, paid[a] // 3 // 100 * 100))
    return out


async def promised(s: AsyncSession, ctx: NumbersCtx, prm: p.PromisedParams) -> dict[int, str]:
    limits = await promised_limits(s, ctx.account_ids)
    out = {}
    for r in ctx.rows:
        limit = limits[r.account_id]
        if isinstance(limit, str):
            out[r.id] = limit
        elif prm.amount > limit:
            out[r.id] = "pp_amount_over"
    return out


async def promised_hint(s: AsyncSession, ctx: NumbersCtx, _: dict[str, Any]) -> dict[str, Any]:
    limits = [v for v in (await promised_limits(s, ctx.account_ids)).values() if isinstance(v, int)]
    return {"max": (min(limits) / 100) if limits else 0, "eligible": len(limits)}


async def settlement(s: AsyncSession, ctx: NumbersCtx, prm: p.SettlementParams) -> dict[int, str]:
    same = set(
        await s.scalars(
            select(Account.id).where(
                Account.id.in_(ctx.account_ids), Account.settlement == prm.method
            )
        )
    )
    return {r.id: "same_settlement" for r in ctx.rows if r.account_id in same}


async def move_funds(s: AsyncSession, ctx: NumbersCtx, prm: p.MoveFundsParams) -> dict[int, str]:
    target = await s.get(Account, prm.to_account_id)
    return {
        r.id: "bad_account"
        for r in ctx.rows
        if target is None or target.contract_id != r.contract_id or target.id == r.account_id
    }


async def sim_order(s: AsyncSession, ctx: NumbersCtx, prm: p.SimOrderParams) -> dict[int, str]:
    allowed = await _common_tariffs(s, ctx.contract_ids)
    return {} if prm.tariff_id in allowed else dict.fromkeys(ctx.ids, "tariff_unavailable")


# --- prices: kopecks per number -----------------------------------------------------------


async def service_price(s: AsyncSession, ctx: NumbersCtx, prm: p.ServiceOnParams) -> int:
    return int(await s.scalar(select(Service.price).where(Service.id == prm.service_id)) or 0)


async def sms_price(s: AsyncSession, ctx: NumbersCtx, prm: p.SmsParams) -> int:
    return p.sms_segments(prm.text)[0] * SMS_SEGMENT_PRICE


async def sim_replace_price(s: AsyncSession, ctx: NumbersCtx, prm: Any) -> int:
    return SIM_REPLACE_PRICE


async def number_replace_price(s: AsyncSession, ctx: NumbersCtx, prm: Any) -> int:
    return NUMBER_REPLACE_PRICE


async def sim_order_price(s: AsyncSession, ctx: NumbersCtx, prm: p.SimOrderParams) -> int:
    return SIM_CARD_PRICE * prm.count
