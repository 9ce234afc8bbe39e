"""«📄 Документы»: document → period → e-mail → format → consent where paid → order."""

from __future__ import annotations

from typing import Any

from aiogram.enums import ContentType
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Group,
    Row,
    Select,
    Start,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Format

from handlers.calendar import PastCalendar
from handlers.documents import flow
from handlers.documents.states import DocumentsSG
from handlers.help.button import help_button
from handlers.numbers.states import NumbersSG
from handlers.widgets import T


def _nav(back: Any) -> Row:
    return Row(SwitchTo(T("btn-back"), id="back", state=back), Cancel(T("btn-menu")))


documents_dialog = Dialog(
    Window(
        Format("{text}"),
        Group(
            Select(
                Format("{item[1]}"),
                id="kind",
                item_id_getter=lambda x: x[0],
                items="kinds",
                on_click=flow.on_kind,
            ),
            width=1,
        ),
        MessageInput(flow.on_numbers_typed, content_types=ContentType.TEXT),
        Start(T("wp-numbers"), id="numbers", state=NumbersSG.main, when="may_numbers"),
        Row(help_button(), Cancel(T("btn-menu"))),
        getter=flow.kind_getter,
        state=DocumentsSG.kind,
    ),
    Window(
        Format("{text}"),
        Group(
            Select(
                Format("{item[1]}"),
                id="preset",
                item_id_getter=lambda x: x[0],
                items="presets",
                on_click=flow.on_preset,
            ),
            width=1,
        ),
        SwitchTo(T("doc-period-custom"), id="custom", state=DocumentsSG.date_from),
        _nav(DocumentsSG.kind),
        getter=flow.period_getter,
        state=DocumentsSG.period,
    ),
    Window(
        Format("{text}"),
        PastCalendar(id="from", on_click=flow.on_date_from),
        _nav(DocumentsSG.period),
        getter=flow.date_getter,
        state=DocumentsSG.date_from,
    ),
    Window(
        Format("{text}"),
        PastCalendar(id="to", on_click=flow.on_date_to),
        _nav(DocumentsSG.date_from),
        getter=flow.date_getter,
        state=DocumentsSG.date_to,
    ),
    Window(
        Format("{text}"),
        Button(Format("{own_label}"), id="own", on_click=flow.on_own_email, when="has_own"),
        Button(T("doc-email-chat-only"), id="none", on_click=flow.on_no_email),
        MessageInput(flow.on_email_typed, content_types=ContentType.TEXT),
        _nav(DocumentsSG.period),
        getter=flow.email_getter,
        state=DocumentsSG.email,
    ),
    Window(
        Format("{text}"),
        Group(
            Select(
                Format("{item[1]}"),
                id="fmt",
                item_id_getter=lambda x: x[0],
                items="formats",
                on_click=flow.on_fmt,
            ),
            width=2,
        ),
        _nav(DocumentsSG.email),
        getter=flow.fmt_getter,
        state=DocumentsSG.fmt,
    ),
    Window(
        Format("{text}"),
        Button(T("doc-consent-yes"), id="yes", on_click=flow.on_consent),
        Button(T("doc-consent-no"), id="no", on_click=flow.on_refuse),
        _nav(DocumentsSG.fmt),
        getter=flow.consent_getter,
        state=DocumentsSG.consent,
    ),
    Window(
        Format("{text}"),
        Button(T("doc-run"), id="run", on_click=flow.on_run, when="ok"),
        _nav(DocumentsSG.fmt),
        getter=flow.confirm_getter,
        state=DocumentsSG.confirm,
    ),
    Window(
        Format("{text}"),
        Button(T("doc-other"), id="other", on_click=flow.on_other),
        Cancel(T("btn-menu")),
        getter=flow.done_getter,
        state=DocumentsSG.done,
    ),
    on_start=flow.on_start,
)
