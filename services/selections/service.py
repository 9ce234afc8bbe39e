"""Selections (выборки): the user's current set of numbers and named saved ones.

The current selection is the user's Selection row with is_current=True; it is created on
first use. Saved selections are named snapshots: "make current" copies one into the current
selection, so editing the working set never changes a saved one by accident.
Items are always read back through the principal's scope: if a user's scope shrinks, the
numbers they lost silently drop out of everything they see and do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, exists, func, select

from services import history
from services.access import Principal
from services.numbers import PAGE_SIZE, NumberDirectory, Page, Source
from services.numbers.queries import in_scope, number_rows, page_count, row_select
from services.selections import queries
from storage.chunks import chunks
from storage.db import Database, affected
from storage.models import (
    Number,
    Selection,
    SelectionItem,
    utcnow,
)

NAME_MAX = 60


@dataclass(frozen=True)
class Summary:
    selection_id: int | None
    numbers: int
    accounts: int
    contracts: int
    contract_id: int | None  # set when the selection spans exactly one contract

    @property
    def single_contract(self) -> bool:
        return self.contracts == 1


@dataclass(frozen=True)
class SavedRow:
    id: int
    name: str
    numbers: int


@dataclass(frozen=True)
class Filter:
    """A filter to add numbers by: tariff id, service id, blocked yes/no, balance below
    (kopecks), region name."""

    kind: str  # tariff/service/blocked/active/balance_below/region
    value: str = ""


class SelectionError(Exception):
    """A user mistake with a reason code the handler turns into a sentence."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


async def current_selection_id(db: Database, principal: Principal) -> int | None:
    """The user's current selection, or None if they never built one."""
    async with db.session() as s:
        return await s.scalar(
            select(Selection.id)
            .where(queries.own(principal), Selection.is_current)
            .order_by(Selection.id)
            .limit(1)
        )


async def number_ids(db: Database, principal: Principal, selection_id: int) -> list[int]:
    """The selection's numbers the principal may still see; [] for someone else's selection."""
    async with db.session() as s:
        return list(
            await s.scalars(
                select(SelectionItem.number_id)
                .join(Selection, Selection.id == SelectionItem.selection_id)
                .join(Number, Number.id == SelectionItem.number_id)
                .where(Selection.id == selection_id, queries.own(principal), in_scope(principal))
                .order_by(SelectionItem.number_id)
            )
        )


