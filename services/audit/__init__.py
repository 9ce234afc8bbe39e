"""Refusals on the record: every time the server says no to an id or an action."""

from services.audit.service import AuditService

__all__ = ["AuditService"]
