"""The operation wizard's spine: its start, the operation list, moving between steps.
dialog_data holds only small things (the numbers' source, the code, entered values)."""

from __future__ import annotations

import html
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.operations.common import (
    pipeline_of,
    principal_of,
    source_of,
    spec_of,
)
from handlers.operations.states import OperationsSG
from handlers.widgets import i18n_of
from locales import Translator
from services.operations.data import OperationError
from services.operations.registry import Kind, Step

# --- start and the operation list ---------------------------------------------------------


async def on_start(start_data: Any, manager: DialogManager) -> None:
    source: dict[str, Any] = {}
    if isinstance(start_data, dict):
        if start_data.get("number_ids"):
            source = {"number_ids": [int(i) for i in start_data["number_ids"]][:100_000]}
        elif start_data.get("selection_id"):
            source = {"selection_id": int(start_data["selection_id"])}
    manager.dialog_data.update(source=source, params={}, labels={})


async def choose_getter(
    dialog_manager: DialogManager, i18n: Translator, **_: Any
) -> dict[str, Any]:
    m = dialog_manager
    principal, pipeline = principal_of(m), pipeline_of(m)
    summary = await pipeline.summary(principal, source_of(m))
    notice = m.dialog_data.get("notice")
    notice_text = ("\n\n" + i18n(notice["key"], **notice.get("args", {}))) if notice else ""
    if not summary["numbers"]:
        return {
            "text": i18n("op-choose-empty") + notice_text,
            "ops": [],
            "empty": principal.may("numbers"),
        }
    specs = await pipeline.available(principal, source_of(m))
    key = "op-choose" if specs else "op-choose-none"
    return {
        "text": i18n(key, selected=i18n("op-selected", **summary)) + notice_text,
        "ops": [(s.code, i18n(s.title_key)) for s in specs],
        "empty": False,
    }


async def on_numbers_typed(message: Message, _: Any, manager: DialogManager) -> None:
    ids, missing = await pipeline_of(manager).lookup(principal_of(manager), message.text or "")
    if ids:
        manager.dialog_data["source"] = {"number_ids": ids}
    if missing:
        key = "op-numbers-not-found" if ids else "op-numbers-none"
        manager.dialog_data["notice"] = {
            "key": key,
            "args": {"list": html.escape(", ".join(missing))},
        }
    else:
        manager.dialog_data.pop("notice", None)


async def on_operation(cb: CallbackQuery, _: Any, manager: DialogManager, code: str) -> None:
    available = await pipeline_of(manager).available(principal_of(manager), source_of(manager))
    if code not in {s.code for s in available}:  # the id came from the client
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    manager.dialog_data.update(code=code, params={}, labels={}, consent=False)
    manager.dialog_data.pop("notice", None)
    await gotostep_of(manager, 0)


# --- navigation ---------------------------------------------------------------------------


def _window(step: Step) -> Any:
    return OperationsSG.calendar if step.kind in (Kind.DATE, Kind.DATETIME) else OperationsSG.step


async def gotostep_of(manager: DialogManager, i: int) -> None:
    spec = spec_of(manager)
    for key in ("error", "query", "card"):
        manager.dialog_data.pop(key, None)
    if i < 0:
        manager.dialog_data.pop("code", None)
        await manager.switch_to(OperationsSG.choose)
        return
    if i >= len(spec.steps):
        manager.dialog_data["step"] = len(spec.steps)
        await _after_steps(manager)
        return
    manager.dialog_data["step"] = i
    await manager.switch_to(_window(spec.steps[i]))


async def _after_steps(manager: DialogManager) -> None:
    spec = spec_of(manager)
    if spec.paid:
        try:
            preview = await pipeline_of(manager).preview(
                principal_of(manager), spec.code, source_of(manager), manager.dialog_data["params"]
            )
        except OperationError:
            preview = None
        if preview is not None and preview.cost > 0:
            await manager.switch_to(OperationsSG.consent)
            return
    await manager.switch_to(OperationsSG.confirm)


async def advance(manager: DialogManager) -> None:
    await gotostep_of(manager, manager.dialog_data.get("step", 0) + 1)


async def on_back(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    state = manager.current_context().state
    i = manager.dialog_data.get("step", 0)
    manager.dialog_data.pop("error", None)
    if state in (OperationsSG.card, OperationsSG.time):
        await gotostep_of(manager, i)
    elif state == OperationsSG.confirm and manager.dialog_data.get("consent"):
        manager.dialog_data["consent"] = False
        await manager.switch_to(OperationsSG.consent)
    elif state in (OperationsSG.confirm, OperationsSG.consent):
        await gotostep_of(manager, len(spec_of(manager).steps) - 1)
    else:
        await gotostep_of(manager, i - 1)


def store(manager: DialogManager, step: Step, value: Any, label: str) -> None:
    manager.dialog_data["params"][step.field] = value
    manager.dialog_data["labels"][step.field] = label
