"""The company and its billing tree (contract → account), departments, people and access."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import ScopeKind, Settlement


class Company(Base):
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Requisites printed on documents: ИНН (10 digits for a legal entity), КПП, legal address.
    inn: Mapped[str] = mapped_column(String(12), default="", server_default="")
    kpp: Mapped[str] = mapped_column(String(9), default="", server_default="")
    legal_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Contract(Base):
    __tablename__ = "contracts"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))
    signed_on: Mapped[dt.date | None]  # the date the contract was signed


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


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    name: Mapped[str] = mapped_column(String(200))
    # Materialized path "/1/4/9/": a subtree is one indexed prefix match.
    path: Mapped[str] = mapped_column(String(400), index=True, default="/")


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
    # the invited person's own number, for an own-number scope
    number_id: Mapped[int | None] = mapped_column(ForeignKey("numbers.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    used_at: Mapped[dt.datetime | None]
