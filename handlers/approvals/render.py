"""Texts the approval handlers show, built from the service's plain data."""

from __future__ import annotations

from typing import Any

from locales import Translator, escape
from services.approvals import Details, Outcome, Result, Status
from services.approvals.texts import Texts, when
from services.numbers.phones import pretty

DONE_KEYS = {
    Status.APPROVED: "apr-ans-approved",
    Status.REJECTED: "apr-ans-rejected",
    Status.WITHDRAWN: "apr-ans-withdrawn",
}
REFUSED_KEYS = {
    Outcome.NOT_FOUND: "apr-ans-not-found",
    Outcome.SELF: "apr-ans-self",
    Outcome.FORBIDDEN: "apr-ans-forbidden",
}


def status_label(i18n: Translator, status: str) -> str:
    return i18n(f"apr-status-{status}")


def answer(i18n: Translator, res: Result) -> tuple[str, bool]:
    """The callback answer for a decision: (text, as an alert?)."""
    if res.outcome == Outcome.DONE and res.request is not None:
        return i18n(DONE_KEYS.get(res.request.status, "apr-ans-approved")), False
    if res.outcome == Outcome.ALREADY and res.request is not None:
        return i18n(
            "apr-ans-already", id=res.request.id, status=status_label(i18n, res.request.status)
        ), True
    return i18n(REFUSED_KEYS.get(res.outcome, "apr-ans-forbidden")), True


def details(i18n: Translator, texts: Texts, d: Details) -> str:
    info = d.request
    lines = [
        texts.card(i18n.lang, info, d.numbers),
        "",
        i18n("apr-details-created", when=when(i18n, info.created_at)),
        i18n("apr-details-numbers", n=info.count),
    ]
    for msisdn, holder in d.numbers:
        lines.append(f"• {pretty(msisdn)}" + (f" — {escape(holder)}" if holder else ""))
    if info.count > len(d.numbers):
        lines.append(i18n("apr-details-more", n=info.count - len(d.numbers)))
    lines.append("")
    if d.history:
        lines.append(i18n("apr-details-history"))
        for past in d.history:
            lines.append(
                f"{escape(texts.row(i18n.lang, past, mine=True))} — "
                f"{status_label(i18n, past.status)}, {when(i18n, past.created_at)}"
            )
    else:
        lines.append(i18n("apr-details-no-history"))
    return "\n".join(lines)


async def reply(cb: Any, data: dict[str, Any], text: str, alert: bool) -> None:
    """Answer a callback now, before aiogram-dialog's or the middleware's empty answer."""
    ca = data.get("callback_answer")
    if ca is not None and not ca.answered and not ca.disabled:
        ca.disable()
    await cb.answer(text or None, show_alert=alert)
