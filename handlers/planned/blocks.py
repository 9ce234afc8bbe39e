"""«➕ Блокировка по расписанию» from «🗓 Запланированное»: the numbers of the current
selection blocked every week on one day and time and unblocked on another, in each
number's own zone, until a date or for ever. The usual choice is pre-selected (a voluntary
block from Saturday 00:00 to Monday 08:00, for ever), so one tap makes it.

Only the chosen values live in the dialog data; every render and every press checks on
the server that the user may block and unblock, and the service counts only the numbers
in their scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.calendar import LocalCalendar
from handlers.guard import guarded, may
from handlers.operations.common import TIME_PATTERN
from handlers.planned.states import PlanBlockSG
from handlers.widgets import T, choice_grid, i18n_of
from locales import Html, Translator, html_join
from services.access import Principal
from services.formatting import DEFAULT_TZ
from services.planned.service import PERMISSION, PlanService
from services.planned.zones import zone_label
from services.selections.service import current_selection_id, number_ids

KINDS = ("voluntary", "lost", "financial")
TIMES = ("00:00", "06:00", "08:00", "09:00", "18:00", "20:00", "22:00", "23:00")
DEFAULTS: dict[str, Any] = {
    "kind": "voluntary",
    "on": [5, "00:00"],  # Saturday
    "off": [0, "08:00"],  # Monday
    "until": None,
}
ON, OFF = "🔘", "⚪"


def _mark(on: bool, text: str) -> str:
    return f"{ON if on else OFF} {text}"


def _ctx(manager: DialogManager) -> tuple[PlanService, Principal | None, Translator]:
    data = manager.middleware_data
    planned: PlanService = data["planned"]
    principal: Principal | None = data.get("principal")
    if principal is not None and not planned.may_schedule_blocks(principal):
        principal = None
    return planned, principal, data["i18n"]


async def _numbers(manager: DialogManager, principal: Principal) -> list[int]:
    """The numbers the operation wizard handed over, else the current selection's."""
    handed = manager.dialog_data.get("numbers")
    if isinstance(handed, list):
        return [n for n in handed if isinstance(n, int)]
    db = manager.middleware_data["db"]
    sid = await current_selection_id(db, principal)
    return [] if sid is None else await number_ids(db, principal, sid)


def slot_text(i18n: Translator, slot: list[Any]) -> str:
    return f"{i18n('op-weekdays').split()[int(slot[0]) % 7]} {slot[1]}"


def _until_text(i18n: Translator, until: str | None) -> str:
    return f"{dt.date.fromisoformat(until):%d.%m.%Y}" if until else i18n("plb-forever-text")


