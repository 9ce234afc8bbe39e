"""The approval policy: perform, request (from whom) or refuse, from roles and rules."""

from __future__ import annotations

import pytest

from services.ports import Decision
from tests.approvals_world import build


@pytest.fixture
async def world(db):
    return await build(db)


async def verdict(world, who, code, numbers, **kw):
    return await world.policy.decide(
        await world.who(who),
        code,
        [world.numbers[n] if isinstance(n, str) else n for n in numbers],
        **kw,
    )


async def test_employee_requests_services_on_own_number(world):
    v = await verdict(world, "employee", "services_on", ["emp"])
    assert (v.decision, v.level) == (Decision.REQUEST, "manager")
    v = await verdict(world, "employee", "tariff", ["emp"])
    assert (v.decision, v.level) == (Decision.REQUEST, "manager")


async def test_employee_cannot_touch_other_numbers_or_other_operations(world):
    assert (await verdict(world, "employee", "services_on", ["sales2"])).decision == Decision.REFUSE
    assert (await verdict(world, "employee", "replace_sim", ["emp"])).decision == Decision.REFUSE
    assert (await verdict(world, "viewer", "tariff", ["emp"])).decision == Decision.REFUSE
    assert (await verdict(world, "admin", "tariff", ["far1"])).decision == Decision.REFUSE
    assert (await verdict(world, "admin", "tariff", [])).decision == Decision.REFUSE


async def test_manager_performs_in_department_and_not_outside(world):
    assert (
        await verdict(world, "manager", "tariff", ["emp", "sales2"])
    ).decision == Decision.PERFORM
    assert (await verdict(world, "manager", "tariff", ["emp", "it1"])).decision == Decision.REFUSE


async def test_group_over_100_numbers_needs_admin_even_for_a_manager(world):
    ids = await world.many_numbers(101)
    v = await verdict(world, "manager", "services_on", ids)
    assert (v.decision, v.level, v.why) == (Decision.REQUEST, "admin", "rule")
    assert (await verdict(world, "manager", "services_on", ids[:100])).decision == Decision.PERFORM
    assert (await verdict(world, "admin", "services_on", ids)).decision == Decision.PERFORM


async def test_paid_over_5000_needs_admin(world):
    v = await verdict(world, "manager", "services_on", ["emp"], cost=5_000_01)
    assert (v.decision, v.level) == (Decision.REQUEST, "admin")
    assert (
        await verdict(world, "manager", "services_on", ["emp"], cost=5_000_00)
    ).decision == Decision.PERFORM
    v = await verdict(world, "employee", "services_on", ["emp"], cost=6_000_00)
    assert (v.decision, v.level) == (Decision.REQUEST, "admin")


async def test_promised_payment_above_500_needs_a_manager(world):
    v = await verdict(world, "accountant", "promised_payment", ["emp"], params={"amount": 600_00})
    assert (v.decision, v.level) == (Decision.REQUEST, "manager")
    assert (
        await verdict(world, "accountant", "promised_payment", ["emp"], params={"amount": 400_00})
    ).decision == Decision.PERFORM
    v = await verdict(world, "employee", "promised_payment", ["emp"], params={"amount": 100_00})
    assert (v.decision, v.level) == (Decision.REQUEST, "manager")


async def test_rules_are_data_an_admin_edits(world):
    admin = await world.who("admin")
    manager = await world.who("manager")
    with pytest.raises(PermissionError):
        await world.policy.save_rule(manager, "tariff", None, None, "admin")
    rule = await world.policy.save_rule(admin, "tariff", None, None, "admin")
    v = await verdict(world, "manager", "tariff", ["emp"])
    assert (v.decision, v.level, v.rule_id) == (Decision.REQUEST, "admin", rule.id)
    # Another company's rules are untouched and unseen.
    other = await world.policy.rules(world.other_company)
    assert all(r.id != rule.id and r.operation != "tariff" for r in other)
    assert await world.policy.delete_rule(admin, rule.id)
    assert (await verdict(world, "manager", "tariff", ["emp"])).decision == Decision.PERFORM
