"""What every simulated operator call works on: one chunk of one operation, in the
executor's transaction, with the subscriber messages it queues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from services.ports import OpRun
from storage.models import Account, Number, utcnow

SUBSCRIBER_LANG = "ru"
P = TypeVar("P", bound=BaseModel)


@dataclass
class Chunk:
    s: AsyncSession
    op: OpRun
    numbers: dict[int, Number]
    accounts: dict[int, Account]
    now: dt.datetime = field(default_factory=utcnow)
    outbox: list[dict[str, Any]] = field(default_factory=list)

    def params(self, kind: type[P]) -> P:
        """The operation's parameters as the model its registry entry declares."""
        if not isinstance(self.op.params, kind):
            raise TypeError(f"{self.op.code}: parameters are not {kind.__name__}")
        return self.op.params

    def inform(self, number: Number, channels: Sequence[str], body: str) -> None:
        for channel in channels:
            recipient = number.msisdn if channel == "sms" else number.email
            if recipient:
                self.outbox.append(
                    {
                        "channel": channel,
                        "recipient": recipient,
                        "body": body,
                        "subject": body[:200] if channel == "email" else "",
                        "company_id": self.op.company_id,
                        "user_id": self.op.user_id,
                        "number_id": number.id,
                        "operation_id": self.op.id,
                    }
                )
