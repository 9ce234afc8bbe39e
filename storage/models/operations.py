"""Selections, operations over numbers and approvals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import ApprovalStatus, ItemStatus, OperationStatus


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
    status: Mapped[OperationStatus] = mapped_column(
        _enum(OperationStatus), default=OperationStatus.QUEUED, index=True
    )
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
    status: Mapped[ItemStatus] = mapped_column(_enum(ItemStatus), default=ItemStatus.PENDING)
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
    status: Mapped[ApprovalStatus] = mapped_column(
        _enum(ApprovalStatus), default=ApprovalStatus.PENDING, index=True
    )
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
    # The requester's receipt (its Withdraw button goes once the request is closed).
    receipt: Mapped[bool] = mapped_column(Boolean, default=False)
