"""One pipeline for every operation: numbers → parameters → authorization → persist → decide
→ (approval) → run now or at a time.

What it needs comes in at construction: the `Decider` (the approval policy) answers
perform / request / refuse, the only place that decides; the executor runs what is queued.
What happens is announced on the event bus: `OperationRequested` (stored "awaiting_approval":
approvals find the approvers) and `OperationScheduled` (stored with a start in the future).
Approvals start an approved operation through `run_approved`, the scheduler a due one through
`start`; both are idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, insert, select, update

from services import history
from services.access import Mode, Principal
from services.events import EventBus, OperationRequested, OperationScheduled
from services.formatting import DEFAULT_TZ
from services.operations import queries, registry
from services.operations.base import NumbersCtx, Option
from services.operations.checks import CHUNK
from services.operations.data import (
    PENDING_STATES,
    OperationError,
    PerformWhenAllowed,
    Preview,
    Source,
    Submitted,
    first_error,
    validate,
)
from services.operations.executor import Executor
from services.operations.registry import OpSpec
from services.planned import store as planned
from services.ports import Decider, Decision, Draft
from storage.chunks import chunks
from storage.db import Database, affected
from storage.models import (
    ItemStatus,
    Number,
    NumberStatus,
    Operation,
    OperationItem,
    OperationStatus,
    PlanKind,
    PlanState,
    utcnow,
)


class Pipeline:
    def __init__(
        self,
        db: Database,
        executor: Executor | None = None,
        *,
        bus: EventBus | None = None,
        decider: Decider | None = None,
    ) -> None:
        self.db = db
        self.executor = executor
        self.bus = bus or EventBus()
        self.decider: Decider = decider or PerformWhenAllowed()

    # --- numbers ------------------------------------------------------------------------

    async def numbers(
        self, principal: Principal, source: Source, permission: str = "numbers"
    ) -> NumbersCtx:
        """The source's numbers the principal may touch with `permission` (others vanish)."""
        async with self.db.session() as s:
            rows = await queries.number_rows(s, principal, source, permission)
        return NumbersCtx(
            principal.company_id, rows, queries.department_paths(principal, permission)
        )

    async def lookup(self, principal: Principal, text: str) -> tuple[list[int], list[str]]:
        """Numbers typed by the user (one per line or comma): ids found in scope, and the
        pieces that matched nothing the user may see."""
        async with self.db.session() as s:
            return await queries.lookup(s, principal, text)

    async def summary(self, principal: Principal, source: Source) -> dict[str, int]:
        """ "Выбрано: 2 номера, 2 ЛС, 1 контракт"."""
        async with self.db.session() as s:
            return await queries.summary(s, principal, source)

    async def timezone(self, principal: Principal, source: Source) -> str:
        """The time zone the user's dates and times mean: the numbers' contract's (the
        first one when they span several)."""
        zones = await self.zones(principal, source)
        return min(zones) if zones else DEFAULT_TZ

    async def zones(self, principal: Principal, source: Source) -> dict[str, list[int]]:
        """The numbers by their contract's time zone: a time "in each region" runs once per
        zone, at that zone's wall clock."""
        async with self.db.session() as s:
            return await queries.zones(s, principal, source)

    async def running(self, principal: Principal) -> int:
        """How many of the user's own operations are queued or running right now."""
        async with self.db.session() as s:
            return await queries.running(s, principal.user_id)

    async def available(self, principal: Principal, source: Source) -> list[OpSpec]:
        """Operations the principal may perform or request that fit these numbers."""
        out = []
        cond = queries.source_numbers(principal, source)
        async with self.db.session() as s:
            for spec in registry.SPECS:
                if principal.mode(spec.permission) is None:
                    continue
                n, contracts = (
                    await s.execute(
                        select(
                            func.count(Number.id), func.count(Number.contract_id.distinct())
                        ).where(
                            cond,
                            principal.number_scope(spec.permission),
                            Number.status != NumberStatus.CLOSED,
                        )
                    )
                ).one()
                if (
                    not n
                    or (spec.max_numbers and n > spec.max_numbers)
                    or (spec.single_contract and contracts > 1)
                ):
                    continue
                if spec.fits is not None and not await s.scalar(
                    select(Number.id)
                    .where(cond, principal.number_scope(spec.permission), spec.fits())
                    .limit(1)
                ):
                    continue  # nothing to switch off, unblock or remove on these numbers
                out.append(spec)
        return out

    # --- parameters ---------------------------------------------------------------------

    async def options(
        self,
        principal: Principal,
        code: str,
        source: Source,
        field_name: str,
        params: dict[str, Any],
        query: str | None = None,
    ) -> list[Option]:
        spec = registry.get(code)
        step = next(st for st in spec.steps if st.field == field_name)
        if step.options is None:
            return [Option(v, key=f"op-opt-{field_name}-{v}") for v in step.static]
        ctx = await self.numbers(principal, source, spec.permission)
        async with self.db.session() as s:
            return await step.options(s, ctx, params, query)

    async def hint(
        self,
        principal: Principal,
        code: str,
        source: Source,
        field_name: str,
        params: dict[str, Any],
    ) -> dict[str, Any]:
        spec = registry.get(code)
        step = next(st for st in spec.steps if st.field == field_name)
        if step.hint is None:
            return {}
        ctx = await self.numbers(principal, source, spec.permission)
        async with self.db.session() as s:
            return await step.hint(s, ctx, params)

    @staticmethod
    def check_field(
        code: str, field_name: str, value: Any, params: dict[str, Any]
    ) -> tuple[str, dict] | None:
        """Validate one entered value against the model: (error key, args) or None."""
        spec = registry.get(code)
        try:
            spec.model.model_validate({**params, field_name: value})
        except ValidationError as exc:
            return first_error(exc, field_name)
        return None

    async def _evaluate(
        self, principal: Principal, spec: OpSpec, source: Source, model: BaseModel
    ) -> tuple[NumbersCtx, dict[int, str], int]:
        ctx = await self.numbers(principal, source, spec.permission)
        if not ctx.rows:
            raise OperationError("op-err-no-numbers")
        if spec.max_numbers and len(ctx.rows) > spec.max_numbers:
            raise OperationError("op-err-too-many", max=spec.max_numbers)
        if spec.single_contract and len(ctx.contract_ids) > 1:
            raise OperationError("op-err-contracts")
        async with self.db.session() as s:
            bad = await spec.check(s, ctx, model) if spec.check else {}
            price = await spec.price(s, ctx, model) if spec.price else 0
        return ctx, bad, price

    @staticmethod
    def _run_at(spec: OpSpec, model: BaseModel) -> dt.datetime | None:
        when = getattr(model, spec.defer_field, None) if spec.defer_field else None
        return when if when and when > utcnow() else None

    async def preview(
        self, principal: Principal, code: str, source: Source, params: dict[str, Any]
    ) -> Preview:
        spec = registry.get(code)
        model = validate(code, params)
        ctx, bad, price = await self._evaluate(principal, spec, source, model)
        eligible = len(ctx.rows) - len(bad)
        shown = [(r.msisdn, bad[r.id]) for r in ctx.rows if r.id in bad][:10]
        return Preview(
            code,
            len(ctx.rows),
            eligible,
            shown,
            len(bad),
            price,
            price * eligible,
            self._run_at(spec, model),
        )

    # --- submit -------------------------------------------------------------------------

    async def submit(
        self,
        principal: Principal,
        code: str,
        source: Source,
        params: dict[str, Any],
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
    ) -> Submitted:
        """Validate, authorize, persist the operation with one item per number, then run it,
        schedule it or send it to approval. Client ids are re-checked against the scope."""
        spec = registry.get(code)
        if principal.mode(spec.permission) is None:
            raise OperationError("op-err-forbidden")
        model = validate(code, params)
        ctx, bad, price = await self._evaluate(principal, spec, source, model)
        eligible = [r.id for r in ctx.rows if r.id not in bad]
        if not eligible:
            raise OperationError("op-err-none-eligible")
        run_at = self._run_at(spec, model)
        mode = await self._mode(principal, spec, source, len(ctx.rows))
        draft = Draft(code, model.model_dump(), mode, len(eligible), price * len(eligible), run_at)
        decision = await self.decider.decide_draft(principal, draft)
        if decision == Decision.REFUSE:
            raise OperationError("op-err-forbidden")
        if decision == Decision.REQUEST:
            status = OperationStatus.AWAITING_APPROVAL
        else:
            status = OperationStatus.SCHEDULED if run_at else OperationStatus.QUEUED
        async with self.db.transaction() as s:
            op = Operation(
                company_id=principal.company_id,
                user_id=principal.user_id,
                code=code,
                params=model.model_dump(mode="json"),
                status=status,
                cost=draft.cost,
                total=len(eligible),
                run_at=run_at,
                chat_id=chat_id,
                message_id=message_id,
            )
            s.add(op)
            await s.flush()
            rows = [
                {"operation_id": op.id, "number_id": i, "status": ItemStatus.PENDING}
                for i in eligible
            ]
            rows += [
                {
                    "operation_id": op.id,
                    "number_id": i,
                    "status": ItemStatus.SKIPPED,
                    "error": reason[:64],
                }
                for i, reason in bad.items()
            ]
            for batch in chunks(range(len(rows)), CHUNK):
                await s.execute(insert(OperationItem), [rows[i] for i in batch])
            if status == OperationStatus.SCHEDULED and run_at is not None:
                await planned.add_item(
                    s,
                    company_id=principal.company_id,
                    kind=PlanKind.OPERATION,
                    when=run_at,
                    timezone=await queries.zone_of(s, op.id),
                    created_by=principal.user_id,
                    operation_id=op.id,
                    payload={"code": code},
                )
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action=f"op.{code}",
                operation_id=op.id,
                status="requested" if status == OperationStatus.AWAITING_APPROVAL else status,
                numbers=len(eligible),
                skipped=len(bad),
                cost=draft.cost,
                params=op.params,
            )
            op_id = op.id
        result = Submitted(op_id, status, len(eligible), len(bad), draft.cost, run_at)
        if status == OperationStatus.QUEUED:
            self._launch(op_id)
        elif status == OperationStatus.SCHEDULED and run_at is not None:
            await self.bus.publish(OperationScheduled(op_id, principal.company_id, run_at))
        elif status == OperationStatus.AWAITING_APPROVAL:
            await self.bus.publish(
                OperationRequested(op_id, principal.company_id, principal.user_id)
            )
        return result

    async def _mode(self, principal: Principal, spec: OpSpec, source: Source, total: int) -> Mode:
        if principal.mode(spec.permission) != Mode.PERFORM:
            return Mode.REQUEST
        async with self.db.session() as s:
            n = await s.scalar(
                select(func.count(Number.id)).where(
                    queries.source_numbers(principal, source),
                    principal.number_scope(spec.permission, Mode.PERFORM),
                    Number.status != NumberStatus.CLOSED,
                )
            )
        return Mode.PERFORM if n == total else Mode.REQUEST

    def _launch(self, operation_id: int) -> None:
        if self.executor is not None:
            self.executor.launch(operation_id)

    # --- after approval / when due ------------------------------------------------------

    async def start(self, operation_id: int) -> OperationStatus:
        """Move an approved or due operation on: to "scheduled" if its start is still in the
        future, else to "queued" and into the executor. Idempotent; returns the new status."""
        scheduled: OperationScheduled | None = None
        async with self.db.transaction() as s:
            op = await s.get(Operation, operation_id)
            if op is None:
                raise OperationError("op-err-not-found")
            if (
                op.status == OperationStatus.AWAITING_APPROVAL
                and op.run_at
                and op.run_at > utcnow()
            ):
                await s.execute(
                    update(Operation)
                    .where(
                        Operation.id == op.id,
                        Operation.status == OperationStatus.AWAITING_APPROVAL,
                    )
                    .values(status=OperationStatus.SCHEDULED)
                )
                await planned.add_item(
                    s,
                    company_id=op.company_id,
                    kind=PlanKind.OPERATION,
                    when=op.run_at,
                    timezone=await queries.zone_of(s, op.id),
                    created_by=op.user_id,
                    operation_id=op.id,
                    payload={"code": op.code},
                )
                scheduled = OperationScheduled(op.id, op.company_id, op.run_at)
            elif op.status in PENDING_STATES:
                moved = await s.execute(
                    update(Operation)
                    .where(Operation.id == op.id, Operation.status == op.status)
                    .values(status=OperationStatus.QUEUED)
                )
                if affected(moved) != 1:
                    return op.status
                await planned.close_for_operation(s, op.id, PlanState.DONE)
            elif op.status != OperationStatus.QUEUED:
                return op.status
        if scheduled is not None:
            await self.bus.publish(scheduled)
            return OperationStatus.SCHEDULED
        self._launch(operation_id)
        return OperationStatus.QUEUED

    async def run_approved(self, operation_id: int) -> None:
        """Start an approved operation and wait while it runs (or leave it scheduled)."""
        status = await self.start(operation_id)
        if status == OperationStatus.QUEUED and self.executor is not None:
            await self.executor.launch(operation_id)  # the running task: wait for its result

    async def attach_message(
        self, operation_id: int, chat_id: int | None, message_id: int | None
    ) -> None:
        """Where the operation's progress is shown (None: a new message when it starts)."""
        await attach_message(self.db, operation_id, chat_id, message_id)

    async def cancel(
        self, operation_id: int, status: OperationStatus = OperationStatus.CANCELLED
    ) -> bool:
        """Withdraw an operation that has not started (rejected, cancelled)."""
        async with self.db.transaction() as s:
            moved = await s.execute(
                update(Operation)
                .where(Operation.id == operation_id, Operation.status.in_(PENDING_STATES))
                .values(status=status, finished_at=utcnow())
            )
            if affected(moved) != 1:
                return False
            await planned.close_for_operation(s, operation_id, PlanState.CANCELLED)
            op = await s.get_one(Operation, operation_id)
            history.record(
                s,
                company_id=op.company_id,
                user_id=op.user_id,
                action=f"op.{op.code}",
                status=status,
                operation_id=op.id,
            )
            return True


async def attach_message(
    db: Database, operation_id: int, chat_id: int | None, message_id: int | None
) -> None:
    """Where an operation's progress is shown (None: a new message when it starts)."""
    async with db.transaction() as s:
        await queries.attach_message(s, operation_id, chat_id, message_id)
