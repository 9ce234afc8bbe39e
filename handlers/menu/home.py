"""An employee's home: their own number's card with their actions on it.

A user whose every grant is confined to one number (Principal.home_number) has nothing to
select, no contracts, no structure and no files: /start and /menu land here, and each action
opens the operation wizard on that number with the operation (and its usual choice) already
chosen, so a promised payment is: the button, the amount, the confirm button."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager

from handlers.operations.states import OperationsSG
from handlers.widgets import i18n_of
from locales import Html, Translator, escape, html_fmt, html_join
from services.access import Principal
from services.formatting import money, pretty_phone
from services.numbers import Card, NumberDirectory
from services.operations.pipeline import Pipeline
from storage.models import OUTGOING_ONLY


@dataclass(frozen=True)
class HomeAction:
    key: str  # the button's id and its label "home-btn-<key>"
    code: str  # the operation it opens
    preset: dict[str, str] = field(default_factory=dict)  # choices the button already made
    when_blocked: bool | None = None  # shown only on a blocked (True) / working (False) SIM


# The order is the order of the buttons: the commonest first.
ACTIONS: tuple[HomeAction, ...] = (
    HomeAction("promised", "promised_payment"),
    HomeAction("service_on", "services_on"),
    HomeAction("lost", "block_on", {"kind": "lost"}, when_blocked=False),
    HomeAction("unblock", "block_off", when_blocked=True),
    HomeAction("tariff", "tariff"),
    HomeAction("service_off", "services_off"),
)
# Sections an employee still needs besides their number (each checked against the role).
SECTIONS = ("approvals", "appeals", "notifications", "help")


def render(i18n: Translator, c: Card) -> Html:
    parts = [
        i18n(
            "home-head",
            number=pretty_phone(c.msisdn),
            holder=escape(c.holder or "—"),
            status=i18n(f"card-status-{c.status}"),
        ),
        i18n(
            "home-body",
            balance=money(c.balance, i18n.lang),
            tariff=escape(c.tariff),
            charges=money(c.month_charges, i18n.lang),
        ),
    ]
    if c.owed:
        parts.append(i18n("home-owed", amount=money(c.owed, i18n.lang)))
    if c.services:
        parts.append(
            i18n("card-services", lines=html_join(html_fmt("• {n}", n=s.name) for s in c.services))
        )
    else:
        parts.append(i18n("card-no-services"))
    if c.blocks:
        parts.append(
            i18n(
                "card-blocks",
                lines=html_join(
                    html_fmt("• {k}", k=i18n(f"card-block-{k}")) for k, _, _ in c.blocks
                ),
            )
        )
    return html_join(parts, "\n\n")


def _liftable(card: Card) -> list[str]:
    """The kinds of the card's blocks its holder may lift: the budget's bar on outgoing
    calls is lifted by the budget alone."""
    return [kind for kind, _since, _until in card.blocks if kind not in OUTGOING_ONLY]


async def _allowed(manager: DialogManager, card: Card) -> set[str]:
    principal: Principal = manager.middleware_data["principal"]
    pipeline: Pipeline = manager.middleware_data["pipeline"]
    return {s.code for s in await pipeline.available(principal, {"number_ids": [card.id]})}


def _actions(allowed: set[str], card: Card) -> list[HomeAction]:
    """The home actions the role allows on this number, for its current state."""
    blocked = bool(_liftable(card))
    return [
        a
        for a in ACTIONS
        if a.code in allowed and (a.when_blocked is None or a.when_blocked == blocked)
    ]


async def _card(manager: DialogManager) -> Card | None:
    principal: Principal = manager.middleware_data["principal"]
    directory: NumberDirectory = manager.middleware_data["directory"]
    number_id = principal.home_number
    return await directory.card(principal, number_id) if number_id else None


def sections(principal: Principal) -> list[str]:
    return [k for k in SECTIONS if k in ("notifications", "help") or principal.may(k)]


async def home_getter(
    dialog_manager: DialogManager, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    card = await _card(dialog_manager)
    if card is None:  # the number was closed or moved out of the grant
        return {
            "text": i18n("home-gone"),
            "actions": [],
            "more": False,
            "sections": _sections(i18n, principal),
        }
    allowed = await _allowed(dialog_manager, card)
    return {
        "text": render(i18n, card),
        "actions": [(a.key, i18n(f"home-btn-{a.key}")) for a in _actions(allowed, card)],
        # A role given more than the home's actions reaches the rest through the list.
        "more": bool(allowed - {a.code for a in ACTIONS}),
        "sections": _sections(i18n, principal),
    }


def _sections(i18n: Translator, principal: Principal) -> list[tuple[str, str]]:
    return [(k, i18n(f"home-wp-{k}")) for k in sections(principal)]


async def on_action(cb: CallbackQuery, _: Any, manager: DialogManager, key: str) -> None:
    card = await _card(manager)
    # The key came from the client: only an action shown for this number right now runs.
    actions = _actions(await _allowed(manager, card), card) if card else []
    action = next((a for a in actions if a.key == key), None)
    if card is None or action is None:
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    preset = dict(action.preset)
    if action.code == "block_off" and _liftable(card):
        preset["kind"] = _liftable(card)[0]
    await manager.start(
        OperationsSG.choose,
        data={"number_ids": [card.id], "code": action.code, "preset": preset},
    )


async def on_more(cb: CallbackQuery, _: Any, manager: DialogManager) -> None:
    principal: Principal = manager.middleware_data["principal"]
    if principal.home_number is None:
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    await manager.start(OperationsSG.choose, data={"number_ids": [principal.home_number]})
