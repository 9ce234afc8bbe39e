"""Recurring blocks («блокировка по расписанию»): block every week on one day and time and
unblock on another, in each number's contract zone, until a date or for ever. Part of the
planned service (a mixin, as approvals' reads are), kept apart so each file reads as one
thing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, func, select

from services import history
from services.access import Mode, Principal
from services.events import EventBus, PlanChanged
from services.formatting import zone
from services.planned import store
from services.planned.rules import Rule, wall_to_utc
from storage.db import Database
from storage.models import Contract, Number, PlanKind

PERMISSION = "scheduled"


class BlockSchedules:
    db: Database
    bus: EventBus

    @staticmethod
    def may_schedule_blocks(principal: Principal) -> bool:
        """Recurring blocks are made by whoever may block and unblock somewhere themselves
        (each number is checked again when the schedule is made)."""
        return (
            principal.may(PERMISSION)
            and principal.mode("op.block_on") == Mode.PERFORM
            and principal.mode("op.block_off") == Mode.PERFORM
        )

    @staticmethod
    def _block_scope(principal: Principal) -> ColumnElement[bool]:
        return and_(
            principal.number_scope("op.block_on", Mode.PERFORM),
            principal.number_scope("op.block_off", Mode.PERFORM),
        )

    async def blockable(self, principal: Principal, number_ids: list[int]) -> dict[str, int]:
        """Of these numbers, how many the user may put on a block schedule, by contract
        zone ({} when none): what the form shows before anything is made."""
        if not self.may_schedule_blocks(principal) or not number_ids:
            return {}
        async with self.db.session() as s:
            rows = await s.execute(
                select(Contract.timezone, func.count(Number.id))
                .join(Number, Number.contract_id == Contract.id)
                .where(Number.id.in_(number_ids), self._block_scope(principal))
                .group_by(Contract.timezone)
            )
            return {tz: n for tz, n in rows}

    async def schedule_blocks(
        self,
        principal: Principal,
        number_ids: list[int],
        kind: str,
        on: tuple[int, dt.time],
        off: tuple[int, dt.time],
        now: dt.datetime,
        until: dt.date | None = None,
    ) -> list[int]:
        """Block every week on `on` (weekday, wall time) and unblock on `off`, in each
        number's contract zone (one item per zone), until a date (inclusive) or for ever.
        Only numbers the user may block and unblock count; [] when none (or when the end
        date comes before the first block)."""
        if not self.may_schedule_blocks(principal):
            return []
        rule = Rule.load(
            {
                "freq": "weekly",
                "slots": [
                    {"day": on[0], "time": on[1].strftime("%H:%M"), "step": "on"},
                    {"day": off[0], "time": off[1].strftime("%H:%M"), "step": "off"},
                ],
            }
        )
        scope = self._block_scope(principal)
        made = []
        async with self.db.transaction() as s:
            rows = await s.execute(
                select(Contract.timezone, Number.id)
                .join(Number, Number.contract_id == Contract.id)
                .where(Number.id.in_(number_ids), scope)
                .order_by(Number.id)
            )
            zones: dict[str, list[int]] = {}
            for tz, number_id in rows:
                zones.setdefault(tz, []).append(number_id)
            for tz, ids in sorted(zones.items()):
                at, step = rule.next_after(zone(tz), now)
                until_at = (
                    wall_to_utc(until + dt.timedelta(days=1), dt.time(), zone(tz))
                    if until
                    else None
                )
                if until_at is not None and at > until_at:
                    continue  # ends before it would first block: nothing to schedule
                made.append(
                    await store.add_item(
                        s,
                        company_id=principal.company_id,
                        kind=PlanKind.BLOCK_SCHEDULE,
                        when=at,
                        timezone=tz,
                        created_by=principal.user_id,
                        payload={"kind": kind},
                        rule=rule.dump(),
                        step=step,
                        until_at=until_at,
                        number_ids=ids,
                    )
                )
                history.record(
                    s,
                    company_id=principal.company_id,
                    user_id=principal.user_id,
                    action="planned.block_schedule",
                    planned_id=made[-1],
                    numbers=len(ids),
                    kind=kind,
                )
        for item_id in made:
            await self.bus.publish(PlanChanged(item_id, principal.company_id))
        return made
