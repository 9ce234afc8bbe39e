"""What the operator sells: tariffs, services, which tariff allows which service."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Tariff(Base):
    __tablename__ = "tariffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    monthly_fee: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text, default="")


class ContractTariff(Base):
    """Tariffs a contract may use."""

    __tablename__ = "contract_tariffs"
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), primary_key=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariffs.id"), primary_key=True)


class Service(Base):
    """Service catalogue entry."""

    __tablename__ = "services"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[int] = mapped_column(BigInteger, default=0)
    periodic: Mapped[bool] = mapped_column(Boolean, default=True)


class TariffService(Base):
    """Which tariffs allow which services."""

    __tablename__ = "tariff_services"
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariffs.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)


class ServiceConflict(Base):
    __tablename__ = "service_conflicts"
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
