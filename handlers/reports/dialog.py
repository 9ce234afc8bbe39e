"""The «📊 Отчёты» workplace: report → options (scope, period, grouping; the usual choice
pre-selected) → summary with the charts as photos and the full table as XLSX on request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram.utils.chat_action import ChatActionSender
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Button, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.calendar import PastCalendar
from handlers.help.button import help_button
from handlers.reports.states import ReportScheduleSG, ReportsSG
from handlers.widgets import T, choice_grid, i18n_of
from locales import Translator
from services.access import Principal
from services.periods import Period, PeriodKind
from services.reports import (
    REPORTS,
    Grouping,
    ReportCode,
    ReportError,
    ReportRequest,
    ReportService,
)
from services.selections import SelectionService

PRESETS = (
    PeriodKind.LAST_MONTH,
    PeriodKind.THIS_MONTH,
    PeriodKind.LAST_3_MONTHS,
    PeriodKind.LAST_QUARTER,
    PeriodKind.LAST_12_MONTHS,
    PeriodKind.CUSTOM,
)
DEFAULT_PERIOD = PeriodKind.LAST_MONTH
ON, OFF = "🔘", "⚪"


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _principal(manager: DialogManager) -> Principal | None:
    principal: Principal | None = manager.middleware_data.get("principal")
    reports: ReportService = manager.middleware_data["reports"]
    return principal if principal is not None and reports.allowed(principal) else None


async def _refuse(cb: CallbackQuery, manager: DialogManager) -> None:
    await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)


def _code(manager: DialogManager) -> ReportCode:
    try:
        return ReportCode(manager.dialog_data.get("code", ReportCode.PAYMENTS.value))
    except ValueError:
        return ReportCode.PAYMENTS


def _period(manager: DialogManager) -> Period:
    data = manager.dialog_data
    kind = PeriodKind(data.get("period", DEFAULT_PERIOD.value))
    if kind == PeriodKind.CUSTOM and data.get("start") and data.get("end"):
        return Period.custom(
            dt.date.fromisoformat(data["start"]), dt.date.fromisoformat(data["end"])
        )
    if kind == PeriodKind.CUSTOM:
        kind = DEFAULT_PERIOD
    return Period.preset(kind, _today())


def _request(manager: DialogManager) -> ReportRequest:
    code = _code(manager)
    spec = REPORTS[code]
    try:
        grouping = Grouping(manager.dialog_data.get("grouping", spec.groupings[0].value))
    except ValueError:
        grouping = spec.groupings[0]
    if grouping not in spec.groupings:
        grouping = spec.groupings[0]
    return ReportRequest(
        code,
        _period(manager),
        grouping,
        selection_only=manager.dialog_data.get("scope") == "sel",
        today=_today(),
    )


def _mark(on: bool, text: str) -> str:
    return f"{ON if on else OFF} {text}"


# ---- getters ---------------------------------------------------------------------------


async def choose_getter(
    dialog_manager: DialogManager, i18n: Translator, **_: Any
) -> dict[str, Any]:
    if _principal(dialog_manager) is None:
        return {"reports": [], "allowed": False}
    items = [(c.value, f"{s.icon} {i18n(f'rep-title-{c.value}')}") for c, s in REPORTS.items()]
    return {"reports": items, "allowed": True}


async def options_getter(
    dialog_manager: DialogManager,
    i18n: Translator,
    selections: SelectionService,
    **_: Any,
) -> dict[str, Any]:
    principal = _principal(dialog_manager)
    if principal is None:
        return {"allowed": False, "scopes": [], "periods": [], "groupings": [], "title": ""}
    req = _request(dialog_manager)
    spec = REPORTS[req.code]
    chosen = dialog_manager.dialog_data.get("scope", "all")
    size = (await selections.summary(principal)).numbers
    scopes = [("all", _mark(chosen != "sel", i18n("rep-opt-scope-all")))]
    if size:
        scopes.append(("sel", _mark(chosen == "sel", i18n("rep-opt-scope-sel", n=size))))
    kind = dialog_manager.dialog_data.get("period", DEFAULT_PERIOD.value)
    periods = []
    if spec.has_period:
        for p in PRESETS:
            label: str = i18n(f"rep-period-{p.value}")
            if p == PeriodKind.CUSTOM and kind == p.value:
                label = req.period.label(i18n.lang)
            periods.append((p.value, _mark(kind == p.value, label)))
    groupings = []
    if len(spec.groupings) > 1:
        groupings = [
            (g.value, _mark(g == req.grouping, i18n(f"rep-opt-{g.value}"))) for g in spec.groupings
        ]
    return {
        "allowed": True,
        "title": f"{spec.icon} {i18n(f'rep-title-{req.code.value}')}",
        "hint": i18n(f"rep-hint-{req.code.value}"),
        "scopes": scopes if len(scopes) > 1 else [],
        "periods": periods,
        "groupings": groupings,
    }


async def result_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    if _principal(dialog_manager) is None:
        return {"summary": i18n_of(dialog_manager)("err-not-allowed"), "built": False}
    return {
        "summary": dialog_manager.dialog_data.get("summary", ""),
        "built": bool(dialog_manager.dialog_data.get("rows")),
    }


# ---- actions ---------------------------------------------------------------------------


async def on_report(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if _principal(manager) is None:
        await _refuse(cb, manager)
        return
    try:
        code = ReportCode(item)
    except ValueError:
        await _refuse(cb, manager)
        return
    manager.dialog_data.update(code=code.value, grouping=REPORTS[code].groupings[0].value)
    await manager.switch_to(ReportsSG.options)


async def on_scope(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if _principal(manager) is None:
        await _refuse(cb, manager)
        return
    manager.dialog_data["scope"] = "sel" if item == "sel" else "all"


async def on_period(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if _principal(manager) is None:
        await _refuse(cb, manager)
        return
    try:
        kind = PeriodKind(item)
    except ValueError:
        return
    if kind == PeriodKind.CUSTOM:
        await manager.switch_to(ReportsSG.custom_start)
        return
    manager.dialog_data["period"] = kind.value


async def on_grouping(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if _principal(manager) is None:
        await _refuse(cb, manager)
        return
    spec = REPORTS[_code(manager)]
    if item in {g.value for g in spec.groupings}:
        manager.dialog_data["grouping"] = item


async def on_start_date(cb: CallbackQuery, _: Any, manager: DialogManager, day: dt.date) -> None:
    if _principal(manager) is None:
        await _refuse(cb, manager)
        return
    manager.dialog_data["start"] = min(day, _today()).isoformat()
    await manager.switch_to(ReportsSG.custom_end)


async def on_end_date(cb: CallbackQuery, _: Any, manager: DialogManager, day: dt.date) -> None:
    if _principal(manager) is None:
        await _refuse(cb, manager)
        return
    start = dt.date.fromisoformat(manager.dialog_data.get("start") or _today().isoformat())
    period = Period.custom(start, min(day, _today()))
    manager.dialog_data.update(
        period=PeriodKind.CUSTOM.value, start=period.start.isoformat(), end=period.end.isoformat()
    )
    await manager.switch_to(ReportsSG.options)


async def on_build(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal = _principal(manager)
    if principal is None:
        await _refuse(cb, manager)
        return
    reports: ReportService = manager.middleware_data["reports"]
    bot: Bot = manager.middleware_data["bot"]
    i18n = i18n_of(manager)
    req = _request(manager)
    await cb.answer(i18n("rep-building"))  # charts take a moment: stop the spinner now
    chat_id = cb.message.chat.id if cb.message else cb.from_user.id
    try:
        async with ChatActionSender.upload_photo(bot=bot, chat_id=chat_id):
            data = await reports.build(principal, req)
            files = await reports.render(principal, data, req.selection_only)
            for i, png in enumerate(files.charts):
                await bot.send_photo(
                    chat_id, BufferedInputFile(png, filename=f"{req.code.value}-{i + 1}.png")
                )
        await reports.record(principal, req)
    except ReportError as e:
        await bot.send_message(chat_id, i18n(f"rep-err-{e.code}"))
        manager.show_mode = ShowMode.SEND
        return
    manager.dialog_data["summary"] = files.summary
    manager.dialog_data["rows"] = len(data.rows)
    await manager.switch_to(ReportsSG.result, show_mode=ShowMode.SEND)


async def on_xlsx(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal = _principal(manager)
    if principal is None:
        await _refuse(cb, manager)
        return
    reports: ReportService = manager.middleware_data["reports"]
    bot: Bot = manager.middleware_data["bot"]
    i18n = i18n_of(manager)
    req = _request(manager)
    await cb.answer(i18n("rep-building"))
    chat_id = cb.message.chat.id if cb.message else cb.from_user.id
    try:
        async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id):
            data = await reports.build(principal, req)
            content = await reports.workbook(principal, data, req.selection_only)
            await bot.send_document(
                chat_id,
                BufferedInputFile(content, filename=reports.filename(data)),
                caption=i18n("rep-xlsx-caption", rows=len(data.rows)),
            )
        await reports.record(principal, req, table=True)
    except ReportError as e:
        await bot.send_message(chat_id, i18n(f"rep-err-{e.code}"))
    manager.show_mode = ShowMode.SEND


async def on_schedule(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    """This report on a schedule: its own small form, started with the report's code."""
    if _principal(manager) is None:
        await _refuse(cb, manager)
        return
    req = _request(manager)
    await manager.start(
        ReportScheduleSG.form, data={"code": req.code.value, "grouping": req.grouping.value}
    )


