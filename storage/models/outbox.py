"""Notifications waiting to be delivered: e-mail and subscriber SMS (the outbox), and the
Telegram delivery queue for everything the bot says that is not a direct answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, _enum, utcnow
from storage.models.enums import DeliveryStatus, OutboxChannel, OutboxStatus


class Outbox(Base):
    """E-mail and subscriber SMS to deliver. A worker claims a row by moving it from
    queued to sending with a conditional update, so two workers never send one twice."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[OutboxChannel] = mapped_column(_enum(OutboxChannel))
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        _enum(OutboxStatus), default=OutboxStatus.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    # Who asked for it: the sender is told in the chat when it fails for good.
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    number_id: Mapped[int | None] = mapped_column(ForeignKey("numbers.id"))
    # The operation that sent it (the SMS operation, «Проинформировать»): its delivery
    # reports are summed up for the operation's author.
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("operations.id"), index=True)
    # SMTP Message-ID of an e-mail; the gateway's id of an SMS.
    message_id: Mapped[str | None] = mapped_column(String(200))
    next_attempt_at: Mapped[dt.datetime | None]
    claimed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]


class OutboxAttachment(Base):
    __tablename__ = "outbox_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Delivery(Base):
    """One Telegram message (or edit) waiting for its turn within Telegram's limits."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[Any]] = mapped_column(default=list)
    # Editing an earlier message instead of sending a new one.
    edit_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Plain text to mail when the chat is unreachable (the user blocked the bot).
    fallback_subject: Mapped[str | None] = mapped_column(String(200))
    # A photo or a document (the text is its caption): loaded only when it is sent.
    file_kind: Mapped[str | None] = mapped_column(String(16))
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[DeliveryStatus] = mapped_column(
        _enum(DeliveryStatus), default=DeliveryStatus.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Indexed: a new leader reads the last second's sends to pace as Telegram counts.
    sent_at: Mapped[dt.datetime | None] = mapped_column(index=True)


class Unreachable(Base):
    """A chat that blocked the bot: the queue stops trying it until the user comes back."""

    __tablename__ = "unreachable_chats"
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[dt.datetime] = mapped_column(default=utcnow)


class GatewaySms(Base):
    """The operator's side: an SMS its gateway took, and whether its delivery report has
    reached us. Kept in the database, as a real SMS centre keeps it: a ref submitted again
    after a crash is not sent twice, and a report lost with a restart is sent again."""

    __tablename__ = "gateway_sms"
    ref: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    msisdn: Mapped[str] = mapped_column(String(16))
    delivered: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(64))
    taken_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reported_at: Mapped[dt.datetime | None] = mapped_column(index=True)
