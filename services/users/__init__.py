"""People: invitations, sign-in by contact, languages; roles and grants for admins."""

from services.users.admin import AdminResult, AdminService
from services.users.service import ContactResult, InviteResult, TgUser, UserService

__all__ = [
    "AdminResult",
    "AdminService",
    "ContactResult",
    "InviteResult",
    "TgUser",
    "UserService",
]
