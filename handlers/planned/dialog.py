"""«🗓 Запланированное»: what will happen in the user's scope, a page at a time, filtered by
kind and period; one item opens with cancel, move and run now.

Only the item id travels in a button; the service checks on every read and every action
that the item is the user's to see or change (a forged id gets one sentence)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.approvals.states import ApprovalsSG
from handlers.calendar import LocalCalendar
from handlers.guard import guarded, may, refused
from handlers.help.button import help_button
from handlers.operations.common import TIME_PATTERN, TIMES
from handlers.planned import texts
from handlers.planned.states import PlanBlockSG, PlannedSG
from handlers.widgets import LABEL_MAX, T, clip
from locales import Translator, html_join
from services.access import Principal
from services.formatting import zone
from services.planned import wall_to_utc
from services.planned.service import (
    DEADLINE,
    ITEM,
    PAGE,
    PERMISSION,
    Outcome,
    Period,
    PlanService,
    PlanView,
)
from services.planned.zones import zone_label
from storage.models import PlanKind

KINDS: tuple[str, ...] = ("all", *(k.value for k in PlanKind))
PERIODS: tuple[str, ...] = tuple(p.value for p in Period)


def _ctx(manager: DialogManager) -> tuple[PlanService, Principal, Translator]:
    data = manager.middleware_data
    return data["planned"], data["principal"], data["i18n"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _key(v: PlanView) -> str:
    """A button's id: an item's number, or «a» and the request's for an approval deadline."""
    return f"{DEADLINE}{v.id}" if v.kind == PlanKind.APPROVAL else str(v.id)


async def _open(manager: DialogManager) -> PlanView | None:
    """The item the dialog has open, read again with the user's rights of now."""
    planned, principal, _i18n = _ctx(manager)
    item = int(manager.dialog_data.get("item", 0))
    if manager.dialog_data.get("src") == DEADLINE:
        return await planned.deadline(principal, item)
    return await planned.get(principal, item)


def _is_deadline(manager: DialogManager) -> bool:
    return manager.dialog_data.get("src") == DEADLINE


# --- the list -----------------------------------------------------------------------------


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    planned, principal, i18n = _ctx(m)
    kind = m.dialog_data.get("kind", "all")
    period = m.dialog_data.get("period", "all")
    page = await planned.page(
        principal,
        _now(),
        kind=None if kind == "all" else PlanKind(kind),
        period=Period(period),
        page=m.dialog_data.get("page", 0),
    )
    m.dialog_data["page"] = page.page
    start = page.page * PAGE
    lines: list[str] = [i18n("pl-title"), i18n("pl-total", n=page.total)]
    if principal.is_admin:
        lines.append(i18n("pl-grace", hours=round(planned.grace.total_seconds() / 3600, 1)))
    lines.append("")
    if not page.items:  # each item is shown once, as its button; its card has the rest
        lines.append(i18n("pl-empty"))
    notice = m.dialog_data.pop("notice", None)
    if notice:
        lines += ["", i18n(notice)]
    buttons = []
    for i, v in enumerate(page.items):
        # The what is cut, never the when: on a phone the time tells alike items apart.
        head, when = f"{start + i + 1}. ", f" {v.at.astimezone(zone(v.timezone)):%d.%m %H:%M}"
        what = clip(texts.label(i18n, v), LABEL_MAX - len(head) - len(when))
        buttons.append((_key(v), head + what + when))
    return {
        "text": html_join(lines),
        "can_block": planned.may_schedule_blocks(principal),
        "items": buttons,
        "kind": i18n(f"pl-filter-kind-{kind}"),
        "period": i18n(f"pl-filter-period-{period}"),
        "page": page.page + 1,
        "pages": page.pages,
        "pager": page.pages > 1,
    }


