"""What «Запланированное» shows of one item (plain data, never ORM objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storage.models import PlanKind, PlanState


@dataclass(frozen=True)
class PlanView:
    id: int
    kind: PlanKind
    state: PlanState
    at: dt.datetime
    timezone: str
    step: str
    rule: dict[str, Any] | None
    until_at: dt.datetime | None
    payload: dict[str, Any]
    operation_id: int | None
    numbers: int
    first: tuple[str, ...]
    author: str | None
    what: str  # an operation code, a service name, a block kind or a report code
    runs: int
    cancel_asked: str | None = None  # who asked for it to be cancelled (still undecided)


@dataclass(frozen=True)
class PlanPage:
    items: tuple[PlanView, ...]
    total: int
    page: int
    pages: int


class Outcome(StrEnum):
    """What an action did; the handler says it with pl-out-<value>."""

    DONE = "done"
    NOT_FOUND = "not_found"  # no such item in the user's scope (or a forged id)
    FORBIDDEN = "forbidden"  # visible, but not the user's to change
    GONE = "gone"  # already ran, cancelled or running
    PAST = "past"  # a new time that is not ahead
    REQUESTED = "requested"  # the role may only ask: those who may cancel are asked
    ASKED = "asked"  # a cancel is already asked for and waits for a decision
