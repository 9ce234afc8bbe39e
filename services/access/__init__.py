"""Access policy: roles, grants and scopes; who may do what, to which numbers."""

from services.access.service import (
    APPROVE,
    DEFAULT_ROLES,
    ROLE_ORDER,
    WORKPLACES,
    Mode,
    Principal,
    ScopedGrant,
    effective_mode,
)

__all__ = [
    "APPROVE",
    "DEFAULT_ROLES",
    "ROLE_ORDER",
    "WORKPLACES",
    "Mode",
    "Principal",
    "ScopedGrant",
    "effective_mode",
]
