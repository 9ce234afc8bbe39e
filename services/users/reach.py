"""Whose access an administrator of users may change: the whole company for a company-wide
grant of "users", else the people whose every grant lies inside the administrator's
departments. Owners and admins are changed only by owners and admins, so nobody can raise
themselves (or a friend) above their own level."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.access import Mode, Principal
from storage.models import Department, Grant, Number, Role, ScopeKind, User

# Roles only an owner or admin may give, change or take away.
HIGH_ROLES = frozenset({"owner", "admin"})


@dataclass(frozen=True)
class Reach:
    company_id: int
    company_wide: bool
    paths: tuple[str, ...]  # department subtrees, when not company-wide
    high: bool  # may touch owners' and admins' grants

    def covers(self, path: str | None) -> bool:
        if self.company_wide:
            return True
        return path is not None and any(path.startswith(p) for p in self.paths)


def reach_of(by: Principal) -> Reach | None:
    """None when the principal may not administer users at all."""
    grants = by.grants_for("users", Mode.PERFORM)
    if not grants:
        return None
    company_wide = any(g.scope == ScopeKind.COMPANY for g in grants)
    paths = tuple(
        g.department_path
        for g in grants
        if g.scope == ScopeKind.DEPARTMENT and g.department_path is not None
    )
    if not company_wide and not paths:
        return None  # an own-number grant of "users" administers nobody
    return Reach(by.company_id, company_wide, paths, by.is_admin)


@dataclass(frozen=True)
class HeldGrant:
    id: int
    user_id: int
    role: str
    scope: ScopeKind
    path: str | None  # the department's, or the own number's department's


async def held_grants(
    s: AsyncSession, company_id: int, user_id: int | None = None
) -> list[HeldGrant]:
    number_dept = aliased(Department)
    query = (
        select(
            Grant.id,
            Grant.user_id,
            Role.code,
            Grant.scope,
            Department.path,
            number_dept.path,
        )
        .join(User, User.id == Grant.user_id)
        .join(Role, Role.id == Grant.role_id)
        .outerjoin(Department, Department.id == Grant.department_id)
        .outerjoin(Number, Number.id == Grant.number_id)
        .outerjoin(number_dept, number_dept.id == Number.department_id)
        .where(User.company_id == company_id)
    )
    if user_id is not None:
        query = query.where(Grant.user_id == user_id)
    rows = await s.execute(query)
    return [
        HeldGrant(gid, uid, code, scope, dept_path or number_path)
        for gid, uid, code, scope, dept_path, number_path in rows
    ]


def grant_in_reach(reach: Reach, grant: HeldGrant) -> bool:
    if grant.role in HIGH_ROLES and not reach.high:
        return False
    if reach.company_wide:
        return True
    return grant.scope != ScopeKind.COMPANY and reach.covers(grant.path)


def users_in_reach(reach: Reach, grants: list[HeldGrant]) -> set[int]:
    """Users every grant of whom the administrator may change (a user without any grant is
    seen only company-wide: nothing ties them to a department)."""
    by_user: dict[int, list[HeldGrant]] = {}
    for g in grants:
        by_user.setdefault(g.user_id, []).append(g)
    return {uid for uid, theirs in by_user.items() if all(grant_in_reach(reach, g) for g in theirs)}


async def user_in_reach(s: AsyncSession, reach: Reach, user_id: int) -> bool:
    user = await s.get(User, user_id)
    if user is None or user.company_id != reach.company_id:
        return False
    theirs = await held_grants(s, reach.company_id, user_id)
    if not theirs:
        return reach.company_wide
    return all(grant_in_reach(reach, g) for g in theirs)
