"""The corporate account as tables. Money is integer kopecks; times are UTC-aware."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """SQLite forgets time zones; this hands back aware UTC datetimes on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as short strings (no native enum): migrations stay trivial on both backends.
    return Enum(cls, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e])


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Settlement(enum.StrEnum):
    ADVANCE = "advance"
    CREDIT = "credit"


class NumberStatus(enum.StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    CLOSED = "closed"


class ScopeKind(enum.StrEnum):
    COMPANY = "company"
    DEPARTMENT = "department"
    OWN = "own"


class Company(Base):
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Contract(Base):
    __tablename__ = "contracts"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))


class Account(Base):
    """Personal account (лицевой счёт)."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    settlement: Mapped[Settlement] = mapped_column(_enum(Settlement), default=Settlement.ADVANCE)
    credit_limit: Mapped[int] = mapped_column(BigInteger, default=0)


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


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    name: Mapped[str] = mapped_column(String(200))
    # Materialized path "/1/4/9/": a subtree is one indexed prefix match.
    path: Mapped[str] = mapped_column(String(400), index=True, default="/")


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
    status: Mapped[str] = mapped_column(String(16), default="active")  # active/pending/off
    start_at: Mapped[dt.datetime | None]
    auto_disable_at: Mapped[dt.datetime | None]
    connected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Block(Base):
    __tablename__ = "blocks"
    id: Mapped[int] = mapped_column(primary_key=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # voluntary/lost/financial
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


class Charge(Base):
    __tablename__ = "charges"
    id: Mapped[int] = mapped_column(primary_key=True)
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(16))  # subscription/calls/sms/data/services/ops
    amount: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_charges_number_date", "number_id", "date"),
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


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    tg_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    username: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5), default="ru")
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Role(Base):
    """A named set of permissions: {"numbers.view": "perform", "op.tariff": "request", ...}."""

    __tablename__ = "roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    permissions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("company_id", "code"),)


class Grant(Base):
    """A role given to a user within a scope."""

    __tablename__ = "grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"))
    scope: Mapped[ScopeKind] = mapped_column(_enum(ScopeKind))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    number_id: Mapped[int | None] = mapped_column(ForeignKey("numbers.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Invite(Base):
    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"))
    scope: Mapped[ScopeKind] = mapped_column(_enum(ScopeKind))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    used_at: Mapped[dt.datetime | None]


class Selection(Base):
    """A saved set of numbers (выборка); one per user is current."""

    __tablename__ = "selections"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    name: Mapped[str | None] = mapped_column(String(120))
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SelectionItem(Base):
    __tablename__ = "selection_items"
    selection_id: Mapped[int] = mapped_column(
        ForeignKey("selections.id", ondelete="CASCADE"), primary_key=True
    )
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"), primary_key=True)


class Operation(Base):
    """One submitted operation over one or many numbers."""

    __tablename__ = "operations"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # draft/awaiting_approval/scheduled/queued/running/done/partial/failed/rejected/cancelled
    status: Mapped[str] = mapped_column(String(24), default="queued", index=True)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    run_at: Mapped[dt.datetime | None]
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]


class OperationItem(Base):
    __tablename__ = "operation_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id"))
    number_id: Mapped[int] = mapped_column(ForeignKey("numbers.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/done/failed
    error: Mapped[str | None] = mapped_column(String(64))
    executed_at: Mapped[dt.datetime | None]

    __table_args__ = (Index("ix_operation_items_op_status", "operation_id", "status"),)


class ApprovalRule(Base):
    """Configurable approval policy: when an operation needs whose approval."""

    __tablename__ = "approval_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    operation: Mapped[str] = mapped_column(String(40), default="*")
    min_numbers: Mapped[int | None] = mapped_column(Integer)
    min_cost: Mapped[int | None] = mapped_column(BigInteger)
    approver: Mapped[str] = mapped_column(String(16), default="manager")  # manager/admin


class ApprovalRequest(Base):
    __tablename__ = "approval_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id"), unique=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    approver_level: Mapped[str] = mapped_column(String(16), default="manager")
    reason: Mapped[str] = mapped_column(Text, default="")
    # pending/approved/rejected/expired/withdrawn
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]


class ApprovalMessage(Base):
    """Where each approver was notified, so the first decision can edit the others."""

    __tablename__ = "approval_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("approval_requests.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)


class ScheduledAction(Base):
    __tablename__ = "scheduled_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    run_at: Mapped[dt.datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/done/cancelled
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("operations.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    done_at: Mapped[dt.datetime | None]


class Appeal(Base):
    __tablename__ = "appeals"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Outbox(Base):
    """Notifications to deliver: Telegram messages, subscriber SMS, e-mail."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))  # telegram/sms/email
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]


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


class FsmRecord(Base):
    """aiogram FSM state and data (also aiogram-dialog's stacks) in the database."""

    __tablename__ = "fsm_records"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
