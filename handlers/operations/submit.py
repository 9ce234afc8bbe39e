"""Consent for paid operations, the confirmation summary, submit and what follows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.chat import chat_id_of
from handlers.operations.common import (
    error_line,
    header,
    pipeline_of,
    principal_of,
    set_error,
    skipped_lines,
    source_of,
    spec_of,
)
from handlers.operations.states import OperationsSG
from handlers.widgets import i18n_of
from locales import Html, Translator, escape
from services.access import Mode
from services.formatting import amount
from services.operations.data import OperationError
from services.operations.registry import OpSpec
from services.planned.zones import both_ways, zone_name
from storage.models import OperationStatus

# --- the confirm screen: usual choices, consent on the button, submit ------------------------

SHOWN_SKIPPED = 5


async def _chosen_page(manager: DialogManager, spec: OpSpec) -> str:
    """The description of a chosen option that has its own page (a service)."""
    params = manager.dialog_data["params"]
    for step in spec.steps:
        if not step.card or step.field not in params:
            continue
        opts = await pipeline_of(manager).options(
            principal_of(manager), spec.code, source_of(manager), step.field, params, None
        )
        opt = next((o for o in opts if o.value == params[step.field]), None)
        if opt is not None and opt.details:
            details = opt.details if len(opt.details) <= 300 else opt.details[:300] + "…"
            return "<i>" + escape(details) + "</i>"
    return ""


def _usual_line(manager: DialogManager, i18n: Translator, spec: OpSpec) -> str:
    """«сейчас, без автоотключения, без уведомления»: the rare choices in one line."""
    labels = manager.dialog_data["labels"]
    parts = []
    for step in spec.steps:
        if not step.rare:
            continue
        if step.field in labels:
            key = f"op-usual-{step.field}"
            parts.append(i18n(key, value=labels[step.field]))
        else:
            parts.append(i18n(f"op-default-{step.field}"))
    return ", ".join(p for p in parts if p)  # an empty default says nothing


async def confirm_getter(
    dialog_manager: DialogManager, i18n: Translator, **_: Any
) -> dict[str, Any]:
    m = dialog_manager
    spec = spec_of(m)
    if spec is None:
        return {"text": i18n("op-err-stale"), "ok": False, "request": False, "rare": False}
    principal = principal_of(m)
    params, labels = m.dialog_data["params"], m.dialog_data["labels"]
    request = principal.mode(spec.permission) != Mode.PERFORM
    rare = any(st.rare for st in spec.steps)
    lines: list[str] = [await header(m, i18n, spec)]
    for step in spec.steps:
        if not step.rare:
            lines.append(f"{i18n(f'op-field-{step.field}')}: {labels.get(step.field) or '—'}")
    page = await _chosen_page(m, spec)
    if page:
        lines.append(page)
    note = spec.note(params) if spec.note else None
    if note is not None:
        key, args = note
        lines.append(i18n(key, **args))
    try:
        p = await pipeline_of(m).preview(principal, spec.code, source_of(m), params)
    except OperationError as exc:
        lines += ["", "⚠️ " + i18n(exc.key, **exc.args_)]
        return {"text": "\n".join(lines), "ok": False, "request": request, "rare": rare}
    if rare:
        lines.append("⚙️ " + _usual_line(m, i18n, spec))
    if p.ineligible_count:
        lines.append(
            i18n("op-confirm-skipped", eligible=p.eligible, total=p.total)
            + skipped_lines(i18n, p.ineligible[:SHOWN_SKIPPED])
        )
        if p.ineligible_count > SHOWN_SKIPPED:
            lines.append(i18n("op-confirm-skipped-more", n=p.ineligible_count - SHOWN_SKIPPED))
    ok = p.eligible > 0
    if not ok:
        lines += ["", "⚠️ " + i18n("op-err-none-eligible")]
    paid = spec.paid and p.cost > 0
    cost = amount(p.cost, i18n.lang)
    if ok:
        if paid:
            lines.append(i18n("op-confirm-paid", price=amount(p.price, i18n.lang)))
        if request:
            lines.append(i18n("op-confirm-request"))
    m.dialog_data["shown_cost"] = p.cost if paid else 0
    verb = f"btn-op-run-{spec.code}"
    if request:
        run = i18n("btn-op-request-paid", cost=cost) if paid else i18n("btn-op-request")
    elif paid:
        run = i18n(verb if i18n.has(verb) else "btn-op-run-paid", cost=cost)
    else:
        run = i18n("btn-op-run")
    return {
        "text": "\n".join(lines) + error_line(m, i18n),
        "ok": ok,
        "request": request,
        "rare": rare and ok,
        "run": run,
    }


async def on_run(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    spec = spec_of(manager)
    i18n = i18n_of(manager)
    if spec is None:
        await cb.answer(i18n("op-err-stale"), show_alert=True)
        return
    principal, pipeline = principal_of(manager), pipeline_of(manager)
    params = manager.dialog_data["params"]
    if spec.paid:
        # The press of the button that carries the price is the consent: it holds only for
        # the price the user saw.
        try:
            preview = await pipeline.preview(principal, spec.code, source_of(manager), params)
        except OperationError as exc:
            set_error(manager, exc.key, **exc.args_)
            return
        if preview.cost > 0 and preview.cost != manager.dialog_data.get("shown_cost"):
            set_error(manager, "op-err-price-changed")
            return
    bot: Bot = manager.middleware_data["bot"]
    chat_id = chat_id_of(cb)
    moments: dict[str, str] = manager.dialog_data.get("moments") or {}
    if len(set(moments.values())) > 1:
        await _run_per_zone(manager, moments, chat_id)
        return
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
    if sub.status != OperationStatus.QUEUED:  # it runs later: its progress gets a new message then
        await _delete(bot, chat_id, progress.message_id)
        await pipeline.attach_message(sub.operation_id, chat_id, None)
    label = manager.dialog_data["labels"].get("start_at", "")
    manager.dialog_data["submitted"] = {
        "id": sub.operation_id,
        "status": sub.status,
        "n": sub.total,
        "when": label if sub.run_at else "",
    }
    await manager.switch_to(OperationsSG.done)


async def _run_per_zone(manager: DialogManager, moments: dict[str, str], chat_id: int) -> None:
    """The same local time in each region: one operation (one scheduled item) per zone,
    each over that zone's numbers."""
    spec = spec_of(manager)
    if spec is None:
        return
    principal, pipeline = principal_of(manager), pipeline_of(manager)
    i18n = i18n_of(manager)
    zones = await pipeline.zones(principal, source_of(manager))
    lines, statuses, total = [], set(), 0
    for tz, ids in sorted(zones.items()):
        at = moments.get(tz)
        if at is None:  # a zone the selection gained since the time was picked
            set_error(manager, "op-err-zones-changed")
            return
        params = {**manager.dialog_data["params"], "start_at": at}
        try:
            sub = await pipeline.submit(
                principal, spec.code, {"number_ids": ids}, params, chat_id=chat_id
            )
        except OperationError as exc:
            lines.append(
                i18n("op-zone-failed", zone=zone_name(i18n, tz), reason=i18n(exc.key, **exc.args_))
            )
            continue
        await pipeline.attach_message(sub.operation_id, chat_id, None)
        statuses.add(sub.status)
        total += sub.total
        when = both_ways(i18n, dt.datetime.fromisoformat(at), tz)
        lines.append(i18n("op-zone-line", id=sub.operation_id, n=sub.total, when=when))
    status = (
        OperationStatus.AWAITING_APPROVAL
        if OperationStatus.AWAITING_APPROVAL in statuses
        else OperationStatus.SCHEDULED
    )
    manager.dialog_data["submitted"] = {
        "id": 0,
        "status": status,
        "n": total,
        "when": "",
        "zones": "\n".join(lines),
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
    submitted: dict[str, str] = {
        OperationStatus.SCHEDULED: "op-submitted-scheduled",
        OperationStatus.AWAITING_APPROVAL: "op-submitted-request",
    }
    key = submitted.get(sub.get("status") or "", "op-submitted")
    if sub.get("zones"):
        title = i18n(spec.title_key) if spec else ""
        return {"text": i18n("op-submitted-zones", title=title, list=Html(sub["zones"]))}
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
    for key in ("code", "consent", "error", "submitted", "notice", "direct", "preset"):
        manager.dialog_data.pop(key, None)
    manager.dialog_data.update(params={}, labels={})
    await manager.switch_to(OperationsSG.choose)
