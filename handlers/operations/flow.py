"""The operation wizard's spine: its start, the operation list, moving between steps.
dialog_data holds only small things (the numbers' source, the code, entered values)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.operations.common import (
    button_title,
    pipeline_of,
    principal_of,
    set_zones,
    source_of,
    spec_of,
)
from handlers.operations.states import OperationsSG
from handlers.widgets import i18n_of
from locales import Translator, escape
from services.operations import registry
from services.operations.registry import Kind, Step

# --- start and the operation list ---------------------------------------------------------


async def on_start(start_data: Any, manager: DialogManager) -> None:
    """start_data: {"number_ids": [...]} or {"selection_id": id}, and optionally
    {"code": ..., "preset": {field: value}} to open one operation with its usual choices."""
    source: dict[str, Any] = {}
    data = start_data if isinstance(start_data, dict) else {}
    if data.get("number_ids"):
        source = {"number_ids": [int(i) for i in data["number_ids"]][:100_000]}
    elif data.get("selection_id"):
        source = {"selection_id": int(data["selection_id"])}
    manager.dialog_data.update(source=source, params={}, labels={})
    # Dates and times the user picks mean the numbers' contract's time zone.
    await set_zones(manager)
    code = data.get("code")
    if isinstance(code, str) and code in registry.REGISTRY:
        available = await pipeline_of(manager).available(principal_of(manager), source)
        if code in {s.code for s in available}:
            manager.dialog_data["code"] = code
            preset = data.get("preset")
            if not isinstance(preset, dict):
                preset = {}
            spec = registry.REGISTRY[code]
            i18n = i18n_of(manager)
            for step in spec.steps:
                value = preset.get(step.field)
                if isinstance(value, str) and value in step.static:
                    store(manager, step, value, static_label(i18n, step, value))
            manager.dialog_data["preset"] = sorted(manager.dialog_data["params"])
            # Opened for one operation (an action of a home card): Back before its first
            # step returns where the user came from, not to a list they never saw.
            manager.dialog_data["direct"] = True
            await gotostep_of(manager, 0)


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
        "ops": [(s.code, button_title(i18n, s.code)) for s in specs],
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
            "args": {"list": ", ".join(missing)},
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
    await set_zones(manager)  # the numbers may have been typed since the start
    await gotostep_of(manager, 0)


# --- navigation ---------------------------------------------------------------------------


def _window(step: Step) -> Any:
    return OperationsSG.calendar if step.kind in (Kind.DATE, Kind.DATETIME) else OperationsSG.step


def _asked(manager: DialogManager, step: Step) -> bool:
    """Steps shown to the user: the required ones, and the rare ones after ⚙️ Change.
    A value given by the caller (an action of the number card) is not asked again."""
    if step.field in manager.dialog_data.get("preset", []) and not manager.dialog_data.get("edit"):
        return False
    return not step.rare or bool(manager.dialog_data.get("edit"))


def apply_defaults(manager: DialogManager) -> None:
    spec = spec_of(manager)
    if spec is None:
        return
    i18n = i18n_of(manager)
    for step in spec.steps:
        if step.default is not None and step.field not in manager.dialog_data["params"]:
            store(manager, step, step.default, static_label(i18n, step, step.default))


async def gotostep_of(manager: DialogManager, i: int, back: bool = False) -> None:
    """Show step i, or the nearest one that is asked (forward, or backward when going back)."""
    spec = spec_of(manager)
    for key in ("error", "query", "card"):
        manager.dialog_data.pop(key, None)
    if spec is None:
        await manager.switch_to(OperationsSG.choose)
        return
    while 0 <= i < len(spec.steps) and not _asked(manager, spec.steps[i]):
        i += -1 if back else 1
    if i < 0:
        if manager.dialog_data.get("direct"):
            await manager.done()
            return
        manager.dialog_data.pop("code", None)
        manager.dialog_data.pop("edit", None)
        await manager.switch_to(OperationsSG.choose)
        return
    if i >= len(spec.steps):
        manager.dialog_data["step"] = len(spec.steps)
        manager.dialog_data.pop("edit", None)
        apply_defaults(manager)
        await manager.switch_to(OperationsSG.confirm)
        return
    manager.dialog_data["step"] = i
    await manager.switch_to(_window(spec.steps[i]))


async def advance(manager: DialogManager) -> None:
    await gotostep_of(manager, manager.dialog_data.get("step", 0) + 1)


async def on_back(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    state = manager.current_context().state
    i = manager.dialog_data.get("step", 0)
    manager.dialog_data.pop("error", None)
    if state == OperationsSG.time:
        await gotostep_of(manager, i)
    else:
        await gotostep_of(manager, i - 1, back=True)


async def on_change(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    """⚙️ Change: walk the rare steps (when, auto-off, inform…) with their values kept."""
    spec = spec_of(manager)
    if spec is None:
        return
    first = next((i for i, st in enumerate(spec.steps) if st.rare), None)
    if first is None:
        return
    manager.dialog_data["edit"] = True
    await gotostep_of(manager, first)


def static_label(i18n: Translator, step: Step, value: str) -> str:
    key = f"op-opt-{step.field}-{value}"
    return i18n(key) if i18n.has(key) else escape(value)


def store(manager: DialogManager, step: Step, value: Any, label: str) -> None:
    """`label` is HTML (escaped where it holds data): it is shown as given."""
    manager.dialog_data["params"][step.field] = value
    manager.dialog_data["labels"][step.field] = label
