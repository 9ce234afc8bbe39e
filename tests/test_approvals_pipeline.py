"""Approvals wired to the real operations pipeline and the embedded operator."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.container import build_services
from bot.settings import load_settings
from services.access import DEFAULT_ROLES
from services.approvals import ApprovalService, Outcome
from services.operator import Simulator
from storage.models import (
    ApprovalRequest,
    Department,
    Grant,
    Number,
    NumberService,
    Operation,
    Role,
    ScopeKind,
    User,
)
from tests import sandbox
from tests.fakes import MemoryNotifier

MANAGER_TG = 1003


@pytest.fixture
async def env(db):
    world = await sandbox.build(db, numbers=105)
    async with db.transaction() as s:
        dept = Department(company_id=world.company_id, name="Отдел продаж")
        s.add(dept)
        await s.flush()
        dept.path = f"/{dept.id}/"
        await s.execute(
            update(Number)
            .where(Number.company_id == world.company_id)
            .values(department_id=dept.id)
        )
        role = await s.scalar(
            select(Role).where(Role.company_id == world.company_id, Role.code == "manager")
        )
        assert role.permissions == DEFAULT_ROLES["manager"]
        manager = User(tg_id=MANAGER_TG, full_name="Петров Пётр", company_id=world.company_id)
        s.add(manager)
        await s.flush()
        s.add(
            Grant(
                user_id=manager.id,
                role_id=role.id,
                scope=ScopeKind.DEPARTMENT,
                department_id=dept.id,
            )
        )
    notifier = MemoryNotifier()
    services = build_services(
        load_settings(operator_delay_ms=0), db, notifier, operator=Simulator(0)
    )
    yield world, services.pipeline, services.approvals, notifier, services.users
    await services.executor.close()


async def connected(db, number_id, service_id):
    async with db.session() as s:
        return await s.scalar(
            select(NumberService.status).where(
                NumberService.number_id == number_id, NumberService.service_id == service_id
            )
        )


async def test_employee_request_approved_by_manager_connects_the_service(db, env):
    world, pipeline, approvals, notifier, users = env
    employee = await users.principal(world.employee_tg)
    manager = await users.principal(MANAGER_TG)
    music = world.services["music"]
    sub = await pipeline.submit(
        employee, "services_on", {"number_ids": [world.numbers[0]]}, {"service_id": music}
    )
    assert sub.status == "awaiting_approval"
    assert await connected(db, world.numbers[0], music) is None
    card = notifier.to(MANAGER_TG)[0]
    assert "Подключение" in card.text or "services" in card.text
    receipt = notifier.to(world.employee_tg)[0].text
    assert "согласован" in receipt.lower()
    async with db.session() as s:
        request_id = await s.scalar(
            select(ApprovalRequest.id).where(ApprovalRequest.operation_id == sub.operation_id)
        )
    res = await approvals.approve(manager, request_id)
    assert res.outcome == Outcome.DONE
    await approvals.wait_idle()
    assert await connected(db, world.numbers[0], music) == "active"
    told = [m.text for m in notifier.to(world.employee_tg)]
    assert any("Петров Пётр" in t for t in told)
    assert any("выполнена: 1 из 1" in t for t in told)
    # A late second press: nothing runs twice.
    assert (await approvals.approve(manager, request_id)).outcome == Outcome.ALREADY


async def test_rejected_request_never_runs(db, env):
    world, pipeline, approvals, notifier, users = env
    employee = await users.principal(world.employee_tg)
    manager = await users.principal(MANAGER_TG)
    music = world.services["music"]
    sub = await pipeline.submit(
        employee, "services_on", {"number_ids": [world.numbers[0]]}, {"service_id": music}
    )
    async with db.session() as s:
        request_id = await s.scalar(
            select(ApprovalRequest.id).where(ApprovalRequest.operation_id == sub.operation_id)
        )
    assert (await approvals.reject(manager, request_id, "Не по регламенту")).outcome == Outcome.DONE
    await approvals.wait_idle()
    assert await connected(db, world.numbers[0], music) is None
    async with db.session() as s:
        assert (await s.get(Operation, sub.operation_id)).status == "rejected"
    assert "Не по регламенту" in notifier.to(world.employee_tg)[-1].text


async def test_manager_group_over_100_numbers_goes_to_an_admin(db, env):
    world, pipeline, approvals, notifier, users = env
    manager = await users.principal(MANAGER_TG)
    owner = await users.principal(world.owner_tg)
    music = world.services["music"]
    ids = world.numbers[:101]
    sub = await pipeline.submit(manager, "services_on", {"number_ids": ids}, {"service_id": music})
    assert sub.status == "awaiting_approval"
    async with db.session() as s:
        req = await s.scalar(
            select(ApprovalRequest).where(ApprovalRequest.operation_id == sub.operation_id)
        )
    assert req.approver_level == "admin"
    assert notifier.to(world.owner_tg) and not [
        m for m in notifier.to(MANAGER_TG) if m.buttons and m.buttons[0][0].action == "approve"
    ]
    # 100 numbers are within the manager's own authority.
    small = await pipeline.submit(
        manager, "services_on", {"number_ids": ids[:100]}, {"service_id": music}
    )
    assert small.status == "queued"
    await pipeline.executor.wait()
    assert (await approvals.approve(owner, req.id)).outcome == Outcome.DONE
    await approvals.wait_idle()
    assert await connected(db, ids[100], music) == "active"


async def test_approved_but_never_started_is_started_on_resume(db, env):
    world, pipeline, approvals, _notifier, users = env
    employee = await users.principal(world.employee_tg)
    manager = await users.principal(MANAGER_TG)
    music = world.services["music"]
    sub = await pipeline.submit(
        employee, "services_on", {"number_ids": [world.numbers[0]]}, {"service_id": music}
    )
    async with db.session() as s:
        request_id = await s.scalar(
            select(ApprovalRequest.id).where(ApprovalRequest.operation_id == sub.operation_id)
        )
    # The process "dies" between the decision and the start: nothing runs it.
    dead = ApprovalService(db, approvals.policy, approvals.notifier, users, runner=None)
    await dead.approve(manager, request_id)
    await dead.wait_idle()
    assert await connected(db, world.numbers[0], music) is None
    async with db.transaction() as s:  # what a crash leaves: approved, never started
        await s.execute(
            update(Operation)
            .where(Operation.id == sub.operation_id)
            .values(status="awaiting_approval")
        )
    assert await approvals.resume() == [request_id]
    await approvals.wait_idle()
    assert await connected(db, world.numbers[0], music) == "active"
    assert await approvals.resume() == []
