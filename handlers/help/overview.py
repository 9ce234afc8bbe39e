"""What /help outside a workplace says: only the workplaces this user's role opens."""

from __future__ import annotations

from handlers.workplaces import WORKPLACES, Workplace
from locales import Html, Translator, html_join
from services.access import Principal

OPEN = ("help", "notifications")  # for everybody: help and one's own notifications


def visible(principal: Principal) -> list[Workplace]:
    return [w for w in WORKPLACES if w.key in OPEN or principal.may(w.key)]


def overview(principal: Principal, i18n: Translator) -> Html:
    # Titles only: a description each would take two phone lines a workplace.
    lines = html_join(i18n(w.title_key) for w in visible(principal) if w.key != "help")
    return i18n("help-overview", workplaces=lines)
