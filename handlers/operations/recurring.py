"""«🔁 Каждую неделю…» on the time step of an operation declared `weekly` in the registry
(block, unblock): where a user looks for a block on a schedule, the wizard hands its
numbers (and the chosen kind of block) to the recurring-block form of «🗓 Запланированное».
The form and the service check the rights and the numbers again."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.operations.common import pipeline_of, principal_of, source_of, spec_of, step_of
from handlers.planned.states import PlanBlockSG
from handlers.widgets import i18n_of
from services.planned.service import PlanService


def offered(manager: DialogManager) -> bool:
    spec, step = spec_of(manager), step_of(manager)
    planned: PlanService = manager.middleware_data["planned"]
    return (
        spec is not None
        and spec.weekly
        and step is not None
        and step.field == spec.defer_field
        and planned.may_schedule_blocks(principal_of(manager))
    )


async def on_weekly(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    if not offered(manager):  # a hidden button still runs
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    zones = await pipeline_of(manager).zones(principal_of(manager), source_of(manager))
    ids = sorted({n for numbers in zones.values() for n in numbers})
    kind = manager.dialog_data.get("params", {}).get("kind")
    await manager.start(PlanBlockSG.form, data={"numbers": ids, "kind": kind})
