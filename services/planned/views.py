"""What «Запланированное» shows of one item (plain data, never ORM objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


@dataclass(frozen=True)
class PlanPage:
    items: tuple[PlanView, ...]
    total: int
    page: int
    pages: int