class SelectionService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.directory = NumberDirectory(db)

    # --- the current selection ------------------------------------------------------------

    async def current_id(self, principal: Principal) -> int:
        """The current selection, created when missing."""
        found = await current_selection_id(self.db, principal)
        if found is not None:
            return found
        async with self.db.transaction() as s:
            sel = Selection(
                user_id=principal.user_id, company_id=principal.company_id, is_current=True
            )
            s.add(sel)
            await s.flush()
            return sel.id

    async def owned(self, principal: Principal, selection_id: int) -> bool:
        async with self.db.session() as s:
            return bool(
                await s.scalar(
                    select(Selection.id).where(Selection.id == selection_id, queries.own(principal))
                )
            )

    async def summary(self, principal: Principal, selection_id: int | None = None) -> Summary:
        sid = (
            selection_id
            if selection_id is not None
            else await current_selection_id(self.db, principal)
        )
        if sid is None:
            return Summary(None, 0, 0, 0, None)
        async with self.db.session() as s:
            n, accounts, contracts, contract_id = await queries.figures(s, principal, sid)
        return Summary(
            sid, n or 0, accounts or 0, contracts or 0, contract_id if contracts == 1 else None
        )

    async def contains(self, principal: Principal, number_id: int) -> bool:
        sid = await current_selection_id(self.db, principal)
        if sid is None:
            return False
        async with self.db.session() as s:
            return bool(
                await s.scalar(
                    select(SelectionItem.number_id).where(
                        SelectionItem.selection_id == sid, SelectionItem.number_id == number_id
                    )
                )
            )

    async def items(
        self,
        principal: Principal,
        selection_id: int | None = None,
        page: int = 0,
        size: int = PAGE_SIZE,
    ) -> Page:
        sid = (
            selection_id
            if selection_id is not None
            else await current_selection_id(self.db, principal)
        )
        if sid is None or not await self.owned(principal, sid):
            return Page([], 0, 0, 1)
        where = and_(
            in_scope(principal),
            exists().where(SelectionItem.selection_id == sid, SelectionItem.number_id == Number.id),
        )
        async with self.db.session() as s:
            total = await s.scalar(select(func.count(Number.id)).where(where)) or 0
            pages = page_count(total, size)
            page = min(max(page, 0), pages - 1)
            result = await s.execute(
                row_select().where(where).order_by(Number.msisdn).limit(size).offset(page * size)
            )
            return Page(number_rows(result), total, page, pages)

    # --- building --------------------------------------------------------------------------

    async def _add_where(
        self, principal: Principal, condition: ColumnElement[bool], selection_id: int | None = None
    ) -> int:
        """Add every number in scope matching `condition`; returns how many were new."""
        sid = selection_id or await self.current_id(principal)
        query = select(Number.id).where(
            in_scope(principal),
            condition,
            ~exists().where(
                SelectionItem.selection_id == sid, SelectionItem.number_id == Number.id
            ),
        )
        async with self.db.transaction() as s:
            ids = list(await s.scalars(query))
            await queries.insert_items(s, sid, ids)
            await queries.touch(s, sid)
        return len(ids)

    async def add(self, principal: Principal, ids: Iterable[int]) -> int:
        """Add these numbers (ids from a client: scope-checked); returns how many were new."""
        clean = sorted({i for i in ids if isinstance(i, int)})
        if not clean:
            return 0
        sid = await self.current_id(principal)
        async with self.db.transaction() as s:
            existing = set(
                await s.scalars(
                    select(SelectionItem.number_id).where(SelectionItem.selection_id == sid)
                )
            )
            todo = [i for i in clean if i not in existing]
            allowed = await queries.in_scope_ids(s, principal, todo)
            await queries.insert_items(s, sid, allowed)
            await queries.touch(s, sid)
        return len(allowed)

    async def add_source(self, principal: Principal, source: Source) -> int:
        """A whole account, contract, department subtree or search result."""
        cond = await self.directory.source_condition(principal, source)
        if cond is None:
            return 0
        return await self._add_where(principal, cond)

    async def add_filter(self, principal: Principal, f: Filter) -> int:
        cond = queries.filter_condition(f.kind, f.value)
        if cond is None:
            raise SelectionError("bad-filter")
        return await self._add_where(principal, cond)

    async def filter_choices(self, principal: Principal, kind: str) -> list[tuple[str, str]]:
        """(value, label) pairs for a filter, limited to what the user's numbers have."""
        async with self.db.session() as s:
            return await queries.filter_choices(s, principal, kind)

    async def remove(self, principal: Principal, ids: Iterable[int]) -> int:
        sid = await current_selection_id(self.db, principal)
        clean = sorted({i for i in ids if isinstance(i, int)})
        if sid is None or not clean:
            return 0
        removed = 0
        async with self.db.transaction() as s:
            for chunk in chunks(clean):
                res = await s.execute(
                    delete(SelectionItem).where(
                        SelectionItem.selection_id == sid, SelectionItem.number_id.in_(chunk)
                    )
                )
                removed += affected(res)
            await queries.touch(s, sid)
        return removed

    async def clear(self, principal: Principal) -> None:
        sid = await current_selection_id(self.db, principal)
        if sid is None:
            return
        async with self.db.transaction() as s:
            await s.execute(delete(SelectionItem).where(SelectionItem.selection_id == sid))
            await queries.touch(s, sid)

    async def replace(self, principal: Principal, ids: list[int]) -> int:
        """Make the current selection exactly these numbers (scope-checked)."""
        sid = await self.current_id(principal)
        clean = sorted(set(ids))
        async with self.db.transaction() as s:
            await s.execute(delete(SelectionItem).where(SelectionItem.selection_id == sid))
            allowed = await queries.in_scope_ids(s, principal, clean)
            await queries.insert_items(s, sid, allowed)
            await queries.touch(s, sid)
        return len(allowed)

    # --- saved selections ----------------------------------------------------------------

    @staticmethod
    def clean_name(name: str) -> str:
        cleaned = " ".join(name.split())
        if not cleaned:
            raise SelectionError("name-empty")
        if len(cleaned) > NAME_MAX:
            raise SelectionError("name-long")
        return cleaned

    async def save(self, principal: Principal, name: str) -> tuple[int, bool]:
        """Save the current selection under a name; (id, replaced an older one of that name)."""
        name = self.clean_name(name)
        sid = await current_selection_id(self.db, principal)
        ids = await number_ids(self.db, principal, sid) if sid else []
        if not ids:
            raise SelectionError("empty")
        async with self.db.transaction() as s:
            old = await s.scalar(
                select(Selection).where(
                    queries.own(principal), ~Selection.is_current, Selection.name == name
                )
            )
            if old is not None:
                await s.execute(delete(SelectionItem).where(SelectionItem.selection_id == old.id))
                old.updated_at = utcnow()
                target = old.id
            else:
                sel = Selection(
                    user_id=principal.user_id,
                    company_id=principal.company_id,
                    name=name,
                    is_current=False,
                )
                s.add(sel)
                await s.flush()
                target = sel.id
            await queries.insert_items(s, target, ids)
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action="selection.save",
                name=name,
                numbers=len(ids),
            )
        return target, old is not None

    async def saved(self, principal: Principal) -> list[SavedRow]:
        async with self.db.session() as s:
            rows = await s.execute(
                select(Selection.id, Selection.name, func.count(SelectionItem.number_id))
                .outerjoin(SelectionItem, SelectionItem.selection_id == Selection.id)
                .where(queries.own(principal), ~Selection.is_current)
                .group_by(Selection.id, Selection.name)
                .order_by(Selection.name)
            )
            return [SavedRow(i, n or "", c) for i, n, c in rows]

    async def saved_one(self, principal: Principal, selection_id: int) -> SavedRow | None:
        return next((r for r in await self.saved(principal) if r.id == selection_id), None)

    async def rename(self, principal: Principal, selection_id: int, name: str) -> None:
        name = self.clean_name(name)
        async with self.db.transaction() as s:
            sel = await s.scalar(
                select(Selection).where(
                    Selection.id == selection_id, queries.own(principal), ~Selection.is_current
                )
            )
            if sel is None:
                raise SelectionError("not-found")
            clash = await s.scalar(
                select(Selection.id).where(
                    queries.own(principal),
                    ~Selection.is_current,
                    Selection.name == name,
                    Selection.id != selection_id,
                )
            )
            if clash:
                raise SelectionError("name-taken")
            sel.name = name

    async def delete(self, principal: Principal, selection_id: int) -> None:
        async with self.db.transaction() as s:
            sel = await s.scalar(
                select(Selection).where(
                    Selection.id == selection_id, queries.own(principal), ~Selection.is_current
                )
            )
            if sel is None:
                raise SelectionError("not-found")
            await s.execute(delete(SelectionItem).where(SelectionItem.selection_id == selection_id))
            await s.delete(sel)

    async def make_current(self, principal: Principal, selection_id: int) -> int:
        """Copy a saved selection into the current one; returns how many numbers it holds."""
        if not await self.saved_one(principal, selection_id):
            raise SelectionError("not-found")
        ids = await number_ids(self.db, principal, selection_id)
        return await self.replace(principal, ids)
