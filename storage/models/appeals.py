"""Appeals to the operator's service centre and their conversation threads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import AppealStatus, AppealTopic


class Appeal(Base):
    __tablename__ = "appeals"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    topic: Mapped[AppealTopic] = mapped_column(_enum(AppealTopic), default=AppealTopic.OTHER)
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    number_ids: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[AppealStatus] = mapped_column(_enum(AppealStatus), default=AppealStatus.NEW)
    # When the service centre answers what the author last wrote (None: nothing to answer).
    answer_due_at: Mapped[dt.datetime | None]
    rating: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_appeals_due", "status", "answer_due_at"),)


class AppealMessage(Base):
    """One message of an appeal's thread: the author's or the service centre's."""

    __tablename__ = "appeal_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"), index=True)
    from_operator: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text, default="")
    # A file the author attached: Telegram keeps it, we keep its id and name.
    file_id: Mapped[str | None] = mapped_column(String(200))
    file_name: Mapped[str | None] = mapped_column(String(200))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
