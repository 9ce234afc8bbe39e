"""Main menu: only the workplaces the user's role permits, plus help and language."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Group, Select
from aiogram_dialog.widgets.text import Format

from handlers.approvals.states import ApprovalsSG
from handlers.help.overview import overview
from handlers.menu import home
from handlers.menu.states import MenuSG
from handlers.widgets import T, i18n_of, role_title
from handlers.workplaces import WORKPLACES, by_key
from locales import Html, Translator, html_join, translator
from services.access import APPROVE, Principal
from services.approvals import ApprovalService, Status
from services.operations.pipeline import Pipeline
from services.users import TgUser, UserService

OPEN = ("help", "notifications")


def visible(principal: Principal) -> list[str]:
    # Help and one's own notification settings are for everybody.
    return [w.key for w in WORKPLACES if w.key in OPEN or principal.may(w.key)]


async def menu_getter(
    dialog_manager: DialogManager, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    names = {g.role: g.role_name for g in principal.grants}
    roles = html_join((role_title(i18n, code, names[code]) for code in sorted(names)), ", ")
    waiting = await _waiting(dialog_manager, principal)
    running = await pipeline_of(dialog_manager).running(principal)
    lines = []
    if waiting:
        lines.append(i18n("menu-waiting", n=len(waiting)))
    if running:
        lines.append(i18n("menu-running", n=running))
    return {
        "name": principal.full_name or "—",
        "roles": roles,
        # What waits for the user leads: their requests to decide, their running operations.
        "waits": Html(html_join(lines) + "\n\n") if lines else "",
        "first": bool(waiting),
        "workplaces": [(key, i18n(f"wp-{key}")) for key in visible(principal)],
    }


def pipeline_of(manager: DialogManager) -> Pipeline:
    pipeline: Pipeline = manager.middleware_data["pipeline"]
    return pipeline


async def _waiting(manager: DialogManager, principal: Principal) -> list[int]:
    """Ids of the pending requests this user may decide, the oldest first."""
    if not principal.may(APPROVE):
        return []
    approvals: ApprovalService = manager.middleware_data["approvals"]
    pending = await approvals.inbox(principal, status=Status.PENDING.value, limit=50)
    return sorted(r.id for r in pending)


async def open_first_request(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal: Principal = manager.middleware_data["principal"]
    waiting = await _waiting(manager, principal)
    if not waiting:
        await cb.answer(i18n_of(manager)("menu-nothing-waits"), show_alert=True)
        return
    await manager.start(ApprovalsSG.detail, data={"id": waiting[0]})


async def help_getter(principal: Principal, i18n: Translator, **_: Any) -> dict[str, Any]:
    return {"text": overview(principal, i18n)}


async def open_workplace(cb: CallbackQuery, _: Any, manager: DialogManager, key: str) -> None:
    principal: Principal = manager.middleware_data["principal"]
    workplace = by_key(key)
    # The id came from the client: re-check it against the role on the server. A home of
    # one number offers only its sections: the cabinet's workplaces are not reached from it.
    offered = home.sections(principal) if principal.home_number else visible(principal)
    if workplace is None or key not in offered:
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    if workplace.state.group is MenuSG:
        await manager.switch_to(workplace.state)
    else:
        await manager.start(workplace.state)


async def switch_language(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    users: UserService = manager.middleware_data["users"]
    principal: Principal = manager.middleware_data["principal"]
    new = "en" if principal.language == "ru" else "ru"
    await users.set_language(TgUser(cb.from_user.id, cb.from_user.full_name), new)
    # The re-render after this click must already speak the new language.
    manager.middleware_data["i18n"] = translator(new)
    manager.middleware_data["principal"] = await users.principal(cb.from_user.id)
    await cb.answer(translator(new)("lang-switched"))


async def back_from_help(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await manager.switch_to(_front(manager.middleware_data["principal"]))


def _front(principal: Principal | None) -> State:
    """Where a user's menu is: their number's card, or the workplaces."""
    return MenuSG.home if principal is not None and principal.home_number else MenuSG.main


menu_dialog = Dialog(
    Window(
        T("menu-title"),
        Button(T("menu-btn-first"), id="first", on_click=open_first_request, when="first"),
        Group(
            Select(
                Format("{item[1]}"),
                id="wp",
                item_id_getter=lambda item: item[0],
                items="workplaces",
                on_click=open_workplace,
            ),
            width=2,
        ),
        Button(T("lang-button"), id="lang", on_click=switch_language),
        getter=menu_getter,
        state=MenuSG.main,
    ),
    Window(
        Format("{text}"),
        Group(
            Select(
                Format("{item[1]}"),
                id="home_act",
                item_id_getter=lambda item: item[0],
                items="actions",
                on_click=home.on_action,
            ),
            width=1,
        ),
        Button(T("home-btn-more"), id="more", on_click=home.on_more, when="more"),
        Group(
            Select(
                Format("{item[1]}"),
                id="sec",
                item_id_getter=lambda item: item[0],
                items="sections",
                on_click=open_workplace,
            ),
            width=2,
        ),
        Button(T("lang-button"), id="lang", on_click=switch_language),
        getter=home.home_getter,
        state=MenuSG.home,
    ),
    Window(
        Format("{text}"),
        Button(T("btn-back"), id="help_back", on_click=back_from_help),
        getter=help_getter,
        state=MenuSG.help,
    ),
)


async def open_menu(manager: DialogManager) -> None:
    """The user's front page: an employee's own number, everybody else's workplaces."""
    principal = manager.middleware_data.get("principal")
    await manager.start(_front(principal), mode=StartMode.RESET_STACK)
