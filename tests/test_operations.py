"""Operations at service level: every operation once on a number, group runs, failures,
deferral, approval hook, conflicts, exactly-once."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt

import pytest
from sqlalchemy import func, select

from services.events import OperationRequested
from services.operations.data import OperationError
from services.operations.executor import Executor
from services.operations.params import luhn_ok, sms_segments
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.users import UserService
from storage.models import (
    Account,
    Block,
    Charge,
    Forwarding,
    History,
    Number,
    NumberLimit,
    NumberService,
    Operation,
    OperationItem,
    Outbox,
    PlannedItem,
    PromisedPayment,
    utcnow,
)
from tests import sandbox


@pytest.fixture
async def env(db):
    world = await sandbox.build(db, numbers=6)
    executor = Executor(db, Simulator(0))
    pipeline = Pipeline(db, executor)
    users = UserService(db)
    owner = await users.principal(world.owner_tg)
    employee = await users.principal(world.employee_tg)
    yield world, pipeline, executor, owner, employee
    await executor.close()


def iccid_with_luhn(prefix: str) -> str:
    for d in range(10):
        if luhn_ok(prefix + str(d)):
            return prefix + str(d)
    raise AssertionError


async def run(pipeline, executor, principal, code, ids, params):
    sub = await pipeline.submit(principal, code, {"number_ids": ids}, params)
    await executor.wait()
    return sub, await executor.snapshot(sub.operation_id)


async def scalar(db, q):
    async with db.session() as s:
        return await s.scalar(q)


async def test_every_operation_on_one_number(db, env):
    w, pipeline, ex, owner, _ = env
    n = w.numbers[0]
    iccid = iccid_with_luhn("897019999999999999")
    cases = [
        ("tariff", {"tariff_id": w.tariffs["basic"]}),
        ("services_on", {"service_id": w.services["music"], "inform": ["sms", "email"]}),
        ("services_off", {"service_id": w.services["music"]}),
        ("block_on", {"kind": "voluntary"}),
        ("block_off", {"kind": "voluntary"}),
        ("forward_on", {"condition": "busy", "target": "8 (913) 111-22-33"}),
        ("forward_off", {"condition": "busy"}),
        ("limit_on", {"amount": "1500", "action": "notify"}),
        ("limit_off", {}),
        ("sms", {"text": "Проверка связи"}),
        ("sim_replace", {"iccid": iccid}),
        ("number_replace", {"free_number_id": w.free_numbers[0]}),
        ("promised_payment", {"amount": "500", "days": "3"}),
        ("settlement", {"method": "credit"}),
        ("move_funds", {"to_account_id": w.accounts[1], "amount": "100"}),
        ("sim_order", {"count": "2", "tariff_id": w.tariffs["team"], "address": "Новосибирск"}),
        ("account_split", {"name": "Отдел продаж"}),
    ]
    for code, params in cases:
        if code == "services_on":  # the tariff change above settles for 5 minutes
            async with db.transaction() as s:
                (await s.get(Number, n)).tariff_changed_at = utcnow() - dt.timedelta(minutes=6)
        _, progress = await run(pipeline, ex, owner, code, [n], params)
        assert (code, progress.status, progress.done) == (code, "done", 1)
    async with db.session() as s:
        number = await s.get(Number, n)
        assert number.tariff_id == w.tariffs["basic"]
        assert number.iccid == iccid
        assert number.msisdn == "+79130000000"
        assert number.account_id not in w.accounts
        assert number.status == "active"
        assert await s.scalar(select(func.count()).select_from(Forwarding)) == 0
        assert await s.scalar(select(func.count()).select_from(NumberLimit)) == 0
        assert await s.scalar(select(func.count()).select_from(PromisedPayment)) == 1
        assert (await s.get(Account, w.accounts[0])).settlement == "credit"
        channels = set(await s.scalars(select(Outbox.channel)))
        assert channels == {"sms", "email"}
        ops = set(await s.scalars(select(Charge.amount).where(Charge.category == "ops")))
        assert ops  # sms, sim and number replacement, sim order were charged
        old = await s.scalar(
            select(History.details).where(History.action == "number.msisdn_replaced")
        )
        assert old["old_msisdn"] == "+79139479580"


async def test_group_with_partial_failure_and_ineligible(db, env):
    w, pipeline, ex, owner, _ = env
    ids = w.numbers
    async with db.transaction() as s:
        # two numbers have a conflicting service, one a tariff that does not allow it
        for i in ids[:2]:
            s.add(NumberService(number_id=i, service_id=w.services["music"]))
        (await s.get(Number, ids[5])).tariff_id = w.tariffs["basic"]
        # and one had its tariff changed a moment ago: only the operator finds that out
        (await s.get(Number, ids[2])).tariff_changed_at = utcnow()
    preview = await pipeline.preview(
        owner, "services_on", {"number_ids": ids}, {"service_id": w.services["roam"]}
    )
    # a conflicting service is found before the run, and named as the user knows it
    assert (preview.eligible, preview.ineligible_count) == (3, 3)
    assert sorted(r for _, r in preview.ineligible) == [
        "conflict:Apple Music",
        "conflict:Apple Music",
        "service_not_allowed",
    ]
    sub, progress = await run(
        pipeline, ex, owner, "services_on", ids, {"service_id": w.services["roam"]}
    )
    assert (progress.status, progress.done, progress.failed, progress.skipped) == (
        "partial",
        2,
        1,
        3,
    )
    async with db.session() as s:
        errors = set(
            await s.scalars(select(OperationItem.error).where(OperationItem.status == "failed"))
        )
        assert errors == {"tariff_recent"}
        per_item = await s.scalar(
            select(func.count(History.id)).where(
                History.operation_id == sub.operation_id, History.number_id.is_not(None)
            )
        )
        assert per_item == 3


async def test_paid_operation_fails_without_money_and_blocked_number(db, env):
    w, pipeline, ex, owner, _ = env
    async with db.transaction() as s:
        (await s.get(Account, w.accounts[1])).balance = 100
        s.add(Block(number_id=w.numbers[2], kind="voluntary"))
        (await s.get(Number, w.numbers[2])).status = "blocked"
    _, progress = await run(pipeline, ex, owner, "sms", w.numbers[:4], {"text": "Привет"})
    async with db.session() as s:
        errors = dict(
            (
                await s.execute(
                    select(OperationItem.number_id, OperationItem.error).where(
                        OperationItem.status == "failed"
                    )
                )
            ).all()
        )
        charged = await s.scalar(select(func.sum(Charge.amount)).where(Charge.category == "ops"))
    assert errors == {
        w.numbers[1]: "insufficient_funds",
        w.numbers[3]: "insufficient_funds",
        w.numbers[2]: "number_blocked",
    }
    assert charged == 250 and progress.done == 1


async def test_tariff_changed_recently_fails(db, env):
    w, pipeline, ex, owner, _ = env
    await run(pipeline, ex, owner, "tariff", [w.numbers[0]], {"tariff_id": w.tariffs["basic"]})
    _, progress = await run(
        pipeline, ex, owner, "tariff", [w.numbers[0]], {"tariff_id": w.tariffs["team"]}
    )
    assert progress.status == "failed"
    assert (
        await scalar(db, select(OperationItem.error).where(OperationItem.status == "failed"))
        == "tariff_recent"
    )


async def test_deferred_start_is_stored_and_started_later(db, env):
    w, pipeline, ex, owner, _ = env
    when = utcnow() + dt.timedelta(days=1)
    sub = await pipeline.submit(
        owner,
        "services_on",
        {"number_ids": w.numbers[:2]},
        {
            "service_id": w.services["music"],
            "start_at": when.isoformat(),
            "auto_off": (when + dt.timedelta(days=3)).date().isoformat(),
        },
    )
    assert sub.status == "scheduled"
    item = await scalar(db, select(PlannedItem))
    assert item.operation_id == sub.operation_id and item.kind == "operation"
    assert abs((item.next_run_at - when).total_seconds()) < 1
    assert await pipeline.start(sub.operation_id) == "queued"  # what the scheduler will call
    await ex.wait()
    assert (await ex.snapshot(sub.operation_id)).status == "done"
    assert await scalar(db, select(PlannedItem.state)) == "done"


async def test_request_goes_to_approval_then_starts(db, env):
    w, pipeline, ex, _, employee = env
    seen = []

    async def on_request(event: OperationRequested) -> None:
        seen.append(event.operation_id)

    pipeline.bus.subscribe(OperationRequested, on_request)
    # the employee's own number only: another number's id is silently out of scope
    sub = await pipeline.submit(
        employee, "tariff", {"number_ids": w.numbers[:3]}, {"tariff_id": w.tariffs["basic"]}
    )
    assert (sub.status, sub.total) == ("awaiting_approval", 1) and seen == [sub.operation_id]
    await pipeline.start(sub.operation_id)
    await ex.wait()
    assert (await ex.snapshot(sub.operation_id)).status == "done"
    with pytest.raises(OperationError) as err:  # limits are the manager's, not the holder's
        await pipeline.submit(
            employee,
            "limit_on",
            {"number_ids": [w.numbers[0]]},
            {"amount": "100", "action": "block"},
        )
    assert err.value.key == "op-err-forbidden"


async def test_validation_messages(env):
    _, pipeline, *_ = env
    assert pipeline.check_field("sim_replace", "iccid", "123", {})[0] == "op-err-iccid-length"
    assert (
        pipeline.check_field("sim_replace", "iccid", "8970101234567890128", {})[0]
        == "op-err-iccid-luhn"
    )
    assert pipeline.check_field("forward_on", "target", "12", {})[0] == "op-err-phone"
    assert pipeline.check_field("limit_on", "amount", "abc", {})[0] == "op-err-money"
    assert pipeline.check_field("limit_on", "amount", "10,5", {}) is None
    assert pipeline.check_field("sms", "text", "ы" * 700, {})[0] == "op-err-sms-long"
    assert sms_segments("a" * 161) == (2, 161) and sms_segments("ы" * 70) == (1, 70)


async def test_single_number_and_contract_rules(db, env):
    w, pipeline, _, owner, _ = env
    with pytest.raises(OperationError) as err:
        await pipeline.submit(
            owner,
            "sim_replace",
            {"number_ids": w.numbers[:2]},
            {"iccid": iccid_with_luhn("897019999999999999")},
        )
    assert err.value.key == "op-err-too-many"
    codes = {s.code for s in await pipeline.available(owner, {"number_ids": w.numbers[:2]})}
    assert "sim_replace" not in codes and "services_on" in codes


async def test_conflicting_operations_do_not_overlap(db, env):
    w, pipeline, ex, owner, _ = env
    ex.operator.delay = 0.02
    a = await pipeline.submit(owner, "block_on", {"number_ids": w.numbers}, {"kind": "voluntary"})
    c = await pipeline.submit(owner, "block_on", {"number_ids": w.numbers}, {"kind": "lost"})
    await ex.wait()
    async with db.session() as s:
        ops = {o.id: o.status for o in await s.scalars(select(Operation))}
        # the history is written with each item: every number of the second operation was
        # touched only after the first one was done with all of them
        first = await s.scalar(
            select(func.max(History.id)).where(
                History.operation_id == a.operation_id, History.number_id.is_not(None)
            )
        )
        second = await s.scalar(
            select(func.min(History.id)).where(
                History.operation_id == c.operation_id, History.number_id.is_not(None)
            )
        )
    assert ops[a.operation_id] == ops[c.operation_id] == "done"
    assert first < second


async def test_exactly_once_when_run_twice(db, env):
    w, pipeline, ex, owner, _ = env
    sub = await pipeline.submit(
        owner, "limit_on", {"number_ids": w.numbers}, {"amount": "100", "action": "block"}
    )
    other = Executor(db, Simulator(0))
    await other.run(sub.operation_id)  # a second runner finds nothing left to do
    await ex.wait()
    assert await scalar(db, select(func.count(NumberLimit.id))) == len(w.numbers)
    assert (await ex.snapshot(sub.operation_id)).done == len(w.numbers)


async def test_employee_sees_only_what_they_may_request(db, env):
    w, pipeline, _, _, employee = env
    codes = {s.code for s in await pipeline.available(employee, {"number_ids": w.numbers})}
    # An employee blocks a lost SIM at once and asks for the unblocking; nothing is
    # connected to or blocked on their number yet, so nothing is offered to undo.
    assert codes == {"tariff", "services_on", "promised_payment", "block_on"}
    ctx = await pipeline.numbers(employee, {"number_ids": w.numbers}, "op.tariff")
    assert ctx.ids == [w.numbers[0]]  # numbers outside the scope simply do not exist


async def test_operations_that_fit_none_of_the_numbers_are_not_offered(db, env):
    """Switching off, unblocking or removing is offered only when some selected number has
    something to switch off, unblock or remove."""
    w, pipeline, ex, owner, _ = env
    source = {"number_ids": w.numbers[:2]}
    undo = {"services_off", "block_off", "forward_off", "limit_off"}
    codes = {s.code for s in await pipeline.available(owner, source)}
    assert not codes & undo and {"services_on", "block_on", "forward_on"} <= codes
    await run(
        pipeline, ex, owner, "limit_on", [w.numbers[1]], {"amount": "100", "action": "notify"}
    )
    await run(pipeline, ex, owner, "block_on", [w.numbers[1]], {"kind": "voluntary"})
    codes = {s.code for s in await pipeline.available(owner, source)}
    assert codes & undo == {"block_off", "limit_off"}
    # A number outside the source does not make an operation fit it.
    codes = {s.code for s in await pipeline.available(owner, {"number_ids": [w.numbers[0]]})}
    assert not codes & undo


async def test_rejected_request_is_cancelled_and_never_runs(db, env):
    w, pipeline, ex, _, employee = env
    sub = await pipeline.submit(
        employee, "services_on", {"number_ids": [w.numbers[0]]}, {"service_id": w.services["roam"]}
    )
    assert sub.status == "awaiting_approval"
    assert await pipeline.cancel(sub.operation_id, "rejected")
    assert await pipeline.start(sub.operation_id) == "rejected"
    await ex.wait()
    assert await scalar(db, select(func.count(NumberService.id))) == 0
    statuses = set(
        await _all(db, select(History.status).where(History.operation_id == sub.operation_id))
    )
    assert statuses == {"requested", "rejected"}


async def test_promised_payment_rules(db, env):
    w, pipeline, ex, owner, _ = env
    hint = await pipeline.hint(
        owner, "promised_payment", {"number_ids": [w.numbers[0]]}, "amount", {}
    )
    assert hint == {"max": 3000.0, "eligible": 1}  # a third of 9 000 ₽ paid in 3 months
    preview = await pipeline.preview(
        owner, "promised_payment", {"number_ids": [w.numbers[0]]}, {"amount": "3500", "days": 3}
    )
    assert preview.ineligible == [("+79139479580", "pp_amount_over")]
    await run(
        pipeline, ex, owner, "promised_payment", [w.numbers[0]], {"amount": "3000", "days": 7}
    )
    preview = await pipeline.preview(
        owner, "promised_payment", {"number_ids": w.numbers[:2]}, {"amount": "100", "days": 1}
    )
    # the same account already has one; the other account may still take one
    assert preview.eligible == 1 and preview.ineligible[0][1] == "pp_exists"


async def _all(db, q):
    async with db.session() as s:
        return list(await s.scalars(q))


async def test_a_failing_chunk_is_retried_without_double_effects(db, env, monkeypatch):
    w, pipeline, ex, owner, _ = env
    from sqlalchemy.exc import OperationalError

    real_apply = ex.operator.apply
    calls = []

    async def flaky(session, method, op, items):
        calls.append(len(items))
        result = await real_apply(session, method, op, items)  # effects, then the failure
        if len(calls) == 1:
            raise OperationalError("stmt", {}, Exception("database is locked"))
        return result

    monkeypatch.setattr(ex.operator, "apply", flaky)
    sub, progress = await run(pipeline, ex, owner, "sms", w.numbers, {"text": "Тест"})
    assert calls == [6, 6] and progress.done == 6
    assert await scalar(db, select(func.count(Outbox.id))) == 6  # the first try rolled back
    assert sub.cost == 6 * 250


async def _race_two_claims(db, env, monkeypatch) -> tuple[tuple, tuple, dict[int, str]]:
    """Like two bot instances: each claims one of two conflicting operations at the same
    moment. Whoever checks for a conflict first waits a little for the other to check too,
    so without a lock across processes both would see "nothing running" and both start."""
    w, _, _, owner, _ = env
    pipeline = Pipeline(db, None)
    a = await pipeline.submit(
        owner, "limit_on", {"number_ids": w.numbers}, {"amount": "100", "action": "notify"}
    )
    b = await pipeline.submit(
        owner, "limit_on", {"number_ids": w.numbers}, {"amount": "200", "action": "block"}
    )
    checking: set[int] = set()
    both_checking = asyncio.Event()
    real_conflicting = Executor._conflicting

    async def conflicting_after_the_other(self, s, op):
        found = await real_conflicting(self, s, op)
        checking.add(op.id)
        if len(checking) >= 2:
            both_checking.set()
        with contextlib.suppress(TimeoutError):  # with the lock the other one never gets here
            await asyncio.wait_for(both_checking.wait(), 1.0)
        return found

    monkeypatch.setattr(Executor, "_conflicting", conflicting_after_the_other)
    # a number per transaction: two operations running together would interleave
    one, two = Executor(db, Simulator(0), chunk=1), Executor(db, Simulator(0), chunk=1)
    one.operator.delay = two.operator.delay = 0.02
    one.launch(a.operation_id)
    two.launch(b.operation_id)
    await one.wait()
    await two.wait()
    async with db.session() as s:
        spans = {}
        for op_id in (a.operation_id, b.operation_id):
            spans[op_id] = (
                await s.execute(
                    select(func.min(History.id), func.max(History.id)).where(
                        History.operation_id == op_id, History.number_id.is_not(None)
                    )
                )
            ).one()
        statuses = {o.id: o.status for o in await s.scalars(select(Operation))}
    return spans[a.operation_id], spans[b.operation_id], statuses


def _one_after_the_other(a: tuple, b: tuple) -> bool:
    (a_lo, a_hi), (b_lo, b_hi) = a, b
    return None not in (a_lo, b_lo) and (a_hi < b_lo or b_hi < a_lo)


async def test_conflicts_hold_across_two_executors(db, env, monkeypatch):
    a, b, statuses = await _race_two_claims(db, env, monkeypatch)
    assert set(statuses.values()) == {"done"}  # both ran to the end
    assert _one_after_the_other(a, b)  # never interleaved


async def test_the_race_breaks_conflicts_without_the_claim_lock(db, env, monkeypatch):
    """Keeps the test above honest: the same race without the lock across processes does
    start both operations together (or fails one), so that test is what the lock passes."""

    async def no_lock(self, s, operation_id):
        return None

    monkeypatch.setattr(Executor, "_serialize_claims", no_lock)
    a, b, statuses = await _race_two_claims(db, env, monkeypatch)
    assert set(statuses.values()) != {"done"} or not _one_after_the_other(a, b)


async def test_the_tariff_every_number_is_on_is_not_offered(env) -> None:
    """Numbers all on «team» are offered only the other tariffs of their contract; once
    one of them is on another tariff, «team» is a real choice again."""
    world, pipeline, executor, owner, _employee = env
    source = {"number_ids": world.numbers[:3]}
    offered = await pipeline.options(owner, "tariff", source, "tariff_id", {})
    assert [o.value for o in offered] == [str(world.tariffs["basic"])]
    await run(
        pipeline,
        executor,
        owner,
        "tariff",
        world.numbers[:1],
        {"tariff_id": world.tariffs["basic"]},
    )
    offered = await pipeline.options(owner, "tariff", source, "tariff_id", {})
    assert sorted(o.value for o in offered) == sorted(
        str(world.tariffs[t]) for t in ("basic", "team")
    )
