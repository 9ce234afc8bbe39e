"""Typed in-process events: how features hear about each other without patching.

A feature announces what happened (`await bus.publish(OperationFinished(...))`); others
subscribe once, in the container (`bus.subscribe(OperationFinished, approvals.on_finished)`).
Handlers run in subscription order; one that raises is logged and does not stop the rest,
so a failing notification never undoes the operation that caused it.

Add a new event as a frozen dataclass below, next to its neighbours, with the ids a
subscriber needs to load what it wants (never ORM objects).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Base of every event."""


@dataclass(frozen=True)
class OperationRequested(Event):
    """An operation was stored as awaiting approval: approvals find the approvers."""

    operation_id: int
    company_id: int
    user_id: int


@dataclass(frozen=True)
class OperationScheduled(Event):
    operation_id: int
    company_id: int
    run_at: dt.datetime


@dataclass(frozen=True)
class PlanChanged(Event):
    """A scheduled item was added, moved or asked to run now: the scheduler looks again."""

    item_id: int
    company_id: int


@dataclass(frozen=True)
class OperationProgress(Event):
    """Where a running operation stands (about once a second, and once more when it ends):
    the progress message follows it."""

    operation_id: int
    code: str
    user_id: int
    status: str
    total: int
    done: int
    failed: int
    skipped: int
    cost: int
    chat_id: int | None
    message_id: int | None
    final: bool
    language: str = "ru"


@dataclass(frozen=True)
class OperationFinished(Event):
    """Every item of the operation has an outcome (status is done, partial or failed)."""

    operation_id: int
    company_id: int
    user_id: int
    status: str


@dataclass(frozen=True)
class MailFailed(Event):
    """An e-mail was refused for good (5xx): its sender hears about it in the chat."""

    outbox_id: int
    company_id: int | None
    user_id: int | None
    recipient: str
    subject: str
    error: str


@dataclass(frozen=True)
class SmsUndelivered(Event):
    """Every SMS of an operation has its delivery report and some were not delivered:
    the operation's author hears which and why."""

    operation_id: int
    user_id: int
    delivered: int
    failed: int
    failures: tuple[tuple[str, str], ...]  # (phone, reason), the first few


@dataclass(frozen=True)
class AppealAnswered(Event):
    """The service centre answered an appeal: its author is told."""

    appeal_id: int
    tg_id: int
    language: str
    subject: str
    answer: str


@dataclass(frozen=True)
class ChargesAccrued(Event):
    """The operator billed usage from `start` to `until`: limits, alerts and budgets
    look at the month's spending again."""

    start: dt.datetime
    until: dt.datetime
    amount: int  # kopecks billed


@dataclass(frozen=True)
class UserDeactivated(Event):
    """An admin switched a user's access off: what they asked for and nobody decided yet is
    withdrawn."""

    user_id: int
    company_id: int
    by_user_id: int


E = TypeVar("E", bound=Event)
Handler = Callable[[E], Awaitable[None]]


class EventBus:
    def __init__(self) -> None:
        self._handlers: defaultdict[type[Event], list[Callable[[Event], Awaitable[None]]]] = (
            defaultdict(list)
        )

    def subscribe(self, kind: type[E], handler: Handler[E]) -> None:
        self._handlers[kind].append(handler)  # type: ignore[arg-type]

    async def publish(self, event: Event) -> None:
        for handler in self._handlers.get(type(event), ()):
            try:
                await handler(event)
            except Exception:
                log.exception("%s failed on %s", getattr(handler, "__qualname__", handler), event)
