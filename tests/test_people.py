"""People and roles, completed: roles and scopes changed in place, roles copied and deleted,
users switched off (their requests withdrawn), the last owner kept, and a department's
administrator kept inside their department."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.approvals.data import Status
from services.events import EventBus, UserDeactivated
from services.users.admin import AdminResult, AdminService
from storage.models import Department, Grant, Role, ScopeKind, User
from tests.approvals_world import World, build


@pytest.fixture
async def world(db):
    return await build(db)


def admin_of(world: World) -> AdminService:
    bus = EventBus()
    bus.subscribe(UserDeactivated, world.approvals.on_user_deactivated)
    return AdminService(world.db, bus)


async def grant_of(world: World, name: str) -> int:
    async with world.db.session() as s:
        return await s.scalar(
            select(Grant.id)
            .join(User, User.id == Grant.user_id)
            .where(User.tg_id == world.tg[name])
        )


async def user_id(world: World, name: str) -> int:
    return (await world.who(name)).user_id


async def role_id(world: World, code: str) -> int:
    async with world.db.session() as s:
        return await s.scalar(
            select(Role.id).where(Role.company_id == world.company, Role.code == code)
        )


async def add_owner(world: World) -> int:
    """The approvals world has no owner: the admin's user gets the owner role too."""
    async with world.db.transaction() as s:
        owner = User(tg_id=5000, full_name="Ольга", company_id=world.company)
        s.add(owner)
        await s.flush()
        s.add(Grant(user_id=owner.id, role_id=await role_id(world, "owner"), scope="company"))
        return owner.id


async def test_a_role_and_its_scope_change_in_place(world: World) -> None:
    admin = admin_of(world)
    boss = await world.who("admin")
    grant = await grant_of(world, "employee")
    viewer = await role_id(world, "viewer")
    assert await admin.change_role(boss, grant, viewer) == AdminResult.DONE
    assert (await world.who("employee")).roles == {"viewer"}
    result = await admin.change_scope(boss, grant, ScopeKind.DEPARTMENT, world.dept["it"])
    assert result == AdminResult.DONE
    moved = (await world.who("employee")).grants[0]
    assert moved.scope == ScopeKind.DEPARTMENT and moved.department_id == world.dept["it"]
    # never to the owner's role, and never to another company's department
    owner = await role_id(world, "owner")
    assert await admin.change_role(boss, grant, owner) == AdminResult.FORBIDDEN
    async with world.db.session() as s:
        far = await s.scalar(select(Department.id).where(Department.company_id != world.company))
    result = await admin.change_scope(boss, grant, ScopeKind.DEPARTMENT, far)
    assert result == AdminResult.NOT_FOUND


async def test_a_manager_administers_only_their_department(world: World) -> None:
    admin = admin_of(world)
    manager = await world.who("manager")  # sales
    names = {u.name for u in await admin.users(manager)}
    assert "Employee" in names and "Manager2" in names
    assert not names & {"It_manager", "Storekeeper", "Admin", "Accountant", "Director"}
    # another department's people do not exist for them, whatever the id they send
    storekeeper = await user_id(world, "storekeeper")
    assert await admin.user(manager, storekeeper) is None
    assert await admin.set_active(manager, storekeeper, False) == AdminResult.NOT_FOUND
    it_grant = await grant_of(world, "it_manager")
    assert await admin.revoke(manager, it_grant) == AdminResult.NOT_FOUND
    viewer = await role_id(world, "viewer")
    assert await admin.change_role(manager, it_grant, viewer) == AdminResult.NOT_FOUND
    # their own department's employee: not moved out of it, not raised to admin
    emp = await grant_of(world, "employee")
    it = world.dept["it"]
    assert await admin.change_scope(manager, emp, ScopeKind.DEPARTMENT, it) == (
        AdminResult.FORBIDDEN
    )
    assert await admin.change_scope(manager, emp, ScopeKind.COMPANY, None) == (
        AdminResult.FORBIDDEN
    )
    assert await admin.change_role(manager, emp, await role_id(world, "admin")) == (
        AdminResult.FORBIDDEN
    )
    assert await admin.change_role(manager, emp, viewer) == AdminResult.DONE
    # roles are company-wide: a manager edits none of them
    assert await admin.roles(manager) == []
    employee_role = await role_id(world, "employee")
    assert (await admin.cycle_permission(manager, employee_role, "op.tariff"))[0] == (
        AdminResult.NOT_FOUND
    )
    assert await admin.create_role(manager, "Своя") is None
    assert (await admin.delete_role(manager, employee_role))[0] == AdminResult.NOT_FOUND


async def test_roles_are_copied_and_deleted_when_nobody_holds_them(world: World) -> None:
    admin = admin_of(world)
    boss = await world.who("admin")
    employee = await admin.role(boss, await role_id(world, "employee"))
    assert employee is not None
    copy = await admin.create_role(boss, "Сотрудник+", copy_of=employee.id)
    assert copy is not None and copy.modes == employee.modes and not copy.builtin
    assert await admin.delete_role(boss, employee.id) == (AdminResult.BUILTIN, 0)
    grant = await grant_of(world, "storekeeper")
    assert await admin.change_role(boss, grant, copy.id) == AdminResult.DONE
    assert await admin.delete_role(boss, copy.id) == (AdminResult.HELD, 1)
    assert await admin.change_role(boss, grant, employee.id) == AdminResult.DONE
    assert await admin.delete_role(boss, copy.id) == (AdminResult.DONE, 0)
    assert await admin.role(boss, copy.id) is None
    # a new role after a deletion gets a code of its own
    again = await admin.create_role(boss, "Ещё одна")
    assert again is not None and again.code != copy.code


async def test_the_last_owner_stays(world: World) -> None:
    admin = admin_of(world)
    owner_id = await add_owner(world)
    boss = await world.who("admin")
    async with world.db.session() as s:
        owner_grant = await s.scalar(select(Grant.id).where(Grant.user_id == owner_id))
    viewer = await role_id(world, "viewer")
    assert await admin.set_active(boss, owner_id, False) == AdminResult.LAST_OWNER
    assert await admin.revoke(boss, owner_grant) == AdminResult.LAST_OWNER
    assert await admin.change_role(boss, owner_grant, viewer) == AdminResult.LAST_OWNER
    result = await admin.change_scope(boss, owner_grant, ScopeKind.DEPARTMENT, world.dept["top"])
    assert result == AdminResult.LAST_OWNER
    # a manager does not even see the owner
    assert await admin.set_active(await world.who("director"), owner_id, False) == (
        AdminResult.NOT_FOUND
    )


async def test_switching_a_user_off_withdraws_their_requests(world: World) -> None:
    admin = admin_of(world)
    op = await world.operation("employee", "services_on", ["emp"], {"service": "roaming"})
    sent = await world.approvals.submit(await world.who("employee"), op, "Командировка")
    card = world.notifier.to(world.tg["manager"])[0]
    boss = await world.who("admin")
    employee = await user_id(world, "employee")
    assert await admin.set_active(boss, employee, False) == AdminResult.DONE
    info = await world.approvals._info(sent.request.id)
    assert info is not None and info.status == Status.WITHDRAWN
    # the approver's card now says what happened and offers no decision
    text, buttons = card.edits[-1]
    assert "отключил" in text and "Admin" in text
    assert not any(b.action == "approve" for row in buttons for b in row)
    assert await world.users.principal(world.tg["employee"]) is None
    stranger = await world.users.stranger(world.tg["employee"])
    assert stranger.switched_off
    assert await world.users.contacts_for(world.tg["employee"]) == ["Admin"]
