"""Notifications that arrive: the outbox (e-mail, SMS) and its workers, the Telegram
delivery queue, and the alerts people choose."""

from services.notifications.outbox import Attachment, Outbox, is_email

__all__ = ["Attachment", "Outbox", "is_email"]
