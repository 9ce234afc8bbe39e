"""A subscriber number and what is set on it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import NumberStatus, ServiceStatus


class Number(Base):
    """Subscriber number (абонентский номер)."""

    __tablename__ = "numbers"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariffs.id"), index=True)
    msisdn: Mapped[str] = mapped_column(String(16), unique=True)  # E.164, "+79139479580"
    # Last digits reversed: a suffix search ("947-95-80") becomes an indexed prefix match.
    msisdn_rev: Mapped[str] = mapped_column(String(16), index=True)
    iccid: Mapped[str] = mapped_column(String(20), unique=True)
    iccid_rev: Mapped[str] = mapped_column(String(20), index=True)
    holder_name: Mapped[str] = mapped_column(String(200), default="")
    # Lower-cased in Python: SQLite's lower() does not fold Cyrillic.
    holder_search: Mapped[str] = mapped_column(String(200), index=True, default="")
    email: Mapped[str | None] = mapped_column(String(200))
    comment: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[NumberStatus] = mapped_column(_enum(NumberStatus), default=NumberStatus.ACTIVE)
    tariff_changed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_numbers_company_status", "company_id", "status"),)


class FreeNumber(Base):
    """A contract's pool of numbers available for number replacement."""

    __tablename__ = "free_numbers"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    msisdn: Mapped[str] = mapped_column(String(16), unique=True)


class NumberService(Base):
    __tablename__ = "number_services"
    id: Mapped[int] = mapped_column(primary_key=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    status: Mapped[ServiceStatus] = mapped_column(
        _enum(ServiceStatus), default=ServiceStatus.ACTIVE
    )
    start_at: Mapped[dt.datetime | None]
    auto_disable_at: Mapped[dt.datetime | None]
    connected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# The budget's restriction bars outgoing calls only: the number stays active (it receives
# calls, sends SMS, uses data) and only the budget lifts the bar, so these kinds neither
# block the number nor count as a block its holder may lift.
OUTGOING_BAR = "budget"
OUTGOING_ONLY = frozenset({OUTGOING_BAR})


class Block(Base):
    __tablename__ = "blocks"
    id: Mapped[int] = mapped_column(primary_key=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # voluntary/lost/financial/budget
    since: Mapped[dt.datetime] = mapped_column(default=utcnow)
    until: Mapped[dt.datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Forwarding(Base):
    __tablename__ = "forwardings"
    id: Mapped[int] = mapped_column(primary_key=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"), index=True)
    condition: Mapped[str] = mapped_column(String(16))  # always/busy/no_answer/unreachable
    target: Mapped[str] = mapped_column(String(16))


class NumberLimit(Base):
    """Individual monthly limit of a number."""

    __tablename__ = "number_limits"
    id: Mapped[int] = mapped_column(primary_key=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(16))  # notify/block
