"""Users and roles: an admin makes a single-use invite link for a role and a scope: the
whole company, a department, or the invited person's own number (pre-selected for an
employee, so they see that one number and nothing else). Every choice is checked again by
the service against what its author may give: a forged button gets a sentence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram import Bot
from aiogram.enums import ContentType
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.guard import guarded, may, refused
from handlers.invites.states import InviteSG
from handlers.widgets import T, i18n_of, paged_select, role_title
from locales import Translator
from services.access import Principal
from services.formatting import pretty_phone
from services.users import UserService
from services.users.invite_qr import invite_qr_png
from services.users.reach import reach_of
from storage.models import ScopeKind

TTL_DAYS = ("1", "7", "30")
OWN_ROLE = "employee"  # the role whose usual scope is the invited person's own number


async def roles_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    users: UserService,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    roles = await users.invite_roles(principal)
    return {"roles": [(code, role_title(i18n, code, name)) for code, name in roles]}


async def on_role(cb: CallbackQuery, _: Any, manager: DialogManager, role: str) -> None:
    principal: Principal = manager.middleware_data["principal"]
    users: UserService = manager.middleware_data["users"]
    if role not in {code for code, _name in await users.invite_roles(principal)}:
        await refused(manager, "role", role)
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    data = manager.dialog_data
    data.update(role=role, error="", via_scope=False)
    data.pop("department_id", None)
    data.pop("number_id", None)
    if role == OWN_ROLE:  # an employee holds their own SIM: that is the usual scope
        data["scope"] = ScopeKind.OWN.value
        await manager.switch_to(InviteSG.number)
        return
    data["scope"] = ""
    await manager.switch_to(InviteSG.scope)


def _scopes(principal: Principal) -> tuple[str, ...]:
    """The scopes this principal may give: the company only to whom it is theirs."""
    reach = reach_of(principal)
    if reach is None:
        return ()
    wide = (ScopeKind.COMPANY.value,) if reach.company_wide else ()
    return (ScopeKind.OWN.value, ScopeKind.DEPARTMENT.value, *wide)


async def scope_getter(
    dialog_manager: DialogManager, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    chosen = dialog_manager.dialog_data.get("scope")
    return {
        "scopes": [
            (s, ("✅ " if s == chosen else "") + i18n(f"invite-scope-{s}"))
            for s in _scopes(principal)
        ]
    }


async def on_scope(cb: CallbackQuery, _: Any, manager: DialogManager, scope: str) -> None:
    if scope not in _scopes(manager.middleware_data["principal"]):
        await refused(manager, "scope", scope)
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    data = manager.dialog_data
    data.update(scope=scope, error="", via_scope=True)
    data.pop("department_id", None)
    data.pop("number_id", None)
    following = {
        ScopeKind.DEPARTMENT.value: InviteSG.department,
        ScopeKind.OWN.value: InviteSG.number,
    }
    await manager.switch_to(following.get(scope, InviteSG.ttl))


async def number_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"error": dialog_manager.dialog_data.get("error", "")}


async def on_number(message: Message, _: MessageInput, manager: DialogManager) -> None:
    principal: Principal = manager.middleware_data["principal"]
    users: UserService = manager.middleware_data["users"]
    found = await users.invite_number(principal, message.text or "")
    if found is None:
        manager.dialog_data["error"] = i18n_of(manager)("invite-number-unknown")
        return
    manager.dialog_data.update(number_id=found[0], error="")
    await manager.switch_to(InviteSG.ttl)


async def back_from_number(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    via_scope = manager.dialog_data.get("via_scope")
    await manager.switch_to(InviteSG.scope if via_scope else InviteSG.role)


async def departments_getter(principal: Principal, users: UserService, **_: Any) -> dict[str, Any]:
    depts = await users.departments(principal)
    return {"departments": [(str(i), "· " * depth + name) for i, name, depth in depts]}


async def on_department(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    principal: Principal = manager.middleware_data["principal"]
    users: UserService = manager.middleware_data["users"]
    allowed = {str(i) for i, _n, _d in await users.departments(principal)}
    if item not in allowed:
        await refused(manager, "department", item)
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    manager.dialog_data["department_id"] = int(item)
    await manager.switch_to(InviteSG.ttl)


async def ttl_getter(i18n: Translator, **_: Any) -> dict[str, Any]:
    return {"ttls": [(d, i18n("invite-ttl-days", days=int(d))) for d in TTL_DAYS]}


async def on_ttl(cb: CallbackQuery, _: Any, manager: DialogManager, days: str) -> None:
    if days not in TTL_DAYS:
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    principal: Principal = manager.middleware_data["principal"]
    users: UserService = manager.middleware_data["users"]
    data = manager.dialog_data
    try:
        invite = await users.create_invite(
            principal,
            data["role"],
            ScopeKind(data["scope"]),
            data.get("department_id"),
            dt.timedelta(days=int(days)),
            number_id=data.get("number_id"),
        )
    except (KeyError, ValueError):
        await refused(manager, "invite", data.get("scope"))
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    data["where"] = invite.department or ""
    bot: Bot = manager.middleware_data["bot"]
    me = await bot.me()
    data["link"] = f"https://t.me/{me.username}?start={invite.code}"
    data["days"] = int(days)
    await manager.switch_to(InviteSG.done)


async def done_getter(
    dialog_manager: DialogManager,
    i18n: Translator,
    principal: Principal,
    users: UserService,
    **_: Any,
) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    role = str(data.get("role"))
    names = dict(await users.roles(principal.company_id))
    scope = str(data.get("scope") or ScopeKind.COMPANY.value)
    where = str(data.get("where") or "")
    if scope == ScopeKind.OWN.value:
        where = pretty_phone(where)
    return {
        "link": data.get("link", ""),
        "role_name": role_title(i18n, role, names.get(role, "")),
        "days": data.get("days", 0),
        "scope_text": i18n(f"invite-where-{scope}", where=where),
    }


async def send_qr(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    link = manager.dialog_data.get("link")
    i18n = i18n_of(manager)
    if not link or cb.message is None or cb.bot is None:
        await cb.answer(i18n("err-not-allowed"), show_alert=True)
        return
    chat_id = cb.message.chat.id
    async with ChatActionSender.upload_photo(chat_id=chat_id, bot=cb.bot):
        png = invite_qr_png(link)
    await cb.bot.send_photo(
        chat_id,
        BufferedInputFile(png, filename="invite.png"),
        caption=i18n("invite-qr-caption", days=manager.dialog_data.get("days", 0)),
    )
    # The picture lands below the invite: bring the invite back under it.
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def back_from_ttl(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    previous = {
        ScopeKind.DEPARTMENT.value: InviteSG.department,
        ScopeKind.OWN.value: InviteSG.number,
    }
    await manager.switch_to(previous.get(manager.dialog_data.get("scope", ""), InviteSG.scope))


def _choices(items: str, on_click: Any, select_id: str) -> Column:
    return Column(
        Select(
            Format("{item[1]}"),
            id=select_id,
            item_id_getter=lambda x: x[0],
            items=items,
            on_click=on_click,
        )
    )


invite_dialog = guarded(
    Window(
        T("invite-choose-role"),
        _choices("roles", on_role, "role"),
        Cancel(T("btn-cancel")),
        getter=roles_getter,
        state=InviteSG.role,
    ),
    Window(
        T("invite-choose-scope"),
        _choices("scopes", on_scope, "scope"),
        Row(SwitchTo(T("btn-back"), id="back", state=InviteSG.role), Cancel(T("btn-cancel"))),
        getter=scope_getter,
        state=InviteSG.scope,
    ),
    Window(
        T("invite-choose-number"),
        Format("\n{error}", when="error"),
        MessageInput(on_number, content_types=ContentType.TEXT),
        SwitchTo(T("invite-btn-other-scope"), id="other", state=InviteSG.scope),
        Row(
            Button(T("btn-back"), id="back", on_click=back_from_number),
            Cancel(T("btn-cancel")),
        ),
        getter=number_getter,
        state=InviteSG.number,
    ),
    Window(
        T("invite-choose-department"),
        paged_select("dept", "departments", on_department, pager="depts"),
        Row(SwitchTo(T("btn-back"), id="back", state=InviteSG.scope), Cancel(T("btn-cancel"))),
        getter=departments_getter,
        state=InviteSG.department,
    ),
    Window(
        T("invite-choose-ttl"),
        _choices("ttls", on_ttl, "ttl"),
        Row(Button(T("btn-back"), id="back", on_click=back_from_ttl), Cancel(T("btn-cancel"))),
        getter=ttl_getter,
        state=InviteSG.ttl,
    ),
    Window(
        T("invite-done"),
        Button(T("invite-btn-qr"), id="qr", on_click=send_qr),
        Cancel(T("btn-done")),
        getter=done_getter,
        state=InviteSG.done,
    ),
    need=may("users"),
)