async def on_start(data: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(
        {k: list(v) if isinstance(v, list) else v for k, v in DEFAULTS.items()}
    )
    start = data if isinstance(data, dict) else {}
    if isinstance(start.get("numbers"), list):  # from the block operation's time step
        manager.dialog_data["numbers"] = start["numbers"]
    if start.get("kind") in KINDS:
        manager.dialog_data["kind"] = start["kind"]


async def form_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    planned, principal, i18n = _ctx(m)
    if principal is None:
        return {"text": i18n("err-not-allowed"), "ready": False, "allowed": False}
    ids = await _numbers(m, principal)
    zones = await planned.blockable(principal, ids)
    eligible = sum(zones.values())
    m.dialog_data["tz"] = min(zones) if zones else DEFAULT_TZ  # the calendar's «today»
    data = m.dialog_data
    now = dt.datetime.now(dt.UTC)
    lines: list[Html | str] = [i18n("plb-title")]
    if not ids:
        lines.append(i18n("plb-empty"))
    else:
        key = {len(ids): "plb-numbers", 0: "plb-numbers-none"}.get(eligible, "plb-numbers-some")
        if key == "plb-numbers" and "numbers" in data:
            key = "plb-numbers-op"
        lines.append(i18n(key, n=len(ids), ok=eligible))
    lines += [
        i18n("plb-kind", kind=i18n(f"op-opt-kind-{data['kind']}")),
        i18n("plb-on", when=slot_text(i18n, data["on"])),
        i18n("plb-off", when=slot_text(i18n, data["off"])),
        i18n("plb-until", until=_until_text(i18n, data["until"])),
    ]
    if zones:
        where = html_join((zone_label(i18n, tz, now) for tz in sorted(zones)), ", ")
        lines.append(i18n("plb-zones", zones=where))
    err = data.pop("error", None)
    if err:
        lines += ["", "⚠️ " + i18n(err)]
    return {
        "text": html_join(lines),
        "allowed": True,
        "ready": eligible > 0,
        "kinds": [(k, _mark(data["kind"] == k, i18n(f"op-opt-kind-{k}"))) for k in KINDS],
        "on_label": "🔒 " + slot_text(i18n, data["on"]),
        "off_label": "🔓 " + slot_text(i18n, data["off"]),
        "forever": _mark(data["until"] is None, i18n("plb-forever")),
        "dated": _mark(data["until"] is not None, i18n("plb-dated")),
    }


async def _refused(cb: CallbackQuery, manager: DialogManager) -> bool:
    if _ctx(manager)[1] is None:
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return True
    return False


async def on_kind(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if not await _refused(cb, manager) and item in KINDS:
        manager.dialog_data["kind"] = item


async def open_slot(cb: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if not await _refused(cb, manager):
        manager.dialog_data["slot"] = "off" if button.widget_id == "off" else "on"
        await manager.switch_to(PlanBlockSG.slot)


async def on_forever(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    if not await _refused(cb, manager):
        manager.dialog_data["until"] = None


async def open_until(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    if not await _refused(cb, manager):
        await manager.switch_to(PlanBlockSG.until)


async def on_until(cb: CallbackQuery, _: Any, manager: DialogManager, date: dt.date) -> None:
    if await _refused(cb, manager):
        return
    manager.dialog_data["until"] = date.isoformat()
    await manager.switch_to(PlanBlockSG.form)


def _which(manager: DialogManager) -> str:
    return "off" if manager.dialog_data.get("slot") == "off" else "on"


async def slot_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    _planned, principal, i18n = _ctx(m)
    if principal is None:
        return {"text": i18n("err-not-allowed"), "days": [], "times": []}
    which = _which(m)
    day, time = m.dialog_data[which]
    names = i18n("op-weekdays").split()
    text = i18n(f"plb-slot-{which}", when=slot_text(i18n, [day, time]))
    err = m.dialog_data.pop("error", None)
    return {
        "text": text + ("\n\n⚠️ " + i18n(err) if err else ""),
        "days": [(str(i), _mark(i == day, names[i])) for i in range(7)],
        "times": [(t, _mark(t == time, t)) for t in TIMES],
    }


async def on_day(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if await _refused(cb, manager) or not (item.isdigit() and 0 <= int(item) <= 6):
        return
    manager.dialog_data[_which(manager)][0] = int(item)


async def on_time(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if not await _refused(cb, manager) and item in TIMES:
        manager.dialog_data[_which(manager)][1] = item


async def on_time_text(message: Message, _: Any, manager: DialogManager) -> None:
    if _ctx(manager)[1] is None:
        return
    match = TIME_PATTERN.match(message.text or "")
    if match is None:
        manager.dialog_data["error"] = "op-err-time"
        return
    manager.dialog_data[_which(manager)][1] = f"{int(match[1]):02d}:{match[2]}"


async def on_create(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    if await _refused(cb, manager):
        return
    planned, principal, _i18n = _ctx(manager)
    assert principal is not None  # _refused said so
    data = manager.dialog_data
    (on_day_, on_at), (off_day, off_at) = data["on"], data["off"]
    if [on_day_, on_at] == [off_day, off_at]:
        data["error"] = "plb-err-same"
        return
    made = await planned.schedule_blocks(
        principal,
        await _numbers(manager, principal),
        str(data["kind"]),
        (int(on_day_), dt.time.fromisoformat(on_at)),
        (int(off_day), dt.time.fromisoformat(off_at)),
        dt.datetime.now(dt.UTC),
        dt.date.fromisoformat(data["until"]) if data["until"] else None,
    )
    if not made:
        data["error"] = "plb-err-none" if not data["until"] else "plb-err-until"
        return
    data["made"] = len(made)
    await manager.switch_to(PlanBlockSG.done)


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    return {"text": i18n("plb-done", n=int(dialog_manager.dialog_data.get("made", 0)))}


async def back(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.done()


async def to_menu(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    from handlers.menu.dialog import open_menu

    await open_menu(manager)


MENU = Button(T("btn-menu"), id="menu", on_click=to_menu)

block_dialog = guarded(
    Window(
        Format("{text}"),
        choice_grid("bkind", "kinds", on_kind, width=1, when="allowed"),
        Row(
            Button(Format("{on_label}"), id="on", on_click=open_slot),
            Button(Format("{off_label}"), id="off", on_click=open_slot),
            when="allowed",
        ),
        Row(
            Button(Format("{forever}"), id="forever", on_click=on_forever),
            Button(Format("{dated}"), id="dated", on_click=open_until),
            when="allowed",
        ),
        Button(T("plb-btn-create"), id="create", on_click=on_create, when="ready"),
        Row(Button(T("btn-back"), id="back", on_click=back), MENU),
        getter=form_getter,
        state=PlanBlockSG.form,
    ),
    Window(
        Format("{text}"),
        choice_grid("bday", "days", on_day, width=4),
        choice_grid("btime", "times", on_time, width=4),
        MessageInput(on_time_text, content_types=ContentType.TEXT),
        Row(SwitchTo(T("btn-done"), id="ok", state=PlanBlockSG.form), MENU),
        getter=slot_getter,
        state=PlanBlockSG.slot,
    ),
    Window(
        T("plb-pick-until"),
        LocalCalendar(id="bcal", on_click=on_until),
        Row(SwitchTo(T("btn-back"), id="back", state=PlanBlockSG.form), MENU),
        state=PlanBlockSG.until,
    ),
    Window(
        Format("{text}"),
        Button(T("plb-btn-list"), id="list", on_click=back),
        MENU,
        getter=done_getter,
        state=PlanBlockSG.done,
    ),
    need=may(PERMISSION),
    on_start=on_start,
)
