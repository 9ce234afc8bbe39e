"""Notifications that arrive: the outbox (e-mail, SMS) and its workers, the Telegram
delivery queue, and the alerts people choose."""

from services.notifications.delivery import DeliveryQueue
from services.notifications.outbox import Attachment, Outbox, is_email
from services.notifications.service import MailStatus, Notifications

__all__ = ["Attachment", "DeliveryQueue", "MailStatus", "Notifications", "Outbox", "is_email"]
