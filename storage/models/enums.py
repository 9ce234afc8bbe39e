"""Every status and kind stored in a column, as one StrEnum each."""

from __future__ import annotations

import enum


class Settlement(enum.StrEnum):
    ADVANCE = "advance"
    CREDIT = "credit"


class NumberStatus(enum.StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    CLOSED = "closed"


class ScopeKind(enum.StrEnum):
    COMPANY = "company"
    DEPARTMENT = "department"
    OWN = "own"


class OutboxChannel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting (or waiting again after a temporary failure)
    SENDING = "sending"  # claimed by a worker
    SENT = "sent"  # handed to the SMTP server / the operator's SMS gateway
    DELIVERED = "delivered"  # the gateway reported delivery (SMS)
    FAILED = "failed"  # permanent failure; `error` holds the server's answer


class DeliveryStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    UNREACHABLE = "unreachable"  # blocked the bot / chat gone
    FAILED = "failed"  # Telegram refused the message itself (bad request)


class DocumentOrderStatus(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class OperationStatus(enum.StrEnum):
    AWAITING_APPROVAL = "awaiting_approval"  # a request is with the approvers
    SCHEDULED = "scheduled"  # starts at run_at
    QUEUED = "queued"  # waiting for the executor
    RUNNING = "running"
    DONE = "done"  # every item applied
    PARTIAL = "partial"  # some items failed
    FAILED = "failed"  # every item failed
    REJECTED = "rejected"  # the request was rejected
    CANCELLED = "cancelled"  # withdrawn, expired or discarded before it started


class ItemStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"  # not eligible when the operation was submitted


class ApprovalStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class PlanKind(enum.StrEnum):
    """What a scheduled item does when it comes due."""

    OPERATION = "operation"  # start a deferred operation (also an approved, deferred request)
    SERVICE_OFF = "service_off"  # «Автоматически отключить»: a service goes off
    BLOCK_END = "block_end"  # a block ends on its «до» date
    BLOCK_SCHEDULE = "block_schedule"  # block and unblock on a weekly schedule
    REPORT = "report"  # a report to the chat and e-mail on a schedule
    # An approval request's deadline: listed in «Запланированное» from the requests
    # themselves, never stored as an item (the request's own expiry is the truth).
    APPROVAL = "approval"


class PlanState(enum.StrEnum):
    PENDING = "pending"  # waits for next_run_at
    RUNNING = "running"  # claimed by the scheduler's leader
    DONE = "done"  # ran (its last occurrence)
    CANCELLED = "cancelled"
    MISSED = "missed"  # came due while the bot was down, longer ago than the grace period
    FAILED = "failed"


class ServiceStatus(enum.StrEnum):
    """A service on a number."""

    ACTIVE = "active"
    PENDING = "pending"  # connects at start_at
    OFF = "off"


class PromisedStatus(enum.StrEnum):
    ACTIVE = "active"
    REPAID = "repaid"
    OVERDUE = "overdue"


class AlertKind(enum.StrEnum):
    BALANCE_LOW = "balance_low"
    LIMIT_80 = "limit_80"
    LIMIT_100 = "limit_100"
    PROMISED_DUE = "promised_due"  # due tomorrow
    PROMISED_REPAID = "promised_repaid"
    PROMISED_OVERDUE = "promised_overdue"
    OPERATION_DONE = "operation_done"  # a deferred operation finished
    OPERATION_FAILED = "operation_failed"
    REQUEST_WAITING = "request_waiting"  # waiting for my decision for more than a day
    FUNDS = "funds"  # subscriber notifications: funds in / out
    TARIFF_CHANGED = "tariff_changed"
    OPTION_CONNECTED = "option_connected"
    BUDGET_80 = "budget_80"  # a budget limit (number, department, company) at 80 %
    BUDGET_100 = "budget_100"


class BudgetLevel(enum.StrEnum):
    COMPANY = "company"
    DEPARTMENT = "department"
    NUMBER = "number"


class BudgetExcess(enum.StrEnum):
    """What happens above what the company pays for a number."""

    EMPLOYEE = "employee"  # charged to the employee's personal account
    RESTRICT = "restrict"  # the number's outgoing calls are blocked


class AppealTopic(enum.StrEnum):
    BILLING = "billing"
    TECHNICAL = "technical"
    DOCUMENTS = "documents"
    NUMBER = "number"  # number or SIM
    OTHER = "other"


class AppealStatus(enum.StrEnum):
    NEW = "new"
    IN_WORK = "in_work"
    ANSWERED = "answered"
    CLOSED = "closed"
