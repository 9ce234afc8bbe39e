"""«Запланированное»: what will happen in a user's scope, and cancelling, moving or running
one item now. Every action re-checks on the server that the item is the user's to touch:
an id from a button may be forged.

Who sees an item: people with the "scheduled" permission in its company — admins all of
them, others those they scheduled and those acting on numbers in their scope. Who may
change it: admins, its author, or someone whose perform scope holds every one of its
numbers; a deferred operation also needs the right to perform that operation."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from services.access import Mode, Principal
from services.events import EventBus, PlanChanged
from services.formatting import zone
from services.notifications.delivery import DeliveryQueue
from services.planned import deadlines
from services.planned.blocks import BlockSchedules
from services.planned.cancels import CancelRequests, Note
from services.planned.rules import Rule, RuleError
from services.planned.views import Outcome, PlanPage, PlanView
from storage.db import Database, affected
from storage.models import (
    ApprovalRequest,
    Block,
    ItemStatus,
    Number,
    NumberService,
    Operation,
    OperationItem,
    OperationStatus,
    PlanKind,
    PlannedItem,
    PlannedNumber,
    PlanState,
    Service,
    User,
)

PERMISSION = "scheduled"
ITEM, DEADLINE = "i", "a"  # which table a row of the list comes from
PAGE = 6
SHOWN_NUMBERS = 3


class Period(StrEnum):
    ALL = "all"
    DAY = "day"  # the next 24 hours
    WEEK = "week"
    MONTH = "month"


PERIODS = {Period.DAY: 1, Period.WEEK: 7, Period.MONTH: 31}


def _op_numbers(item_id: Any) -> Any:
    """The numbers a deferred operation still has to apply."""
    return select(OperationItem.number_id).where(
        OperationItem.operation_id == item_id, OperationItem.status == ItemStatus.PENDING
    )


class PlanService(BlockSchedules, CancelRequests):
    def __init__(
        self,
        db: Database,
        bus: EventBus | None = None,
        grace: dt.timedelta = dt.timedelta(hours=6),
        delivery: DeliveryQueue | None = None,
    ) -> None:
        self.db = db
        self.delivery = delivery  # who is asked to cancel, and the answer, hear it here
        self.bus = bus or EventBus()
        self.grace = grace  # the scheduler's, shown to admins

    # --- who sees what ------------------------------------------------------------------

    @staticmethod
    def allowed(principal: Principal) -> bool:
        return principal.may(PERMISSION)

    def _visible(self, principal: Principal) -> ColumnElement[bool]:
        base = PlannedItem.company_id == principal.company_id
        if principal.is_admin:
            return base
        in_scope = principal.number_scope("numbers")
        own_numbers = exists().where(
            PlannedNumber.item_id == PlannedItem.id,
            PlannedNumber.number_id == Number.id,
            in_scope,
        )
        op_numbers = exists().where(
            OperationItem.operation_id == PlannedItem.operation_id,
            OperationItem.number_id == Number.id,
            in_scope,
        )
        return and_(base, or_(PlannedItem.created_by == principal.user_id, own_numbers, op_numbers))

    async def _may_change(self, s: AsyncSession, principal: Principal, item: PlannedItem) -> bool:
        if item.kind == PlanKind.OPERATION:
            code = str(item.payload.get("code", ""))
            if principal.mode(f"op.{code}") != Mode.PERFORM:
                return False
        if principal.is_admin or item.created_by == principal.user_id:
            return True
        scope = principal.number_scope(PERMISSION, Mode.PERFORM)
        ids = (
            _op_numbers(item.operation_id)
            if item.kind == PlanKind.OPERATION
            else select(PlannedNumber.number_id).where(PlannedNumber.item_id == item.id)
        )
        outside = await s.scalar(select(func.count(Number.id)).where(Number.id.in_(ids), ~scope))
        return not outside

    # --- the list -----------------------------------------------------------------------

    async def page(
        self,
        principal: Principal,
        now: dt.datetime,
        *,
        kind: PlanKind | None = None,
        period: Period = Period.ALL,
        page: int = 0,
        size: int = PAGE,
    ) -> PlanPage:
        """Pending items and approval deadlines in the user's scope, soonest first; each on
        one page only."""
        if not self.allowed(principal):
            return PlanPage((), 0, 0, 1)
        horizon = now + dt.timedelta(PERIODS[period]) if period != Period.ALL else None
        parts: list[Select[str, int, dt.datetime]] = []
        if kind != PlanKind.APPROVAL:
            cond = and_(
                self._visible(principal),
                PlannedItem.state == PlanState.PENDING,
                PlannedItem.kind == kind if kind else true(),
                PlannedItem.next_run_at <= horizon if horizon else true(),
            )
            parts.append(
                select(
                    literal_column(f"'{ITEM}'", String).label("src"),
                    PlannedItem.id.label("id"),
                    PlannedItem.next_run_at.label("at"),
                ).where(cond)
            )
        if kind in (None, PlanKind.APPROVAL):
            acond = and_(
                deadlines.visible(principal),
                ApprovalRequest.expires_at <= horizon if horizon else true(),
            )
            parts.append(
                select(
                    literal_column(f"'{DEADLINE}'", String).label("src"),
                    ApprovalRequest.id.label("id"),
                    ApprovalRequest.expires_at.label("at"),
                ).where(acond)
            )
        both = union_all(*parts).subquery()
        async with self.db.session() as s:
            total = await s.scalar(select(func.count()).select_from(both)) or 0
            pages = max(1, -(-total // size))
            page = min(max(page, 0), pages - 1)
            rows = (
                await s.execute(
                    select(both.c.src, both.c.id)
                    .order_by(both.c.at, both.c.src, both.c.id)
                    .offset(page * size)
                    .limit(size)
                )
            ).all()
            views = []
            for src, row_id in rows:
                found = (
                    await deadlines.view(s, row_id)
                    if src == DEADLINE
                    else await self._view(s, await s.get_one(PlannedItem, row_id))
                )
                if found is not None:
                    views.append(found)
        return PlanPage(tuple(views), total, page, pages)

    async def deadline(self, principal: Principal, request_id: int) -> PlanView | None:
        """One approval deadline, or None when it is not in the user's scope (or decided)."""
        if not self.allowed(principal):
            return None
        async with self.db.session() as s:
            found = await s.scalar(
                select(ApprovalRequest.id).where(
                    ApprovalRequest.id == request_id, deadlines.visible(principal)
                )
            )
            return None if found is None else await deadlines.view(s, found)

    async def get(self, principal: Principal, item_id: int) -> PlanView | None:
        """One item, or None when it is not in the user's scope (or does not exist)."""
        if not self.allowed(principal):
            return None
        async with self.db.session() as s:
            row = await s.scalar(
                select(PlannedItem).where(PlannedItem.id == item_id, self._visible(principal))
            )
            return None if row is None else await self._view(s, row)

    async def changeable(self, principal: Principal, item_id: int) -> bool:
        """Whether this user cancels, moves and runs it themselves (else they may only ask)."""
        async with self.db.session() as s:
            return (await self._take(s, principal, item_id))[0] == Outcome.DONE

    async def _view(self, s: AsyncSession, item: PlannedItem) -> PlanView:
        if item.kind == PlanKind.OPERATION:
            ids = _op_numbers(item.operation_id)
        else:
            ids = select(PlannedNumber.number_id).where(PlannedNumber.item_id == item.id)
        count = await s.scalar(select(func.count()).select_from(ids.subquery())) or 0
        first = tuple(
            await s.scalars(
                select(Number.msisdn)
                .where(Number.id.in_(ids))
                .order_by(Number.id)
                .limit(SHOWN_NUMBERS)
            )
        )
        author = (
            await s.scalar(select(User.full_name).where(User.id == item.created_by))
            if item.created_by
            else None
        )
        what = ""
        if item.kind == PlanKind.OPERATION:
            what = str(item.payload.get("code", ""))
        elif item.kind == PlanKind.SERVICE_OFF:
            what = (
                await s.scalar(
                    select(Service.name).where(Service.id == int(item.payload["service_id"]))
                )
                or ""
            )
        elif item.kind in (PlanKind.BLOCK_END, PlanKind.BLOCK_SCHEDULE):
            what = str(item.payload.get("kind", ""))
        elif item.kind == PlanKind.REPORT:
            what = str(item.payload.get("code", ""))
        return PlanView(
            item.id,
            item.kind,
            item.state,
            item.next_run_at,
            item.timezone,
            item.next_step,
            item.rule,
            item.until_at,
            dict(item.payload),
            item.operation_id,
            count,
            first,
            author,
            what,
            item.runs,
            str((item.payload.get("cancel_request") or {}).get("name") or "") or None,
        )

    # --- actions ------------------------------------------------------------------------

    async def _take(
        self, s: AsyncSession, principal: Principal, item_id: int
    ) -> tuple[Outcome, PlannedItem | None]:
        if not self.allowed(principal):
            return Outcome.NOT_FOUND, None
        item = await s.scalar(
            select(PlannedItem).where(PlannedItem.id == item_id, self._visible(principal))
        )
        if item is None:
            return Outcome.NOT_FOUND, None
        if not await self._may_change(s, principal, item):
            return Outcome.FORBIDDEN, None
        if item.state != PlanState.PENDING:
            return Outcome.GONE, None
        return Outcome.DONE, item

    async def cancel(self, principal: Principal, item_id: int) -> Outcome:
        """Cancel it, or, where the user's role may only request that, ask those who may
        (Outcome.REQUESTED); a cancel that answers a request tells its author."""
        async with self.db.transaction() as s:
            outcome, notes = await self._cancel(s, principal, item_id)
        await self._tell(notes)  # once committed
        return outcome

    async def _cancel(
        self, s: AsyncSession, principal: Principal, item_id: int
    ) -> tuple[Outcome, list[Note]]:
        outcome, item = await self._take(s, principal, item_id)
        if outcome == Outcome.FORBIDDEN:
            seen = await s.scalar(
                select(PlannedItem).where(PlannedItem.id == item_id, self._visible(principal))
            )
            return await self._ask_cancel(s, principal, seen)
        if item is None:
            return outcome, []
        moved = await s.execute(
            update(PlannedItem)
            .where(PlannedItem.id == item.id, PlannedItem.state == PlanState.PENDING)
            .values(state=PlanState.CANCELLED)
        )
        if affected(moved) != 1:
            return Outcome.GONE, []  # the scheduler claimed it meanwhile
        await self._follow(s, item, None)
        if item.operation_id is not None and item.kind == PlanKind.OPERATION:
            await s.execute(
                update(Operation)
                .where(
                    Operation.id == item.operation_id,
                    Operation.status == OperationStatus.SCHEDULED,
                )
                .values(status=OperationStatus.CANCELLED)
            )
            history.record(
                s,
                company_id=item.company_id,
                user_id=principal.user_id,
                action=f"op.{item.payload.get('code', '')}",
                status=OperationStatus.CANCELLED,
                operation_id=item.operation_id,
            )
        history.record(
            s,
            company_id=item.company_id,
            user_id=principal.user_id,
            action="planned.cancel",
            operation_id=item.operation_id,
            planned_id=item.id,
            kind=item.kind.value,
        )
        return Outcome.DONE, await self._answer_of(s, item, approved=True)

    async def refuse_cancel(self, principal: Principal, item_id: int) -> Outcome:
        """«Оставить»: someone who may cancel it refuses another's request to."""
        async with self.db.transaction() as s:
            outcome, item = await self._take(s, principal, item_id)
            if item is None:
                return outcome
            outcome, notes = await self._refuse(s, principal, item)
        await self._tell(notes)
        return outcome

    async def move(
        self, principal: Principal, item_id: int, when: dt.datetime, now: dt.datetime
    ) -> Outcome:
        """The next occurrence to another moment (a recurring item goes on by its rule)."""
        if when <= now:
            return Outcome.PAST
        async with self.db.transaction() as s:
            outcome, item = await self._take(s, principal, item_id)
            if item is None:
                return outcome
            if item.until_at is not None and when > item.until_at:
                return Outcome.PAST
            moved = await s.execute(
                update(PlannedItem)
                .where(PlannedItem.id == item.id, PlannedItem.state == PlanState.PENDING)
                .values(next_run_at=when)
            )
            if affected(moved) != 1:
                return Outcome.GONE
            await self._follow(s, item, when)
            history.record(
                s,
                company_id=item.company_id,
                user_id=principal.user_id,
                action="planned.move",
                operation_id=item.operation_id,
                planned_id=item.id,
                kind=item.kind.value,
                was=item.next_run_at.isoformat(),
                to=when.isoformat(),
            )
            company_id = item.company_id
        await self.bus.publish(PlanChanged(item_id, company_id))
        return Outcome.DONE

    async def run_now(self, principal: Principal, item_id: int, now: dt.datetime) -> Outcome:
        """Due at once: the scheduler's leader runs it within a moment, once, as any due item."""
        async with self.db.transaction() as s:
            outcome, item = await self._take(s, principal, item_id)
            if item is None:
                return outcome
            moved = await s.execute(
                update(PlannedItem)
                .where(PlannedItem.id == item.id, PlannedItem.state == PlanState.PENDING)
                .values(next_run_at=now)
            )
            if affected(moved) != 1:
                return Outcome.GONE
            if item.kind == PlanKind.OPERATION and item.operation_id is not None:
                await s.execute(
                    update(Operation).where(Operation.id == item.operation_id).values(run_at=now)
                )
            history.record(
                s,
                company_id=item.company_id,
                user_id=principal.user_id,
                action="planned.run_now",
                operation_id=item.operation_id,
                planned_id=item.id,
                kind=item.kind.value,
            )
            company_id = item.company_id
        await self.bus.publish(PlanChanged(item_id, company_id))
        return Outcome.DONE

    @staticmethod
    async def _follow(s: AsyncSession, item: PlannedItem, when: dt.datetime | None) -> None:
        """What the rest of the data says about the moment follows the item (None:
        cancelled): the operation's start, a service's auto-off date, a block's end."""
        numbers = select(PlannedNumber.number_id).where(PlannedNumber.item_id == item.id)
        if item.kind == PlanKind.OPERATION and item.operation_id is not None and when:
            await s.execute(
                update(Operation).where(Operation.id == item.operation_id).values(run_at=when)
            )
        elif item.kind == PlanKind.SERVICE_OFF:
            await s.execute(
                update(NumberService)
                .where(
                    NumberService.number_id.in_(numbers),
                    NumberService.service_id == int(item.payload["service_id"]),
                )
                .values(auto_disable_at=when)
            )
        elif item.kind == PlanKind.BLOCK_END:
            await s.execute(
                update(Block)
                .where(
                    Block.number_id.in_(numbers),
                    Block.kind == str(item.payload["kind"]),
                    Block.active,
                )
                .values(until=when)
            )


def rule_of(view: PlanView) -> Rule | None:
    if view.rule is None:
        return None
    try:
        return Rule.load(view.rule)
    except RuleError:
        return None


def local(view: PlanView) -> dt.datetime:
    return view.at.astimezone(zone(view.timezone))
