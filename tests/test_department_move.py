"""Moving numbers to another department is an operation like the others: the pipeline, its
eligibility check, approvals where the policy says, history; managers' scopes follow the
tree at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from storage.models import History, Number
from tests.approvals_world import World, build


@pytest.fixture
async def env(db):
    world = await build(db)
    executor = Executor(db, Simulator(0))
    pipeline = Pipeline(db, executor, decider=world.policy)
    yield world, pipeline, executor
    await executor.close()


async def department_of(world: World, number: str) -> int | None:
    async with world.db.session() as s:
        return await s.scalar(
            select(Number.department_id).where(Number.id == world.numbers[number])
        )


async def visible_to(world: World, who: str) -> set[int]:
    principal = await world.who(who)
    async with world.db.session() as s:
        return set(await s.scalars(select(Number.id).where(principal.number_scope())))


async def test_an_admin_moves_numbers_and_managers_scopes_follow(env) -> None:
    world, pipeline, executor = env
    admin = await world.who("admin")
    options = await pipeline.options(
        admin, "department_move", {"number_ids": [world.numbers["emp"]]}, "department_id", {}
    )
    assert {o.text.lstrip("· ") for o in options} >= {"Отдел продаж", "ИТ", "Склад"}
    ids = [world.numbers["emp"], world.numbers["sales2"]]
    assert world.numbers["emp"] in await visible_to(world, "manager")
    sub = await pipeline.submit(
        admin, "department_move", {"number_ids": ids}, {"department_id": world.dept["it"]}
    )
    await executor.wait()
    progress = await executor.snapshot(sub.operation_id)
    assert (progress.status, progress.done) == ("done", 2)
    assert await department_of(world, "emp") == world.dept["it"]
    # the sales manager no longer sees them, the IT manager does, the director still does
    assert not set(ids) & await visible_to(world, "manager")
    assert set(ids) <= await visible_to(world, "it_manager")
    assert set(ids) <= await visible_to(world, "director")
    async with world.db.session() as s:
        assert await s.scalar(select(History.status).where(History.action == "op.department_move"))


async def test_a_manager_moves_only_inside_their_branch(env) -> None:
    world, pipeline, executor = env
    director = await world.who("director")  # Дирекция: Отдел продаж and ИТ below it
    source = {"number_ids": [world.numbers["emp"]]}
    options = await pipeline.options(director, "department_move", source, "department_id", {})
    names = {o.text.lstrip("· ") for o in options}
    assert "ИТ" in names and "Склад" not in names
    # a forged department outside the branch: every number refused, nothing moves
    preview = await pipeline.preview(
        director, "department_move", source, {"department_id": world.dept["store"]}
    )
    assert preview.eligible == 0
    # the same department: said so
    preview = await pipeline.preview(
        director, "department_move", source, {"department_id": world.dept["sales"]}
    )
    assert preview.eligible == 0
    sub = await pipeline.submit(
        director, "department_move", source, {"department_id": world.dept["it"]}
    )
    await executor.wait()
    assert (await executor.snapshot(sub.operation_id)).done == 1
    assert await department_of(world, "emp") == world.dept["it"]


async def test_an_employee_cannot_move_their_number(env) -> None:
    world, pipeline, _executor = env
    employee = await world.who("employee")
    available = await pipeline.available(employee, {"number_ids": [world.numbers["emp"]]})
    assert "department_move" not in {s.code for s in available}
