"""Users and roles administration at the service level, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from services.access import Mode
from services.approvals.policy import grant_level
from services.users import TgUser, UserService
from services.users.admin import AdminResult, AdminService
from storage import demo
from storage.db import Database
from storage.models import ScopeKind


async def _world(db: Database):
    await demo.generate(db, numbers=30, months=1, seed=5, today=dt.date(2026, 11, 1))
    users = UserService(db)
    await users.bootstrap([1])
    owner = await users.principal(1)
    invite = await users.create_invite(
        owner, "manager", ScopeKind.COMPANY, None, dt.timedelta(days=1)
    )
    await users.accept_invite(TgUser(2, "Пётр"), invite.code)
    return users, AdminService(db), owner, await users.principal(2)


async def test_role_permissions_are_data_an_admin_edits(db: Database) -> None:
    _users, admin, owner, _manager = await _world(db)
    employee = next(r for r in await admin.roles(owner) if r.code == "employee")
    assert employee.modes["op.tariff"] == Mode.REQUEST
    result, role = await admin.cycle_permission(owner, employee.id, "op.tariff")
    assert result == AdminResult.DONE and role.modes["op.tariff"] == Mode.PERFORM
    result, role = await admin.cycle_permission(owner, employee.id, "op.tariff")
    assert role.modes["op.tariff"] is None
    # A wildcard role gets an explicit "no" that its "*" does not override.
    admin_role = next(r for r in await admin.roles(owner) if r.code == "admin")
    _, role = await admin.cycle_permission(owner, admin_role.id, "reports")
    assert role.modes["reports"] is None and role.modes["numbers"] == Mode.PERFORM
    owner_role = next(r for r in await admin.roles(owner) if r.code == "owner")
    assert (await admin.cycle_permission(owner, owner_role.id, "users"))[0] == AdminResult.LOCKED
    assert (await admin.cycle_permission(owner, employee.id, "nonsense"))[
        0
    ] == AdminResult.NOT_FOUND


async def test_only_admins_administer_roles_and_admins(db: Database) -> None:
    _users, admin, owner, manager = await _world(db)
    # a manager sees the people in reach (here: themselves), never the owner
    assert [u.name for u in await admin.users(manager)] == ["Пётр"]
    assert await admin.roles(manager) == []
    assert (await admin.set_active(manager, owner.user_id, False)) == AdminResult.NOT_FOUND


async def test_deactivate_revoke_and_the_last_owner(db: Database) -> None:
    users, admin, owner, manager = await _world(db)
    listed = {u.name: u.roles for u in await admin.users(owner)}
    assert listed["Пётр"] == ("manager",)
    assert await admin.set_active(owner, owner.user_id, False) == AdminResult.SELF
    assert await admin.set_active(owner, manager.user_id, False) == AdminResult.DONE
    assert await users.principal(2) is None  # switched off: the bot no longer knows them
    assert await admin.set_active(owner, manager.user_id, True) == AdminResult.DONE
    _row, grants = await admin.user(owner, manager.user_id)
    assert await admin.revoke(owner, grants[0].id) == AdminResult.DONE
    assert await users.principal(2) is None  # no role left
    custom = await admin.create_role(owner, "  Диспетчер  ")
    assert custom.name == "Диспетчер" and custom.modes["numbers"] == Mode.PERFORM


async def test_seeing_requests_is_not_deciding_them(db: Database) -> None:
    users, _admin, owner, manager = await _world(db)
    invite = await users.create_invite(
        owner, "accountant", ScopeKind.COMPANY, None, dt.timedelta(days=1)
    )
    await users.accept_invite(TgUser(3, "Бухгалтер"), invite.code)
    accountant = await users.principal(3)
    assert accountant.may("approvals")  # the workplace shows their own requests
    assert all(grant_level(g) == 0 for g in accountant.grants)  # but they approve nothing
    assert any(grant_level(g) > 0 for g in manager.grants)
