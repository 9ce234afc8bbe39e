"""What each role may do: roles are data that owners and admins edit, create, copy and delete.

A role is company-wide, so a department's administrator (a manager) never edits one: that
would change what people in other departments may do."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, func, select

from services import history
from services.access import Mode, Principal, effective_mode
from services.users.admin_data import (
    CYCLE,
    LOCKED_ROLES,
    AdminResult,
    RoleRow,
    permission_keys,
)
from storage.db import Database
from storage.models import Grant, Invite, Role


def may_edit_roles(by: Principal) -> bool:
    return by.is_admin and by.mode("users") == Mode.PERFORM


class RoleEditor:
    db: Database

    async def roles(self, by: Principal) -> list[RoleRow]:
        if not may_edit_roles(by):
            return []
        async with self.db.session() as s:
            counts = dict(
                (
                    await s.execute(
                        select(Grant.role_id, func.count(Grant.id))
                        .join(Role, Role.id == Grant.role_id)
                        .where(Role.company_id == by.company_id)
                        .group_by(Grant.role_id)
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
        if not may_edit_roles(by) or key not in permission_keys():
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

    async def create_role(
        self, by: Principal, name: str, copy_of: int | None = None
    ) -> RoleRow | None:
        """A new role starts as read-only as a viewer, or as a copy of another role's
        permissions; the admin then changes what it may do."""
        name = " ".join(name.split())[:120]
        if not may_edit_roles(by) or not name:
            return None
        async with self.db.transaction() as s:
            source = await s.scalar(
                select(Role).where(
                    Role.company_id == by.company_id,
                    (Role.id == copy_of) if copy_of is not None else (Role.code == "viewer"),
                )
            )
            if copy_of is not None and source is None:
                return None
            role = Role(
                company_id=by.company_id,
                # Unique for good: a deleted role's code is never given to another one.
                code=f"custom{secrets.token_hex(4)}",
                name=name,
                permissions=dict(source.permissions) if source else {},
                builtin=False,
            )
            s.add(role)
            await s.flush()
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="role.copy" if copy_of is not None else "role.create",
                role=role.code,
                name=name,
                source=source.code if source else "",
            )
            return _role_row(role, 0)

    async def delete_role(self, by: Principal, role_id: int) -> tuple[AdminResult, int]:
        """(result, how many grants hold it): a held or starting role stays."""
        if not may_edit_roles(by):
            return AdminResult.NOT_FOUND, 0
        async with self.db.transaction() as s:
            role = await s.get(Role, role_id)
            if role is None or role.company_id != by.company_id:
                return AdminResult.NOT_FOUND, 0
            if role.builtin:
                return AdminResult.BUILTIN, 0
            held = await s.scalar(select(func.count(Grant.id)).where(Grant.role_id == role_id))
            if held:
                return AdminResult.HELD, int(held)
            # Its invites go with it: an unused one would give a role that no longer exists.
            await s.execute(delete(Invite).where(Invite.role_id == role_id))
            await s.delete(role)
            history.record(
                s,
                company_id=by.company_id,
                user_id=by.user_id,
                action="role.delete",
                role=role.code,
                name=role.name,
            )
            return AdminResult.DONE, 0


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
