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

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import PromisedStatus


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
        # Accrual adds to one day's rows and takes rates from one month's: a date range.
        Index("ix_charges_date_category", "date", "category"),
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
    status: Mapped[PromisedStatus] = mapped_column(
        _enum(PromisedStatus), default=PromisedStatus.ACTIVE
    )


class AccrualState(Base):
    """How far the embedded operator has billed usage (one row): the next tick bills from
    `accrued_until` to now, and the guarded move of this mark keeps a tick from billing the
    same interval twice."""

    __tablename__ = "accrual_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    accrued_until: Mapped[dt.datetime]
    rates_month: Mapped[dt.date] = mapped_column(Date)  # the month the rates were taken for


class UsageRate(Base):
    """A number's usage per day by category this month, taken from its previous month's
    charges: accrual bills at this pace, so the month ends near last month's figures."""

    __tablename__ = "usage_rates"
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(16), primary_key=True)  # calls/sms/data
    kind: Mapped[int] = mapped_column(Integer)  # the category as a number (a hash salt)
    per_day: Mapped[int] = mapped_column(BigInteger)  # kopecks
