"""Approval requests: who is asked, one decision wins, scope on every decision, history."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import delete, select

from services.approvals import NotRequestable, Outcome, Status
from storage.models import ApprovalMessage, Grant, History, Operation
from tests.approvals_world import build


@pytest.fixture
async def world(db):
    return await build(db)


async def employee_request(world, reason="Еду в командировку"):
    op = await world.operation("employee", "services_on", ["emp"], {"service": "roaming"})
    return await world.approvals.submit(await world.who("employee"), op, reason)


def asked(world):
    """Chats that got an approver card (a card has the Approve button)."""
    return {
        m.chat_id
        for m in world.notifier.messages
        if any(b.action == "approve" for row in m.buttons for b in row)
    }


async def op_status(world, op_id):
    async with world.db.session() as s:
        return (await s.get(Operation, op_id)).status


async def test_request_goes_to_everyone_who_may_perform_it_in_scope(world):
    sub = await employee_request(world)
    assert sub.request.status == Status.PENDING and not sub.escalated
    # Managers of the department tree; admins only see it in their inbox (and may decide).
    expected = {world.tg[n] for n in ("manager", "manager2", "director")}
    assert asked(world) == expected  # not the IT manager, accountant, viewer, the other company
    card = world.notifier.to(world.tg["manager"])[0]
    assert "Еду в командировку" in card.text and "Employee" in card.text
    assert [b.action for row in card.buttons for b in row] == ["approve", "reject", "info"]
    async with world.db.session() as s:
        stored = (await s.scalars(select(ApprovalMessage))).all()
    # Three approvers' cards and the requester's receipt (its buttons go once it is closed).
    assert sorted(m.receipt for m in stored) == [False, False, False, True]


async def test_what_the_user_may_perform_or_not_at_all_is_not_requestable(world):
    op = await world.operation("manager", "tariff", ["emp"])
    with pytest.raises(NotRequestable):
        await world.approvals.submit(await world.who("manager"), op)
    op = await world.operation("viewer", "tariff", ["emp"])
    with pytest.raises(NotRequestable):
        await world.approvals.submit(await world.who("viewer"), op)


async def test_approve_runs_once_edits_the_other_cards_and_tells_the_requester(world):
    sub = await employee_request(world)
    res = await world.approvals.approve(await world.who("manager"), sub.request.id)
    await world.approvals.wait_idle()
    assert res.outcome == Outcome.DONE and res.request.status == Status.APPROVED
    assert world.pipeline.calls == [sub.request.operation_id]
    for name in ("manager2", "director"):
        card = world.notifier.to(world.tg[name])[0]
        assert card.buttons == () and "Согласовано: Manager" in card.text
    told = [m.text for m in world.notifier.to(world.tg["employee"])]
    assert any("согласован" in t and "Manager" in t for t in told)
    assert any("выполнена" in t for t in told)


async def test_two_approvers_at_once_and_a_double_tap_give_one_decision(world):
    sub = await employee_request(world)
    rid = sub.request.id
    manager, admin, director = [await world.who(n) for n in ("manager", "admin", "director")]
    results = await asyncio.gather(
        world.approvals.approve(manager, rid),
        world.approvals.approve(manager, rid),
        world.approvals.approve(admin, rid),
        world.approvals.reject(director, rid, "нет"),
    )
    await world.approvals.wait_idle()
    outcomes = sorted(r.outcome for r in results)
    assert outcomes.count(Outcome.DONE) == 1
    assert outcomes.count(Outcome.ALREADY) == 3
    winner = next(r for r in results if r.outcome == Outcome.DONE).request
    assert len(world.pipeline.calls) == (1 if winner.status == Status.APPROVED else 0)
    async with world.db.session() as s:
        decisions = (
            await s.scalars(
                select(History).where(
                    History.action.in_(["approval.approved", "approval.rejected"])
                )
            )
        ).all()
    assert len(decisions) == 1


async def test_nobody_approves_their_own_request(world):
    ids = await world.many_numbers(120)
    manager = await world.who("manager")
    op = await world.operation("manager", "services_on", ids)
    sub = await world.approvals.submit(manager, op, "Всем роуминг")
    assert sub.request.approver_level == "admin"
    assert asked(world) == {world.tg["admin"]}
    assert (await world.approvals.approve(manager, sub.request.id)).outcome == Outcome.SELF
    # A fellow manager may perform it but is below the level this request needs.
    assert (
        await world.approvals.approve(await world.who("manager2"), sub.request.id)
    ).outcome == Outcome.FORBIDDEN
    assert (
        await world.approvals.approve(await world.who("admin"), sub.request.id)
    ).outcome == Outcome.DONE
    await world.approvals.wait_idle()


async def test_forged_approver_outside_scope_or_company_is_refused(world):
    sub = await employee_request(world)
    rid = sub.request.id
    for name in ("it_manager", "accountant", "viewer", "storekeeper"):
        res = await world.approvals.approve(await world.who(name), rid)
        assert res.outcome == Outcome.FORBIDDEN, name
        res = await world.approvals.reject(await world.who(name), rid, "x")
        assert res.outcome == Outcome.FORBIDDEN, name
    stranger = await world.who("stranger_admin")
    assert (await world.approvals.approve(stranger, rid)).outcome == Outcome.NOT_FOUND
    assert await world.approvals.get(stranger, rid) is None
    assert await world.approvals.details(stranger, rid) is None
    assert await world.approvals.inbox(stranger) == []
    assert (await world.approvals.withdraw(stranger, rid)).outcome == Outcome.NOT_FOUND
    assert (
        await world.approvals.withdraw(await world.who("manager"), rid)
    ).outcome == Outcome.FORBIDDEN
    assert (await world.approvals.get(await world.who("admin"), rid)).status == Status.PENDING
    assert world.pipeline.calls == []


async def test_reject_with_reason_is_told_and_recorded(world):
    sub = await employee_request(world)
    res = await world.approvals.reject(
        await world.who("director"), sub.request.id, "Роуминг не положен по <регламенту>"
    )
    assert res.outcome == Outcome.DONE and res.request.status == Status.REJECTED
    assert await op_status(world, sub.request.operation_id) == "rejected"
    told = world.notifier.to(world.tg["employee"])[-1].text
    assert "отклонён" in told and "&lt;регламенту&gt;" in told
    async with world.db.session() as s:
        h = await s.scalar(select(History).where(History.action == "approval.rejected"))
    director = await world.who("director")
    assert h.user_id == director.user_id and h.details["reason"].startswith("Роуминг")
    assert h.created_at is not None and h.operation_id == sub.request.operation_id


async def test_late_buttons_answer_with_state_and_change_nothing(world):
    manager, admin = await world.who("manager"), await world.who("admin")
    employee = await world.who("employee")
    decided = await employee_request(world)
    await world.approvals.approve(manager, decided.request.id)
    await world.approvals.wait_idle()
    withdrawn = await employee_request(world)
    assert (await world.approvals.withdraw(employee, withdrawn.request.id)).outcome == Outcome.DONE
    assert await op_status(world, withdrawn.request.operation_id) == "cancelled"
    for rid, state in (
        (decided.request.id, Status.APPROVED),
        (withdrawn.request.id, Status.WITHDRAWN),
    ):
        for call in (
            world.approvals.approve(admin, rid),
            world.approvals.reject(admin, rid, "поздно"),
            world.approvals.withdraw(employee, rid),
        ):
            res = await call
            assert res.outcome == Outcome.ALREADY and res.request.status == state
    assert len(world.pipeline.calls) == 1


async def test_expiry_notifies_both_sides_and_late_button_sees_it(world):
    sub = await employee_request(world)
    rid = sub.request.id
    assert await world.approvals.expire_due(dt.datetime.now(dt.UTC)) == 0
    later = sub.request.expires_at + dt.timedelta(seconds=1)
    assert await world.approvals.expire_due(later) == 1
    assert await world.approvals.expire_due(later) == 0
    assert await op_status(world, sub.request.operation_id) == "cancelled"
    assert "истёк" in world.notifier.to(world.tg["employee"])[-1].text
    card = world.notifier.to(world.tg["manager"])[0]
    assert card.buttons == () and "истёк" in card.text
    res = await world.approvals.approve(await world.who("admin"), rid)
    assert res.outcome == Outcome.ALREADY and res.request.status == Status.EXPIRED
    assert world.pipeline.calls == []


async def test_a_button_past_expiry_expires_the_request_itself(db):
    world = await build(db, ttl=dt.timedelta(seconds=-1))
    sub = await employee_request(world)
    res = await world.approvals.approve(await world.who("manager"), sub.request.id)
    assert res.outcome == Outcome.ALREADY and res.request.status == Status.EXPIRED
    assert world.pipeline.calls == []


async def test_nobody_in_scope_goes_up_to_an_admin_and_the_requester_is_told(world):
    op = await world.operation("storekeeper", "tariff", ["store1"], {"tariff": "corp"})
    sub = await world.approvals.submit(await world.who("storekeeper"), op, "")
    assert sub.escalated and sub.request.escalated and sub.request.approver_level == "admin"
    assert asked(world) == {world.tg["admin"]}
    assert sub.approvers == 1
    assert (
        await world.approvals.approve(await world.who("director"), sub.request.id)
    ).outcome == Outcome.FORBIDDEN
    assert (
        await world.approvals.approve(await world.who("admin"), sub.request.id)
    ).outcome == Outcome.DONE
    await world.approvals.wait_idle()


async def test_history_has_every_step(world):
    sub = await employee_request(world)
    await world.approvals.approve(await world.who("admin"), sub.request.id)
    await world.approvals.wait_idle()
    async with world.db.session() as s:
        rows = (await s.scalars(select(History).order_by(History.id))).all()
    actions = [(h.action, h.user_id) for h in rows]
    employee, admin = await world.who("employee"), await world.who("admin")
    assert ("approval.request", employee.user_id) in actions
    assert ("approval.approved", admin.user_id) in actions


async def test_lists_for_approvers_and_requesters(world):
    first = await employee_request(world)
    second = await employee_request(world, "ещё")
    manager, employee = await world.who("manager"), await world.who("employee")
    await world.approvals.reject(manager, first.request.id, "нет")
    inbox = await world.approvals.inbox(manager)
    assert [i.id for i in inbox] == [second.request.id, first.request.id]  # pending first
    assert [i.id for i in await world.approvals.inbox(manager, "pending")] == [second.request.id]
    assert await world.approvals.inbox(await world.who("it_manager")) == []
    assert await world.approvals.inbox(employee) == []
    mine = await world.approvals.mine(employee)
    assert [(i.id, i.status) for i in mine] == [
        (second.request.id, Status.PENDING),
        (first.request.id, Status.REJECTED),
    ]
    details = await world.approvals.details(manager, second.request.id)
    assert details.can_decide and not details.can_withdraw
    assert details.numbers[0][0] == "+79139479580"
    assert [h.id for h in details.history] == [first.request.id]
    own = await world.approvals.details(employee, second.request.id)
    assert own.can_withdraw and not own.can_decide
    assert await world.approvals.details(await world.who("it_manager"), second.request.id) is None


async def test_justification_reaches_the_open_cards_only_while_pending(world):
    sub = await employee_request(world, reason="")
    rid = sub.request.id
    employee = await world.who("employee")
    receipt = world.notifier.to(world.tg["employee"])[-1]
    assert [b.action for row in receipt.buttons for b in row] == ["justify", "withdraw"]
    res = await world.approvals.justify(employee, rid, "Командировка в <Казань>")
    assert res.outcome == Outcome.DONE
    card = world.notifier.to(world.tg["manager"])[0]
    assert "&lt;Казань&gt;" in card.text and card.buttons  # still open for a decision
    assert (
        await world.approvals.justify(await world.who("manager"), rid, "x")
    ).outcome == Outcome.FORBIDDEN
    await world.approvals.reject(await world.who("manager"), rid, "нет")
    res = await world.approvals.justify(employee, rid, "ещё")
    assert res.outcome == Outcome.ALREADY and res.request.reason == "Командировка в <Казань>"


async def test_nobody_at_all_can_approve_and_the_requester_is_told(world):
    admin = await world.who("admin")
    async with world.db.transaction() as s:
        await s.execute(delete(Grant).where(Grant.user_id == admin.user_id))
    op = await world.operation("storekeeper", "tariff", ["store1"])
    sub = await world.approvals.submit(await world.who("storekeeper"), op)
    assert sub.approvers == 0 and sub.escalated and asked(world) == set()
    assert "нет никого" in world.notifier.to(world.tg["storekeeper"])[-1].text


async def test_discarded_before_submit_is_cancelled(world):
    op = await world.operation("employee", "services_on", ["emp"])
    assert not await world.approvals.discard(await world.who("manager"), op)
    assert await world.approvals.discard(await world.who("employee"), op)
    assert await op_status(world, op) == "cancelled"
