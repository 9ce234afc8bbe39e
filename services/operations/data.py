"""What the pipeline takes and returns: sources, drafts, previews, results, user errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ValidationError

from services.access import Mode, Principal
from services.operations.registry import OpSpec

Source = dict[str, Any]  # {"number_ids": [...]} | {"selection_id": id} | {} (current selection)
PENDING_STATES = ("awaiting_approval", "scheduled")


class Decision(StrEnum):
    PERFORM = "perform"
    REQUEST = "request"
    REFUSE = "refuse"


class OperationError(Exception):
    """A sentence for the user: a Fluent key and its arguments."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass(frozen=True)
class Draft:
    """What `decide` sees: the operation about to be stored."""

    spec: OpSpec
    params: BaseModel
    mode: Mode  # PERFORM only if every number is in the principal's perform scope
    numbers: int
    cost: int
    run_at: dt.datetime | None


@dataclass(frozen=True)
class Preview:
    code: str
    total: int  # numbers in scope
    eligible: int
    ineligible: list[tuple[str, str]]  # first (msisdn, reason) pairs
    ineligible_count: int
    price: int
    cost: int
    run_at: dt.datetime | None


@dataclass(frozen=True)
class Submitted:
    operation_id: int
    status: str
    total: int
    skipped: int
    cost: int
    run_at: dt.datetime | None


async def default_decide(principal: Principal, draft: Draft) -> Decision:
    """Perform what the principal may perform; a request goes to approval."""
    return Decision.PERFORM if draft.mode == Mode.PERFORM else Decision.REQUEST


def first_error(exc: ValidationError, field_name: str | None = None) -> tuple[str, dict] | None:
    for e in exc.errors():
        loc = e.get("loc") or ()
        if field_name is None or (loc and loc[0] == field_name):
            kind = e["type"]
            known = kind in ERROR_TYPES
            return (
                f"op-err-{kind.replace('_', '-')}" if known else "op-err-invalid",
                dict(e.get("ctx") or {}),
            )
    return None


ERROR_TYPES = {
    "money",
    "positive",
    "phone",
    "iccid_length",
    "iccid_luhn",
    "sms_empty",
    "sms_long",
    "past",
    "empty",
    "too_long",
    "term",
    "count",
    "auto_off_before_start",
    "until_before_start",
    "missing",
}
