"""«🗓 По расписанию» on a report's screen: the same report every week or month, to the chat
and to e-mail addresses. The usual choice is pre-selected (the 3rd of each month at 09:00,
last month's figures, the chat and the user's own address), so two taps make a schedule.

Only the report code and the chosen values live in the dialog data; every render and every
press re-checks the report permission on the server, and the service checks it again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from handlers.guard import guarded, may
from handlers.reports.states import ReportScheduleSG
from handlers.widgets import T, choice_grid, i18n_of
from locales import Html, Translator, html_join
from services.access import Principal
from services.planned import Freq
from services.planned.zones import zone_label
from services.reports import REPORTS, Grouping, ReportCode, ReportService
from services.reports.scheduled import (
    LAST_7,
    MAX_EMAILS,
    PRESETS,
    ScheduledReports,
    ScheduleError,
    clean_emails,
)

ON, OFF = "🔘", "⚪"
MONTH_DAYS = ("1", "3", "5", "10", "15", "20", "25", "31")
TIMES = ("07:00", "09:00", "12:00", "18:00")
DEFAULTS = {"freq": Freq.MONTHLY.value, "day": 3, "time": "09:00", "period": "last_month"}


def _principal(manager: DialogManager) -> Principal | None:
    principal: Principal | None = manager.middleware_data.get("principal")
    reports: ReportService = manager.middleware_data["reports"]
    return principal if principal is not None and reports.allowed(principal) else None


def _scheduled(manager: DialogManager) -> ScheduledReports:
    return manager.middleware_data["scheduled_reports"]


def _code(manager: DialogManager) -> ReportCode | None:
    try:
        return ReportCode(str(manager.dialog_data.get("code")))
    except ValueError:
        return None


def _grouping(value: object) -> Grouping | None:
    try:
        return Grouping(str(value))
    except ValueError:
        return None  # the service takes the report's first grouping


def _mark(on: bool, text: str) -> str:
    return f"{ON if on else OFF} {text}"


async def on_start(data: Any, manager: DialogManager) -> None:
    start = data if isinstance(data, dict) else {}
    manager.dialog_data.update(DEFAULTS, code=start.get("code"), grouping=start.get("grouping"))
    manager.dialog_data["chat"] = True
    principal = _principal(manager)
    if principal is not None:
        manager.dialog_data["emails"] = await _scheduled(manager).default_emails(principal.user_id)


def schedule_text(i18n: Translator, data: dict[str, Any], where: Html) -> Html:
    """«Ежемесячно, 3-го числа в 09:00 (Москва)» / «Каждый Пн в 09:00 (…)»."""
    if data.get("freq") == Freq.WEEKLY.value:
        day = i18n("op-weekdays").split()[int(data.get("day", 0)) % 7]
        return i18n("srep-when-weekly", day=day, time=data["time"], zone=where)
    return i18n("srep-when-monthly", day=int(data.get("day", 3)), time=data["time"], zone=where)


async def form_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    i18n = i18n_of(m)
    principal, code = _principal(m), _code(m)
    if principal is None or code is None:
        return {"text": i18n("err-not-allowed"), "allowed": False}
    data = m.dialog_data
    tz = await _scheduled(m).zone_of(principal)
    where = zone_label(i18n, tz, dt.datetime.now(dt.UTC))
    emails = list(data.get("emails") or [])
    lines = [
        i18n("srep-title"),
        f"{REPORTS[code].icon} {i18n(f'rep-title-{code.value}')}",
        i18n("srep-line-when", when=schedule_text(i18n, data, where)),
        i18n("srep-line-period", period=i18n(f"srep-period-{data['period']}")),
        i18n("srep-line-chat", on=1 if data.get("chat") else 0),
        i18n("srep-line-mail", n=len(emails), list=", ".join(emails)),
        "",
        i18n("srep-hint-mail", n=MAX_EMAILS),
    ]
    err = data.get("error")
    if err:
        lines += ["", "⚠️ " + i18n(f"srep-err-{err['code']}", arg=err.get("arg", ""))]
    weekly = data["freq"] == Freq.WEEKLY.value
    if weekly:
        names = i18n("op-weekdays").split()
        days = [(str(i), _mark(data["day"] == i, names[i])) for i in range(7)]
    else:
        days = [(d, _mark(data["day"] == int(d), d)) for d in MONTH_DAYS]
    return {
        "text": html_join(lines),
        "allowed": True,
        "freqs": [
            (f.value, _mark(data["freq"] == f.value, i18n(f"srep-freq-{f.value}")))
            for f in (Freq.MONTHLY, Freq.WEEKLY)
        ],
        "days": days,
        "times": [(t, _mark(data["time"] == t, t)) for t in TIMES],
        "periods": [(p, _mark(data["period"] == p, i18n(f"srep-period-{p}"))) for p in PRESETS],
        "chat_label": _mark(bool(data.get("chat")), i18n("srep-btn-chat")),
        "has_emails": bool(emails),
    }


async def _refused(cb: CallbackQuery, manager: DialogManager) -> bool:
    if _principal(manager) is None or _code(manager) is None:
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return True
    manager.dialog_data.pop("error", None)
    return False


async def on_freq(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if await _refused(cb, manager) or item not in (Freq.MONTHLY.value, Freq.WEEKLY.value):
        return
    if item != manager.dialog_data["freq"]:
        weekly = item == Freq.WEEKLY.value
        # the usual pairs: every Monday with the past week, the 3rd with last month
        manager.dialog_data.update(
            freq=item, day=0 if weekly else 3, period=LAST_7 if weekly else "last_month"
        )


async def on_day(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if await _refused(cb, manager) or not item.isdigit():
        return
    day = int(item)
    weekly = manager.dialog_data["freq"] == Freq.WEEKLY.value
    if (weekly and 0 <= day <= 6) or (not weekly and item in MONTH_DAYS):
        manager.dialog_data["day"] = day


async def on_time(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if not await _refused(cb, manager) and item in TIMES:
        manager.dialog_data["time"] = item


async def on_period(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if not await _refused(cb, manager) and item in PRESETS:
        manager.dialog_data["period"] = item


async def on_chat(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    if not await _refused(cb, manager):
        manager.dialog_data["chat"] = not manager.dialog_data.get("chat")


async def on_clear(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    if not await _refused(cb, manager):
        manager.dialog_data["emails"] = []


async def on_address(message: Message, _: Any, manager: DialogManager) -> None:
    """Typed addresses (one or several, by commas or spaces) join the list."""
    if _principal(manager) is None:
        return
    typed = (message.text or "").replace(",", " ").replace(";", " ").split()
    try:
        manager.dialog_data["emails"] = clean_emails(
            [*manager.dialog_data.get("emails", []), *typed]
        )
        manager.dialog_data.pop("error", None)
    except ScheduleError as e:
        manager.dialog_data["error"] = {"code": e.code, "arg": e.arg}


async def on_create(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    if await _refused(cb, manager):
        return
    principal, code = _principal(manager), _code(manager)
    assert principal is not None and code is not None  # _refused said so
    data = manager.dialog_data
    hh, mm = str(data["time"]).split(":")
    try:
        await _scheduled(manager).create(
            principal,
            code=code,
            now=dt.datetime.now(dt.UTC),
            freq=Freq(data["freq"]),
            day=int(data["day"]),
            time=dt.time(int(hh), int(mm)),
            period=str(data["period"]),
            grouping=_grouping(data.get("grouping")),
            emails=list(data.get("emails") or []),
            to_chat=bool(data.get("chat")),
        )
    except ScheduleError as e:
        data["error"] = {"code": e.code, "arg": e.arg}
        return
    await manager.switch_to(ReportScheduleSG.done)


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    i18n = i18n_of(m)
    principal = _principal(m)
    if principal is None:
        return {"text": i18n("err-not-allowed")}
    tz = await _scheduled(m).zone_of(principal)
    when = schedule_text(i18n, m.dialog_data, zone_label(i18n, tz, dt.datetime.now(dt.UTC)))
    return {"text": i18n("srep-done", when=when)}


async def to_menu(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    from handlers.menu.dialog import open_menu

    await open_menu(manager)


async def back(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.done()


async def to_planned(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    from handlers.planned.states import PlannedSG

    await manager.start(PlannedSG.list)


MENU = Button(T("btn-menu"), id="menu", on_click=to_menu)

schedule_dialog = guarded(
    Window(
        Format("{text}"),
        choice_grid("sfreq", "freqs", on_freq, width=2, when="allowed"),
        choice_grid("sday", "days", on_day, width=4, when="allowed"),
        choice_grid("stime", "times", on_time, width=4, when="allowed"),
        choice_grid("speriod", "periods", on_period, width=2, when="allowed"),
        Row(
            Button(Format("{chat_label}"), id="chat", on_click=on_chat, when="allowed"),
            Button(T("srep-btn-clear"), id="clear", on_click=on_clear, when="has_emails"),
        ),
        Button(T("srep-btn-create"), id="create", on_click=on_create, when="allowed"),
        MessageInput(on_address, content_types=ContentType.TEXT),
        Row(Button(T("btn-back"), id="back", on_click=back), MENU),
        getter=form_getter,
        state=ReportScheduleSG.form,
    ),
    Window(
        Format("{text}"),
        Button(T("srep-btn-planned"), id="planned", on_click=to_planned),
        Row(Button(T("btn-back"), id="back", on_click=back), MENU),
        getter=done_getter,
        state=ReportScheduleSG.done,
    ),
    need=may("reports"),
    on_start=on_start,
)
