"""Users and roles administration: who has access, with which role and scope, and what each
role may do. Only a principal who may perform "users" gets here, and only over the people in
their reach (services.users.reach); everything is re-checked against their company on the
server, and every change lands in the history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from services.access import Principal
from services.events import EventBus, UserDeactivated
from services.users.admin_data import AdminResult, GrantRow, RoleRow, UserRow
from services.users.reach import (
    HIGH_ROLES,
    HeldGrant,
    held_grants,
    reach_of,
    user_in_reach,
    users_in_reach,
)
from services.users.role_editor import RoleEditor
from storage.db import Database
from storage.models import Department, Grant, Number, Role, ScopeKind, User

__all__ = ["AdminResult", "AdminService", "GrantRow", "RoleRow", "UserRow"]


class AdminService(RoleEditor):
    """Users and their grants (roles: services.users.role_editor). `bus` hears who was
    switched off (their pending requests are withdrawn)."""

    def __init__(self, db: Database, bus: EventBus | None = None) -> None:
        self.db = db
        self.bus = bus

    @staticmethod
    def allowed(by: Principal) -> bool:
        return reach_of(by) is not None

    # --- users ---------------------------------------------------------------------------

    async def users(self, by: Principal) -> list[UserRow]:
        reach = reach_of(by)
        if reach is None:
            return []
        async with self.db.session() as s:
            held = await held_grants(s, by.company_id)
            visible = users_in_reach(reach, held)
            query = (
                select(User.id, User.full_name, User.active)
                .where(User.company_id == by.company_id)
                .order_by(User.full_name, User.id)
            )
            names = dict(
                (
                    await s.execute(
                        select(Role.code, Role.name).where(Role.company_id == by.company_id)
                    )
                ).all()
            )
            roles: dict[int, list[str]] = {}
            for g in sorted(held, key=lambda g: g.id):
                roles.setdefault(g.user_id, []).append(g.role)
            return [
                UserRow(
                    uid,
                    name or "—",
                    active,
                    tuple(roles.get(uid, ())),
                    tuple(names.get(code, "") for code in roles.get(uid, ())),
                )
                for uid, name, active in await s.execute(query)
                if uid in visible or (reach.company_wide and uid not in roles)
            ]

    async def user(self, by: Principal, user_id: int) -> tuple[UserRow, list[GrantRow]] | None:
        reach = reach_of(by)
        if reach is None:
            return None
        async with self.db.session() as s:
            if not await user_in_reach(s, reach, user_id):
                return None
            user = await s.get(User, user_id)
            assert user is not None
            rows = await s.execute(
                select(Grant.id, Role.code, Role.name, Grant.scope, Department.name, Number.msisdn)
                .join(Role, Role.id == Grant.role_id)
                .outerjoin(Department, Department.id == Grant.department_id)
                .outerjoin(Number, Number.id == Grant.number_id)
                .where(Grant.user_id == user.id)
                .order_by(Grant.id)
            )
            grants = [
                GrantRow(gid, code, name, scope, dept or msisdn)
                for gid, code, name, scope, dept, msisdn in rows
            ]
            row = UserRow(
                user.id, user.full_name or "—", user.active, tuple(g.role for g in grants)
            )
            return row, grants

    async def set_active(self, by: Principal, user_id: int, active: bool) -> AdminResult:
        reach = reach_of(by)
        if reach is None:
            return AdminResult.NOT_FOUND
        if user_id == by.user_id:
            return AdminResult.SELF
        async with self.db.transaction() as s:
            if not await user_in_reach(s, reach, user_id):
                return AdminResult.NOT_FOUND
            user = await s.get(User, user_id)
            assert user is not None
            if not active and await self._is_last_owner(s, by.company_id, user_id):
                return AdminResult.LAST_OWNER
            if user.active == active:
                return AdminResult.DONE
            user.active = active
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="user.activate" if active else "user.deactivate",
                target_user=user_id,
            )
        if not active and self.bus is not None:
            await self.bus.publish(UserDeactivated(user_id, by.company_id, by.user_id))
        return AdminResult.DONE

    async def _held(self, s: AsyncSession, by: Principal, grant_id: int) -> HeldGrant | None:
        """A grant this administrator may change, else None (as if it did not exist)."""
        reach = reach_of(by)
        if reach is None:
            return None
        grant = await s.get(Grant, grant_id)
        if grant is None or not await user_in_reach(s, reach, grant.user_id):
            return None
        return next(
            g for g in await held_grants(s, by.company_id, grant.user_id) if g.id == grant_id
        )

    async def revoke(self, by: Principal, grant_id: int) -> AdminResult:
        async with self.db.transaction() as s:
            held = await self._held(s, by, grant_id)
            if held is None:
                return AdminResult.NOT_FOUND
            if held.user_id == by.user_id:
                return AdminResult.SELF
            if held.role == "owner" and await self._is_last_owner(s, by.company_id, held.user_id):
                return AdminResult.LAST_OWNER
            grant = await s.get(Grant, grant_id)
            await s.delete(grant)
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="grant.revoke",
                target_user=held.user_id,
                role=held.role,
            )
            return AdminResult.DONE

    async def grant(self, by: Principal, grant_id: int) -> GrantRow | None:
        async with self.db.session() as s:
            held = await self._held(s, by, grant_id)
            if held is None:
                return None
        found = await self.user(by, held.user_id)
        return next((g for g in found[1] if g.id == grant_id), None) if found else None

    async def assignable_roles(self, by: Principal) -> list[tuple[int, str, str]]:
        """(id, code, name) of the roles this administrator may give: never "owner" (owners
        come from the bot's settings), "admin" only from an owner or admin."""
        if reach_of(by) is None:
            return []
        async with self.db.session() as s:
            rows = await s.execute(
                select(Role.id, Role.code, Role.name)
                .where(Role.company_id == by.company_id)
                .order_by(Role.id)
            )
            return [
                (i, code, name)
                for i, code, name in rows
                if code != "owner" and (code not in HIGH_ROLES or by.is_admin)
            ]

    async def departments(self, by: Principal) -> list[tuple[int, str, int]]:
        """(id, name, depth) of the departments this administrator may give a scope in."""
        reach = reach_of(by)
        if reach is None:
            return []
        async with self.db.session() as s:
            rows = await s.execute(
                select(Department.id, Department.name, Department.path)
                .where(Department.company_id == by.company_id)
                .order_by(Department.path)
            )
            return [(i, n, p.count("/") - 2) for i, n, p in rows if reach.covers(p)]

    async def change_role(self, by: Principal, grant_id: int, role_id: int) -> AdminResult:
        """The same person and scope, another role: no new invite."""
        allowed = {i: code for i, code, _n in await self.assignable_roles(by)}
        async with self.db.transaction() as s:
            held = await self._held(s, by, grant_id)
            if held is None:
                return AdminResult.NOT_FOUND
            if held.user_id == by.user_id:
                return AdminResult.SELF
            if role_id not in allowed:
                return AdminResult.FORBIDDEN
            if held.role == "owner" and await self._is_last_owner(s, by.company_id, held.user_id):
                return AdminResult.LAST_OWNER
            grant = await s.get(Grant, grant_id)
            assert grant is not None
            grant.role_id = role_id
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="grant.role",
                target_user=held.user_id,
                role=allowed[role_id],
                was=held.role,
            )
            return AdminResult.DONE

    async def change_scope(
        self, by: Principal, grant_id: int, scope: ScopeKind, department_id: int | None
    ) -> AdminResult:
        """The same person and role over the whole company or one department's subtree."""
        reach = reach_of(by)
        if reach is None:
            return AdminResult.NOT_FOUND
        async with self.db.transaction() as s:
            held = await self._held(s, by, grant_id)
            if held is None:
                return AdminResult.NOT_FOUND
            if held.user_id == by.user_id:
                return AdminResult.SELF
            dept: Department | None = None
            if scope == ScopeKind.COMPANY:
                if not reach.company_wide:
                    return AdminResult.FORBIDDEN
            elif scope == ScopeKind.DEPARTMENT:
                dept = await s.get(Department, department_id) if department_id else None
                if dept is None or dept.company_id != by.company_id:
                    return AdminResult.NOT_FOUND
                if not reach.covers(dept.path):
                    return AdminResult.FORBIDDEN
            else:
                return AdminResult.FORBIDDEN
            if (
                held.role == "owner"
                and scope != ScopeKind.COMPANY
                and await self._is_last_owner(s, by.company_id, held.user_id)
            ):
                return AdminResult.LAST_OWNER
            grant = await s.get(Grant, grant_id)
            assert grant is not None
            grant.scope = scope
            grant.department_id = dept.id if dept else None
            grant.number_id = None
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="grant.scope",
                target_user=held.user_id,
                role=held.role,
                scope=scope.value,
                department=dept.name if dept else "",
            )
            return AdminResult.DONE

    async def _is_last_owner(self, s: AsyncSession, company_id: int, user_id: int) -> bool:
        owners = set(
            await s.scalars(
                select(Grant.user_id)
                .join(Role, Role.id == Grant.role_id)
                .join(User, User.id == Grant.user_id)
                .where(
                    Role.company_id == company_id,
                    Role.code == "owner",
                    Grant.scope == ScopeKind.COMPANY,
                    User.active,
                )
            )
        )
        return owners == {user_id}
