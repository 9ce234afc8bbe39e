"""The number card: everything about one number, add/remove it from the selection, and the
operations the user may perform or request on it (once that workplace exists)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, Start
from aiogram_dialog.widgets.text import Format

from handlers.guard import guarded, may, refused
from handlers.history.states import HistorySG
from handlers.numbers.common import (
    OPERATIONS_STATE,
    day,
    flash,
    notice,
    operations_available,
    parse_id,
    summary_data,
)
from handlers.numbers.states import CardSG, ListSG, SelectionSG
from handlers.widgets import T, i18n_of
from locales import Html, Translator, escape, html_fmt, html_join
from services.access import Principal
from services.formatting import money, pretty_phone
from services.numbers import Card, NumberDirectory
from services.selections import SelectionService


def _number_id(manager: DialogManager) -> int | None:
    data = manager.start_data if isinstance(manager.start_data, dict) else {}
    return parse_id(data.get("number_id"))


def render(i18n: Translator, c: Card) -> Html:
    e = escape
    parts = [
        i18n(
            "card-head",
            number=pretty_phone(c.msisdn),
            holder=e(c.holder or "—"),
            status=i18n(f"card-status-{c.status}"),
        )
    ]
    if c.comment:
        parts.append(i18n("card-comment", comment=e(c.comment)))
    parts.append(
        i18n(
            "card-body",
            department=e(c.department or "—"),
            contract=c.contract,
            contract_name=e(c.contract_name),
            region=e(c.region),
            account=c.account,
            balance=money(c.balance, i18n.lang),
            settlement=i18n(f"card-settlement-{c.settlement}"),
            tariff=e(c.tariff),
            iccid=c.iccid,
            charges=money(c.month_charges, i18n.lang),
        )
    )
    if c.owed:
        parts.append(i18n("card-owed", amount=money(c.owed, i18n.lang)))
    if c.services:
        lines = []
        for sv in c.services:
            extra = []
            if sv.start_at:
                extra.append(i18n("card-service-from", date=day(sv.start_at)))
            if sv.auto_disable_at:
                extra.append(i18n("card-service-until", date=day(sv.auto_disable_at)))
            more = html_fmt(" ({x})", x=html_join(extra, ", ")) if extra else ""
            lines.append(html_fmt("• {name}{more}", name=sv.name, more=Html(more)))
        parts.append(i18n("card-services", lines=html_join(lines)))
    else:
        parts.append(i18n("card-no-services"))
    if c.blocks:
        parts.append(
            i18n(
                "card-blocks",
                lines=html_join(
                    html_join(
                        [
                            "•",
                            i18n(f"card-block-{kind}"),
                            i18n("card-since", date=day(since)),
                            *([i18n("card-service-until", date=day(until))] if until else []),
                        ],
                        " ",
                    )
                    for kind, since, until in c.blocks
                ),
            )
        )
    if c.forwardings:
        parts.append(
            i18n(
                "card-forwardings",
                lines=html_join(
                    html_fmt(
                        "• {cond} → {to}", cond=i18n(f"card-fwd-{cond}"), to=pretty_phone(target)
                    )
                    for cond, target in c.forwardings
                ),
            )
        )
    if c.limits:
        parts.append(
            i18n(
                "card-limits",
                lines=html_join(
                    html_fmt(
                        "• {amount} — {action}",
                        amount=money(amount, i18n.lang),
                        action=i18n(f"card-limit-{action}"),
                    )
                    for amount, action in c.limits
                ),
            )
        )
    return html_join(parts, "\n\n")


async def card_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    directory: NumberDirectory,
    selections: SelectionService,
    **_: Any,
) -> dict[str, Any]:
    number_id = _number_id(dialog_manager)
    card = await directory.card(principal, number_id) if number_id else None
    if card is None:  # outside scope looks exactly like a number that does not exist
        await refused(dialog_manager, "number", number_id)
        return {
            "notice": notice(dialog_manager),
            "text": i18n("num-not-found"),
            "found": False,
            "in_sel": False,
            "not_in_sel": False,
            "ops": False,
            "account_id": "",
            **await summary_data(dialog_manager),
        }
    in_sel = await selections.contains(principal, card.id)
    return {
        "notice": notice(dialog_manager),
        "text": render(i18n, card),
        "found": True,
        "in_sel": in_sel,
        "not_in_sel": not in_sel,
        "ops": operations_available(principal),
        "history": principal.may("history"),
        "account_id": str(card.account_id),
        **await summary_data(dialog_manager),
    }


async def toggle_selection(cb: CallbackQuery, button: Button, manager: DialogManager) -> None:
    number_id = _number_id(manager)
    principal: Principal = manager.middleware_data["principal"]
    selections: SelectionService = manager.middleware_data["selections"]
    i18n = i18n_of(manager)
    if number_id is None:
        return
    if button.widget_id == "sel_add":
        n = await selections.add(principal, [number_id])
        flash(manager, i18n("sel-added", n=n))
    else:
        n = await selections.remove(principal, [number_id])
        flash(manager, i18n("sel-removed", n=n))


async def open_account(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    directory: NumberDirectory = manager.middleware_data["directory"]
    card = await directory.card(manager.middleware_data["principal"], _number_id(manager) or 0)
    if card is not None:
        await manager.start(ListSG.list, data={"kind": "account", "value": str(card.account_id)})


async def open_operations(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    number_id = _number_id(manager)
    if number_id is None:
        return
    await manager.start(OPERATIONS_STATE, data={"number_ids": [number_id]})


async def open_history(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal: Principal = manager.middleware_data["principal"]
    number_id = _number_id(manager)
    if number_id is None or not principal.may("history"):
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    # The history service applies the scope again to this id.
    await manager.start(HistorySG.main, data={"number_id": number_id})


card_dialog = guarded(
    Window(
        Format("{notice}", when="notice"),
        Format("{text}"),
        Format("\n{selection}", when="selection"),
        # Two a row: the card's text is long, the keyboard should not add to it.
        Row(
            Button(T("card-btn-add"), id="sel_add", on_click=toggle_selection, when="not_in_sel"),
            Button(T("card-btn-remove"), id="sel_rm", on_click=toggle_selection, when="in_sel"),
            Button(T("card-btn-operations"), id="ops", on_click=open_operations, when="ops"),
        ),
        Row(
            Button(T("card-btn-account"), id="acc", on_click=open_account, when="found"),
            Button(T("hist-open"), id="hist", on_click=open_history, when="history"),
        ),
        Row(
            Cancel(T("btn-back")), Start(T("sel-btn-open"), id="to_sel", state=SelectionSG.current)
        ),
        getter=card_getter,
        state=CardSG.card,
    ),
    need=may("numbers"),
)
