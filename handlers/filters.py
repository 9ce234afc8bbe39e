"""Router-level filters: the router tree decides who may enter at all."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from services.access import Principal


class IsMember(Filter):
    async def __call__(self, event: TelegramObject, principal: Principal | None = None) -> bool:
        return principal is not None


class Can(Filter):
    """The principal has this permission (perform or request)."""

    def __init__(self, permission: str) -> None:
        self.permission = permission

    async def __call__(self, event: TelegramObject, principal: Principal | None = None) -> bool:
        return principal is not None and principal.may(self.permission)


class Browses(Filter):
    """Users who look through numbers; one whose grants hold a single number (an employee)
    has their number's card as home instead of searches, selections and files."""

    async def __call__(self, event: TelegramObject, principal: Principal | None = None) -> bool:
        return principal is not None and principal.home_number is None
