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
    Start,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Format

from handlers.guard import NotAllowed, guarded, may, refused
from handlers.help.button import help_button
from handlers.invites.states import InviteSG
from handlers.operations.common import button_title
from handlers.users.states import UsersSG
from handlers.widgets import T, i18n_of, paged_select, role_title
from handlers.workplaces import built
from locales import Translator, escape, html_fmt, html_join
from services.access import APPROVE, Mode, Principal
from services.operations.registry import REGISTRY
from services.users.admin import AdminResult, AdminService
from services.users.reach import reach_of
from services.users.role_editor import may_edit_roles
from storage.models import ScopeKind

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
            + ", ".join(
                role_title(i18n, code, name)
                for code, name in zip(u.roles, u.role_names, strict=False)
            ),
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
        "grants": [(str(g.id), "🎭 " + role_title(i18n, g.role, g.role_name)) for g in grants],
        "active": user.active,
        "found": True,
    }


async def on_grant(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    admin, principal = _admin(manager)
    if await admin.grant(principal, _int(item) or 0) is None:
        await refused(manager, "grant", item)
        await _alert(cb, manager, "users-result-not_found")
        return
    manager.dialog_data["grant_id"] = _int(item)
    await manager.switch_to(UsersSG.grant)


async def grant_getter(
    dialog_manager: DialogManager,
    admin: AdminService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    grant = await admin.grant(principal, dialog_manager.dialog_data.get("grant_id") or 0)
    found = await admin.user(principal, dialog_manager.dialog_data.get("user_id") or 0)
    if grant is None or found is None:
        return {"name": "—", "role": "—", "scope": i18n("users-not-found"), "found": False}
    return {
        "name": escape(found[0].name),
        "role": escape(role_title(i18n, grant.role, grant.role_name)),
        "scope": html_fmt(
            "{scope}{where}",
            scope=i18n(f"scope-{grant.scope}"),
            where=html_fmt(": {w}", w=grant.where) if grant.where else "",
        ),
        "found": True,
    }


async def _grant_result(cb: CallbackQuery, manager: DialogManager, result: AdminResult) -> None:
    """Done: back to the person's card, which shows the change; else one sentence."""
    if result == AdminResult.NOT_FOUND:
        await refused(manager, "grant", manager.dialog_data.get("grant_id"))
    if result == AdminResult.DONE:
        await cb.answer(i18n_of(manager)("users-result-done"))
        await manager.switch_to(UsersSG.user)
    else:
        await _alert(cb, manager, f"users-result-{result.value}")


async def on_revoke(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    admin, principal = _admin(manager)
    result = await admin.revoke(principal, manager.dialog_data.get("grant_id") or 0)
    await _grant_result(cb, manager, result)


async def grant_roles_getter(
    admin: AdminService, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    roles = await admin.assignable_roles(principal)
    return {"roles": [(str(i), role_title(i18n, code, name)) for i, code, name in roles]}


async def on_grant_role(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    admin, principal = _admin(manager)
    grant_id = manager.dialog_data.get("grant_id") or 0
    result = await admin.change_role(principal, grant_id, _int(item) or 0)
    await _grant_result(cb, manager, result)


async def grant_scopes_getter(
    admin: AdminService, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    departments = await admin.departments(principal)
    # Depth shown by indent; the company as a whole first, for those whose reach it is.
    items = [(f"d{i}", "· " * depth + name) for i, name, depth in departments]
    reach = reach_of(principal)
    if reach is not None and reach.company_wide:
        items.insert(0, ("company", "🏢 " + i18n("scope-company")))
    return {"scopes": items}


async def on_grant_scope(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    admin, principal = _admin(manager)
    grant_id = manager.dialog_data.get("grant_id") or 0
    if item == "company":
        result = await admin.change_scope(principal, grant_id, ScopeKind.COMPANY, None)
    else:
        department_id = _int(item.removeprefix("d"))
        result = await admin.change_scope(
            principal, grant_id, ScopeKind.DEPARTMENT, department_id or 0
        )
    await _grant_result(cb, manager, result)


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


async def main_getter(principal: Principal, **_: Any) -> dict[str, Any]:
    # Roles are company-wide: only owners and admins edit them.
    return {"roles_editable": may_edit_roles(principal)}


async def roles_getter(
    admin: AdminService, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    if not may_edit_roles(principal):  # a forged switch to the role editor
        raise NotAllowed("roles")
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
    if key.startswith("op."):  # the title the operations list shows
        code = key.removeprefix("op.")
        return button_title(i18n, code) if code in REGISTRY else code
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
    if not may_edit_roles(principal):
        raise NotAllowed("roles")
    role = await admin.role(principal, dialog_manager.dialog_data.get("role_id") or 0)
    if role is None:
        return {"role_name": "—", "permissions": [], "locked": True, "found": False}
    return {
        "role_name": escape(role_title(i18n, role.code, role.name)),
        "locked": role.locked,
        "found": True,
        "permissions": [
            (key, f"{MODE_MARK[mode]} {_permission_title(i18n, key)}")
            for key, mode in role.modes.items()
            if key.startswith("op.") or key == APPROVE or built(key)
        ],
    }


async def on_permission(cb: CallbackQuery, _: Any, manager: DialogManager, key: str) -> None:
    admin, principal = _admin(manager)
    result, _role = await admin.cycle_permission(
        principal, manager.dialog_data.get("role_id") or 0, key
    )
    if result != AdminResult.DONE:
        await _alert(cb, manager, f"users-result-{result.value}")


async def on_new_role(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data.pop("copy_of", None)
    await manager.switch_to(UsersSG.new_role)


async def on_copy_role(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    admin, principal = _admin(manager)
    role = await admin.role(principal, manager.dialog_data.get("role_id") or 0)
    if role is None:
        await refused(manager, "role", manager.dialog_data.get("role_id"))
        await _alert(cb, manager, "users-result-not_found")
        return
    manager.dialog_data["copy_of"] = role.id
    await manager.switch_to(UsersSG.new_role)


async def new_role_getter(
    dialog_manager: DialogManager,
    admin: AdminService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    if not may_edit_roles(principal):
        raise NotAllowed("roles")
    copy_of = dialog_manager.dialog_data.get("copy_of")
    source = await admin.role(principal, copy_of) if copy_of else None
    if source is None:
        return {"prompt": i18n("roles-new-prompt")}
    title = role_title(i18n, source.code, source.name)
    return {"prompt": i18n("roles-copy-prompt", role_name=title)}


async def on_role_name(
    message: Message, _: ManagedTextInput, manager: DialogManager, name: str
) -> None:
    admin, principal = _admin(manager)
    role = await admin.create_role(principal, name, copy_of=manager.dialog_data.get("copy_of"))
    if role is None:
        await message.answer(i18n_of(manager)("roles-new-invalid"))
        return
    manager.dialog_data.pop("copy_of", None)
    manager.dialog_data["role_id"] = role.id
    await manager.switch_to(UsersSG.role)


async def on_delete_role(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    """Said at once when the role cannot go (somebody holds it, or it is a starting one)."""
    admin, principal = _admin(manager)
    role = await admin.role(principal, manager.dialog_data.get("role_id") or 0)
    if role is None:
        await refused(manager, "role", manager.dialog_data.get("role_id"))
        await _alert(cb, manager, "users-result-not_found")
    elif role.builtin:
        await _alert(cb, manager, "users-result-builtin")
    elif role.users:
        manager.show_mode = ShowMode.NO_UPDATE
        await cb.answer(i18n_of(manager)("users-result-held", count=role.users), show_alert=True)
    else:
        await manager.switch_to(UsersSG.delete_role)


async def on_delete_confirmed(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    admin, principal = _admin(manager)
    result, held = await admin.delete_role(principal, manager.dialog_data.get("role_id") or 0)
    if result == AdminResult.DONE:
        await cb.answer(i18n_of(manager)("roles-deleted"))
        manager.dialog_data.pop("role_id", None)
        await manager.switch_to(UsersSG.roles)
        return
    if result == AdminResult.NOT_FOUND:
        await refused(manager, "role", manager.dialog_data.get("role_id"))
    manager.show_mode = ShowMode.NO_UPDATE
    await cb.answer(i18n_of(manager)(f"users-result-{result.value}", count=held), show_alert=True)


def _nav(back: Any) -> Row:
    return Row(SwitchTo(T("btn-back"), id="back", state=back), Cancel(T("btn-menu")))


users_dialog = guarded(
    Window(
        T("users-title"),
        Column(
            Start(T("users-invite"), id="invite", state=InviteSG.role),
            SwitchTo(T("users-list"), id="to_users", state=UsersSG.users),
            SwitchTo(T("roles-list"), id="to_roles", state=UsersSG.roles, when="roles_editable"),
        ),
        Row(help_button(), Cancel(T("btn-menu"))),
        getter=main_getter,
        state=UsersSG.main,
    ),
    Window(
        T("users-list-title"),
        paged_select("u", "users", on_user),
        _nav(UsersSG.main),
        getter=users_getter,
        state=UsersSG.users,
    ),
    Window(
        T("users-card"),
        paged_select("g", "grants", on_grant),
        Button(T("users-deactivate"), id="off", on_click=on_toggle, when="active"),
        Button(
            T("users-activate"),
            id="on",
            on_click=on_toggle,
            when=lambda data, *_: data["found"] and not data["active"],
        ),
        _nav(UsersSG.users),
        getter=user_getter,
        state=UsersSG.user,
    ),
    Window(
        T("users-grant-card"),
        Row(
            SwitchTo(T("users-grant-role"), id="g_role", state=UsersSG.grant_role),
            SwitchTo(T("users-grant-scope"), id="g_scope", state=UsersSG.grant_scope),
            when="found",
        ),
        Button(T("users-grant-revoke"), id="g_revoke", on_click=on_revoke, when="found"),
        _nav(UsersSG.user),
        getter=grant_getter,
        state=UsersSG.grant,
    ),
    Window(
        T("users-grant-role-prompt"),
        paged_select("gr", "roles", on_grant_role),
        _nav(UsersSG.grant),
        getter=grant_roles_getter,
        state=UsersSG.grant_role,
    ),
    Window(
        T("users-grant-scope-prompt"),
        paged_select("gs", "scopes", on_grant_scope),
        _nav(UsersSG.grant),
        getter=grant_scopes_getter,
        state=UsersSG.grant_scope,
    ),
    Window(
        T("roles-title"),
        paged_select("r", "roles", on_role),
        Button(T("roles-new"), id="new", on_click=on_new_role),
        _nav(UsersSG.main),
        getter=roles_getter,
        state=UsersSG.roles,
    ),
    Window(
        T("roles-card"),
        T("roles-locked", when="locked"),
        paged_select("p", "permissions", on_permission),
        Row(
            Button(T("roles-copy"), id="copy", on_click=on_copy_role),
            Button(T("roles-delete"), id="delete", on_click=on_delete_role),
            when="found",
        ),
        _nav(UsersSG.roles),
        getter=role_getter,
        state=UsersSG.role,
    ),
    Window(
        Format("{prompt}"),
        TextInput(id="role_name", on_success=on_role_name),
        _nav(UsersSG.roles),
        getter=new_role_getter,
        state=UsersSG.new_role,
    ),
    Window(
        T("roles-delete-confirm"),
        Button(T("roles-delete-yes"), id="yes", on_click=on_delete_confirmed),
        _nav(UsersSG.role),
        getter=role_getter,
        state=UsersSG.delete_role,
    ),
    need=may("users"),
)
