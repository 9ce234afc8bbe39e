"""The documents wizard: document → period → e-mail → format → consent (paid) → order.

dialog_data keeps small things only: the numbers' source (a selection id, or a few typed
numbers), the document, the dates, the address, the format. Every getter and action asks
the services again what this user may order: the ids in callback data are the client's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from handlers.documents.states import DocumentsSG
from handlers.widgets import i18n_of
from locales import Translator, escape
from services import formatting
from services.access import Principal
from services.documents import (
    HOLDING_KINDS,
    PAID_KINDS,
    DocFormat,
    DocKind,
    DocumentError,
    DocumentService,
)
from services.documents.orders import DocumentOrders, OrderSpec
from services.notifications import is_email
from services.numbers.phones import normalize
from services.periods import Period, PeriodKind
from services.selections import current_selection_id, number_ids
from storage.db import Database

PRESETS = (PeriodKind.LAST_MONTH, PeriodKind.THIS_MONTH, PeriodKind.LAST_QUARTER)
TYPED_MAX = 200


def _mw(m: DialogManager) -> tuple[Principal, DocumentService, DocumentOrders, Translator]:
    d = m.middleware_data
    return d["principal"], d["documents"], d["document_orders"], d["i18n"]


def money(kopecks: int, lang: str) -> str:
    return formatting.amount(kopecks, lang)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    source: dict[str, Any] = {}
    if isinstance(start_data, dict):
        if start_data.get("number_ids"):
            source = {"number_ids": [int(i) for i in start_data["number_ids"]][:TYPED_MAX]}
        elif start_data.get("selection_id"):
            source = {"selection_id": int(start_data["selection_id"])}
    manager.dialog_data.update(source=source)


async def chosen_ids(manager: DialogManager) -> list[int]:
    """The numbers the wizard works on, as far as the user may still see them."""
    principal = manager.middleware_data["principal"]
    db: Database = manager.middleware_data["db"]
    source = manager.dialog_data.get("source") or {}
    if source.get("number_ids"):
        return [int(i) for i in source["number_ids"]]
    sid = source.get("selection_id") or await current_selection_id(db, principal)
    if sid is None:
        return []
    return await number_ids(db, principal, int(sid))


def _kind(manager: DialogManager) -> DocKind | None:
    code = manager.dialog_data.get("kind")
    return DocKind(code) if isinstance(code, str) and code in set(DocKind) else None


def _period(manager: DialogManager) -> Period | None:
    p = manager.dialog_data.get("period")
    if not p:
        return None
    return Period(dt.date.fromisoformat(p[0]), dt.date.fromisoformat(p[1]), PeriodKind(p[2]))


async def _selected(manager: DialogManager, kind: DocKind | None) -> str:
    principal, documents, _o, i18n = _mw(manager)
    if kind in HOLDING_KINDS:
        return i18n("doc-holding")
    ids = await chosen_ids(manager)
    try:
        t = await documents.target(principal, kind or DocKind.CALL_DETAILS, ids)
    except DocumentError:
        return i18n("doc-selected-none")
    if kind is None or kind == DocKind.CALL_DETAILS:
        return i18n("doc-selected", numbers=t.numbers, accounts=t.accounts, contracts=t.contracts)
    return i18n("doc-selected-accounts", accounts=t.accounts, contracts=t.contracts)


def _notice(manager: DialogManager) -> str:
    text = manager.dialog_data.pop("notice", None)
    return f"\n\n{text}" if text else ""


# --- 1. the document ------------------------------------------------------------------------


async def kind_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    principal, documents, _o, i18n = _mw(dialog_manager)
    kinds = documents.kinds(principal)
    selected = await _selected(dialog_manager, None)
    return {
        "text": i18n("doc-choose", selected=selected) + _notice(dialog_manager),
        "kinds": [(k.value, i18n(f"doc-kind-{k.value}")) for k in kinds],
        "may_numbers": principal.may("numbers"),
    }


async def on_numbers_typed(message: Message, _: Any, manager: DialogManager) -> None:
    principal, documents, _o, i18n = _mw(manager)
    pieces = [p.strip() for p in (message.text or "").replace(",", "\n").splitlines() if p.strip()]
    wanted = {e: p for p in pieces[:TYPED_MAX] if (e := normalize(p))}
    ids, missing = await documents.lookup(principal, list(wanted))
    missing = [wanted[e] for e in missing] + [p for p in pieces if not normalize(p)]
    if ids:
        manager.dialog_data["source"] = {"number_ids": ids}
    if missing:
        manager.dialog_data["notice"] = i18n(
            "doc-numbers-missing", list=escape(", ".join(missing[:20]))
        )


async def on_kind(cb: CallbackQuery, _: Any, manager: DialogManager, code: str) -> None:
    principal, documents, _o, i18n = _mw(manager)
    allowed = {k.value for k in documents.kinds(principal)}
    if code not in allowed:  # the id came from the client
        await cb.answer(i18n("err-not-allowed"), show_alert=True)
        return
    kind = DocKind(code)
    try:
        await documents.resolve(principal, kind, await chosen_ids(manager))
    except DocumentError as err:
        manager.dialog_data["notice"] = i18n(f"doc-error-{err.code}")
        return
    manager.dialog_data.update(kind=code, consent=False)
    await manager.switch_to(DocumentsSG.period)


# --- 2. the period --------------------------------------------------------------------------


async def period_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    _p, documents, _o, i18n = _mw(dialog_manager)
    kind = _kind(dialog_manager)
    today = documents.today()
    presets = []
    for k in PRESETS:
        p = Period.preset(k, today)
        presets.append((k.value, i18n(f"doc-period-{k.value}", label=p.label(i18n.lang))))
    return {
        "text": i18n(
            "doc-period",
            doc=i18n(f"doc-kind-{kind.value}") if kind else "",
            selected=await _selected(dialog_manager, kind),
        )
        + _notice(dialog_manager),
        "presets": presets,
    }


async def on_preset(cb: CallbackQuery, _: Any, manager: DialogManager, code: str) -> None:
    _p, documents, _o, _i = _mw(manager)
    if code not in {k.value for k in PRESETS}:
        return
    p = Period.preset(PeriodKind(code), documents.today())
    await _set_period(manager, p)


async def _set_period(manager: DialogManager, p: Period) -> None:
    _p, documents, _o, i18n = _mw(manager)
    try:
        documents.check_period(p.start, p.end)
    except DocumentError as err:
        manager.dialog_data["notice"] = i18n(f"doc-error-{err.code}")
        await manager.switch_to(DocumentsSG.period)
        return
    manager.dialog_data["period"] = [p.start.isoformat(), p.end.isoformat(), p.kind.value]
    await manager.switch_to(DocumentsSG.email)


async def date_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    first = dialog_manager.dialog_data.get("date_from")
    if dialog_manager.current_context().state == DocumentsSG.date_to and first:
        text = i18n("doc-date-to", start=dt.date.fromisoformat(first).strftime("%d.%m.%Y"))
    else:
        text = i18n("doc-date-from")
    return {"text": text + _notice(dialog_manager)}


async def on_date_from(_: CallbackQuery, __: Any, manager: DialogManager, day: dt.date) -> None:
    manager.dialog_data["date_from"] = day.isoformat()
    await manager.switch_to(DocumentsSG.date_to)


async def on_date_to(_: CallbackQuery, __: Any, manager: DialogManager, day: dt.date) -> None:
    start = dt.date.fromisoformat(manager.dialog_data.get("date_from") or day.isoformat())
    await _set_period(manager, Period.custom(start, day))


# --- 3. e-mail ------------------------------------------------------------------------------


async def email_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    principal, _d, orders, i18n = _mw(dialog_manager)
    own = await orders.own_email(principal)
    return {
        "text": i18n("doc-email", own=escape(own or "—")) + _notice(dialog_manager),
        "own": own or "",
        "has_own": bool(own),
        "own_label": i18n("doc-email-own", email=own or ""),
    }


async def on_own_email(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    principal, _d, orders, _i = _mw(manager)
    own = await orders.own_email(principal)
    manager.dialog_data["email"] = own
    await manager.switch_to(DocumentsSG.fmt)


async def on_no_email(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data["email"] = None
    await manager.switch_to(DocumentsSG.fmt)


async def on_email_typed(message: Message, _: Any, manager: DialogManager) -> None:
    text = (message.text or "").strip()
    if not is_email(text) or len(text) > 200:
        manager.dialog_data["notice"] = i18n_of(manager)("doc-email-bad", value=escape(text[:80]))
        return
    manager.dialog_data["email"] = text
    await manager.switch_to(DocumentsSG.fmt)


# --- 4. format, consent, confirm --------------------------------------------------------------


def _spec(manager: DialogManager) -> OrderSpec | None:
    kind, period = _kind(manager), _period(manager)
    fmt = manager.dialog_data.get("fmt")
    if kind is None or period is None or not isinstance(fmt, str) or fmt not in set(DocFormat):
        return None
    return OrderSpec(
        kind=kind,
        fmt=DocFormat(fmt),
        start=period.start,
        end=period.end,
        email=manager.dialog_data.get("email"),
        consent=bool(manager.dialog_data.get("consent")),
        lang=i18n_of(manager).lang,  # the file and the letter speak the user's language
    )


async def fmt_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    return {
        "text": i18n("doc-format"),
        "formats": [(f.value, i18n(f"doc-fmt-{f.value}")) for f in DocFormat],
    }


async def on_fmt(_: CallbackQuery, __: Any, manager: DialogManager, code: str) -> None:
    if code not in DocFormat.__members__.values():
        return
    manager.dialog_data["fmt"] = code
    kind = _kind(manager)
    if kind in PAID_KINDS and not manager.dialog_data.get("consent"):
        await manager.switch_to(DocumentsSG.consent)
    else:
        await manager.switch_to(DocumentsSG.confirm)


async def _with_ids(manager: DialogManager, spec: OrderSpec) -> OrderSpec:
    from dataclasses import replace

    return replace(spec, number_ids=tuple(await chosen_ids(manager)))


async def consent_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    principal, _d, orders, i18n = _mw(dialog_manager)
    spec = _spec(dialog_manager)
    cost = 0
    if spec is not None:
        try:
            cost = await orders.quote(principal, await _with_ids(dialog_manager, spec))
        except DocumentError:
            cost = 0
    return {"text": i18n("doc-consent", cost=money(cost, i18n.lang))}


async def on_consent(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data["consent"] = True
    await manager.switch_to(DocumentsSG.confirm)


async def on_refuse(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data["consent"] = False
    manager.dialog_data["result"] = i18n_of(manager)("doc-refused")
    await manager.switch_to(DocumentsSG.done)


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    principal, _d, orders, i18n = _mw(dialog_manager)
    spec = _spec(dialog_manager)
    if spec is None:
        return {"text": i18n("doc-error-incomplete"), "ok": False}
    period = _period(dialog_manager)
    assert period is not None
    try:
        cost = await orders.quote(principal, await _with_ids(dialog_manager, spec))
    except DocumentError as err:
        return {"text": i18n(f"doc-error-{err.code}"), "ok": False}
    text = i18n(
        "doc-confirm",
        doc=i18n(f"doc-kind-{spec.kind.value}"),
        selected=await _selected(dialog_manager, spec.kind),
        period=f"{period.start:%d.%m.%Y} — {period.end:%d.%m.%Y}",
        fmt=i18n(f"doc-fmt-{spec.fmt.value}"),
        email=escape(spec.email) if spec.email else i18n("doc-email-none"),
        cost=money(cost, i18n.lang),
        paid="yes" if cost else "no",
    )
    return {"text": text + _notice(dialog_manager), "ok": True}


async def on_run(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal, _d, orders, i18n = _mw(manager)
    bot: Bot = manager.middleware_data["bot"]
    spec = _spec(manager)
    if spec is None or cb.message is None:
        return
    spec = await _with_ids(manager, spec)
    chat_id = cb.message.chat.id
    try:
        async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id):
            result = await orders.place(principal, spec)
            for i, part in enumerate(result.parts):
                caption = i18n("doc-file-caption", order=result.order_id) if i == 0 else None
                await bot.send_document(
                    chat_id,
                    BufferedInputFile(part.content, filename=part.filename),
                    caption=caption,
                )
    except DocumentError as err:
        manager.dialog_data["notice"] = i18n(f"doc-error-{err.code}")
        return
    mail: str
    if result.email and result.emailed:
        mail = i18n("doc-done-mail", email=escape(result.email))
    elif result.email:
        mail = i18n("doc-done-mail-big", email=escape(result.email))
    else:
        mail = ""
    manager.dialog_data["result"] = i18n(
        "doc-done",
        order=result.order_id,
        doc=i18n(f"doc-kind-{spec.kind.value}"),
        parts=len(result.parts),
        cost=money(result.cost, i18n.lang),
        paid="yes" if result.cost else "no",
    ) + (f"\n{mail}" if mail else "")
    manager.show_mode = ShowMode.DELETE_AND_SEND  # keep the workplace under the file
    await manager.switch_to(DocumentsSG.done)


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"text": dialog_manager.dialog_data.get("result", "")}


async def on_other(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    for key in ("kind", "period", "fmt", "email", "consent", "result", "date_from"):
        manager.dialog_data.pop(key, None)
    await manager.switch_to(DocumentsSG.kind)
