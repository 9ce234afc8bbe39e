"""What the holdings of one demo load share: the catalogue, the months of history, ids and
numbers in use, and the small arithmetic the builder needs."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage import models as m
from storage.demo.catalogue import SERVICE_CONFLICTS, SERVICES, TARIFF_SERVICES, TARIFFS
from storage.demo.sink import Sink

_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_check_digit(body: str) -> str:
    """The digit that makes `body + digit` pass the Luhn check (ICCIDs end with it)."""
    digits = body[::-1]
    total = sum(_LUHN_DOUBLE[int(d)] for d in digits[0::2]) + sum(map(int, digits[1::2]))
    return str(-total % 10)


def apportion(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` by weights (largest remainder), each part at least `minimum`."""
    base = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    wsum = sum(weights)
    exact = [rest * w / wsum for w in weights]
    parts = [b + int(e) for b, e in zip(base, exact, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: (int(exact[i]) - exact[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class Month:
    first: dt.date
    period: Any  # driver value of the first day
    days: tuple[Any, ...]  # driver values of the days that have happened
    length: int  # days in the month


class Context:
    """State shared by every holding of one load, so ids and msisdns stay unique."""

    def __init__(self, sink: Sink, today: dt.date, months: int) -> None:
        self.sink = sink
        self.today = today
        self.now = dt.datetime.combine(today, dt.time(9, 0), dt.UTC)
        self.months = self._months(months)
        self.tariff_ids = {code: i for i, (code, *_rest) in enumerate(TARIFFS, 1)}
        self.tariff_fee = {code: fee for code, _n, fee, _d in TARIFFS}
        self.service_ids = {code: i for i, (code, *_rest) in enumerate(SERVICES, 1)}
        self.service_info = {code: (price, periodic) for code, _n, price, periodic, _d in SERVICES}
        self.conflicts: dict[str, set[str]] = {}
        for a, b in SERVICE_CONFLICTS:
            self.conflicts.setdefault(a, set()).add(b)
            self.conflicts.setdefault(b, set()).add(a)
        # National numbers (10 digits) in use, to keep msisdns unique across everything.
        self.used_msisdn: set[int] = set()
        self.next_id: dict[str, int] = {}

    def id(self, table: str) -> int:
        value = self.next_id.get(table, 0) + 1
        self.next_id[table] = value
        return value

    def _months(self, count: int) -> list[Month]:
        out = []
        year, month = self.today.year, self.today.month
        firsts = []
        for _ in range(count):
            firsts.append(dt.date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        for index, first in enumerate(reversed(firsts)):
            length = calendar.monthrange(first.year, first.month)[1]
            happened = length if index < count - 1 else self.today.day
            days = tuple(self.sink.date(first + dt.timedelta(d)) for d in range(happened))
            out.append(Month(first, self.sink.date(first), days, length))
        return out

    async def catalogue(self) -> None:
        s = self.sink
        t = m.Tariff.__table__
        await s.add(
            t,
            ("id", "code", "name", "monthly_fee", "description"),
            [(self.tariff_ids[c], c, n, fee, d) for c, n, fee, d in TARIFFS],
        )
        await s.add(
            m.Service.__table__,
            ("id", "code", "name", "description", "price", "periodic"),
            [(self.service_ids[c], c, n, d, p, per) for c, n, p, per, d in SERVICES],
        )
        await s.add(
            m.TariffService.__table__,
            ("tariff_id", "service_id"),
            [
                (self.tariff_ids[tc], self.service_ids[sc])
                for tc, codes in TARIFF_SERVICES.items()
                for sc in codes
            ],
        )
        await s.add(
            m.ServiceConflict.__table__,
            ("service_id", "other_id"),
            [
                (self.service_ids[x], self.service_ids[y])
                for a, b in SERVICE_CONFLICTS
                for x, y in ((a, b), (b, a))
            ],
        )


def office_time(day: dt.date, rnd: random.Random) -> dt.datetime:
    # Office hours in Moscow time, stored as UTC.
    minutes = 6 * 60 + int(rnd.random() * 9 * 60)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), dt.UTC)


NUMBER_COLUMNS = (
    "id",
    "company_id",
    "contract_id",
    "account_id",
    "department_id",
    "tariff_id",
    "msisdn",
    "msisdn_rev",
    "iccid",
    "iccid_rev",
    "holder_name",
    "holder_search",
    "email",
    "comment",
    "status",
    "tariff_changed_at",
    "created_at",
)


@dataclass
class AccountState:
    balance: int
    settlement: str
    credit_limit: int
    debtor: bool  # blocked for debt when blocked at all
    careless: bool  # pays with gaps
    totals: list[int]  # charges per month index
    first_number: int | None = None


class Batch:
    """Rows of one chunk of numbers, written together so memory stays flat."""

    def __init__(self) -> None:
        self.numbers: list[tuple[Any, ...]] = []
        self.services: list[tuple[Any, ...]] = []
        self.blocks: list[tuple[Any, ...]] = []
        self.forwardings: list[tuple[Any, ...]] = []
        self.limits: list[tuple[Any, ...]] = []
        self.charges: list[tuple[Any, ...]] = []
        self.traffic: list[tuple[Any, ...]] = []
        # «Автоматически отключить» dates still ahead: scheduled items (JSON: dict rows).
        self.planned: list[dict[str, Any]] = []
        self.planned_numbers: list[tuple[Any, ...]] = []


def cumulative(weights: Sequence[float]) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


def pick(cumulative: list[float], u: float) -> int:
    return min(bisect.bisect_right(cumulative, u * cumulative[-1]), len(cumulative) - 1)
