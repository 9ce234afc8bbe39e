"""The words of approvals, in each recipient's language (locales/*/approvals.ftl).

Kept apart from the service so the handlers render lists and cards the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from locales import Translator, escape, translator
from services.approvals.data import RequestInfo, RequestSent
from services.numbers.phones import pretty
from services.ports import Button, Keyboard

# The company works on Moscow time unless told otherwise; times say so.
DISPLAY_TZ = ZoneInfo("Europe/Moscow")
STATUS_ICON = {
    "pending": "⏳",
    "approved": "✅",
    "rejected": "❌",
    "expired": "⌛",
    "withdrawn": "↩️",
}


def when(tr: Translator, moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone(DISPLAY_TZ)
    return f"{local:%d.%m.%Y %H:%M} {tr('apr-tz')}"


def money(tr: Translator, kopecks: int) -> str:
    rub, kop = divmod(abs(kopecks), 100)
    sep, dec = ("\u00a0", ",") if tr.lang == "ru" else (",", ".")
    text = f"{rub:,}".replace(",", sep)
    if kop:
        text += f"{dec}{kop:02d}"
    return ("-" if kopecks < 0 else "") + text


class Texts:
    def operation(self, tr: Translator, code: str) -> str:
        for key in (f"op-{code.replace('_', '-')}", f"apr-op-{code}"):
            if tr.has(key):
                return tr(key)
        return escape(code)

    def params(self, tr: Translator, info: RequestInfo) -> str:
        return describe(tr, info.params, info.names)

    def numbers(self, tr: Translator, info: RequestInfo) -> str:
        if info.count == 1 and info.first_number:
            return tr("apr-card-number", number=pretty(info.first_number))
        return tr("apr-card-numbers", n=info.count)

    def card(
        self,
        lang: str,
        info: RequestInfo,
        numbers: Sequence[tuple[str, str]] = (),
        closed: bool = False,
    ) -> str:
        """The approver's message: what is asked, and once closed, how it ended."""
        tr = translator(lang)
        lines = [
            tr("apr-card-title", id=info.id),
            tr("apr-card-from", name=escape(info.requester_name or "—")),
            tr("apr-card-op", op=self.operation(tr, info.code)),
        ]
        number = self.numbers(tr, info)
        if info.count == 1 and numbers and numbers[0][1]:
            number += f" · {escape(numbers[0][1])}"
        lines.append(number)
        if params := self.params(tr, info):
            lines.append(tr("apr-card-params", params=params))
        if info.cost:
            lines.append(tr("apr-card-cost", cost=money(tr, info.cost)))
        if info.reason:
            lines.append(tr("apr-card-reason", reason=escape(info.reason)))
        if info.escalated:
            lines.append(tr("apr-card-escalated"))
        lines.append("")
        lines.append(
            self.state(tr, info)
            if closed or info.status != "pending"
            else tr("apr-card-expires", when=when(tr, info.expires_at))
        )
        return "\n".join(lines)

    def state(self, tr: Translator, info: RequestInfo) -> str:
        name = escape(info.decided_by_name or "—")
        at = when(tr, info.decided_at)
        if info.status == "approved":
            return tr("apr-state-approved", name=name, when=at)
        if info.status == "rejected":
            text = tr("apr-state-rejected", name=name, when=at)
            if info.decision_reason:
                text += "\n" + tr("apr-state-why", reason=escape(info.decision_reason))
            return text
        if info.status == "withdrawn":
            return tr("apr-state-withdrawn", when=at)
        if info.status == "expired":
            return tr("apr-state-expired", when=at)
        return tr("apr-state-pending", when=when(tr, info.expires_at))

    def card_buttons(self, lang: str, request_id: int) -> Keyboard:
        tr = translator(lang)
        return (
            (
                Button(tr("apr-btn-approve"), "approve", request_id),
                Button(tr("apr-btn-reject"), "reject", request_id),
            ),
            (Button(tr("apr-btn-info"), "info", request_id),),
        )

    def requester_buttons(self, lang: str, request_id: int) -> Keyboard:
        tr = translator(lang)
        return (
            (
                Button(tr("apr-btn-justify"), "justify", request_id),
                Button(tr("apr-btn-withdraw"), "withdraw", request_id),
            ),
        )

    def sent(self, lang: str, sub: RequestSent) -> str:
        """The requester's receipt: where the request went, or that nobody can take it."""
        tr = translator(lang)
        info = sub.request
        head = tr(
            "apr-sent-what",
            id=info.id,
            op=self.operation(tr, info.code),
            numbers=self.numbers(tr, info),
        )
        if sub.approvers == 0:
            return head + "\n" + tr("apr-sent-nobody", when=when(tr, info.expires_at))
        text = head + "\n" + tr("apr-sent", n=sub.approvers)
        if sub.escalated:
            text += "\n" + tr("apr-sent-escalated")
        return text

    def decided(self, lang: str, info: RequestInfo) -> str:
        tr = translator(lang)
        op = self.operation(tr, info.code)
        name = escape(info.decided_by_name or "—")
        if info.status == "approved":
            return tr("apr-you-approved", id=info.id, op=op, name=name)
        text = tr("apr-you-rejected", id=info.id, op=op, name=name)
        if info.decision_reason:
            text += "\n" + tr("apr-state-why", reason=escape(info.decision_reason))
        return text

    def expired(self, lang: str, info: RequestInfo) -> str:
        tr = translator(lang)
        return tr("apr-you-expired", id=info.id, op=self.operation(tr, info.code))

    def running(self, lang: str, info: RequestInfo) -> str:
        tr = translator(lang)
        return tr("apr-exec-running", id=info.id, op=self.operation(tr, info.code))

    def executed(self, lang: str, info: RequestInfo, error: bool = False) -> str:
        tr = translator(lang)
        if error or info.op_status == "failed":
            return tr("apr-exec-failed", id=info.id)
        if info.op_status == "scheduled":
            return tr("apr-exec-scheduled", id=info.id, when=when(tr, info.run_at))
        if info.op_status == "partial" or info.failed:
            return tr(
                "apr-exec-partial", id=info.id, done=info.done, total=info.count, failed=info.failed
            )
        if info.op_status == "done":
            return tr("apr-exec-done", id=info.id, done=info.done or info.count, total=info.count)
        return tr("apr-exec-queued", id=info.id)

    def row(self, lang: str, info: RequestInfo, mine: bool) -> str:
        """One line of a list: icon, number, operation, who or how many."""
        tr = translator(lang)
        who = self.numbers(tr, info) if mine else info.requester_name or "—"
        return (
            f"{STATUS_ICON.get(info.status, '')} №{info.id} · "
            f"{self.operation(tr, info.code)} · {who}"
        )


