"""What each kind of scheduled item does when it comes due.

Every run is safe to repeat (a leader that died mid-run leaves its item to the next one):
an operation starts through the pipeline's idempotent `start`; a service goes off and a
block ends only where they are still on."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, exists, select, update

from services import history
from services.events import OperationFinished
from services.formatting import zone
from services.operations.data import OperationError
from services.operations.pipeline import Pipeline
from services.planned import store, wall_to_utc
from services.reports.scheduled import ScheduledReports
from services.users import UserService
from storage.db import Database, affected
from storage.models import (
    OUTGOING_ONLY,
    Block,
    Contract,
    ItemStatus,
    Number,
    NumberService,
    NumberStatus,
    Operation,
    OperationItem,
    PlanKind,
    PlannedItem,
    ServiceStatus,
)


class PlanRunner:
    def __init__(
        self,
        db: Database,
        pipeline: Pipeline,
        users: UserService | None = None,
        reports: ScheduledReports | None = None,
    ) -> None:
        self.db = db
        self.pipeline = pipeline
        self.users = users or UserService(db)
        self.reports = reports

    async def run(self, due: store.Due) -> None:
        if due.kind == PlanKind.OPERATION:
            await self._operation(due)
        elif due.kind == PlanKind.SERVICE_OFF:
            await self._service_off(due)
        elif due.kind == PlanKind.BLOCK_END:
            await self._block_end(due)
        elif due.kind == PlanKind.BLOCK_SCHEDULE:
            await self._block_step(due)
        elif due.kind == PlanKind.REPORT and self.reports is not None:
            await self.reports.run(due.id, due.at)
        else:
            raise ValueError(f"no run for {due.kind}")

    async def skip(self, due: store.Due) -> None:
        """An occurrence missed beyond the grace period: a deferred operation is withdrawn
        (its author sees it cancelled in the history); other kinds just wait for the next."""
        if due.kind == PlanKind.OPERATION:
            operation_id = await self._operation_id(due)
            if operation_id is not None:
                await self.pipeline.cancel(operation_id)

    async def _operation_id(self, due: store.Due) -> int | None:
        async with self.db.session() as s:
            return await s.scalar(select(PlannedItem.operation_id).where(PlannedItem.id == due.id))

    async def _operation(self, due: store.Due) -> None:
        operation_id = await self._operation_id(due)
        if operation_id is not None:
            await self.pipeline.start(operation_id)

    async def _block_step(self, due: store.Due) -> None:
        """A recurring block's occurrence: block ("on") or unblock ("off") its numbers as an
        operation of its author, with the author's rights of today (history, progress and
        approvals as for any operation)."""
        async with self.db.session() as s:
            item = await s.get(PlannedItem, due.id)
            if item is None or item.created_by is None:
                return
            ids = list(await store.numbers_of(s, due.id))
            kind, author = str(item.payload["kind"]), item.created_by
        principal = await self.users.principal_by_id(author)
        if principal is None:
            raise OperationError("op-err-forbidden")
        code = "block_on" if due.step == "on" else "block_off"
        try:
            await self.pipeline.submit(principal, code, {"number_ids": ids}, {"kind": kind})
        except OperationError as exc:
            if exc.key != "op-err-none-eligible":  # already (un)blocked: nothing to do
                raise

    async def _service_off(self, due: store.Due) -> None:
        async with self.db.transaction() as s:
            item = await s.get(PlannedItem, due.id)
            if item is None:
                return
            service_id = int(item.payload["service_id"])
            for number_id in await store.numbers_of(s, due.id):
                done = await s.execute(
                    update(NumberService)
                    .where(
                        NumberService.number_id == number_id,
                        NumberService.service_id == service_id,
                        NumberService.status == ServiceStatus.ACTIVE,
                    )
                    .values(status=ServiceStatus.OFF)
                )
                if affected(done):
                    history.record(
                        s,
                        company_id=item.company_id,
                        user_id=None,
                        action="service.auto_disable",
                        number_id=number_id,
                        service_id=service_id,
                        planned_id=item.id,
                    )

    async def _block_end(self, due: store.Due) -> None:
        async with self.db.transaction() as s:
            item = await s.get(PlannedItem, due.id)
            if item is None:
                return
            kind = str(item.payload["kind"])
            ids = list(await store.numbers_of(s, due.id))
            ended = []
            for number_id in ids:
                done = await s.execute(
                    update(Block)
                    .where(Block.number_id == number_id, Block.kind == kind, Block.active)
                    .values(active=False)
                )
                if affected(done):
                    ended.append(number_id)
                    history.record(
                        s,
                        company_id=item.company_id,
                        user_id=None,
                        action="block.expire",
                        number_id=number_id,
                        kind=kind,
                        planned_id=item.id,
                    )
            if ended:
                # The budget's bar on outgoing calls leaves the number active.
                still_blocked = exists().where(
                    and_(
                        Block.number_id == Number.id,
                        Block.active,
                        Block.kind.not_in(OUTGOING_ONLY),
                    )
                )
                await s.execute(
                    update(Number)
                    .where(
                        Number.id.in_(ended),
                        Number.status == NumberStatus.BLOCKED,
                        ~still_blocked,
                    )
                    .values(status=NumberStatus.ACTIVE)
                )


class OperatorTimers:
    """A finished operation that set a date («Автоматически отключить», a block «до»)
    leaves a scheduled item for it: midnight of that date in each number's contract zone."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def on_operation_finished(self, event: OperationFinished) -> None:
        await self.on_finished(event.operation_id)

    async def on_finished(self, operation_id: int) -> int:
        async with self.db.transaction() as s:
            op = await s.get(Operation, operation_id)
            if op is None:
                return 0
            payload: dict[str, int | str]
            if op.code == "services_on" and op.params.get("auto_off"):
                kind, date = PlanKind.SERVICE_OFF, op.params["auto_off"]
                payload = {"service_id": int(op.params["service_id"])}
            elif op.code == "block_on" and op.params.get("until"):
                kind, date = PlanKind.BLOCK_END, op.params["until"]
                payload = {"kind": str(op.params["kind"])}
            else:
                return 0
            if await s.scalar(
                select(PlannedItem.id).where(
                    PlannedItem.operation_id == op.id, PlannedItem.kind == kind
                )
            ):
                return 0  # already made (the event came twice)
            rows = await s.execute(
                select(OperationItem.number_id, Contract.timezone)
                .join(Number, Number.id == OperationItem.number_id)
                .join(Contract, Contract.id == Number.contract_id)
                .where(
                    OperationItem.operation_id == op.id,
                    OperationItem.status == ItemStatus.DONE,
                )
            )
            zones: dict[str, list[int]] = defaultdict(list)
            for number_id, tz in rows:
                zones[tz].append(number_id)
            day = dt.date.fromisoformat(str(date))
            for tz, ids in sorted(zones.items()):
                await store.add_item(
                    s,
                    company_id=op.company_id,
                    kind=kind,
                    when=wall_to_utc(day, dt.time(), zone(tz)),
                    timezone=tz,
                    created_by=op.user_id,
                    operation_id=op.id,
                    payload=payload,
                    number_ids=ids,
                )
            return len(zones)
