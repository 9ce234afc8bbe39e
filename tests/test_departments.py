"""Department editing at the service level: a manager edits only their subtree, a move
carries the subtree (and the scopes scoped to it) along, a non-empty department stays."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from services.departments import DepartmentService, Outcome
from services.users import InviteResult, TgUser, UserService
from storage import demo
from storage.db import Database
from storage.models import Department, Number, ScopeKind

OWNER = TgUser(1, "Ольга Владелец")
MANAGER = TgUser(2, "Пётр Руководитель")


async def _world(db: Database) -> tuple[UserService, DepartmentService, Department]:
    await demo.generate(db, numbers=60, months=1, seed=3, today=dt.date(2026, 11, 1))
    users = UserService(db)
    await users.bootstrap([OWNER.id])
    owner = await users.principal(OWNER.id)
    assert owner is not None
    async with db.session() as s:
        sales = await s.scalar(select(Department).where(Department.name == "Отдел продаж"))
    assert sales is not None
    invite = await users.create_invite(
        owner, "manager", ScopeKind.DEPARTMENT, sales.id, dt.timedelta(1)
    )
    assert await users.accept_invite(MANAGER, invite.code) == InviteResult.JOINED
    return users, DepartmentService(db), sales


async def test_manager_edits_only_their_subtree(db: Database) -> None:
    users, deps, sales = await _world(db)
    manager = await users.principal(MANAGER.id)
    owner = await users.principal(OWNER.id)
    assert manager is not None and owner is not None
    created = await deps.create(manager, sales.id, "  Группа   Север ")
    assert created.outcome == Outcome.DONE and created.department_id
    assert (await deps.create(manager, sales.id, "группа север")).outcome == Outcome.DUPLICATE
    assert (await deps.create(manager, sales.id, "")).outcome == Outcome.BAD_NAME
    assert (await deps.create(manager, None, "Свой корень")).outcome == Outcome.NOT_FOUND
    async with db.session() as s:
        other = await s.scalar(select(Department).where(~Department.path.startswith(sales.path)))
        group = await s.get(Department, created.department_id)
    assert other is not None and group is not None
    assert group.name == "Группа Север" and group.path == f"{sales.path}{group.id}/"
    assert (await deps.rename(manager, other.id, "Чужой")).outcome == Outcome.NOT_FOUND
    assert (await deps.delete(manager, other.id)).outcome == Outcome.NOT_FOUND
    assert (await deps.move(manager, group.id, other.id)).outcome == Outcome.NOT_FOUND
    assert other.id not in [i for i, _ in await deps.targets(manager, group.id)]
    # the manager's own root is scoped to them: not deleted while that is so
    assert (await deps.delete(manager, sales.id)).outcome in (Outcome.NOT_EMPTY, Outcome.IN_USE)
    assert (await deps.delete(manager, group.id)).outcome == Outcome.DONE
    assert (await deps.rename(owner, other.id, "Переименован")).outcome == Outcome.DONE


async def test_move_carries_the_subtree_and_scopes_follow(db: Database) -> None:
    users, deps, sales = await _world(db)
    owner = await users.principal(OWNER.id)
    assert owner is not None
    top = await deps.create(owner, None, "Коммерческая дирекция")
    assert top.outcome == Outcome.DONE and top.department_id
    assert (await deps.move(owner, top.department_id, top.department_id)).outcome == Outcome.CYCLE
    moved = await deps.move(owner, sales.id, top.department_id)
    assert moved.outcome == Outcome.DONE
    async with db.session() as s:
        paths = list(
            await s.scalars(
                select(Department.path).where(Department.path.contains(f"/{sales.id}/"))
            )
        )
        in_sales = await s.scalar(
            select(func.count(Number.id)).where(
                Number.department_id.in_(
                    select(Department.id).where(Department.path.contains(f"/{sales.id}/"))
                )
            )
        )
    assert paths and all(p.startswith(f"/{top.department_id}/{sales.id}/") for p in paths)
    # the manager scoped to Sales still sees exactly Sales' numbers, under its new parent
    manager = await users.principal(MANAGER.id)
    assert manager is not None
    async with db.session() as s:
        seen = await s.scalar(select(func.count(Number.id)).where(manager.number_scope()))
    assert seen == in_sales and seen
    # a department under itself is refused; the new parent is not empty
    assert (await deps.move(owner, top.department_id, sales.id)).outcome == Outcome.CYCLE
    refused = await deps.delete(owner, top.department_id)
    assert refused.outcome == Outcome.NOT_EMPTY and refused.children == 1
