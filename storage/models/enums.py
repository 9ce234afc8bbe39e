"""Every status and kind stored in a column, as one StrEnum each."""

from __future__ import annotations

import enum


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


class DocumentOrderStatus(enum.StrEnum):
    PREPARING = "preparing"
    DONE = "done"
    FAILED = "failed"
