"""Action history: one helper so every writer records the same shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Principal
from services.history import queries
from services.numbers.phones import normalize
from storage.db import Database
from storage.models import Contract, History, Number, utcnow

DEFAULT_ZONE = "Europe/Moscow"  # a company without contracts yet


def record(
    session: AsyncSession,
    *,
    company_id: int | None,
    user_id: int | None,
    action: str,
    status: str = "done",
    operation_id: int | None = None,
    number_id: int | None = None,
    **details: Any,
) -> None:
    session.add(
        History(
            company_id=company_id,
            user_id=user_id,
            action=action,
            status=status,
            operation_id=operation_id,
            number_id=number_id,
            details=details,
        )
    )


@dataclass(frozen=True)
class HistoryFilter:
    """What the user narrowed the history to; every field optional."""

    days: int | None = 30  # None: all time
    kind: str | None = None  # a key of queries.KINDS
    status: str | None = None
    user_id: int | None = None
    number_id: int | None = None


@dataclass(frozen=True)
class Entry:
    id: int
    at: dt.datetime
    user_name: str
    action: str
    status: str
    msisdn: str | None
    operation_id: int | None
    details: dict[str, Any]


@dataclass(frozen=True)
class Page:
    entries: tuple[Entry, ...]
    total: int
    page: int  # 0-based, clamped to what exists
    pages: int


class HistoryService:
    """Reads the history within a user's scope; writing stays `record`, append-only."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock

    def _conditions(self, principal: Principal, flt: HistoryFilter) -> list[ColumnElement[bool]]:
        since = None if flt.days is None else self.clock() - dt.timedelta(days=flt.days)
        return queries.filtered(
            principal,
            since=since,
            kind=flt.kind,
            status=flt.status,
            user_id=flt.user_id,
            number_id=flt.number_id,
        )

    async def page(
        self, principal: Principal, flt: HistoryFilter, page: int = 0, size: int = 6
    ) -> Page:
        conditions = self._conditions(principal, flt)
        async with self.db.session() as s:
            total = (await s.execute(queries.count(conditions))).scalar_one()
            pages = max(1, -(-total // size))
            page = min(max(page, 0), pages - 1)
            rows = await s.execute(queries.listing(conditions).offset(page * size).limit(size))
            entries = tuple(_entry(*row) for row in rows)
        return Page(entries, total, page, pages)

    async def entries(
        self, principal: Principal, flt: HistoryFilter, limit: int = 100_000
    ) -> list[Entry]:
        async with self.db.session() as s:
            rows = await s.execute(queries.listing(self._conditions(principal, flt)).limit(limit))
            return [_entry(*row) for row in rows]

    async def authors(self, principal: Principal) -> list[tuple[int, str]]:
        async with self.db.session() as s:
            return [(uid, name or "—") for uid, name in await s.execute(queries.authors(principal))]

    async def statuses(self, principal: Principal) -> list[str]:
        async with self.db.session() as s:
            return sorted(str(v) for v in (await s.execute(queries.statuses(principal))).scalars())

    async def timezone(self, company_id: int) -> str:
        """Where the company is: its first contract's zone (times are shown in it)."""
        async with self.db.session() as s:
            zone = (
                await s.execute(
                    select(Contract.timezone)
                    .where(Contract.company_id == company_id)
                    .order_by(Contract.id)
                    .limit(1)
                )
            ).scalar_one_or_none()
        return zone or DEFAULT_ZONE

    async def find_number(self, principal: Principal, text: str) -> int | None:
        """A typed number, if it is one of the user's: others behave as if they did not exist."""
        msisdn = normalize(text)
        if msisdn is None:
            return None
        async with self.db.session() as s:
            return (
                await s.execute(
                    select(Number.id).where(
                        Number.msisdn == msisdn,
                        Number.company_id == principal.company_id,
                        principal.number_scope("history"),
                    )
                )
            ).scalar_one_or_none()


def _entry(row: History, user_name: str | None, msisdn: str | None) -> Entry:
    return Entry(
        id=row.id,
        at=row.created_at,
        user_name=user_name or "",
        action=row.action,
        status=str(row.status),
        msisdn=msisdn,
        operation_id=row.operation_id,
        details=dict(row.details or {}),
    )
