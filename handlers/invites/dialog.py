"""Users and roles: an admin makes a single-use invite link for a role and a scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram.utils.chat_action import ChatActionSender
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Column, Row, Select
from aiogram_dialog.widgets.text import Format

from handlers.guard import guarded, may, refused
from handlers.invites.states import InviteSG
from handlers.widgets import T, i18n_of, paged_select, role_title
from locales import Translator
from services.access import ROLE_ORDER, Principal
from services.users import UserService
from services.users.invite_qr import invite_qr_png
from storage.models import ScopeKind

TTL_DAYS = ("1", "7", "30")


async def roles_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    users: UserService,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    roles = dict(await users.roles(principal.company_id))
    builtin = [r for r in ROLE_ORDER if r in roles and r != "owner"]
    custom = [r for r in roles if r not in ROLE_ORDER]
    return {"roles": [(r, role_title(i18n, r, roles[r])) for r in builtin + custom]}


async def on_role(cb: CallbackQuery, _: Any, manager: DialogManager, role: str) -> None:
    principal: Principal = manager.middleware_data["principal"]
    users: UserService = manager.middleware_data["users"]
    codes = {code for code, _name in await users.roles(principal.company_id)}
    if not principal.may("users") or role == "owner" or role not in codes:
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    manager.dialog_data["role"] = role
    await manager.next()


async def scope_getter(i18n: Translator, **_: Any) -> dict[str, Any]:
    return {"scopes": [(s, i18n(f"scope-{s}")) for s in ("company", "department")]}


async def on_scope(cb: CallbackQuery, _: Any, manager: DialogManager, scope: str) -> None:
    if scope not in ("company", "department"):
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    manager.dialog_data["scope"] = scope
    manager.dialog_data.pop("department_id", None)
    await manager.switch_to(InviteSG.department if scope == "department" else InviteSG.ttl)


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
        )
    except (KeyError, ValueError):
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
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
    return {
        "link": data.get("link", ""),
        "role_name": role_title(i18n, role, names.get(role, "")),
        "days": data.get("days", 0),
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
    by_department = manager.dialog_data.get("scope") == "department"
    await manager.switch_to(InviteSG.department if by_department else InviteSG.scope)


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
        Row(Back(T("btn-back")), Cancel(T("btn-cancel"))),
        getter=scope_getter,
        state=InviteSG.scope,
    ),
    Window(
        T("invite-choose-department"),
        paged_select("dept", "departments", on_department, pager="depts"),
        Row(Back(T("btn-back")), Cancel(T("btn-cancel"))),
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
