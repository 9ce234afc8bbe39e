"""Alerts people choose: per-user channels per alert kind, balance thresholds per account,
and the log that makes each alert fire once per cause per period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import AlertKind


class AlertPref(Base):
    """A user's choice for one alert kind; no row means the kind's default."""

    __tablename__ = "alert_prefs"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    kind: Mapped[AlertKind] = mapped_column(_enum(AlertKind), primary_key=True)
    telegram: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[bool] = mapped_column(Boolean, default=False)


class BalanceThreshold(Base):
    """Alert when the account's balance falls below `amount` (kopecks); set by accountants."""

    __tablename__ = "balance_thresholds"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AlertLog(Base):
    """One row per alert sent: the unique key is what keeps a cause from firing twice in
    its period (a day, a month, or once for good)."""

    __tablename__ = "alert_log"
    __table_args__ = (UniqueConstraint("user_id", "kind", "cause", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[AlertKind] = mapped_column(_enum(AlertKind))
    cause: Mapped[str] = mapped_column(String(64))  # "number:12", "account:3", "request:9"
    period: Mapped[str] = mapped_column(String(16))  # "2026-11-29", "2026-11", "once"
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
