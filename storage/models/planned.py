"""Scheduled items: everything that will happen at a time, one row each, the source of truth
(APScheduler only wakes the leader when the earliest one is due)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import PlanKind, PlanState


class PlannedItem(Base):
    """One thing that will happen: once (rule is None) or on a rule in `timezone`.

    `next_run_at` is the next occurrence in UTC and `next_step` what that occurrence does
    (a recurring block alternates "on" and "off"). The leader claims a due row by moving it
    from pending to running with a conditional update, so an occurrence runs once."""

    __tablename__ = "planned_items"
    __table_args__ = (Index("ix_planned_items_due", "state", "next_run_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    kind: Mapped[PlanKind] = mapped_column(_enum(PlanKind))
    state: Mapped[PlanState] = mapped_column(_enum(PlanState), default=PlanState.PENDING)
    # {"freq": "weekly"|"monthly"|"daily", "slots": [{"day": 5, "time": "00:00", "step": "on"}]}
    rule: Mapped[dict[str, Any] | None]
    timezone: Mapped[str] = mapped_column(String(64))
    next_run_at: Mapped[dt.datetime]
    next_step: Mapped[str] = mapped_column(String(16), default="")
    until_at: Mapped[dt.datetime | None]  # no occurrence after this moment
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("operations.id"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[dt.datetime | None]
    last_run_at: Mapped[dt.datetime | None]
    runs: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(200))


class PlannedNumber(Base):
    """The numbers an item acts on (a deferred operation's live in its items)."""

    __tablename__ = "planned_numbers"
    item_id: Mapped[int] = mapped_column(
        ForeignKey("planned_items.id", ondelete="CASCADE"), primary_key=True
    )
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"), primary_key=True, index=True)
