"""Users and roles: invite people, see who has access with which role and scope, switch a
user off, revoke a role, and edit what each role may do (roles are data)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import ManagedTextInput, TextInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    Row,
    ScrollingGroup,
    Select,
    Start,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Format

from handlers.guard import guarded, may, refused
from handlers.invites.states import InviteSG
from handlers.users.states import UsersSG
from handlers.widgets import T, i18n_of, role_title
from locales import Translator, escape, html_fmt, html_join
from services.access import APPROVE, Mode, Principal
from services.users.admin import AdminResult, AdminService

MODE_MARK = {None: "⛔", Mode.REQUEST: "📝", Mode.PERFORM: "✅"}


def _admin(manager: DialogManager) -> tuple[AdminService, Principal]:
    return manager.middleware_data["admin"], manager.middleware_data["principal"]


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


async def _alert(cb: CallbackQuery, manager: DialogManager, key: str) -> None:
    """Refusals change nothing, so the window is not redrawn (Telegram rejects a no-op edit)."""
    manager.show_mode = ShowMode.NO_UPDATE
    await cb.answer(i18n_of(manager)(key), show_alert=True)


async def users_getter(
    dialog_manager: DialogManager,
    admin: AdminService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    rows = await admin.users(principal)
    items = [
        (
            str(u.id),
            ("" if u.active else "🚫 ")
            + u.name
            + " · "
            + ", ".join(role_title(i18n, r) for r in u.roles),
        )
        for u in rows
    ]
    return {"users": items, "count": len(items)}


async def on_user(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    admin, principal = _admin(manager)
    if await admin.user(principal, _int(item) or 0) is None:
        await refused(manager, "user", item)
        await _alert(cb, manager, "users-result-not_found")
        return
    manager.dialog_data["user_id"] = _int(item)
    await manager.switch_to(UsersSG.user)


async def user_getter(
    dialog_manager: DialogManager,
    admin: AdminService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    found = await admin.user(principal, dialog_manager.dialog_data.get("user_id") or 0)
    if found is None:
        return {
            "name": "—",
            "status": i18n("users-not-found"),
            "grants": [],
            "lines": "",
            "active": False,
            "found": False,
        }
    user, grants = found
    lines = html_join(
        html_fmt(
            "• {role} — {scope}{where}",
            role=role_title(i18n, g.role, g.role_name),
            scope=i18n(f"scope-{g.scope}"),
            where=html_fmt(": {w}", w=g.where) if g.where else "",
        )
        for g in grants
    )
    return {
        "name": escape(user.name),
        "status": i18n("users-active" if user.active else "users-inactive"),
        "lines": lines or i18n("users-no-roles"),
        "grants": [(str(g.id), "✖️ " + role_title(i18n, g.role, g.role_name)) for g in grants],
        "active": user.active,
        "found": True,
    }


async def on_revoke(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    admin, principal = _admin(manager)
    result = await admin.revoke(principal, _int(item) or 0)
    if result == AdminResult.NOT_FOUND:
        await refused(manager, "grant", item)
    if result == AdminResult.DONE:
        await cb.answer(i18n_of(manager)("users-result-done"))
    else:
        await _alert(cb, manager, f"users-result-{result.value}")


async def on_toggle(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    admin, principal = _admin(manager)
    user_id = manager.dialog_data.get("user_id") or 0
    found = await admin.user(principal, user_id)
    if found is None:
        await _alert(cb, manager, "users-result-not_found")
        return
    result = await admin.set_active(principal, user_id, not found[0].active)
    if result != AdminResult.DONE:
        await _alert(cb, manager, f"users-result-{result.value}")


async def roles_getter(
    admin: AdminService, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    rows = await admin.roles(principal)
    return {"roles": [(str(r.id), f"{role_title(i18n, r.code, r.name)} · {r.users}") for r in rows]}


async def on_role(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    admin, principal = _admin(manager)
    if await admin.role(principal, _int(item) or 0) is None:
        await refused(manager, "role", item)
        await _alert(cb, manager, "users-result-not_found")
        return
    manager.dialog_data["role_id"] = _int(item)
    await manager.switch_to(UsersSG.role)


def _permission_title(i18n: Translator, key: str) -> str:
    if key.startswith("op."):  # the operation's own title, as in the operations list
        title = "op-" + key.removeprefix("op.").replace("_", "-")
        return i18n(title)
    if key == APPROVE:
        return i18n("perm-approve")
    return i18n(f"wp-{key}")


async def role_getter(
    dialog_manager: DialogManager,
    admin: AdminService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    role = await admin.role(principal, dialog_manager.dialog_data.get("role_id") or 0)
    if role is None:
        return {"role_name": "—", "permissions": [], "locked": True}
    return {
        "role_name": escape(role_title(i18n, role.code, role.name)),
        "locked": role.locked,
        "permissions": [
            (key, f"{MODE_MARK[mode]} {_permission_title(i18n, key)}")
            for key, mode in role.modes.items()
        ],
    }


async def on_permission(cb: CallbackQuery, _: Any, manager: DialogManager, key: str) -> None:
    admin, principal = _admin(manager)
    result, _role = await admin.cycle_permission(
        principal, manager.dialog_data.get("role_id") or 0, key
    )
    if result != AdminResult.DONE:
        await _alert(cb, manager, f"users-result-{result.value}")


async def on_role_name(
    message: Message, _: ManagedTextInput, manager: DialogManager, name: str
) -> None:
    admin, principal = _admin(manager)
    role = await admin.create_role(principal, name)
    if role is None:
        await message.answer(i18n_of(manager)("roles-new-invalid"))
        return
    manager.dialog_data["role_id"] = role.id
    await manager.switch_to(UsersSG.role)


def _paged(select_id: str, items: str, on_click: Any, height: int = 8) -> ScrollingGroup:
    return ScrollingGroup(
        Select(
            Format("{item[1]}"),
            id=select_id,
            item_id_getter=lambda x: x[0],
            items=items,
            on_click=on_click,
        ),
        id=f"{select_id}_pages",
        width=1,
        height=height,
        hide_on_single_page=True,
    )


users_dialog = guarded(
    Window(
        T("users-title"),
        Column(
            Start(T("users-invite"), id="invite", state=InviteSG.role),
            SwitchTo(T("users-list"), id="to_users", state=UsersSG.users),
            SwitchTo(T("roles-list"), id="to_roles", state=UsersSG.roles),
        ),
        Cancel(T("btn-back")),
        state=UsersSG.main,
    ),
    Window(
        T("users-list-title"),
        _paged("u", "users", on_user),
        SwitchTo(T("btn-back"), id="back", state=UsersSG.main),
        getter=users_getter,
        state=UsersSG.users,
    ),
    Window(
        T("users-card"),
        _paged("g", "grants", on_revoke),
        Button(T("users-deactivate"), id="off", on_click=on_toggle, when="active"),
        Button(
            T("users-activate"),
            id="on",
            on_click=on_toggle,
            when=lambda data, *_: data["found"] and not data["active"],
        ),
        SwitchTo(T("btn-back"), id="back", state=UsersSG.users),
        getter=user_getter,
        state=UsersSG.user,
    ),
    Window(
        T("roles-title"),
        _paged("r", "roles", on_role),
        Row(
            SwitchTo(T("roles-new"), id="new", state=UsersSG.new_role),
            SwitchTo(T("btn-back"), id="back", state=UsersSG.main),
        ),
        getter=roles_getter,
        state=UsersSG.roles,
    ),
    Window(
        T("roles-card"),
        T("roles-locked", when="locked"),
        # Every permission on one page: a role is read and edited as a whole.
        _paged("p", "permissions", on_permission, height=40),
        SwitchTo(T("btn-back"), id="back", state=UsersSG.roles),
        getter=role_getter,
        state=UsersSG.role,
    ),
    Window(
        T("roles-new-prompt"),
        TextInput(id="role_name", on_success=on_role_name),
        SwitchTo(T("btn-back"), id="back", state=UsersSG.roles),
        state=UsersSG.new_role,
    ),
    need=may("users"),
)
