"""Helpers of the operation wizard: what the dialog data says, texts, money."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

from aiogram_dialog import DialogManager

from locales import Html, Translator, escape, html_fmt, html_join
from services.access import Principal
from services.numbers.phones import pretty
from services.operations import registry
from services.operations.pipeline import Pipeline
from services.operations.registry import OpSpec, Step

MSK = ZoneInfo("Europe/Moscow")
TIMES = ("09:00", "12:00", "15:00", "18:00", "21:00")
TIME_PATTERN = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


def money(kopecks: int, lang: str) -> str:
    text = f"{kopecks / 100:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else text


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


def option_label(i18n: Translator, opt: Any) -> Html:
    if opt.key and opt.text is not None:
        return i18n(opt.key, name=opt.text, **opt.args)
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


async def header(manager: DialogManager, i18n: Translator) -> Html:
    spec = spec_of(manager)
    summary = await pipeline_of(manager).summary(principal_of(manager), source_of(manager))
    return i18n("op-title", title=i18n(spec.title_key), selected=i18n("op-selected", **summary))


def source_of(manager: DialogManager) -> dict[str, Any]:
    return manager.dialog_data.get("source") or {}


def skipped_lines(i18n: Translator, rows: list[tuple[str, str]]) -> Html:
    return html_join(
        (
            html_fmt("\n• {n} — {r}", n=pretty(msisdn), r=reason_text(i18n, reason))
            for msisdn, reason in rows
        ),
        "",
    )


def reason_text(i18n: Translator, reason: str) -> Html:
    code, _, arg = reason.partition(":")
    key = f"op-fail-{code}"
    return i18n(key, arg=arg) if i18n.has(key) else escape(reason)
