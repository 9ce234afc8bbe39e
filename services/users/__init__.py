"""People: invitations, sign-in by contact, languages; roles and grants for admins."""

from services.users.admin import AdminResult, AdminService
from services.users.roles import DEFAULT_ROLES
from services.users.service import (
    ContactResult,
    InviteRefused,
    InviteResult,
    TgUser,
    UserService,
)

__all__ = [
    "DEFAULT_ROLES",
    "AdminResult",
    "AdminService",
    "ContactResult",
    "InviteRefused",
    "InviteResult",
    "TgUser",
    "UserService",
]
