"""The budget's bar on outgoing calls.

A 100 % rule that says «block», or the excess rule that restricts the number, bars the
number's outgoing calls: a `blocks` row of the kind OUTGOING_BAR, while the number stays
active (it receives calls, sends SMS, uses data; the simulator refuses only its outgoing
calls and bills it no calls). The bar lasts while a rule still restricts the number: it is
lifted when the next month begins, when the limit is raised or removed, or when the rule
no longer blocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from storage.chunks import chunks
from storage.models import OUTGOING_BAR, Block, Number, NumberStatus


async def bar(
    s: AsyncSession, number_ids: Iterable[int], now: dt.datetime, until: dt.datetime
) -> list[int]:
    """Bar outgoing calls of these numbers (not closed, not barred already); the ids barred."""
    out: list[int] = []
    for batch in chunks(list(number_ids)):
        have = set(
            await s.scalars(
                select(Block.number_id).where(
                    Block.number_id.in_(batch), Block.kind == OUTGOING_BAR, Block.active
                )
            )
        )
        ids = [
            i
            for i in await s.scalars(
                select(Number.id).where(Number.id.in_(batch), Number.status != NumberStatus.CLOSED)
            )
            if i not in have
        ]
        s.add_all(
            Block(number_id=i, kind=OUTGOING_BAR, since=now, until=until, active=True) for i in ids
        )
        out += ids
    return out


async def lift(
    s: AsyncSession, company_ids: Iterable[int], keep: set[int], now: dt.datetime
) -> list[int]:
    """Lift the bars of these companies' numbers that no rule holds any more (not in
    `keep`) or whose month is over; the ids lifted, each in the history."""
    companies = sorted(set(company_ids))
    if not companies:
        return []
    rows = (
        await s.execute(
            select(Block.id, Block.number_id, Number.company_id, Block.until)
            .join(Number, Number.id == Block.number_id)
            .where(
                Block.kind == OUTGOING_BAR,
                Block.active,
                Number.company_id.in_(companies),
            )
        )
    ).all()
    # A bar ends with its month even when the new month's rules bar the number again:
    # that is a new bar, with the new month's end.
    gone = [
        (bid, nid, cid)
        for bid, nid, cid, until in rows
        if nid not in keep or (until is not None and until <= now)
    ]
    for batch in chunks([bid for bid, _n, _c in gone]):
        await s.execute(
            update(Block).where(Block.id.in_(batch), Block.active).values(active=False, until=now)
        )
    for _bid, number_id, company_id in gone:
        history.record(
            s,
            company_id=company_id,
            user_id=None,
            action="budget.lift",
            number_id=number_id,
        )
    return [nid for _b, nid, _c in gone]


async def barred_companies(s: AsyncSession) -> set[int]:
    """Companies with a number under a bar (they are looked at even without limits)."""
    return set(
        await s.scalars(
            select(Number.company_id)
            .join(Block, Block.number_id == Number.id)
            .where(Block.kind == OUTGOING_BAR, Block.active)
            .distinct()
        )
    )
