"""What approvals return: requests as plain data, outcomes of a decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class RequestInfo:
    id: int
    company_id: int
    operation_id: int
    code: str
    params: dict[str, Any]
    cost: int
    count: int
    requester_id: int
    requester_name: str
    approver_level: str
    reason: str
    status: Status
    escalated: bool
    created_at: dt.datetime
    expires_at: dt.datetime
    decided_by: int | None = None
    decided_by_name: str | None = None
    decided_at: dt.datetime | None = None
    decision_reason: str | None = None
    op_status: str = ""
    run_at: dt.datetime | None = None
    done: int = 0
    failed: int = 0
    first_number: str | None = None  # the msisdn when there is exactly one
    names: dict[str, str] = field(default_factory=dict)  # parameter ids as names


@dataclass(frozen=True)
class Details:
    request: RequestInfo
    numbers: list[tuple[str, str]]  # (msisdn, holder) of the first few
    history: list[RequestInfo]  # the requester's recent requests
    can_decide: bool
    can_withdraw: bool


class Outcome(StrEnum):
    DONE = "done"  # this call made the decision
    ALREADY = "already"  # the request is no longer pending: see `request.status`
    NOT_FOUND = "not_found"  # no such request in the caller's company
    SELF = "self"  # nobody decides their own request
    FORBIDDEN = "forbidden"  # outside the caller's scope or level


@dataclass(frozen=True)
class RequestSent:
    request: RequestInfo
    approvers: int  # how many were notified; 0 = nobody can approve now
    escalated: bool


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    request: RequestInfo | None = None
