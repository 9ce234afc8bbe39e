"""Managing the department tree («Управление иерархией»): create, rename, move, delete.

The tree is a materialized path ("/1/4/9/"), so a move rewrites the subtree's paths in one
UPDATE, and managers' scopes (a prefix of that path) follow at once. A department is
deleted only when nothing points at it: no numbers, no child departments, no grant or
invite that scopes someone to it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from services.access import Mode, Principal
from storage.db import Database
from storage.models import Department, Grant, Invite, Number, ScopeKind

MAX_NAME = 120


class Outcome(enum.StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"  # no such department in the user's editable scope
    BAD_NAME = "bad_name"
    DUPLICATE = "duplicate"  # a sibling has that name already
    CYCLE = "cycle"  # a department cannot move under itself
    NOT_EMPTY = "not_empty"
    IN_USE = "in_use"  # someone's access is scoped to it


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    department_id: int | None = None
    numbers: int = 0
    children: int = 0


@dataclass(frozen=True)
class DepartmentInfo:
    id: int
    name: str
    parent_id: int | None
    numbers: int  # directly in it
    children: int


def _editable(principal: Principal, path: str | None) -> bool:
    """A department the user may change: within a grant that performs "hierarchy"."""
    for g in principal.grants_for("hierarchy", Mode.PERFORM):
        if g.scope == ScopeKind.COMPANY:
            return True
        if g.scope == ScopeKind.DEPARTMENT and path and g.department_path:
            if path.startswith(g.department_path):
                return True
    return False


def _at_top(principal: Principal) -> bool:
    return any(
        g.scope == ScopeKind.COMPANY for g in principal.grants_for("hierarchy", Mode.PERFORM)
    )


def clean_name(text: str) -> str | None:
    name = " ".join(text.split())
    return name if 0 < len(name) <= MAX_NAME else None


class DepartmentService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def _get(
        self, s: AsyncSession, principal: Principal, department_id: int
    ) -> Department | None:
        dep = await s.get(Department, department_id)
        if dep is None or dep.company_id != principal.company_id:
            return None
        return dep if _editable(principal, dep.path) else None

    async def _parent_path(
        self, s: AsyncSession, principal: Principal, parent_id: int | None
    ) -> str | None:
        """Where a child of `parent_id` would hang ("/" is the top), if the user may put it
        there; None otherwise."""
        if parent_id is None:
            return "/" if _at_top(principal) else None
        parent = await self._get(s, principal, parent_id)
        return parent.path if parent else None

    async def info(self, principal: Principal, department_id: int) -> DepartmentInfo | None:
        async with self.db.session() as s:
            dep = await self._get(s, principal, department_id)
            if dep is None:
                return None
            numbers = await s.scalar(
                select(func.count(Number.id)).where(Number.department_id == dep.id)
            )
            children = await s.scalar(
                select(func.count(Department.id)).where(Department.parent_id == dep.id)
            )
            return DepartmentInfo(dep.id, dep.name, dep.parent_id, numbers or 0, children or 0)

    async def may_edit(self, principal: Principal, department_id: int | None) -> bool:
        if department_id is None:
            return _at_top(principal)
        return await self.info(principal, department_id) is not None

    async def _sibling_named(
        self, s: AsyncSession, company_id: int, parent_id: int | None, name: str, skip: int | None
    ) -> bool:
        # Compared in Python: SQLite's lower() knows no Cyrillic.
        query = select(Department.id, Department.name).where(
            Department.company_id == company_id,
            Department.parent_id.is_(None)
            if parent_id is None
            else Department.parent_id == parent_id,
        )
        wanted = name.casefold()
        return any(i != skip and n.casefold() == wanted for i, n in await s.execute(query))

    async def create(self, principal: Principal, parent_id: int | None, text: str) -> Result:
        name = clean_name(text)
        if name is None:
            return Result(Outcome.BAD_NAME)
        async with self.db.transaction() as s:
            prefix = await self._parent_path(s, principal, parent_id)
            if prefix is None:
                return Result(Outcome.NOT_FOUND)
            if await self._sibling_named(s, principal.company_id, parent_id, name, None):
                return Result(Outcome.DUPLICATE)
            dep = Department(company_id=principal.company_id, parent_id=parent_id, name=name)
            s.add(dep)
            await s.flush()
            dep.path = f"{prefix}{dep.id}/"
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action="department.create",
                department_id=dep.id,
                name=name,
            )
            return Result(Outcome.DONE, dep.id)

    async def rename(self, principal: Principal, department_id: int, text: str) -> Result:
        name = clean_name(text)
        if name is None:
            return Result(Outcome.BAD_NAME)
        async with self.db.transaction() as s:
            dep = await self._get(s, principal, department_id)
            if dep is None:
                return Result(Outcome.NOT_FOUND)
            if await self._sibling_named(s, dep.company_id, dep.parent_id, name, dep.id):
                return Result(Outcome.DUPLICATE)
            old, dep.name = dep.name, name
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action="department.rename",
                department_id=dep.id,
                old=old,
                name=name,
            )
            return Result(Outcome.DONE, dep.id)

    async def move(self, principal: Principal, department_id: int, parent_id: int | None) -> Result:
        async with self.db.transaction() as s:
            dep = await self._get(s, principal, department_id)
            if dep is None:
                return Result(Outcome.NOT_FOUND)
            prefix = await self._parent_path(s, principal, parent_id)
            if prefix is None:
                return Result(Outcome.NOT_FOUND)
            if prefix.startswith(dep.path):
                return Result(Outcome.CYCLE)
            if await self._sibling_named(s, dep.company_id, parent_id, dep.name, dep.id):
                return Result(Outcome.DUPLICATE)
            old_path, new_path = dep.path, f"{prefix}{dep.id}/"
            dep.parent_id = parent_id
            # The whole subtree in one statement: every path starting with the old prefix.
            await s.execute(
                update(Department)
                .where(
                    Department.company_id == dep.company_id,
                    Department.path.startswith(old_path),
                )
                .values(path=new_path + func.substr(Department.path, len(old_path) + 1))
                .execution_options(synchronize_session=False)
            )
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action="department.move",
                department_id=dep.id,
                parent_id=parent_id,
            )
            return Result(Outcome.DONE, dep.id)

    async def delete(self, principal: Principal, department_id: int) -> Result:
        async with self.db.transaction() as s:
            dep = await self._get(s, principal, department_id)
            if dep is None:
                return Result(Outcome.NOT_FOUND)
            numbers = await s.scalar(
                select(func.count(Number.id)).where(Number.department_id == dep.id)
            )
            children = await s.scalar(
                select(func.count(Department.id)).where(Department.parent_id == dep.id)
            )
            if numbers or children:
                return Result(Outcome.NOT_EMPTY, dep.id, numbers or 0, children or 0)
            used = await s.scalar(
                select(func.count(Grant.id)).where(Grant.department_id == dep.id)
            ) or await s.scalar(
                select(func.count(Invite.id)).where(
                    Invite.department_id == dep.id, Invite.used_by.is_(None)
                )
            )
            if used:
                return Result(Outcome.IN_USE, dep.id)
            await s.delete(dep)
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action="department.delete",
                name=dep.name,
            )
            return Result(Outcome.DONE)

    async def targets(self, principal: Principal, department_id: int) -> list[tuple[int, str]]:
        """Where a department may move: editable departments outside its own subtree."""
        async with self.db.session() as s:
            dep = await self._get(s, principal, department_id)
            if dep is None:
                return []
            rows = await s.execute(
                select(Department.id, Department.name, Department.path)
                .where(Department.company_id == principal.company_id)
                .order_by(Department.path)
            )
            return [
                (i, name)
                for i, name, path in rows
                if not path.startswith(dep.path)
                and i != dep.parent_id
                and _editable(principal, path)
            ]
