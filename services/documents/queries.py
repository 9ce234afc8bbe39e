"""The SQL behind the documents: scope, requisites, charges, payments, traffic.

Every query aggregates in the database (sums by account, category, day or month) so a
year of a 50,000-number holding comes back as a few thousand rows; only call details read
per-number monthly rows, and they expand into events in Python (see cdr.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, extract, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Principal
from storage.models import Account, Charge, Company, Contract, Number, Payment, Traffic

CHUNK = 2000  # ids per statement: well under SQLite's and asyncpg's parameter limits
USAGE = ("calls", "sms", "data")


def chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def scope(principal: Principal) -> ColumnElement[bool]:
    return principal.number_scope("documents")


# --- who may see what ---------------------------------------------------------------------


async def numbers_in_scope(
    s: AsyncSession, principal: Principal, number_ids: Sequence[int]
) -> list[int]:
    found: list[int] = []
    for part in chunks(sorted(set(number_ids))):
        found += await s.scalars(
            select(Number.id).where(Number.id.in_(part), scope(principal)).order_by(Number.id)
        )
    return found


async def accounts_in_scope(
    s: AsyncSession, principal: Principal, number_ids: Sequence[int]
) -> list[int]:
    """Accounts of these numbers whose every number the principal may see: an account's
    money belongs to all its numbers, so a partial view of it is no view."""
    accounts: set[int] = set()
    for part in chunks(sorted(set(number_ids))):
        accounts |= set(
            await s.scalars(
                select(Number.account_id).where(Number.id.in_(part), scope(principal)).distinct()
            )
        )
    if not accounts:
        return []
    whole: list[int] = []
    for part in chunks(sorted(accounts)):
        rows = await s.execute(
            select(
                Number.account_id,
                func.count(Number.id),
                func.sum(scope_flag(principal)),
            )
            .where(Number.account_id.in_(part))
            .group_by(Number.account_id)
        )
        whole += [a for a, total, seen in rows if total == seen]
    return sorted(whole)


def scope_flag(principal: Principal) -> ColumnElement[int]:
    from sqlalchemy import case

    return case((scope(principal), 1), else_=0)


async def company_accounts(s: AsyncSession, company_id: int) -> list[int]:
    return list(
        await s.scalars(
            select(Account.id).where(Account.company_id == company_id).order_by(Account.id)
        )
    )


# --- requisites ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanyInfo:
    id: int
    name: str
    inn: str
    kpp: str
    address: str


@dataclass(frozen=True)
class AccountInfo:
    id: int
    number: str
    name: str
    balance: int
    contract_id: int
    contract_number: str
    contract_name: str
    region: str
    signed_on: dt.date | None


async def company_info(s: AsyncSession, company_id: int) -> CompanyInfo:
    row = (
        await s.execute(
            select(Company.name, Company.inn, Company.kpp, Company.legal_address).where(
                Company.id == company_id
            )
        )
    ).one()
    name, inn, kpp, address = (str(v or "") for v in row)
    return CompanyInfo(company_id, name, inn, kpp, address)


async def account_infos(s: AsyncSession, account_ids: Sequence[int]) -> list[AccountInfo]:
    out: list[AccountInfo] = []
    for part in chunks(account_ids):
        q = (
            select(
                Account.id,
                Account.number,
                Account.name,
                Account.balance,
                Contract.id,
                Contract.number,
                Contract.name,
                Contract.region,
                Contract.signed_on,
            )
            .join(Contract, Contract.id == Account.contract_id)
            .where(Account.id.in_(part))
        )
        for row in await s.execute(q):
            out.append(AccountInfo(*row))
    out.sort(key=lambda a: (a.contract_number, a.number))
    return out


# --- money --------------------------------------------------------------------------------


async def charges_by_category(
    s: AsyncSession, account_ids: Sequence[int], start: dt.date, end: dt.date
) -> list[tuple[int, str, int]]:
    """(account, category, kopecks) over the period."""
    out: list[tuple[int, str, int]] = []
    for part in chunks(account_ids):
        rows = await s.execute(
            select(Charge.account_id, Charge.category, func.sum(Charge.amount))
            .where(Charge.account_id.in_(part), Charge.date >= start, Charge.date <= end)
            .group_by(Charge.account_id, Charge.category)
        )
        out += [(a, c, int(v or 0)) for a, c, v in rows]
    return out


async def charges_by_day(
    s: AsyncSession, account_ids: Sequence[int], start: dt.date, end: dt.date
) -> list[tuple[int, dt.date, str, int]]:
    """(account, date, category, kopecks) over the period."""
    out: list[tuple[int, dt.date, str, int]] = []
    for part in chunks(account_ids):
        rows = await s.execute(
            select(Charge.account_id, Charge.date, Charge.category, func.sum(Charge.amount))
            .where(Charge.account_id.in_(part), Charge.date >= start, Charge.date <= end)
            .group_by(Charge.account_id, Charge.date, Charge.category)
        )
        out += [(a, d, c, int(v or 0)) for a, d, c, v in rows]
    return out


async def charges_by_month(
    s: AsyncSession, account_ids: Sequence[int], start: dt.date, end: dt.date
) -> list[tuple[int, int, int, int]]:
    """(account, year, month, kopecks) over the period."""
    year, month = extract("year", Charge.date), extract("month", Charge.date)
    out: list[tuple[int, int, int, int]] = []
    for part in chunks(account_ids):
        rows = await s.execute(
            select(Charge.account_id, year, month, func.sum(Charge.amount))
            .where(Charge.account_id.in_(part), Charge.date >= start, Charge.date <= end)
            .group_by(Charge.account_id, year, month)
        )
        out += [(a, int(y), int(m), int(v or 0)) for a, y, m, v in rows]
    return out


async def payments(
    s: AsyncSession, account_ids: Sequence[int], start: dt.date, end: dt.date
) -> list[tuple[int, dt.date, int, str]]:
    """(account, date, kopecks, method), in date order."""
    out: list[tuple[int, dt.date, int, str]] = []
    for part in chunks(account_ids):
        rows = await s.execute(
            select(Payment.account_id, Payment.date, Payment.amount, Payment.method)
            .where(Payment.account_id.in_(part), Payment.date >= start, Payment.date <= end)
            .order_by(Payment.date, Payment.id)
        )
        out += [(a, d, int(v), m) for a, d, v, m in rows]
    out.sort(key=lambda r: r[1])
    return out


async def balances_at(s: AsyncSession, account_ids: Sequence[int], day: dt.date) -> dict[int, int]:
    """Each account's balance at the start of `day`: today's balance less every payment and
    plus every charge dated on or after it. This is what makes opening + payments − charges
    = closing hold to the kopeck against the tables."""
    result: dict[int, int] = {}
    for part in chunks(account_ids):
        result.update(
            {
                a: int(b)
                for a, b in await s.execute(
                    select(Account.id, Account.balance).where(Account.id.in_(part))
                )
            }
        )
        for a, v in await s.execute(
            select(Charge.account_id, func.sum(Charge.amount))
            .where(Charge.account_id.in_(part), Charge.date >= day)
            .group_by(Charge.account_id)
        ):
            result[a] += int(v or 0)
        for a, v in await s.execute(
            select(Payment.account_id, func.sum(Payment.amount))
            .where(Payment.account_id.in_(part), Payment.date >= day)
            .group_by(Payment.account_id)
        ):
            result[a] -= int(v or 0)
    return result


# --- usage --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberInfo:
    id: int
    msisdn: str
    holder: str
    account: str


@dataclass(frozen=True)
class MonthUsage:
    """One number's month: traffic and what it cost, the seed of its call details."""

    number_id: int
    period: dt.date  # first day of the month
    first_day: dt.date  # the first day with any charge (a number may start mid-month)
    voice_min: int
    sms: int
    data_mb: int
    calls: int  # kopecks
    sms_amount: int
    data_amount: int


