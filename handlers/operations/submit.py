"""Consent for paid operations, the confirmation summary, submit and what follows."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.operations.common import (
    MSK,
    error_line,
    header,
    money,
    pipeline_of,
    principal_of,
    set_error,
    skipped_lines,
    source_of,
    spec_of,
)
from handlers.operations.states import OperationsSG
from handlers.widgets import i18n_of
from locales import Translator
from services.access import Mode
from services.operations.data import OperationError
from services.operations.params import sms_segments

# --- consent, confirmation, submit -----------------------------------------------------------


async def consent_getter(
    dialog_manager: DialogManager, i18n: Translator, **_: Any
) -> dict[str, Any]:
    m = dialog_manager
    spec = spec_of(m)
    try:
        p = await pipeline_of(m).preview(
            principal_of(m), spec.code, source_of(m), m.dialog_data["params"]
        )
        cost, price = p.cost, p.price
    except OperationError:
        cost = price = 0
    return {
        "text": i18n(
            "op-consent",
            title=i18n(spec.title_key),
            cost=money(cost, i18n.lang),
            price=money(price, i18n.lang),
        )
    }


async def on_consent(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data["consent"] = True
    await manager.switch_to(OperationsSG.confirm)


async def on_refuse(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    for key in ("code", "consent", "error"):
        manager.dialog_data.pop(key, None)
    manager.dialog_data.update(params={}, labels={}, notice={"key": "op-consent-refused"})
    await manager.switch_to(OperationsSG.choose)


async def confirm_getter(
    dialog_manager: DialogManager, i18n: Translator, **_: Any
) -> dict[str, Any]:
    m = dialog_manager
    spec = spec_of(m)
    principal = principal_of(m)
    params, labels = m.dialog_data["params"], m.dialog_data["labels"]
    lines = []
    for step in spec.steps:
        value = labels.get(step.field) or i18n("op-none")
        lines.append(f"{i18n(f'op-field-{step.field}')}: {value}")
    if spec.code == "sms" and params.get("text"):
        segments, chars = sms_segments(params["text"])
        lines.append(i18n("op-sms-segments", chars=chars, segments=segments))
    request = principal.mode(spec.permission) != Mode.PERFORM
    try:
        p = await pipeline_of(m).preview(principal, spec.code, source_of(m), params)
    except OperationError as exc:
        return {
            "text": await header(m, i18n) + "\n\n⚠️ " + i18n(exc.key, **exc.args_),
            "ok": False,
            "request": request,
        }
    skipped = ""
    if p.ineligible_count:
        skipped = i18n("op-confirm-skipped", n=p.ineligible_count) + skipped_lines(
            i18n, p.ineligible
        )
    when = (
        i18n("op-when-msk", when=f"{p.run_at.astimezone(MSK):%d.%m.%Y %H:%M}")
        if p.run_at
        else i18n("op-now")
    )
    text = i18n(
        "op-confirm",
        title=i18n(spec.title_key),
        lines="\n".join(lines),
        eligible=p.eligible,
        skipped_line=skipped,
        cost=(money(p.cost, i18n.lang) + " ₽") if p.cost else i18n("op-free"),
        when=when,
    )
    if request:
        text += "\n\n" + i18n("op-confirm-request")
    return {"text": text + error_line(m, i18n), "ok": True, "request": request}


async def on_run(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    spec = spec_of(manager)
    i18n = i18n_of(manager)
    principal, pipeline = principal_of(manager), pipeline_of(manager)
    params = manager.dialog_data["params"]
    if spec.paid and not manager.dialog_data.get("consent"):
        preview = await pipeline.preview(principal, spec.code, source_of(manager), params)
        if preview.cost > 0:  # never run a paid operation without the consent step
            await manager.switch_to(OperationsSG.consent)
            return
    bot: Bot = manager.middleware_data["bot"]
    chat_id = cb.message.chat.id
    progress = await bot.send_message(
        chat_id, i18n("op-progress-start", title=i18n(spec.title_key))
    )
    try:
        sub = await pipeline.submit(
            principal,
            spec.code,
            source_of(manager),
            params,
            chat_id=chat_id,
            message_id=progress.message_id,
        )
    except OperationError as exc:
        await _delete(bot, chat_id, progress.message_id)
        set_error(manager, exc.key, **exc.args_)
        return
    if sub.status != "queued":  # it runs later: its progress gets a new message then
        await _delete(bot, chat_id, progress.message_id)
        await pipeline.attach_message(sub.operation_id, chat_id, None)
    manager.dialog_data["submitted"] = {
        "id": sub.operation_id,
        "status": sub.status,
        "n": sub.total,
        "when": f"{sub.run_at.astimezone(MSK):%d.%m.%Y %H:%M}" if sub.run_at else "",
    }
    await manager.switch_to(OperationsSG.done)


async def _delete(bot: Bot, chat_id: int, message_id: int) -> None:
    try:
        await bot.delete_message(chat_id, message_id)
    except TelegramBadRequest:
        pass  # already gone: nothing to tidy


async def done_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    spec = spec_of(m)
    sub = m.dialog_data.get("submitted") or {}
    key = {"scheduled": "op-submitted-scheduled", "awaiting_approval": "op-submitted-request"}.get(
        sub.get("status"), "op-submitted"
    )
    return {
        "text": i18n(
            key,
            title=i18n(spec.title_key) if spec else "",
            id=sub.get("id", 0),
            n=sub.get("n", 0),
            when=sub.get("when", ""),
        )
    }


async def on_other(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    for key in ("code", "consent", "error", "submitted", "notice"):
        manager.dialog_data.pop(key, None)
    manager.dialog_data.update(params={}, labels={})
    await manager.switch_to(OperationsSG.choose)
