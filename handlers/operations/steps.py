"""Parameter steps generated from the registry: options, text, dates, an option's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.operations import recurring
from handlers.operations.common import (
    TIME_PATTERN,
    TIMES,
    error_line,
    header,
    option_label,
    pipeline_of,
    principal_of,
    prompt,
    set_error,
    several_zones,
    source_of,
    spec_of,
    step_of,
    tz_of,
    zones_of,
)
from handlers.operations.flow import advance, store
from handlers.operations.states import OperationsSG
from handlers.widgets import i18n_of
from locales import Html, Translator, escape
from services.formatting import DEFAULT_TZ, zone
from services.operations.pipeline import Pipeline
from services.operations.registry import Kind
from services.planned import wall_to_utc
from services.planned.zones import both_ways, zone_label

SHOWN_ZONES = 3  # zones named in a line; the rest are counted

# --- a parameter step ---------------------------------------------------------------------


async def step_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    spec, step = spec_of(m), step_of(m)
    if spec is None or step is None:
        return {
            "text": i18n("op-err-stale"),
            "options": [],
            "choice": False,
            "flags": False,
            "optional": False,
        }
    params = m.dialog_data["params"]
    pipeline, principal = pipeline_of(m), principal_of(m)
    hint = await pipeline.hint(principal, spec.code, source_of(m), step.field, params)
    lines: list[str] = [await header(m, i18n, spec), "", prompt(i18n, spec, step, hint)]
    options: list[tuple[str, str]] = []
    if step.kind in (Kind.CHOICE, Kind.FLAGS):
        query = m.dialog_data.get("query")
        if query:
            lines.append(i18n("op-search", query=query))
        opts = await pipeline.options(principal, spec.code, source_of(m), step.field, params, query)
        chosen = params.get(step.field)
        for o in opts:
            label: str = option_label(i18n, o, button=True)
            if step.kind == Kind.FLAGS:
                label = ("✅ " if o.value in (chosen or []) else "▫️ ") + label
            elif o.value == str(chosen):
                label = "• " + label
            options.append((o.value, label))
        if not opts:
            lines.append(i18n("op-no-options"))
    elif step.field in m.dialog_data["labels"]:
        lines.append(i18n("op-current", value=Html(m.dialog_data["labels"][step.field])))
    has_value = step.kind in (Kind.TEXT, Kind.MONEY) and step.field in params
    return {
        "text": "\n".join(lines) + error_line(m, i18n),
        "options": options,
        "choice": bool(options),
        "flags": step.kind == Kind.FLAGS or has_value,
        "optional": step.optional and step.kind != Kind.FLAGS,
    }


async def on_option(cb: CallbackQuery, _: Any, manager: DialogManager, value: str) -> None:
    spec, step = spec_of(manager), step_of(manager)
    if spec is None or step is None:
        return
    i18n = i18n_of(manager)
    params = manager.dialog_data["params"]
    opts = await pipeline_of(manager).options(
        principal_of(manager), spec.code, source_of(manager), step.field, params, None
    )
    chosen = next((o for o in opts if o.value == value), None)
    if chosen is None:  # stale button or a forged id
        await cb.answer(i18n("op-err-stale"), show_alert=True)
        return
    if step.kind == Kind.FLAGS:
        flags = list(params.get(step.field) or [])
        flags = [f for f in flags if f != value] if value in flags else [*flags, value]
        store(
            manager,
            step,
            flags,
            ", ".join(option_label(i18n, o) for o in opts if o.value in flags) or i18n("op-none"),
        )
        return
    # An option with a page (a service) shows that page on the confirm screen.
    label = chosen.text if step.card and chosen.text else option_label(i18n, chosen)
    store(manager, step, value, escape(label))
    await advance(manager)


async def on_text(message: Message, _: Any, manager: DialogManager) -> None:
    spec, step = spec_of(manager), step_of(manager)
    if spec is None or step is None:
        return
    text = (message.text or "").strip()
    manager.dialog_data.pop("error", None)
    if step.kind in (Kind.CHOICE, Kind.FLAGS):
        if step.searchable or step.options is not None:
            manager.dialog_data["query"] = text[:60]
        else:
            set_error(manager, "op-err-invalid")
        return
    err = Pipeline.check_field(spec.code, step.field, text, manager.dialog_data["params"])
    if err:
        set_error(manager, err[0], **err[1])
        return
    label = escape(text if len(text) <= 200 else text[:200] + "…")
    if step.kind == Kind.MONEY:
        label = Html(label + " ₽")
    store(manager, step, text, label)
    await advance(manager)


async def on_skip(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    step = step_of(manager)
    if step is not None and step.optional:
        manager.dialog_data["params"].pop(step.field, None)
        manager.dialog_data["labels"].pop(step.field, None)
        if step.kind == Kind.DATETIME:
            manager.dialog_data.pop("moments", None)
        await advance(manager)


async def on_next(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    step = step_of(manager)  # "Next" keeps the value entered before going Back
    if step is not None and (
        step.kind == Kind.FLAGS or step.field in manager.dialog_data["params"]
    ):
        await advance(manager)


# --- dates ----------------------------------------------------------------------------------


async def calendar_getter(
    dialog_manager: DialogManager, i18n: Translator, **_: Any
) -> dict[str, Any]:
    m = dialog_manager
    spec, step = spec_of(m), step_of(m)
    if spec is None or step is None:
        return {"text": i18n("op-err-stale"), "optional": False, "now": False}
    lines = [await header(m, i18n, spec), "", prompt(i18n, spec, step, {})]
    if step.field in m.dialog_data["labels"]:
        lines.append(i18n("op-current", value=Html(m.dialog_data["labels"][step.field])))
    return {
        "text": "\n".join(lines) + error_line(m, i18n),
        "now": step.kind == Kind.DATETIME,
        "optional": step.kind == Kind.DATE,
        "weekly": recurring.offered(m),
    }


async def on_date(cb: CallbackQuery, _: Any, manager: DialogManager, date: dt.date) -> None:
    spec, step = spec_of(manager), step_of(manager)
    if spec is None or step is None:
        return
    manager.dialog_data.pop("error", None)
    if date < dt.datetime.now(tz_of(manager)).date():
        set_error(manager, "op-err-past")
        return
    if step.kind == Kind.DATETIME:
        manager.dialog_data["date"] = date.isoformat()
        await manager.switch_to(OperationsSG.time)
        return
    err = Pipeline.check_field(
        spec.code, step.field, date.isoformat(), manager.dialog_data["params"]
    )
    if err:
        set_error(manager, err[0], **err[1])
        return
    store(manager, step, date.isoformat(), date.strftime("%d.%m.%Y"))
    await advance(manager)


async def time_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any) -> dict[str, Any]:
    m = dialog_manager
    spec = spec_of(m)
    if spec is None:
        return {"text": i18n("op-err-stale"), "times": []}
    date = dt.date.fromisoformat(m.dialog_data.get("date", dt.date.today().isoformat()))
    noon = dt.datetime.combine(date, dt.time(12), dt.UTC)
    several = several_zones(m)
    mode = m.dialog_data.get("when_mode", "local")
    if several and mode == "local":
        names = ", ".join(zone_label(i18n, z, noon) for z in zones_of(m)[:SHOWN_ZONES])
        where = i18n("op-time-local", zones=Html(names), n=len(zones_of(m)))
    else:
        where = zone_label(i18n, tz_of(m).key, noon)
    lines: list[str] = [
        await header(m, i18n, spec),
        "",
        i18n("op-step-time", date=f"{date:%d.%m.%Y}", zone=where),
    ]
    if several:
        lines.append(i18n("op-time-several", n=len(zones_of(m))))
    modes = [
        (k, ("• " if k == mode else "") + i18n(f"op-time-mode-{k}")) for k in ("local", "moment")
    ]
    return {
        "text": "\n".join(lines) + error_line(m, i18n),
        "times": [(t, t) for t in TIMES],
        "modes": modes if several else [],
        "several": several,
    }


async def on_when_mode(cb: CallbackQuery, _: Any, manager: DialogManager, value: str) -> None:
    """Several zones: the same local time in each region, or one moment (Moscow time)."""
    if value in ("local", "moment"):
        manager.dialog_data["when_mode"] = value
        manager.dialog_data.pop("error", None)


def local_moments(manager: DialogManager, date: dt.date, hh: int, mm: int) -> dict[str, str]:
    """zone → the UTC moment (ISO) the picked time means there; one entry per zone for "the
    same local time in each region", one for all zones for "one moment"."""
    wall = dt.time(hh, mm)
    if several_zones(manager) and manager.dialog_data.get("when_mode", "local") == "local":
        return {z: wall_to_utc(date, wall, zone(z)).isoformat() for z in zones_of(manager)}
    at = wall_to_utc(date, wall, tz_of(manager)).isoformat()
    return dict.fromkeys(zones_of(manager), at)


