"""Operations workplace: numbers → operation → its required parameters → one confirm screen
with the usual choices (⚙️ changes them) and the price on the button that runs it."""

from __future__ import annotations

from aiogram.enums import ContentType
from aiogram_dialog import Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Group,
    Row,
    Select,
    Start,
)
from aiogram_dialog.widgets.text import Format

from handlers.calendar import LocalCalendar
from handlers.guard import guarded, may
from handlers.help.button import help_button
from handlers.numbers.states import NumbersSG
from handlers.operations import flow, recurring, steps, submit
from handlers.operations.states import OperationsSG
from handlers.widgets import T, paged_select


def _nav() -> Row:
    return Row(Button(T("btn-back"), id="back", on_click=flow.on_back), Cancel(T("btn-cancel")))


operations_dialog = guarded(
    Window(
        Format("{text}"),
        paged_select("op", "ops", flow.on_operation),
        MessageInput(flow.on_numbers_typed, content_types=ContentType.TEXT),
        Start(T("wp-numbers"), id="numbers", state=NumbersSG.main, when="empty"),
        Row(help_button(), Cancel(T("btn-cancel"))),
        getter=flow.choose_getter,
        state=OperationsSG.choose,
    ),
    Window(
        Format("{text}"),
        paged_select("opt", "options", steps.on_option, pager="opts", when="choice"),
        Button(T("btn-op-next"), id="next", on_click=steps.on_next, when="flags"),
        Button(T("btn-op-skip"), id="skip", on_click=steps.on_skip, when="optional"),
        MessageInput(steps.on_text, content_types=ContentType.TEXT),
        _nav(),
        getter=steps.step_getter,
        state=OperationsSG.step,
    ),
    Window(
        Format("{text}"),
        LocalCalendar(id="cal", on_click=steps.on_date),
        Button(T("btn-op-now"), id="now", on_click=steps.on_now, when="now"),
        Button(T("plb-btn-weekly"), id="weekly", on_click=recurring.on_weekly, when="weekly"),
        Button(T("btn-op-skip"), id="skip", on_click=steps.on_skip, when="optional"),
        _nav(),
        getter=steps.calendar_getter,
        state=OperationsSG.calendar,
    ),
    Window(
        Format("{text}"),
        Group(
            Select(
                Format("{item[1]}"),
                id="tm",
                item_id_getter=lambda x: x[0],
                items="times",
                on_click=steps.on_time,
            ),
            width=5,
        ),
        Group(
            Select(
                Format("{item[1]}"),
                id="tmode",
                item_id_getter=lambda x: x[0],
                items="modes",
                on_click=steps.on_when_mode,
            ),
            width=1,
            when="several",
        ),
        MessageInput(steps.on_time_text, content_types=ContentType.TEXT),
        _nav(),
        getter=steps.time_getter,
        state=OperationsSG.time,
    ),
    Window(
        Format("{text}"),
        Button(Format("{run}"), id="run", on_click=submit.on_run, when="ok"),
        Button(T("btn-op-change"), id="change", on_click=flow.on_change, when="rare"),
        _nav(),
        getter=submit.confirm_getter,
        state=OperationsSG.confirm,
    ),
    Window(
        Format("{text}"),
        Button(T("btn-op-other"), id="other", on_click=submit.on_other),
        Cancel(T("btn-op-menu")),
        getter=submit.done_getter,
        state=OperationsSG.done,
    ),
    on_start=flow.on_start,
    need=may("operations"),
)
