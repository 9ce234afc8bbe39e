"""The generic operation wizard: getters and handlers driven by the registry. dialog_data
holds only small things (the numbers' source, the operation code, entered values)."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.operations.states import OperationsSG
from handlers.widgets import i18n_of
from locales import Translator
from services.access import Mode, Principal
from services.operations import registry
from services.operations.params import sms_segments
from services.operations.pipeline import OperationError, Pipeline
from services.operations.registry import Kind, OpSpec, Step
from services.phones import pretty

MSK = ZoneInfo("Europe/Moscow")
TIMES = ("09:00", "12:00", "15:00", "18:00", "21:00")
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


def money(kopecks: int, lang: str) -> str:
    text = f"{kopecks / 100:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else text


def _pipeline(manager: DialogManager) -> Pipeline:
    return manager.middleware_data["pipeline"]


def _principal(manager: DialogManager) -> Principal:
    return manager.middleware_data["principal"]


def _spec(manager: DialogManager) -> OpSpec | None:
    code = manager.dialog_data.get("code")
    return registry.REGISTRY.get(code) if code else None


def _step(manager: DialogManager) -> Step | None:
    spec = _spec(manager)
    i = manager.dialog_data.get("step", 0)
    return spec.steps[i] if spec and 0 <= i < len(spec.steps) else None


def _prompt(i18n: Translator, spec: OpSpec, step: Step, args: dict[str, Any]) -> str:
    specific = f"op-step-{spec.code}-{step.field}"
    return i18n(specific if i18n.has(specific) else step.prompt_key, **args)


def _option_label(i18n: Translator, opt: Any) -> str:
    if opt.key and opt.text is not None:
        return i18n(opt.key, name=opt.text, **opt.args)
    if opt.key:
        return i18n(opt.key, **opt.args)
    return opt.text or opt.value


def _error(manager: DialogManager, i18n: Translator) -> str:
    err = manager.dialog_data.get("error")
    return ("\n\n⚠️ " + i18n(err["key"], **err.get("args", {}))) if err else ""


def _set_error(manager: DialogManager, key: str, **args: Any) -> None:
    manager.dialog_data["error"] = {"key": key, "args": {k: v for k, v in args.items()
                                                         if isinstance(v, (int, str))}}


async def _header(manager: DialogManager, i18n: Translator) -> str:
    spec = _spec(manager)
    summary = await _pipeline(manager).summary(_principal(manager), _source(manager))
    return i18n("op-title", title=i18n(spec.title_key), selected=i18n("op-selected", **summary))


def _source(manager: DialogManager) -> dict[str, Any]:
    return manager.dialog_data.get("source") or {}


# --- start and the operation list ---------------------------------------------------------

async def on_start(start_data: Any, manager: DialogManager) -> None:
    source: dict[str, Any] = {}
    if isinstance(start_data, dict):
        if start_data.get("number_ids"):
            source = {"number_ids": [int(i) for i in start_data["number_ids"]][:100_000]}
        elif start_data.get("selection_id"):
            source = {"selection_id": int(start_data["selection_id"])}
    manager.dialog_data.update(source=source, params={}, labels={})


async def choose_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any
                        ) -> dict[str, Any]:
    m = dialog_manager
    principal, pipeline = _principal(m), _pipeline(m)
    summary = await pipeline.summary(principal, _source(m))
    notice = m.dialog_data.get("notice")
    notice_text = ("\n\n" + i18n(notice["key"], **notice.get("args", {}))) if notice else ""
    if not summary["numbers"]:
        return {"text": i18n("op-choose-empty") + notice_text, "ops": []}
    specs = await pipeline.available(principal, _source(m))
    key = "op-choose" if specs else "op-choose-none"
    return {"text": i18n(key, selected=i18n("op-selected", **summary)) + notice_text,
            "ops": [(s.code, i18n(s.title_key)) for s in specs]}


async def on_numbers_typed(message: Message, _: Any, manager: DialogManager) -> None:
    ids, missing = await _pipeline(manager).lookup(_principal(manager), message.text or "")
    if ids:
        manager.dialog_data["source"] = {"number_ids": ids}
    if missing:
        key = "op-numbers-not-found" if ids else "op-numbers-none"
        manager.dialog_data["notice"] = {"key": key, "args": {
            "list": html.escape(", ".join(missing))}}
    else:
        manager.dialog_data.pop("notice", None)


async def on_operation(cb: CallbackQuery, _: Any, manager: DialogManager, code: str) -> None:
    available = await _pipeline(manager).available(_principal(manager), _source(manager))
    if code not in {s.code for s in available}:  # the id came from the client
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    manager.dialog_data.update(code=code, params={}, labels={}, consent=False)
    manager.dialog_data.pop("notice", None)
    await goto_step(manager, 0)


# --- navigation ---------------------------------------------------------------------------

def _window(step: Step) -> Any:
    return OperationsSG.calendar if step.kind in (Kind.DATE, Kind.DATETIME) else OperationsSG.step


async def goto_step(manager: DialogManager, i: int) -> None:
    spec = _spec(manager)
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
    spec = _spec(manager)
    if spec.paid:
        try:
            preview = await _pipeline(manager).preview(
                _principal(manager), spec.code, _source(manager), manager.dialog_data["params"])
        except OperationError:
            preview = None
        if preview is not None and preview.cost > 0:
            await manager.switch_to(OperationsSG.consent)
            return
    await manager.switch_to(OperationsSG.confirm)


async def advance(manager: DialogManager) -> None:
    await goto_step(manager, manager.dialog_data.get("step", 0) + 1)


async def on_back(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    state = manager.current_context().state
    i = manager.dialog_data.get("step", 0)
    manager.dialog_data.pop("error", None)
    if state in (OperationsSG.card, OperationsSG.time):
        await goto_step(manager, i)
    elif state == OperationsSG.confirm and manager.dialog_data.get("consent"):
        manager.dialog_data["consent"] = False
        await manager.switch_to(OperationsSG.consent)
    elif state in (OperationsSG.confirm, OperationsSG.consent):
        await goto_step(manager, len(_spec(manager).steps) - 1)
    else:
        await goto_step(manager, i - 1)


def _store(manager: DialogManager, step: Step, value: Any, label: str) -> None:
    manager.dialog_data["params"][step.field] = value
    manager.dialog_data["labels"][step.field] = label


# --- a parameter step ---------------------------------------------------------------------

async def step_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any
                      ) -> dict[str, Any]:
    m = dialog_manager
    spec, step = _spec(m), _step(m)
    if spec is None or step is None:
        return {"text": i18n("op-err-stale"), "options": [], "choice": False, "flags": False,
                "optional": False}
    params = m.dialog_data["params"]
    pipeline, principal = _pipeline(m), _principal(m)
    hint = await pipeline.hint(principal, spec.code, _source(m), step.field, params)
    lines = [await _header(m, i18n), "", _prompt(i18n, spec, step, hint)]
    options: list[tuple[str, str]] = []
    if step.kind in (Kind.CHOICE, Kind.FLAGS):
        query = m.dialog_data.get("query")
        if query:
            lines.append(i18n("op-search", query=html.escape(query)))
        opts = await pipeline.options(principal, spec.code, _source(m), step.field, params,
                                      query)
        chosen = params.get(step.field)
        for o in opts:
            label = _option_label(i18n, o)
            if step.kind == Kind.FLAGS:
                label = ("✅ " if o.value in (chosen or []) else "▫️ ") + label
            elif o.value == str(chosen):
                label = "• " + label
            options.append((o.value, label))
        if not opts:
            lines.append(i18n("op-no-options"))
    elif step.field in m.dialog_data["labels"]:
        lines.append(i18n("op-current", value=m.dialog_data["labels"][step.field]))
    has_value = step.kind in (Kind.TEXT, Kind.MONEY) and step.field in params
    return {"text": "\n".join(lines) + _error(m, i18n), "options": options,
            "choice": bool(options), "flags": step.kind == Kind.FLAGS or has_value,
            "optional": step.optional and step.kind != Kind.FLAGS}


async def on_option(cb: CallbackQuery, _: Any, manager: DialogManager, value: str) -> None:
    spec, step = _spec(manager), _step(manager)
    if spec is None or step is None:
        return
    i18n = i18n_of(manager)
    params = manager.dialog_data["params"]
    opts = await _pipeline(manager).options(_principal(manager), spec.code, _source(manager),
                                           step.field, params, None)
    chosen = next((o for o in opts if o.value == value), None)
    if chosen is None:  # stale button or a forged id
        await cb.answer(i18n("op-err-stale"), show_alert=True)
        return
    if step.kind == Kind.FLAGS:
        flags = list(params.get(step.field) or [])
        flags = [f for f in flags if f != value] if value in flags else [*flags, value]
        _store(manager, step, flags, ", ".join(
            _option_label(i18n, o) for o in opts if o.value in flags) or i18n("op-none"))
        return
    if step.card:
        manager.dialog_data["card"] = value
        await manager.switch_to(OperationsSG.card)
        return
    _store(manager, step, value, html.escape(_option_label(i18n, chosen)))
    await advance(manager)


async def on_text(message: Message, _: Any, manager: DialogManager) -> None:
    spec, step = _spec(manager), _step(manager)
    if spec is None or step is None:
        return
    text = (message.text or "").strip()
    manager.dialog_data.pop("error", None)
    if step.kind in (Kind.CHOICE, Kind.FLAGS):
        if step.searchable or step.options is not None:
            manager.dialog_data["query"] = text[:60]
        else:
            _set_error(manager, "op-err-invalid")
        return
    err = Pipeline.check_field(spec.code, step.field, text, manager.dialog_data["params"])
    if err:
        _set_error(manager, err[0], **err[1])
        return
    label = html.escape(text if len(text) <= 200 else text[:200] + "…")
    if step.kind == Kind.MONEY:
        label += " ₽"
    _store(manager, step, text, label)
    await advance(manager)


async def on_skip(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    step = _step(manager)
    if step is not None and step.optional:
        manager.dialog_data["params"].pop(step.field, None)
        manager.dialog_data["labels"].pop(step.field, None)
        await advance(manager)


async def on_next(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    step = _step(manager)  # "Next" keeps the value entered before going Back
    if step is not None and (step.kind == Kind.FLAGS or step.field in
                             manager.dialog_data["params"]):
        await advance(manager)


# --- dates ----------------------------------------------------------------------------------

async def calendar_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any
                          ) -> dict[str, Any]:
    m = dialog_manager
    spec, step = _spec(m), _step(m)
    if spec is None or step is None:
        return {"text": i18n("op-err-stale"), "optional": False, "now": False}
    lines = [await _header(m, i18n), "", _prompt(i18n, spec, step, {})]
    if step.field in m.dialog_data["labels"]:
        lines.append(i18n("op-current", value=m.dialog_data["labels"][step.field]))
    return {"text": "\n".join(lines) + _error(m, i18n),
            "now": step.kind == Kind.DATETIME, "optional": step.kind == Kind.DATE}


async def on_date(cb: CallbackQuery, _: Any, manager: DialogManager, date: dt.date) -> None:
    spec, step = _spec(manager), _step(manager)
    if spec is None or step is None:
        return
    manager.dialog_data.pop("error", None)
    if date < dt.datetime.now(MSK).date():
        _set_error(manager, "op-err-past")
        return
    if step.kind == Kind.DATETIME:
        manager.dialog_data["date"] = date.isoformat()
        await manager.switch_to(OperationsSG.time)
        return
    err = Pipeline.check_field(spec.code, step.field, date.isoformat(),
                               manager.dialog_data["params"])
    if err:
        _set_error(manager, err[0], **err[1])
        return
    _store(manager, step, date.isoformat(), date.strftime("%d.%m.%Y"))
    await advance(manager)


async def time_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any
                      ) -> dict[str, Any]:
    m = dialog_manager
    date = dt.date.fromisoformat(m.dialog_data.get("date", dt.date.today().isoformat()))
    text = "\n".join([await _header(m, i18n), "",
                      i18n("op-step-time", date=date.strftime("%d.%m.%Y"))])
    return {"text": text + _error(m, i18n), "times": [(t, t) for t in TIMES]}


async def _set_time(manager: DialogManager, hh: int, mm: int) -> None:
    spec, step = _spec(manager), _step(manager)
    date = dt.date.fromisoformat(manager.dialog_data["date"])
    when = dt.datetime.combine(date, dt.time(hh, mm), MSK).astimezone(dt.UTC)
    err = Pipeline.check_field(spec.code, step.field, when.isoformat(),
                               manager.dialog_data["params"])
    if err:
        _set_error(manager, err[0], **err[1])
        return
    manager.dialog_data.pop("error", None)
    label = i18n_of(manager)("op-when-msk", when=f"{date:%d.%m.%Y} {hh:02d}:{mm:02d}")
    _store(manager, step, when.isoformat(), label)
    await advance(manager)


async def on_time(cb: CallbackQuery, _: Any, manager: DialogManager, value: str) -> None:
    if value in TIMES:
        hh, mm = value.split(":")
        await _set_time(manager, int(hh), int(mm))


async def on_time_text(message: Message, _: Any, manager: DialogManager) -> None:
    match = _TIME.match(message.text or "")
    if match is None:
        _set_error(manager, "op-err-time")
        return
    await _set_time(manager, int(match[1]), int(match[2]))


async def on_now(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await on_skip(_, __, manager)


# --- the option's page ------------------------------------------------------------------------

async def card_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any
                      ) -> dict[str, Any]:
    m = dialog_manager
    spec, step = _spec(m), _step(m)
    value = m.dialog_data.get("card")
    pipeline, principal = _pipeline(m), _principal(m)
    opts = await pipeline.options(principal, spec.code, _source(m), step.field,
                                  m.dialog_data["params"], None) if spec and step else []
    opt = next((o for o in opts if o.value == value), None)
    if opt is None:
        return {"text": i18n("op-err-stale")}
    price = opt.args.get("price", 0)
    fit = ""
    try:
        preview = await pipeline.preview(principal, spec.code, _source(m),
                                         {**m.dialog_data["params"], step.field: value})
        fit = i18n("op-card-fit", eligible=preview.eligible, total=preview.total)
        fit += _skipped_lines(i18n, preview.ineligible)
    except OperationError as exc:
        fit = "⚠️ " + i18n(exc.key, **exc.args_)
    text = i18n("op-card", name=html.escape(opt.text or ""), details=html.escape(opt.details),
                price=(money(int(price * 100), i18n.lang) + " ₽") if price else i18n("op-free"),
                fit=fit)
    return {"text": text}


def _skipped_lines(i18n: Translator, rows: list[tuple[str, str]]) -> str:
    return "".join(f"\n• {pretty(msisdn)} — {reason_text(i18n, reason)}" for msisdn, reason in rows)


def reason_text(i18n: Translator, reason: str) -> str:
    code, _, arg = reason.partition(":")
    key = f"op-fail-{code}"
    return i18n(key, arg=html.escape(arg)) if i18n.has(key) else html.escape(reason)


async def on_card_choose(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    spec, step = _spec(manager), _step(manager)
    value = manager.dialog_data.get("card")
    opts = await _pipeline(manager).options(_principal(manager), spec.code, _source(manager),
                                           step.field, manager.dialog_data["params"], None)
    opt = next((o for o in opts if o.value == value), None)
    if opt is None:
        await cb.answer(i18n_of(manager)("op-err-stale"), show_alert=True)
        return
    _store(manager, step, value, html.escape(opt.text or value))
    await advance(manager)


# --- consent, confirmation, submit -----------------------------------------------------------

async def consent_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any
                         ) -> dict[str, Any]:
    m = dialog_manager
    spec = _spec(m)
    try:
        p = await _pipeline(m).preview(_principal(m), spec.code, _source(m),
                                       m.dialog_data["params"])
        cost, price = p.cost, p.price
    except OperationError:
        cost = price = 0
    return {"text": i18n("op-consent", title=i18n(spec.title_key),
                         cost=money(cost, i18n.lang), price=money(price, i18n.lang))}


async def on_consent(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data["consent"] = True
    await manager.switch_to(OperationsSG.confirm)


async def on_refuse(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    for key in ("code", "consent", "error"):
        manager.dialog_data.pop(key, None)
    manager.dialog_data.update(params={}, labels={}, notice={"key": "op-consent-refused"})
    await manager.switch_to(OperationsSG.choose)


async def confirm_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any
                         ) -> dict[str, Any]:
    m = dialog_manager
    spec = _spec(m)
    principal = _principal(m)
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
        p = await _pipeline(m).preview(principal, spec.code, _source(m), params)
    except OperationError as exc:
        return {"text": await _header(m, i18n) + "\n\n⚠️ " + i18n(exc.key, **exc.args_),
                "ok": False, "request": request}
    skipped = ""
    if p.ineligible_count:
        skipped = i18n("op-confirm-skipped", n=p.ineligible_count) + _skipped_lines(
            i18n, p.ineligible)
    when = (i18n("op-when-msk", when=f"{p.run_at.astimezone(MSK):%d.%m.%Y %H:%M}")
            if p.run_at else i18n("op-now"))
    text = i18n("op-confirm", title=i18n(spec.title_key), lines="\n".join(lines),
                eligible=p.eligible, skipped_line=skipped,
                cost=(money(p.cost, i18n.lang) + " ₽") if p.cost else i18n("op-free"),
                when=when)
    if request:
        text += "\n\n" + i18n("op-confirm-request")
    return {"text": text + _error(m, i18n), "ok": True, "request": request}


async def on_run(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    spec = _spec(manager)
    i18n = i18n_of(manager)
    principal, pipeline = _principal(manager), _pipeline(manager)
    params = manager.dialog_data["params"]
    if spec.paid and not manager.dialog_data.get("consent"):
        preview = await pipeline.preview(principal, spec.code, _source(manager), params)
        if preview.cost > 0:  # never run a paid operation without the consent step
            await manager.switch_to(OperationsSG.consent)
            return
    bot: Bot = manager.middleware_data["bot"]
    chat_id = cb.message.chat.id
    progress = await bot.send_message(chat_id, i18n("op-progress-start",
                                                    title=i18n(spec.title_key)))
    try:
        sub = await pipeline.submit(principal, spec.code, _source(manager), params,
                                    chat_id=chat_id, message_id=progress.message_id)
    except OperationError as exc:
        await _delete(bot, chat_id, progress.message_id)
        _set_error(manager, exc.key, **exc.args_)
        return
    if sub.status != "queued":  # it runs later: its progress gets a new message then
        await _delete(bot, chat_id, progress.message_id)
        await pipeline.attach_message(sub.operation_id, chat_id, None)
    manager.dialog_data["submitted"] = {
        "id": sub.operation_id, "status": sub.status, "n": sub.total,
        "when": f"{sub.run_at.astimezone(MSK):%d.%m.%Y %H:%M}" if sub.run_at else ""}
    await manager.switch_to(OperationsSG.done)


async def _delete(bot: Bot, chat_id: int, message_id: int) -> None:
    try:
        await bot.delete_message(chat_id, message_id)
    except TelegramBadRequest:
        pass  # already gone: nothing to tidy


async def done_getter(dialog_manager: DialogManager, i18n: Translator, **_: Any
                      ) -> dict[str, Any]:
    m = dialog_manager
    spec = _spec(m)
    sub = m.dialog_data.get("submitted") or {}
    key = {"scheduled": "op-submitted-scheduled",
           "awaiting_approval": "op-submitted-request"}.get(sub.get("status"), "op-submitted")
    return {"text": i18n(key, title=i18n(spec.title_key) if spec else "", id=sub.get("id", 0),
                         n=sub.get("n", 0), when=sub.get("when", ""))}


async def on_other(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    for key in ("code", "consent", "error", "submitted", "notice"):
        manager.dialog_data.pop(key, None)
    manager.dialog_data.update(params={}, labels={})
    await manager.switch_to(OperationsSG.choose)
