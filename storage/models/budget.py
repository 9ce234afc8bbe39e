"""Corporate budget: monthly limits for the company, a department or a number, the
company's write-off rules, and the log that makes each cause act once a month."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import BudgetExcess, BudgetLevel


class BudgetLimit(Base):
    """A monthly limit (kopecks). `target_id` is the department's or the number's id, 0 for
    the whole company, so one unique key holds one limit per target."""

    __tablename__ = "budget_limits"
    __table_args__ = (UniqueConstraint("company_id", "level", "target_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    level: Mapped[BudgetLevel] = mapped_column(_enum(BudgetLevel))
    target_id: Mapped[int] = mapped_column(default=0)
    amount: Mapped[int] = mapped_column(BigInteger)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BudgetRule(Base):
    """The company's write-off rules: it pays up to `company_pays` a number a month (0: no
    cap), the excess goes to the employee or restricts the number; what happens at 80 % and
    at 100 % of a limit (comma-separated actions: notify, services_off, block)."""

    __tablename__ = "budget_rules"
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    company_pays: Mapped[int] = mapped_column(BigInteger, default=0)
    excess: Mapped[BudgetExcess] = mapped_column(_enum(BudgetExcess), default=BudgetExcess.EMPLOYEE)
    at_80: Mapped[str] = mapped_column(String(64), default="notify")
    at_100: Mapped[str] = mapped_column(String(64), default="notify")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class EmployeeCharge(Base):
    """What an employee owes for a month: their number's spending above what the company
    pays (kept up to date as charges accrue)."""

    __tablename__ = "employee_charges"
    __table_args__ = (UniqueConstraint("number_id", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"))
    month: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)


class BudgetAct(Base):
    """One row per cause acted on: "number:12:100" in 2026-11 acts once that month."""

    __tablename__ = "budget_acts"
    __table_args__ = (UniqueConstraint("company_id", "month", "cause"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    month: Mapped[dt.date] = mapped_column(Date)
    cause: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
