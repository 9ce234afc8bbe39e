"""Action history: one helper so every writer records the same shape."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import History


def record(
    session: AsyncSession,
    *,
    company_id: int | None,
    user_id: int | None,
    action: str,
    status: str = "done",
    operation_id: int | None = None,
    number_id: int | None = None,
    **details: Any,
) -> None:
    session.add(
        History(
            company_id=company_id,
            user_id=user_id,
            action=action,
            status=status,
            operation_id=operation_id,
            number_id=number_id,
            details=details,
        )
    )