def when_label(manager: DialogManager, moments: dict[str, str]) -> Html:
    i18n = i18n_of(manager)
    if len(set(moments.values())) == 1:
        at = dt.datetime.fromisoformat(next(iter(moments.values())))
        if len(moments) == 1:
            return both_ways(i18n, at, next(iter(moments)))
        return i18n("op-when-moment", when=both_ways(i18n, at, DEFAULT_TZ), n=len(moments))
    parts = [
        both_ways(i18n, dt.datetime.fromisoformat(at), z)
        for z, at in list(moments.items())[:SHOWN_ZONES]
    ]
    more = len(moments) - SHOWN_ZONES
    return i18n("op-when-local", list=Html("; ".join(parts)), more=max(more, 0))


async def _set_time(manager: DialogManager, hh: int, mm: int) -> None:
    spec, step = spec_of(manager), step_of(manager)
    if spec is None or step is None:
        return
    date = dt.date.fromisoformat(manager.dialog_data["date"])
    moments = local_moments(manager, date, hh, mm)
    when = min(moments.values())  # every zone's moment must still be ahead
    err = Pipeline.check_field(spec.code, step.field, when, manager.dialog_data["params"])
    if err:
        set_error(manager, err[0], **err[1])
        return
    manager.dialog_data.pop("error", None)
    manager.dialog_data["moments"] = moments
    store(manager, step, when, when_label(manager, moments))
    await advance(manager)


async def on_time(cb: CallbackQuery, _: Any, manager: DialogManager, value: str) -> None:
    if value in TIMES:
        hh, mm = value.split(":")
        await _set_time(manager, int(hh), int(mm))


async def on_time_text(message: Message, _: Any, manager: DialogManager) -> None:
    match = TIME_PATTERN.match(message.text or "")
    if match is None:
        set_error(manager, "op-err-time")
        return
    await _set_time(manager, int(match[1]), int(match[2]))


async def on_now(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await on_skip(_, __, manager)
