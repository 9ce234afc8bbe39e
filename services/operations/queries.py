"""SQL of the operations pipeline that reads numbers for the user."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Principal
from services.numbers.phones import normalize
from storage.models import Number


async def lookup(s: AsyncSession, principal: Principal, text: str) -> tuple[list[int], list[str]]:
    """Numbers typed by the user (one per line or comma): ids found in scope, and the
    first pieces that matched nothing the user may see."""
    wanted: dict[str, str] = {}
    missing: list[str] = []
    for piece in (x.strip() for x in text.replace(",", "\n").splitlines()):
        if not piece:
            continue
        e164 = normalize(piece)
        if e164 is None:
            missing.append(piece)
        else:
            wanted[e164] = piece
    found: dict[str, int] = {}
    if wanted:
        rows = await s.execute(
            select(Number.msisdn, Number.id).where(
                Number.msisdn.in_(list(wanted)), principal.number_scope("numbers")
            )
        )
        found = dict(rows.all())
    missing += [piece for e164, piece in wanted.items() if e164 not in found]
    return list(found.values()), missing[:20]
