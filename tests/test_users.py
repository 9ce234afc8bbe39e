"""Identity, invites and scopes at the service level, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.fsm import SqlStorage
from services.access import Mode
from services.users import ContactResult, InviteRefused, InviteResult, TgUser, UserService
from storage import demo
from storage.db import Database
from storage.models import Department, History, Number, ScopeKind

OWNER = TgUser(1, "Ольга Владелец")


async def _setup(db: Database) -> UserService:
    await demo.generate(db, numbers=60, months=1, seed=3, today=dt.date(2026, 11, 1))
    users = UserService(db)
    await users.bootstrap([OWNER.id])
    return users


async def _department(db: Database, name: str) -> Department:
    async with db.session() as s:
        return await s.scalar(select(Department).where(Department.name == name))


async def test_owner_sees_the_whole_company(db: Database) -> None:
    users = await _setup(db)
    owner = await users.principal(OWNER.id)
    assert owner is not None and owner.is_admin
    async with db.session() as s:
        visible = await s.scalar(select(func.count()).where(owner.number_scope()))
        total = await s.scalar(select(func.count(Number.id)))
    assert visible == total == 60
    assert await users.principal(999) is None


async def test_department_manager_sees_only_the_subtree(db: Database) -> None:
    users = await _setup(db)
    owner = await users.principal(OWNER.id)
    sales = await _department(db, "Отдел продаж")
    invite = await users.create_invite(
        owner, "manager", ScopeKind.DEPARTMENT, sales.id, dt.timedelta(days=1)
    )
    manager_tg = TgUser(2, "Пётр Руководитель")
    assert await users.accept_invite(manager_tg, invite.code) == InviteResult.JOINED
    manager = await users.principal(2)
    assert manager.mode("op.tariff") == Mode.PERFORM
    async with db.session() as s:
        seen = set(await s.scalars(select(Number.department_id).where(manager.number_scope())))
        subtree = set(
            await s.scalars(select(Department.id).where(Department.path.startswith(sales.path)))
        )
        outside = await s.scalar(
            select(func.count(Number.id)).where(Number.department_id.not_in(subtree))
        )
    assert seen and seen <= subtree
    assert outside > 0  # there is something the manager must not see


async def test_invite_is_single_use_even_when_two_tap_at_once(db: Database) -> None:
    users = await _setup(db)
    owner = await users.principal(OWNER.id)
    invite = await users.create_invite(
        owner, "viewer", ScopeKind.COMPANY, None, dt.timedelta(days=1)
    )
    results = await asyncio.gather(
        users.accept_invite(TgUser(10, "А"), invite.code),
        users.accept_invite(TgUser(11, "Б"), invite.code),
        return_exceptions=True,
    )
    joined = [r for r in results if r == InviteResult.JOINED]
    assert len(joined) == 1, results
    assert await users.accept_invite(TgUser(12, "В"), invite.code) == InviteResult.USED


async def test_expired_and_unknown_invites(db: Database) -> None:
    users = await _setup(db)
    owner = await users.principal(OWNER.id)
    invite = await users.create_invite(
        owner, "viewer", ScopeKind.COMPANY, None, dt.timedelta(seconds=-1)
    )
    assert await users.accept_invite(TgUser(20, "Г"), invite.code) == InviteResult.EXPIRED
    assert await users.accept_invite(TgUser(20, "Г"), "nope") == InviteResult.NOT_FOUND
    assert await users.principal(20) is None


async def test_contact_join_only_own_contact_of_a_live_number(db: Database) -> None:
    users = await _setup(db)
    me = TgUser(30, "Иван Иванов")
    assert await users.join_by_contact(me, "+79139479580", 31) == ContactResult.NOT_OWN
    assert await users.join_by_contact(me, "+79990000000", 30) == ContactResult.NO_MATCH
    assert await users.join_by_contact(me, "79139479580", 30) == ContactResult.JOINED
    employee = await users.principal(30)
    assert employee.roles == {"employee"}
    assert employee.mode("op.services_on") == Mode.REQUEST
    assert employee.mode("users") is None
    async with db.session() as s:
        mine = list(await s.scalars(select(Number.msisdn).where(employee.number_scope())))
        logged = await s.scalar(
            select(func.count(History.id)).where(History.action == "user.contact_join")
        )
    assert mine == ["+79139479580"]
    assert logged == 1
    assert await users.join_by_contact(me, "+79139479580", 30) == ContactResult.ALREADY_MEMBER


async def test_fsm_storage_roundtrip(db: Database) -> None:
    from aiogram.fsm.storage.base import StorageKey

    storage = SqlStorage(db)
    key = StorageKey(bot_id=1, chat_id=2, user_id=2, destiny="aiogd:stack")
    assert await storage.get_state(key) is None
    await storage.set_state(key, "S:one")
    await storage.set_data(key, {"a": [1, 2], "b": "в"})
    await storage.set_state(key, "S:two")
    assert await storage.get_state(key) == "S:two"
    assert await storage.get_data(key) == {"a": [1, 2], "b": "в"}
    other = StorageKey(bot_id=1, chat_id=2, user_id=2)  # default destiny stays apart
    assert await storage.get_data(other) == {}
    await storage.set_data(key, {})
    assert await storage.get_data(key) == {}


async def test_an_own_number_invite_shows_its_holder_that_number_only(db: Database) -> None:
    users = await _setup(db)
    owner = await users.principal(OWNER.id)
    async with db.session() as s:
        mine, other = list(await s.scalars(select(Number).order_by(Number.id).limit(2)))
    assert await users.invite_number(owner, "+7 999 000-00-00") is None
    found = await users.invite_number(owner, mine.msisdn[2:])  # ten digits, no prefix
    assert found == (mine.id, mine.msisdn)
    invite = await users.create_invite(
        owner, "employee", ScopeKind.OWN, None, dt.timedelta(days=1), number_id=mine.id
    )
    assert invite.department == mine.msisdn
    assert await users.accept_invite(TgUser(40, "Иван"), invite.code) == InviteResult.JOINED
    employee = await users.principal(40)
    assert employee.home_number == mine.id
    async with db.session() as s:
        seen = list(await s.scalars(select(Number.id).where(employee.number_scope())))
    assert seen == [mine.id] and other.id not in seen


async def test_a_manager_invites_only_into_their_department(db: Database) -> None:
    users = await _setup(db)
    owner = await users.principal(OWNER.id)
    sales = await _department(db, "Отдел продаж")
    invite = await users.create_invite(
        owner, "manager", ScopeKind.DEPARTMENT, sales.id, dt.timedelta(days=1)
    )
    await users.accept_invite(TgUser(50, "Пётр"), invite.code)
    manager = await users.principal(50)
    async with db.session() as s:
        subtree = select(Department.id).where(Department.path.startswith(sales.path))
        inside = await s.scalar(select(Number.id).where(Number.department_id.in_(subtree)))
        outside = await s.scalar(select(Number.id).where(Number.department_id.not_in(subtree)))
        elsewhere = await s.scalar(select(Department.id).where(~Department.id.in_(subtree)))
    assert [code for code, _ in await users.invite_roles(manager)] == [
        "manager",
        "accountant",
        "employee",
        "viewer",
    ]
    refused = [
        ("admin", ScopeKind.DEPARTMENT, sales.id, None, "role"),
        ("owner", ScopeKind.COMPANY, None, None, "role"),
        ("viewer", ScopeKind.COMPANY, None, None, "scope"),
        ("viewer", ScopeKind.DEPARTMENT, elsewhere, None, "scope"),
        ("employee", ScopeKind.OWN, None, outside, "number"),
        ("employee", ScopeKind.OWN, None, None, "number"),
    ]
    for role, scope, dept, number, code in refused:
        with pytest.raises(InviteRefused) as err:
            await users.create_invite(
                manager, role, scope, dept, dt.timedelta(days=1), number_id=number
            )
        assert err.value.code == code, (role, scope)
    made = await users.create_invite(
        manager, "employee", ScopeKind.OWN, None, dt.timedelta(days=1), number_id=inside
    )
    assert made.scope == ScopeKind.OWN
    offered = {i for i, _n, _d in await users.departments(manager)}
    async with db.session() as s:
        assert offered == set(await s.scalars(subtree))
