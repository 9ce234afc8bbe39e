"""A hidden button is not a permission: a dialog declares who may use it, and the server
checks that on every update routed to the dialog and on every render of its windows.

aiogram-dialog runs a button's action even when `when=` hides it, and a window can be
started from another dialog (a hidden Start button), so neither hiding nor the menu is a
guard. `guarded(...)` builds the Dialog with both checks:

- an inner middleware on the dialog's callback queries and messages refuses before any
  widget action runs;
- starting it (from any dialog, by any button) and every render of its windows (a
  dialog-wide getter) raise `NotAllowed` before any data is shown; the error handler then
  answers with one sentence and the menu.

Every refusal is audited (services.audit)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.api.internal import WindowProtocol

from locales import Translator
from services.access import Principal
from services.audit import AuditService


class NotAllowed(Exception):
    """Raised where a user reaches something their role does not permit."""

    def __init__(self, what: str, target: str | int | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.target = target


@dataclass(frozen=True)
class Need:
    """Who may use a dialog: a name for the audit line and a check on the principal."""

    what: str
    check: Callable[[Principal], bool]

    def allows(self, principal: Principal | None) -> bool:
        return principal is not None and self.check(principal)

    async def getter(self, principal: Principal | None = None, **_: Any) -> dict[str, Any]:
        if not self.allows(principal):
            raise NotAllowed(self.what)
        return {}

    async def on_start(self, _: Any, manager: DialogManager) -> None:
        if not self.allows(manager.middleware_data.get("principal")):
            raise NotAllowed(self.what)


def may(*permissions: str) -> Need:
    """Any of these permissions (perform or request) opens the dialog."""
    return Need("+".join(permissions), lambda p: any(p.may(x) for x in permissions))


ADMIN = Need("admin", lambda p: p.is_admin)


async def refuse(event: TelegramObject, data: dict[str, Any], what: str, target: Any) -> None:
    audit: AuditService | None = data.get("audit")
    principal: Principal | None = data.get("principal")
    if audit is not None:
        user = getattr(event, "from_user", None)
        await audit.refused(principal, what, target, tg_id=user.id if user else None)
    i18n: Translator = data["i18n"]
    if isinstance(event, CallbackQuery):
        await event.answer(i18n("err-not-allowed"), show_alert=True)
    elif isinstance(event, Message):
        await event.answer(i18n("err-not-allowed"))


class _Require(BaseMiddleware):
    def __init__(self, need: Need) -> None:
        self.need = need

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not self.need.allows(data.get("principal")):
            target = event.data if isinstance(event, CallbackQuery) else None
            await refuse(event, data, self.need.what, target)
            return None
        return await handler(event, data)


def guarded(*windows: WindowProtocol, need: Need, **kwargs: Any) -> Dialog:
    """A Dialog whose every action and every render checks `need` on the server."""
    theirs = kwargs.pop("on_start", None)

    async def on_start(start_data: Any, manager: DialogManager) -> None:
        await need.on_start(start_data, manager)
        if theirs is not None:
            await theirs(start_data, manager)

    dialog = Dialog(*windows, getter=need.getter, on_start=on_start, **kwargs)
    dialog.callback_query.middleware(_Require(need))
    dialog.message.middleware(_Require(need))
    return dialog


async def refused(manager: DialogManager, what: str, target: object) -> None:
    """An id from the client that this user may not see: audited, never explained."""
    data = manager.middleware_data
    audit: AuditService | None = data.get("audit")
    if audit is not None:
        await audit.refused(data.get("principal"), what, None if target is None else str(target))
