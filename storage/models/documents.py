"""Orders of financial documents: each one a numbered request with its status."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import DocumentOrderStatus


class DocumentOrder(Base):
    __tablename__ = "document_orders"
    id: Mapped[int] = mapped_column(primary_key=True)  # the request number users see
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(24))
    fmt: Mapped[str] = mapped_column(String(8))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[DocumentOrderStatus] = mapped_column(
        _enum(DocumentOrderStatus), default=DocumentOrderStatus.RUNNING
    )
    numbers: Mapped[int] = mapped_column(Integer, default=0)
    accounts: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)  # kopecks charged for the document
    filename: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]

    __table_args__ = (Index("ix_document_orders_company_created", "company_id", "created_at"),)
