"""The append-only action history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class History(Base):
    """Action history: every operation, decision and admin change."""

    __tablename__ = "history"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="done")
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("operations.id"))
    number_id: Mapped[int | None] = mapped_column(ForeignKey("numbers.id"), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_history_company_created", "company_id", "created_at"),)
