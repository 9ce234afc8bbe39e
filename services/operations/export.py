"""What went wrong, per number: the summary's list and the XLSX for many failures."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from services.files import write_xlsx
from services.numbers.phones import pretty
from storage.db import Database
from storage.models import Number, OperationItem


async def failures(
    db: Database, operation_id: int, limit: int | None = None
) -> list[tuple[str, str, str]]:
    """(msisdn, holder, reason) of failed and skipped items, in number order."""
    async with db.session() as s:
        q = (
            select(Number.msisdn, Number.holder_name, OperationItem.error)
            .join(Number, Number.id == OperationItem.number_id)
            .where(
                OperationItem.operation_id == operation_id,
                OperationItem.status.in_(("failed", "skipped")),
            )
            .order_by(Number.msisdn)
        )
        if limit:
            q = q.limit(limit)
        return [(m, h or "", e or "") for m, h, e in await s.execute(q)]


def failures_xlsx(
    rows: list[tuple[str, str, str]],
    headers: tuple[str, str, str],
    reason_text: Callable[[str], str],
) -> bytes:
    return write_xlsx(
        headers, ([pretty(msisdn), holder, reason_text(reason)] for msisdn, holder, reason in rows)
    )
