"""Users and roles administration: who has access, with which role and scope, and what each
role may do. Only a principal who may perform "users" gets here; everything is re-checked
against their company, and every change lands in the history."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select

from services import history
from services.access import APPROVE, WORKPLACES, Mode, Principal, effective_mode
from services.operations.registry import REGISTRY
from storage.db import Database
from storage.models import Department, Grant, Number, Role, ScopeKind, User

# Roles whose permissions are fixed: the owner must always be able to undo any mistake.
LOCKED_ROLES = frozenset({"owner"})
CYCLE = (None, Mode.REQUEST, Mode.PERFORM)


def permission_keys() -> list[str]:
    return [*WORKPLACES, APPROVE, *(spec.permission for spec in REGISTRY.values())]


class AdminResult(StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    SELF = "self"
    LAST_OWNER = "last_owner"
    LOCKED = "locked"


@dataclass(frozen=True)
class GrantRow:
    id: int
    role: str
    role_name: str
    scope: ScopeKind
    where: str | None  # department name or number


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    active: bool
    roles: tuple[str, ...]


@dataclass(frozen=True)
class RoleRow:
    id: int
    code: str
    name: str
    builtin: bool
    users: int
    modes: dict[str, Mode | None]

    @property
    def locked(self) -> bool:
        return self.code in LOCKED_ROLES


class AdminService:
    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def allowed(by: Principal) -> bool:
        return by.mode("users") == Mode.PERFORM

    # --- users ---------------------------------------------------------------------------

    async def users(self, by: Principal) -> list[UserRow]:
        if not self.allowed(by):
            return []
        async with self.db.session() as s:
            rows = await s.execute(
                select(User.id, User.full_name, User.active, Role.code)
                .outerjoin(Grant, Grant.user_id == User.id)
                .outerjoin(Role, Role.id == Grant.role_id)
                .where(User.company_id == by.company_id)
                .order_by(User.full_name, User.id)
            )
            users: dict[int, UserRow] = {}
            for uid, name, active, role in rows:
                prev = users.get(uid)
                roles = (*prev.roles, role) if prev and role else ((role,) if role else ())
                users[uid] = UserRow(uid, name or "—", active, roles)
            return list(users.values())

    async def user(self, by: Principal, user_id: int) -> tuple[UserRow, list[GrantRow]] | None:
        if not self.allowed(by):
            return None
        async with self.db.session() as s:
            user = await s.get(User, user_id)
            if user is None or user.company_id != by.company_id:
                return None
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
        if not self.allowed(by):
            return AdminResult.NOT_FOUND
        if user_id == by.user_id:
            return AdminResult.SELF
        async with self.db.transaction() as s:
            user = await s.get(User, user_id)
            if user is None or user.company_id != by.company_id:
                return AdminResult.NOT_FOUND
            if not active and await self._is_last_owner(s, by.company_id, user_id):
                return AdminResult.LAST_OWNER
            user.active = active
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="user.activate" if active else "user.deactivate",
                target_user=user_id,
            )
            return AdminResult.DONE

    async def revoke(self, by: Principal, grant_id: int) -> AdminResult:
        if not self.allowed(by):
            return AdminResult.NOT_FOUND
        async with self.db.transaction() as s:
            row = (
                await s.execute(
                    select(Grant, Role.code, User.company_id)
                    .join(Role, Role.id == Grant.role_id)
                    .join(User, User.id == Grant.user_id)
                    .where(Grant.id == grant_id)
                )
            ).first()
            if row is None or row[2] != by.company_id:
                return AdminResult.NOT_FOUND
            grant, role, _ = row
            if grant.user_id == by.user_id:
                return AdminResult.SELF
            if role == "owner" and await self._is_last_owner(s, by.company_id, grant.user_id):
                return AdminResult.LAST_OWNER
            await s.delete(grant)
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="grant.revoke",
                target_user=grant.user_id,
                role=role,
            )
            return AdminResult.DONE

    async def _is_last_owner(self, s, company_id: int, user_id: int) -> bool:
        owners = set(
            await s.scalars(
                select(Grant.user_id)
                .join(Role, Role.id == Grant.role_id)
                .join(User, User.id == Grant.user_id)
                .where(Role.company_id == company_id, Role.code == "owner", User.active)
            )
        )
        return owners <= {user_id}

    # --- roles ---------------------------------------------------------------------------

    async def roles(self, by: Principal) -> list[RoleRow]:
        if not self.allowed(by):
            return []
        async with self.db.session() as s:
            counts = dict(
                (
                    await s.execute(
                        select(Grant.role_id, func.count(Grant.id)).group_by(Grant.role_id)
                    )
                ).all()
            )
            roles = await s.scalars(
                select(Role).where(Role.company_id == by.company_id).order_by(Role.id)
            )
            return [_role_row(r, counts.get(r.id, 0)) for r in roles]

    async def role(self, by: Principal, role_id: int) -> RoleRow | None:
        return next((r for r in await self.roles(by) if r.id == role_id), None)

    async def cycle_permission(
        self, by: Principal, role_id: int, key: str
    ) -> tuple[AdminResult, RoleRow | None]:
        """none → request → perform → none; workplaces have no "request"."""
        if not self.allowed(by) or key not in permission_keys():
            return AdminResult.NOT_FOUND, None
        async with self.db.transaction() as s:
            role = await s.get(Role, role_id)
            if role is None or role.company_id != by.company_id:
                return AdminResult.NOT_FOUND, None
            if role.code in LOCKED_ROLES:
                return AdminResult.LOCKED, _role_row(role, 0)
            perms = dict(role.permissions)
            current = effective_mode(perms, key)
            cycle = CYCLE if key.startswith("op.") else (None, Mode.PERFORM)
            new = cycle[(cycle.index(current) + 1) % len(cycle)]
            # Explicit entries: a wildcard elsewhere must not decide this key any more.
            perms[key] = new.value if new else ""
            role.permissions = perms
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="role.permission",
                role=role.code,
                permission=key,
                mode=new.value if new else "none",
            )
            await s.flush()
            return AdminResult.DONE, _role_row(role, 0)

    async def create_role(self, by: Principal, name: str) -> RoleRow | None:
        """A new role starts as read-only as a viewer; the admin then adds what it may do."""
        name = " ".join(name.split())[:120]
        if not self.allowed(by) or not name:
            return None
        async with self.db.transaction() as s:
            viewer = await s.scalar(
                select(Role).where(Role.company_id == by.company_id, Role.code == "viewer")
            )
            count = (
                await s.scalar(select(func.count(Role.id)).where(Role.company_id == by.company_id))
                or 0
            )
            role = Role(
                company_id=by.company_id,
                code=f"custom{count + 1}",
                name=name,
                permissions=dict(viewer.permissions) if viewer else {},
                builtin=False,
            )
            s.add(role)
            await s.flush()
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="role.create",
                role=role.code,
                name=name,
            )
            return _role_row(role, 0)


def _role_row(role: Role, users: int) -> RoleRow:
    perms = dict(role.permissions)
    return RoleRow(
        role.id,
        role.code,
        role.name,
        role.builtin,
        users,
        {key: effective_mode(perms, key) for key in permission_keys()},
    )
