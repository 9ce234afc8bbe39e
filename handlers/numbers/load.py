"""Loading a selection from an XLSX/CSV file: check, ask replace or add, read, report."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_dialog import DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row
from aiogram_dialog.widgets.text import Format

from handlers.chat import chat_id_of
from handlers.guard import guarded, may
from handlers.menu.button import menu_markup
from handlers.numbers.common import OPERATIONS_STATE, operations_available, summary_data
from handlers.numbers.states import ListSG, LoadSG, NumbersSG, SelectionSG
from handlers.widgets import T, i18n_of
from locales import Translator, escape
from services import files
from services.access import Principal
from services.numbers import QUERY_MAX
from services.selections import SelectionService

SHOWN_PROBLEMS = 15
log = logging.getLogger(__name__)


def problem_text(i18n: Translator, code: str, args: dict[str, Any] | None = None) -> str:
    values: dict[str, Any] = {"limit": files.MAX_ROWS, "mb": files.MAX_BYTES // 2**20}
    return i18n(f"load-problem-{code}", **{**values, **(args or {})})


async def offer_file(message: Message, manager: DialogManager, *, fresh: bool = False) -> None:
    """A document arrived: refuse it with a sentence, or ask whether to replace or add."""
    i18n = i18n_of(manager)
    doc = message.document
    if doc is None:  # callers offer only messages that carry a document
        return
    try:
        kind = files.check_document(doc.file_name, doc.mime_type, doc.file_size)
    except files.FileProblem as problem:
        await message.answer(problem_text(i18n, problem.code), reply_markup=menu_markup(i18n))
        manager.show_mode = ShowMode.SEND
        return
    data = {"file_id": doc.file_id, "name": doc.file_name or "", "kind": kind}
    if manager.has_context() and manager.current_context().state == LoadSG.wait:
        manager.dialog_data.update(data)
        await manager.switch_to(LoadSG.confirm)
        return
    if fresh:
        # Outside any dialog: the result should land on the selection, under the workplace.
        await manager.start(
            NumbersSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE
        )
        await manager.start(SelectionSG.current, show_mode=ShowMode.NO_UPDATE)
    await manager.start(LoadSG.confirm, data=data, show_mode=ShowMode.SEND)


async def search_or_file(message: Message, _: MessageInput, manager: DialogManager) -> None:
    """The input of windows that expect nothing in particular: text searches, a file loads."""
    if message.document:
        await offer_file(message, manager)
    elif message.text and not message.text.startswith("/"):
        query = message.text[:QUERY_MAX]
        await manager.start(ListSG.list, data={"kind": "search", "value": query})


async def on_start(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict):
        manager.dialog_data.update(
            {k: start_data[k] for k in ("file_id", "name", "kind") if k in start_data}
        )


async def wait_input(message: Message, _: MessageInput, manager: DialogManager) -> None:
    if message.document:
        await offer_file(message, manager)
    else:
        manager.dialog_data["notice"] = i18n_of(manager)("load-need-file")


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {
        "name": escape(dialog_manager.dialog_data.get("name", "")),
        **await summary_data(dialog_manager),
    }


async def wait_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"notice": dialog_manager.dialog_data.pop("notice", "")}


async def on_load(cb: CallbackQuery, button: Button, manager: DialogManager) -> None:
    d = manager.dialog_data
    mw = manager.middleware_data
    i18n: Translator = mw["i18n"]
    principal: Principal = mw["principal"]
    selections: SelectionService = mw["selections"]
    bot: Bot = mw["bot"]
    if "file_id" not in d:
        await manager.switch_to(LoadSG.wait)
        return
    # Stop the button's spinner now (bot/answer_once.py drops the dialog's later answer).
    await cb.answer(i18n("load-working"))
    result: dict[str, Any] = {}
    async with ChatActionSender.typing(bot=bot, chat_id=chat_id_of(cb)):
        try:
            buf = io.BytesIO()
            await bot.download(d["file_id"], destination=buf)
            table = await files.read_file(buf.getvalue(), d["kind"])
            report = await files.match(mw["db"], principal, table)
        except files.FileProblem as problem:
            result = {"problem": problem.code, "args": problem.args_}
        except TelegramBadRequest as exc:
            log.info("download failed: %s", exc)
            result = {"problem": "download"}
        else:
            added = 0
            if report.number_ids:
                if button.widget_id == "replace":
                    added = await selections.replace(principal, report.number_ids)
                else:
                    added = await selections.add(principal, report.number_ids)
            result = {
                "rows": report.rows,
                "found": report.found,
                "added": added,
                "problems": [
                    [row, raw[:40], reason.value]
                    for row, raw, reason in report.problems[:SHOWN_PROBLEMS]
                ],
                "problem_count": len(report.problems),
                "mode": button.widget_id,
            }
            if len(report.problems) > SHOWN_PROBLEMS:
                await _send_report(bot, chat_id_of(cb), i18n, report)
                manager.show_mode = ShowMode.DELETE_AND_SEND
    d["result"] = result
    await manager.switch_to(LoadSG.result)


async def _send_report(bot: Bot, chat_id: int, i18n: Translator, report: files.LoadReport) -> None:
    header = [i18n("load-col-row"), i18n("load-col-value"), i18n("load-col-reason")]
    reasons = {r.value: i18n(f"load-reason-{r.value}") for r in files.Reason}
    async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id):
        data = await asyncio.to_thread(files.problems_xlsx, report, header, reasons)
        await bot.send_document(
            chat_id,
            BufferedInputFile(data, filename=i18n("load-report-filename") + ".xlsx"),
            caption=i18n("load-report-caption", n=len(report.problems)),
        )


async def to_menu(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    from handlers.menu.dialog import open_menu

    await open_menu(manager)


async def result_getter(
    dialog_manager: DialogManager, i18n: Translator, **_: Any
) -> dict[str, Any]:
    r = dialog_manager.dialog_data.get("result") or {}
    if "problem" in r:
        text = problem_text(i18n, r["problem"], r.get("args"))
    else:
        lines = [
            i18n(
                "load-line",
                row=row,
                value=escape(str(value)) or "—",
                reason=i18n(f"load-reason-{reason}"),
            )
            for row, value, reason in r.get("problems", [])
        ]
        text = i18n(
            "load-done",
            rows=r.get("rows", 0),
            found=r.get("found", 0),
            added=r.get("added", 0),
            skipped=r.get("problem_count", 0),
        )
        if lines:
            text += "\n\n" + i18n("load-skipped-title") + "\n" + "\n".join(lines)
        if r.get("problem_count", 0) > len(lines):
            text += "\n" + i18n("load-more-in-file", n=r["problem_count"] - len(lines))
        if not r.get("found"):
            text += "\n\n" + i18n("load-nothing-changed")
    summary = await summary_data(dialog_manager)
    principal = dialog_manager.middleware_data["principal"]
    # The loaded numbers are usually loaded to act on: the operations are one press away.
    ops = summary["sel_n"] > 0 and operations_available(principal)
    return {"text": text, "ops": ops, **summary}


async def open_operations(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    data = manager.middleware_data
    selections: SelectionService = data["selections"]
    if not operations_available(data["principal"]):
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    sid = await selections.current_id(data["principal"])
    await manager.start(OPERATIONS_STATE, data={"selection_id": sid})


load_dialog = guarded(
    Window(
        Format("{notice}", when="notice"),
        T("load-prompt"),
        Cancel(T("btn-back")),
        MessageInput(wait_input, content_types=["document", "text"]),
        getter=wait_getter,
        state=LoadSG.wait,
    ),
    Window(
        T("load-confirm"),
        Format("{selection}", when="selection"),
        Row(
            Button(T("load-btn-replace"), id="replace", on_click=on_load),
            Button(T("load-btn-add"), id="add", on_click=on_load),
        ),
        Cancel(T("btn-cancel")),
        getter=confirm_getter,
        state=LoadSG.confirm,
    ),
    Window(
        Format("{text}"),
        Format("\n{selection}", when="selection"),
        Button(T("card-btn-operations"), id="ops", on_click=open_operations, when="ops"),
        Row(Cancel(T("btn-done")), Button(T("btn-menu"), id="menu", on_click=to_menu)),
        getter=result_getter,
        state=LoadSG.result,
    ),
    on_start=on_start,
    need=may("numbers"),
)
