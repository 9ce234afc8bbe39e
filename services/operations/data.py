"""What the pipeline takes and returns: sources, drafts, previews, results, user errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from services.access import Mode, Principal
from services.operations import registry
from services.ports import Decision, Draft
from storage.models import OperationStatus

Source = dict[str, Any]  # {"number_ids": [...]} | {"selection_id": id} | {} (current selection)
PENDING_STATES = (OperationStatus.AWAITING_APPROVAL, OperationStatus.SCHEDULED)


class OperationError(Exception):
    """A sentence for the user: a Fluent key and its arguments."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


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
    status: OperationStatus
    total: int
    skipped: int
    cost: int
    run_at: dt.datetime | None


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
    "inform_to",
    "inform_to_many",
}


def validate(code: str, params: dict[str, Any], *, stored: bool = False) -> BaseModel:
    """The operation's parameters as its model; a user sentence when they do not fit."""
    spec = registry.get(code)
    clean = {k: v for k, v in params.items() if k in spec.model.model_fields}
    try:
        return spec.model.model_validate(clean, context={"stored": stored})
    except ValidationError as exc:
        key, args = first_error(exc) or ("op-err-invalid", {})
        raise OperationError(key, **args) from None


class PerformWhenAllowed:
    """The decider without an approval policy: perform what the principal may perform;
    anything else goes to approval."""

    async def decide_draft(self, principal: Principal, draft: Draft) -> Decision:
        return Decision.PERFORM if draft.mode == Mode.PERFORM else Decision.REQUEST