async def add_block(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    planned, principal, i18n = _ctx(manager)
    if not planned.may_schedule_blocks(principal):  # a hidden button still runs
        await cb.answer(i18n("err-not-allowed"), show_alert=True)
        return
    await manager.start(PlanBlockSG.form)


async def next_kind(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    kind = manager.dialog_data.get("kind", "all")
    manager.dialog_data.update(kind=KINDS[(KINDS.index(kind) + 1) % len(KINDS)], page=0)


async def next_period(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    period = manager.dialog_data.get("period", "all")
    manager.dialog_data.update(period=PERIODS[(PERIODS.index(period) + 1) % len(PERIODS)], page=0)


async def turn_page(cb: CallbackQuery, button: Button, manager: DialogManager) -> None:
    step = 1 if button.widget_id == "next" else -1
    manager.dialog_data["page"] = max(0, manager.dialog_data.get("page", 0) + step)


async def on_item(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    i18n = _ctx(manager)[2]
    src, number = (DEADLINE, item[1:]) if item.startswith(DEADLINE) else (ITEM, item)
    view = None
    if number.isdigit():
        manager.dialog_data.update(src=src, item=int(number))
        view = await _open(manager)
    if view is None:  # another company's id, or one gone since the list was drawn
        manager.dialog_data.pop("item", None)
        await refused(manager, "planned", item)
        await cb.answer(i18n("pl-out-not_found"), show_alert=True)
        return
    manager.dialog_data["item"] = view.id
    manager.dialog_data["tz"] = view.timezone  # the calendar of «move» speaks its zone
    await manager.switch_to(PlannedSG.item)


# --- one item -----------------------------------------------------------------------------


async def item_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    _planned, principal, i18n = _ctx(m)
    view = await _open(m)
    notice = m.dialog_data.pop("notice", None)
    if view is None:
        return {"text": i18n("pl-out-gone"), "live": False, "yes_label": i18n("btn-back")}
    text = texts.card(i18n, view)
    if notice:
        text = html_join([text, "", i18n(notice)])
    # a deadline is decided in «Согласования», not cancelled, moved or run from here
    live = view.state == "pending" and view.kind != PlanKind.APPROVAL
    own = live and await _ctx(m)[0].changeable(_ctx(m)[1], view.id)
    return {
        "text": text,
        "live": live,
        "own": own,  # cancels, moves and runs it; others may only ask to cancel
        "refusable": own and view.cancel_asked is not None,
        "asking": live and not own,
        "to_approvals": view.kind == PlanKind.APPROVAL
        and (principal.may("approvals") or principal.may("approve")),
        "yes_label": i18n("pl-btn-cancel-yes" if own else "pl-btn-ask-yes"),
        "cancel_label": i18n("pl-btn-cancel" if own else "pl-btn-ask-cancel"),
    }


async def _deadline_refused(cb: CallbackQuery, manager: DialogManager) -> bool:
    """An approval deadline has no cancel, move or run: a forged press gets one sentence."""
    if not _is_deadline(manager):
        return False
    await cb.answer(_ctx(manager)[2]("pl-out-deadline"), show_alert=True)
    return True


async def _act(cb: CallbackQuery, manager: DialogManager, outcome: Outcome, done: str) -> None:
    i18n = _ctx(manager)[2]
    if outcome == Outcome.DONE:
        manager.dialog_data["notice"] = done
        return
    await cb.answer(i18n(f"pl-out-{outcome.value}"), show_alert=True)
    if outcome in (Outcome.NOT_FOUND, Outcome.GONE):
        await manager.switch_to(PlannedSG.list)


async def on_cancel(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    if await _deadline_refused(cb, manager):
        return
    planned, principal, _i18n = _ctx(manager)
    outcome = await planned.cancel(principal, int(manager.dialog_data.get("item", 0)))
    if outcome == Outcome.REQUESTED:
        manager.dialog_data["notice"] = "pl-done-requested"
        await manager.switch_to(PlannedSG.item)
        return
    await _act(cb, manager, outcome, "pl-done-cancel")
    if outcome == Outcome.DONE:
        await manager.switch_to(PlannedSG.list)
    elif outcome in (Outcome.FORBIDDEN, Outcome.ASKED):
        await manager.switch_to(PlannedSG.item)


async def open_request(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    """A deadline's request, opened in «Согласования» (which checks it again)."""
    view = await _open(manager) if _is_deadline(manager) else None
    if view is None:
        await cb.answer(_ctx(manager)[2]("pl-out-not_found"), show_alert=True)
        return
    await manager.start(ApprovalsSG.detail, data={"id": view.id})


async def on_refuse(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    """«Оставить»: another's request to cancel it is refused (they are told)."""
    if await _deadline_refused(cb, manager):
        return
    planned, principal, _i18n = _ctx(manager)
    outcome = await planned.refuse_cancel(principal, int(manager.dialog_data.get("item", 0)))
    await _act(cb, manager, outcome, "pl-done-refuse")


async def on_run_now(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    if await _deadline_refused(cb, manager):
        return
    planned, principal, _i18n = _ctx(manager)
    outcome = await planned.run_now(principal, int(manager.dialog_data.get("item", 0)), _now())
    await _act(cb, manager, outcome, "pl-done-run")
    if outcome == Outcome.DONE:
        await manager.switch_to(PlannedSG.list)


# --- moving -------------------------------------------------------------------------------


async def date_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    i18n = _ctx(m)[2]
    where = zone_label(i18n, m.dialog_data.get("tz", ""), _now())
    err = m.dialog_data.get("error")
    return {"text": i18n("pl-move-date", zone=where) + (("\n\n⚠️ " + i18n(err)) if err else "")}


async def on_date(cb: CallbackQuery, _: Any, manager: DialogManager, date: dt.date) -> None:
    if await _deadline_refused(cb, manager):
        return
    manager.dialog_data.pop("error", None)
    if date < dt.datetime.now(zone(manager.dialog_data.get("tz"))).date():
        manager.dialog_data["error"] = "pl-out-past"
        return
    manager.dialog_data["date"] = date.isoformat()
    await manager.switch_to(PlannedSG.move_time)


async def time_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    i18n = _ctx(m)[2]
    date = dt.date.fromisoformat(m.dialog_data.get("date", dt.date.today().isoformat()))
    where = zone_label(i18n, m.dialog_data.get("tz", ""), _now())
    err = m.dialog_data.get("error")
    text = i18n("pl-move-time", date=f"{date:%d.%m.%Y}", zone=where)
    return {
        "text": text + (("\n\n⚠️ " + i18n(err)) if err else ""),
        "times": [(t, t) for t in TIMES],
    }


async def _move(manager: DialogManager, hh: int, mm: int, answer: Any) -> None:
    planned, principal, i18n = _ctx(manager)
    if _is_deadline(manager):
        await answer(i18n("pl-out-deadline"))
        return
    date = dt.date.fromisoformat(manager.dialog_data["date"])
    when = wall_to_utc(date, dt.time(hh, mm), zone(manager.dialog_data.get("tz")))
    outcome = await planned.move(principal, int(manager.dialog_data.get("item", 0)), when, _now())
    if outcome == Outcome.PAST:
        manager.dialog_data["error"] = "pl-out-past"
        return
    manager.dialog_data.pop("error", None)
    if outcome == Outcome.DONE:
        manager.dialog_data["notice"] = "pl-done-move"
        await manager.switch_to(PlannedSG.item)
        return
    await answer(i18n(f"pl-out-{outcome.value}"))
    await manager.switch_to(PlannedSG.list)


async def on_time(cb: CallbackQuery, _: Any, manager: DialogManager, value: str) -> None:
    if value in TIMES:
        hh, mm = value.split(":")

        async def answer(text: str) -> None:
            await cb.answer(text, show_alert=True)

        await _move(manager, int(hh), int(mm), answer)


async def on_time_text(message: Message, _: Any, manager: DialogManager) -> None:
    match = TIME_PATTERN.match(message.text or "")
    if match is None:
        manager.dialog_data["error"] = "op-err-time"
        return
    await _move(manager, int(match[1]), int(match[2]), message.answer)


planned_dialog = guarded(
    Window(
        Format("{text}"),
        Group(
            Select(
                Format("{item[1]}"),
                id="it",
                item_id_getter=lambda x: x[0],
                items="items",
                on_click=on_item,
            ),
            width=1,
        ),
        Button(T("plb-btn-add"), id="addblock", on_click=add_block, when="can_block"),
        Row(
            Button(Format("🗂 {kind}"), id="kind", on_click=next_kind),
            Button(Format("⏱ {period}"), id="period", on_click=next_period),
        ),
        Row(
            Button(Format("◀️"), id="prev", on_click=turn_page),
            Button(Format("{page}/{pages}"), id="pageno"),
            Button(Format("▶️"), id="next", on_click=turn_page),
            when="pager",
        ),
        Row(help_button(), Cancel(T("btn-menu"))),
        getter=list_getter,
        state=PlannedSG.list,
    ),
    Window(
        Format("{text}"),
        Button(T("pl-btn-run"), id="run", on_click=on_run_now, when="own"),
        SwitchTo(T("pl-btn-move"), id="move", state=PlannedSG.move_date, when="own"),
        SwitchTo(Format("{cancel_label}"), id="cancel", state=PlannedSG.cancel, when="live"),
        Button(T("pl-btn-refuse"), id="refuse", on_click=on_refuse, when="refusable"),
        Button(T("pl-btn-open-request"), id="request", on_click=open_request, when="to_approvals"),
        Row(SwitchTo(T("btn-back"), id="back", state=PlannedSG.list), Cancel(T("btn-menu"))),
        getter=item_getter,
        state=PlannedSG.item,
    ),
    Window(
        Format("{text}"),
        T("pl-cancel-ask", when="own"),
        T("pl-cancel-ask-request", when="asking"),
        Button(Format("{yes_label}"), id="yes", on_click=on_cancel, when="live"),
        Row(SwitchTo(T("btn-back"), id="back", state=PlannedSG.item), Cancel(T("btn-menu"))),
        getter=item_getter,
        state=PlannedSG.cancel,
    ),
    Window(
        Format("{text}"),
        LocalCalendar(id="cal", on_click=on_date),
        Row(SwitchTo(T("btn-back"), id="back", state=PlannedSG.item), Cancel(T("btn-menu"))),
        getter=date_getter,
        state=PlannedSG.move_date,
    ),
    Window(
        Format("{text}"),
        Group(
            Select(
                Format("{item[1]}"),
                id="tm",
                item_id_getter=lambda x: x[0],
                items="times",
                on_click=on_time,
            ),
            width=5,
        ),
        MessageInput(on_time_text, content_types=ContentType.TEXT),
        Row(SwitchTo(T("btn-back"), id="back", state=PlannedSG.move_date), Cancel(T("btn-menu"))),
        getter=time_getter,
        state=PlannedSG.move_time,
    ),
    need=may(PERMISSION),
)