async def to_menu(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    from handlers.menu.dialog import open_menu

    await open_menu(manager)


MENU = Button(T("btn-menu"), id="menu", on_click=to_menu)

reports_dialog = Dialog(
    Window(
        T("rep-choose"),
        choice_grid("rep", "reports", on_report, width=1),
        Row(help_button(), MENU),
        getter=choose_getter,
        state=ReportsSG.choose,
    ),
    Window(
        Format("<b>{title}</b>\n{hint}"),
        T("rep-opt-scope", when="scopes"),
        choice_grid("scope", "scopes", on_scope, when="scopes"),
        choice_grid("period", "periods", on_period, when="periods"),
        choice_grid("grouping", "groupings", on_grouping, when="groupings"),
        Button(T("rep-btn-build"), id="build", on_click=on_build, when="allowed"),
        Button(T("rep-btn-schedule"), id="sched", on_click=on_schedule, when="allowed"),
        Row(SwitchTo(T("btn-back"), id="back", state=ReportsSG.choose), MENU),
        getter=options_getter,
        state=ReportsSG.options,
    ),
    Window(
        T("rep-pick-start"),
        PastCalendar(id="cal_start", on_click=on_start_date),
        Row(SwitchTo(T("btn-back"), id="back_s", state=ReportsSG.options), MENU),
        state=ReportsSG.custom_start,
    ),
    Window(
        T("rep-pick-end"),
        PastCalendar(id="cal_end", on_click=on_end_date),
        Row(SwitchTo(T("btn-back"), id="back_e", state=ReportsSG.custom_start), MENU),
        state=ReportsSG.custom_end,
    ),
    Window(
        Format("{summary}"),
        Button(T("rep-btn-xlsx"), id="xlsx", on_click=on_xlsx, when="built"),
        Row(
            SwitchTo(T("rep-btn-options"), id="opts", state=ReportsSG.options),
            SwitchTo(T("rep-btn-other"), id="other", state=ReportsSG.choose),
        ),
        MENU,
        getter=result_getter,
        state=ReportsSG.result,
    ),
)
