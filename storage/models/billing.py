"""Money and usage: charges, payments, monthly traffic, promised payments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class Charge(Base):
    __tablename__ = "charges"
    id: Mapped[int] = mapped_column(primary_key=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(16))  # subscription/calls/sms/data/services/ops
    amount: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        # Covering: reports sum a number's charges by date and category from the index alone.
        Index("ix_charges_number_date", "number_id", "date", "category", "amount"),
        Index("ix_charges_account_date", "account_id", "date"),
    )


class Payment(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(24), default="bank")

    __table_args__ = (Index("ix_payments_account_date", "account_id", "date"),)


class Traffic(Base):
    """Monthly traffic of a number."""

    __tablename__ = "traffic"
    id: Mapped[int] = mapped_column(primary_key=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"))
    period: Mapped[dt.date] = mapped_column(Date)  # first day of the month
    voice_min: Mapped[int] = mapped_column(Integer, default=0)
    sms: Mapped[int] = mapped_column(Integer, default=0)
    data_mb: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_traffic_number_period", "number_id", "period"),)


class PromisedPayment(Base):
    __tablename__ = "promised_payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    number_id: Mapped[int | None] = mapped_column(ForeignKey("numbers.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    due_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16), default="active")  # active/repaid/overdue
