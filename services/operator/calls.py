"""A subscriber places an outgoing call on the simulated network: a blocked number (by
its individual limit, or a voluntary, lost or financial block) cannot, nor can a number
whose outgoing calls the budget barred (it still receives calls); otherwise the call is
billed to the day's calls like accrued usage."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OUTGOING_ONLY, Account, Block, Charge, Number, NumberStatus

CALL_PRICE = 3_00  # kopecks a minute


async def place_call(s: AsyncSession, number_id: int, minutes: int, now: dt.datetime) -> str | None:
    """None when the call went through (and was billed), else why it did not."""
    n = await s.get(Number, number_id)
    if n is None or n.status == NumberStatus.CLOSED:
        return "closed"
    if n.status == NumberStatus.BLOCKED:
        return "number_blocked"
    barred = await s.scalar(
        select(Block.id)
        .where(Block.number_id == n.id, Block.kind.in_(OUTGOING_ONLY), Block.active)
        .limit(1)
    )
    if barred is not None:
        return "outgoing_barred"
    amount = CALL_PRICE * max(1, minutes)
    row = await s.scalar(
        select(Charge)
        .where(Charge.number_id == n.id, Charge.date == now.date(), Charge.category == "calls")
        .limit(1)
    )
    if row is None:
        s.add(
            Charge(
                number_id=n.id,
                account_id=n.account_id,
                date=now.date(),
                category="calls",
                amount=amount,
            )
        )
    else:
        row.amount += amount
    await s.execute(
        update(Account).where(Account.id == n.account_id).values(balance=Account.balance - amount)
    )
    return None
