"""The operator behind one async interface. The embedded simulator (simulator.py) works on
the application database; a real operator's API would be another implementation.

Each method applies one chunk of items of one operation and answers, per number, None
(applied) or a failure reason (a short code with an optional ":argument"). The session is the
executor's transaction: the simulator applies its effects in it, so an item's effect and its
status commit together (exactly once). A remote implementation would ignore the session and
send `item_id` as the idempotency key instead.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession


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


# The calls an operator must support; each OpSpec names one of them.
METHODS = (
    "change_tariff",
    "services_on",
    "services_off",
    "block_on",
    "block_off",
    "forward_on",
    "forward_off",
    "limit_on",
    "limit_off",
    "send_sms",
    "replace_sim",
    "replace_number",
    "promised_payment",
    "split_account",
    "change_settlement",
    "move_funds",
    "order_sims",
)


class Operator(abc.ABC):
    delay: float = 0.0  # seconds the operator takes per item

    @abc.abstractmethod
    async def apply(
        self, session: AsyncSession, method: str, op: OpRun, items: list[ItemRun]
    ) -> Results:
        """Apply `method` (one of METHODS) to a chunk of items of one operation."""
