"""Every refusal leaves two traces: a log line (`audit` logger) for whoever watches the logs,
and a history row (action "access.refused") for the company's own action history.

A refusal is where a forged button, a stale id or another company's id ends up, so the
record says who tried what on which id; it never says what the id would have shown."""

from __future__ import annotations

import logging

from services.access import Principal
from services.history import record
from storage.db import Database

log = logging.getLogger("audit")


class AuditService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def refused(
        self,
        principal: Principal | None,
        what: str,
        target: str | int | None = None,
        *,
        tg_id: int | None = None,
    ) -> None:
        who = principal.tg_id if principal else tg_id
        log.warning(
            "refused: user=%s company=%s what=%s target=%s",
            who,
            principal.company_id if principal else None,
            what,
            target,
        )
        if principal is None:
            return  # a stranger has no company to keep the history in
        async with self.db.transaction() as s:
            record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action="access.refused",
                status="refused",
                what=what[:80],
                target=None if target is None else str(target)[:80],
            )
