"""Helpers of the operation wizard: what the dialog data says, texts, money."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

from aiogram_dialog import DialogManager

from handlers.widgets import LABEL_MAX, clip
from locales import Html, Translator, escape, html_fmt, html_join
from services.access import Principal
from services.formatting import DEFAULT_TZ, pretty_phone, zone
from services.operations import registry
from services.operations.pipeline import Pipeline
from services.operations.registry import OpSpec, Step

TIMES = ("09:00", "12:00", "15:00", "18:00", "21:00")
TIME_PATTERN = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


def tz_of(manager: DialogManager) -> ZoneInfo:
    """The zone a time the user picks means: the numbers' contract's; with numbers in
    several zones, Moscow time when the user chose one moment for all of them."""
    if several_zones(manager) and manager.dialog_data.get("when_mode") == "moment":
        return zone()
    return zone(manager.dialog_data.get("tz"))


def zones_of(manager: DialogManager) -> list[str]:
    return list(manager.dialog_data.get("zones") or [manager.dialog_data.get("tz") or DEFAULT_TZ])


def several_zones(manager: DialogManager) -> bool:
    return len(zones_of(manager)) > 1


async def set_zones(manager: DialogManager) -> None:
    """Read the numbers' time zones (when the wizard starts or the numbers change)."""
    zones = sorted(await pipeline_of(manager).zones(principal_of(manager), source_of(manager)))
    manager.dialog_data["zones"] = zones or [DEFAULT_TZ]
    manager.dialog_data["tz"] = manager.dialog_data["zones"][0]
    manager.dialog_data.setdefault("when_mode", "local")


def pipeline_of(manager: DialogManager) -> Pipeline:
    return manager.middleware_data["pipeline"]


def principal_of(manager: DialogManager) -> Principal:
    return manager.middleware_data["principal"]


def spec_of(manager: DialogManager) -> OpSpec | None:
    code = manager.dialog_data.get("code")
    return registry.REGISTRY.get(code) if code else None


def step_of(manager: DialogManager) -> Step | None:
    spec = spec_of(manager)
    i = manager.dialog_data.get("step", 0)
    return spec.steps[i] if spec and 0 <= i < len(spec.steps) else None


def prompt(i18n: Translator, spec: OpSpec, step: Step, args: dict[str, Any]) -> str:
    specific = f"op-step-{spec.code}-{step.field}"
    return i18n(specific if i18n.has(specific) else step.prompt_key, **args)


def button_title(i18n: Translator, code: str) -> str:
    """An operation's title on a button: its short form where the full one is too long."""
    title = registry.REGISTRY[code].title_key
    return str(i18n(f"{title}-short" if i18n.has(f"{title}-short") else title))


def option_label(i18n: Translator, opt: Any, *, button: bool = False) -> Html:
    """An option's text; on a button the name is cut so that its price still shows."""
    if opt.key and opt.text is not None:
        name = opt.text
        if button:
            room = LABEL_MAX - len(str(i18n(opt.key, name="", **opt.args)))
            name = clip(name, max(room, 8))
        return i18n(opt.key, name=name, **opt.args)
    if opt.key:
        return i18n(opt.key, **opt.args)
    return escape(opt.text or opt.value)


def error_line(manager: DialogManager, i18n: Translator) -> Html:
    err = manager.dialog_data.get("error")
    return Html("\n\n⚠️ " + i18n(err["key"], **err.get("args", {}))) if err else Html("")


def set_error(manager: DialogManager, key: str, **args: Any) -> None:
    manager.dialog_data["error"] = {
        "key": key,
        "args": {k: v for k, v in args.items() if isinstance(v, (int, str))},
    }


async def header(manager: DialogManager, i18n: Translator, spec: OpSpec) -> Html:
    summary = await pipeline_of(manager).summary(principal_of(manager), source_of(manager))
    return i18n("op-title", title=i18n(spec.title_key), selected=i18n("op-selected", **summary))


def source_of(manager: DialogManager) -> dict[str, Any]:
    return manager.dialog_data.get("source") or {}


def skipped_lines(i18n: Translator, rows: list[tuple[str, str]]) -> Html:
    return html_join(
        (
            html_fmt("\n• {n} — {r}", n=pretty_phone(msisdn), r=reason_text(i18n, reason))
            for msisdn, reason in rows
        ),
        "",
    )


def reason_text(i18n: Translator, reason: str) -> Html:
    code, _, arg = reason.partition(":")
    key = f"op-fail-{code}"
    return i18n(key, arg=arg) if i18n.has(key) else escape(reason)