async def number_infos(s: AsyncSession, number_ids: Sequence[int]) -> list[NumberInfo]:
    out: list[NumberInfo] = []
    for part in chunks(number_ids):
        rows = await s.execute(
            select(Number.id, Number.msisdn, Number.holder_name, Account.number)
            .join(Account, Account.id == Number.account_id)
            .where(Number.id.in_(part))
        )
        out += [NumberInfo(i, m, h or "", a) for i, m, h, a in rows]
    out.sort(key=lambda n: n.msisdn)
    return out


async def month_usage(
    s: AsyncSession, number_ids: Sequence[int], start: dt.date, end: dt.date
) -> list[MonthUsage]:
    first = start.replace(day=1)
    year, month = extract("year", Charge.date), extract("month", Charge.date)
    out: list[MonthUsage] = []
    for part in chunks(number_ids):
        money: dict[tuple[int, int, int], dict[str, int]] = {}
        starts: dict[tuple[int, int, int], dt.date] = {}
        for nid, y, m, cat, total, day in await s.execute(
            select(
                Charge.number_id,
                year,
                month,
                Charge.category,
                func.sum(Charge.amount),
                func.min(Charge.date),
            )
            .where(Charge.number_id.in_(part), Charge.date >= first, Charge.date <= end)
            .group_by(Charge.number_id, year, month, Charge.category)
        ):
            key = (nid, int(y), int(m))
            money.setdefault(key, {})[cat] = int(total or 0)
            if isinstance(day, str):
                day = dt.date.fromisoformat(day)
            starts[key] = min(starts.get(key, day), day)
        for nid, period, voice, sms, data in await s.execute(
            select(
                Traffic.number_id, Traffic.period, Traffic.voice_min, Traffic.sms, Traffic.data_mb
            ).where(Traffic.number_id.in_(part), Traffic.period >= first, Traffic.period <= end)
        ):
            key = (nid, period.year, period.month)
            cost = money.get(key, {})
            out.append(
                MonthUsage(
                    nid,
                    period,
                    starts.get(key, period),
                    voice,
                    sms,
                    data,
                    cost.get("calls", 0),
                    cost.get("sms", 0),
                    cost.get("data", 0),
                )
            )
    return out


async def usage_charges(
    s: AsyncSession, number_ids: Sequence[int], start: dt.date, end: dt.date
) -> int:
    """The calls, SMS and data charges of these numbers in the period (for tests and the
    consistency check of call details)."""
    total = 0
    for part in chunks(number_ids):
        total += int(
            await s.scalar(
                select(func.coalesce(func.sum(Charge.amount), 0)).where(
                    Charge.number_id.in_(part),
                    Charge.category.in_(USAGE),
                    Charge.date >= start,
                    Charge.date <= end,
                )
            )
            or 0
        )
    return total


async def contracts_of_numbers(s: AsyncSession, number_ids: Sequence[int]) -> int:
    contracts: set[int] = set()
    for part in chunks(number_ids):
        contracts |= set(
            await s.scalars(select(Number.contract_id).where(Number.id.in_(part)).distinct())
        )
    return len(contracts)


async def numbers_by_msisdn(
    s: AsyncSession, principal: Principal, e164s: Sequence[str]
) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(e164s), CHUNK):
        rows = await s.execute(
            select(Number.msisdn, Number.id).where(
                Number.msisdn.in_(list(e164s[i : i + CHUNK])), scope(principal)
            )
        )
        found.update({m: n for m, n in rows})
    return found
