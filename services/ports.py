"""The edges of the domain: what services need from the world, as protocols.

Services depend on these, never on aiogram or a concrete operator; the container in
bot/container.py hands each service its implementation once, at construction:

- `Notifier`: text plus buttons to a chat (bot/notifier.py with aiogram; a memory fake in
  tests). A button names an action and the id it acts on; the implementation turns that
  into callback data, so services never build Telegram payloads.
- `Operator`: the operator's side of an operation (services/operator/simulator.py; a real
  operator's API would be another implementation).
- `Decider`: perform / request / refuse for an operation about to be stored (the approval
  policy; the pipeline's own default performs what the user may perform).
- `OperationRunner`: starts an approved operation and waits for its result (the pipeline).
- `Clock`: the current time, so rules about "now" can be tested at any moment.
- `SmsGateway`: the operator's SMS gateway (services/operator/sms_gateway.py simulates
  it): takes SMS, reports their delivery later, as a real gateway does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Mode, Principal

# --- people -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Button:
    text: str
    action: str  # e.g. "approve", "reject", "info", "withdraw"
    ref: int  # the id the action applies to


Keyboard = tuple[tuple[Button, ...], ...]


class Notifier(Protocol):
    async def send(self, chat_id: int, text: str, buttons: Keyboard = ()) -> int | None:
        """Send a message; its id, or None when it could not be delivered."""

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard = ()) -> bool:
        """Replace a message's text and buttons; False when it could not be edited."""


# --- time ---------------------------------------------------------------------------------


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current moment, UTC-aware."""


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


# --- deciding -----------------------------------------------------------------------------


class Decision(StrEnum):
    PERFORM = "perform"
    REQUEST = "request"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Draft:
    """An operation about to be stored, as the decider sees it."""

    code: str
    params: dict[str, Any]
    mode: Mode  # PERFORM only if every number is in the principal's perform scope
    numbers: int
    cost: int
    run_at: dt.datetime | None


class Decider(Protocol):
    async def decide_draft(self, principal: Principal, draft: Draft) -> Decision:
        """Perform, send to approval, or refuse; nothing is stored yet."""


class OperationRunner(Protocol):
    async def run_approved(self, operation_id: int) -> None:
        """Start an approved operation (or schedule it) and wait while it runs."""


# --- the operator -------------------------------------------------------------------------


@dataclass(frozen=True)
class OpRun:
    id: int
    company_id: int
    user_id: int
    code: str
    params: BaseModel
    price: int  # kopecks per number, 0 when free
    allow_blocked: bool
    raw: dict[str, Any]


@dataclass(frozen=True)
class ItemRun:
    item_id: int
    number_id: int
    msisdn: str


Results = dict[int, str | None]  # number_id -> None (applied) or failure reason


class Operator(Protocol):
    """Each call applies one chunk of items of one operation and answers, per number, None
    (applied) or a failure reason (a short code with an optional ":argument"). The session
    is the executor's transaction: the simulator applies its effects in it, so an item's
    effect and its status commit together (exactly once). A remote implementation would
    ignore the session and send `item_id` as the idempotency key instead."""

    delay: float  # seconds the operator takes per item

    async def apply(
        self, session: AsyncSession, method: str, op: OpRun, items: list[ItemRun]
    ) -> Results:
        """Apply `method` (an OpSpec's method) to a chunk of items of one operation."""


# --- the operator's SMS gateway -----------------------------------------------------------


@dataclass(frozen=True)
class SmsMessage:
    ref: int  # our id (the outbox row): the gateway's idempotency key and the report's tag
    to: str  # E.164
    text: str


@dataclass(frozen=True)
class SmsReport:
    """The gateway's word on one message, some time after it took it."""

    ref: int
    delivered: bool
    reason: str | None = None  # why not: "number_blocked", "unknown_number", ...


class SmsGatewayDown(Exception):
    """The gateway cannot take messages now (network, 5xx, throttling): try again later."""


ReportSink = Callable[[Sequence[SmsReport]], Awaitable[None]]


class SmsGateway(Protocol):
    async def submit(self, messages: Sequence[SmsMessage]) -> dict[int, str | None]:
        """Hand messages over; per ref, None when taken (a delivery report follows) or the
        reason it is refused for good. Raises SmsGatewayDown when nothing was taken.
        Submitting a ref again (after a crash) does not send it twice."""

    def on_report(self, sink: ReportSink) -> None:
        """Where delivery reports go as they arrive (a real gateway calls a webhook)."""

    async def redeliver_reports(self) -> int:
        """Reports that never got through go out again (a real gateway retries its
        webhook on its own timer; ours is the SMS worker's tick). How many."""

    async def close(self) -> None:
        """On shutdown: what is on its way is finished."""