_MONEY = {"amount"}


def describe(tr: Translator, params: dict[str, Any], looked_up: dict[str, str]) -> str:
    """Parameters in words: the operations' own field and option labels, ids as names."""
    parts = []
    for field, value in params.items():
        if value in (None, "", [], {}):
            continue
        label = tr(f"op-field-{field}") if tr.has(f"op-field-{field}") else field
        parts.append(f"{escape(label)}: {_value(tr, field, value, looked_up)}")
    return "; ".join(parts)


def _value(tr: Translator, field: str, value: Any, looked_up: dict[str, str]) -> str:
    if field in looked_up:
        return escape(looked_up[field])
    if field in _MONEY and isinstance(value, int):
        return f"{money(tr, value)} ₽"
    if isinstance(value, list):
        return ", ".join(_value(tr, field, v, looked_up) for v in value)
    key = f"op-opt-{field}-{value}"
    if tr.has(key):
        return escape(tr(key))
    if isinstance(value, str):
        moment = _moment(value)
        if isinstance(moment, dt.datetime):
            return when(tr, moment)
        if moment is not None:
            return f"{moment:%d.%m.%Y}"
    return escape(str(value))


def _moment(value: str) -> dt.datetime | dt.date | None:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.date() if len(value) == 10 else None
    return moment
