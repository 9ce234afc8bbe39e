"""The words of approvals, in each recipient's language (locales/*/approvals.ftl).

Kept apart from the service so the handlers render lists and cards the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from locales import Translator, escape, translator
from services import formatting
from services.approvals.data import RequestInfo, RequestSent, Status
from services.formatting import DEFAULT_TZ, amount, money, pretty_phone, zone
from services.ports import Button, Keyboard
from storage.models import OperationStatus

STATUS_ICON = {
    Status.PENDING: "⏳",
    Status.APPROVED: "✅",
    Status.REJECTED: "❌",
    Status.EXPIRED: "⌛",
    Status.WITHDRAWN: "↩️",
}


def when(tr: Translator, moment: dt.datetime | None, tz_name: str = DEFAULT_TZ) -> str:
    """A moment in the contract's time zone, with the zone said (Moscow time by its name)."""
    if moment is None:
        return "—"
    tz = zone(tz_name)
    if tz.key == DEFAULT_TZ:
        label: str = tr("apr-tz")
    else:
        offset = int((moment.astimezone(tz).utcoffset() or dt.timedelta()).total_seconds())
        hours, minutes = divmod(abs(offset) // 60, 60)
        label = f"UTC{'-' if offset < 0 else '+'}{hours}" + (f":{minutes:02d}" if minutes else "")
    return f"{formatting.moment(moment, tz)} {label}"


class Texts:
    def operation(self, tr: Translator, code: str) -> str:
        key = f"op-{code.replace('_', '-')}"
        return tr(key) if tr.has(key) else escape(code)

    def params(self, tr: Translator, info: RequestInfo) -> str:
        return describe(tr, info.params, info.names, info.timezone)

    def numbers(self, tr: Translator, info: RequestInfo) -> str:
        if info.count == 1 and info.first_number:
            return tr("apr-card-number", number=pretty_phone(info.first_number))
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
        lines: list[str] = [
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
            lines.append(tr("apr-card-cost", cost=amount(info.cost, tr.lang, trim=True)))
        if info.reason:
            lines.append(tr("apr-card-reason", reason=escape(info.reason)))
        if info.escalated:
            lines.append(tr("apr-card-escalated"))
        lines.append("")
        lines.append(
            self.state(tr, info)
            if closed or info.status != Status.PENDING
            else tr("apr-card-expires", when=when(tr, info.expires_at, info.timezone))
        )
        return "\n".join(lines)

    def state(self, tr: Translator, info: RequestInfo) -> str:
        name = escape(info.decided_by_name or "—")
        at = when(tr, info.decided_at, info.timezone)
        if info.status == Status.APPROVED:
            return tr("apr-state-approved", name=name, when=at)
        if info.status == Status.REJECTED:
            text: str = tr("apr-state-rejected", name=name, when=at)
            if info.decision_reason:
                text += "\n" + tr("apr-state-why", reason=escape(info.decision_reason))
            return text
        if info.status == Status.WITHDRAWN:
            if info.decided_by not in (None, info.requester_id):
                # Withdrawn for the author: an admin switched their access off.
                return tr("apr-state-withdrawn-off", name=name, when=at)
            return tr("apr-state-withdrawn", when=at)
        if info.status == Status.EXPIRED:
            return tr("apr-state-expired", when=at)
        return tr("apr-state-pending", when=when(tr, info.expires_at, info.timezone))

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
            return (
                head + "\n" + tr("apr-sent-nobody", when=when(tr, info.expires_at, info.timezone))
            )
        text = head + "\n" + tr("apr-sent", n=sub.approvers)
        if sub.escalated:
            text += "\n" + tr("apr-sent-escalated")
        return text

    def receipt_closed(self, lang: str, info: RequestInfo) -> str:
        """The requester's receipt once the request is closed: what, and how it ended."""
        tr = translator(lang)
        head = tr(
            "apr-sent-what",
            id=info.id,
            op=self.operation(tr, info.code),
            numbers=self.numbers(tr, info),
        )
        return head + "\n" + self.state(tr, info)

    def decided(self, lang: str, info: RequestInfo) -> str:
        tr = translator(lang)
        op = self.operation(tr, info.code)
        name = escape(info.decided_by_name or "—")
        if info.status == Status.APPROVED:
            return tr("apr-you-approved", id=info.id, op=op, name=name)
        text: str = tr("apr-you-rejected", id=info.id, op=op, name=name)
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
        if error or info.op_status == OperationStatus.FAILED:
            return tr("apr-exec-failed", id=info.id)
        if info.op_status == OperationStatus.SCHEDULED:
            return tr("apr-exec-scheduled", id=info.id, when=when(tr, info.run_at, info.timezone))
        if info.op_status == OperationStatus.PARTIAL or info.failed:
            return tr(
                "apr-exec-partial", id=info.id, done=info.done, total=info.count, failed=info.failed
            )
        if info.op_status == OperationStatus.DONE:
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


def describe(
    tr: Translator, params: dict[str, Any], looked_up: dict[str, str], tz: str = DEFAULT_TZ
) -> str:
    """Parameters in words: the operations' own field and option labels, ids as names."""
    parts = []
    for field, value in params.items():
        if value in (None, "", [], {}):
            continue
        label = tr(f"op-field-{field}") if tr.has(f"op-field-{field}") else field
        parts.append(f"{escape(label)}: {_value(tr, field, value, looked_up, tz)}")
    return "; ".join(parts)


def _value(tr: Translator, field: str, value: Any, looked_up: dict[str, str], tz: str) -> str:
    if field in looked_up:
        return escape(looked_up[field])
    if field in _MONEY and isinstance(value, int):
        return money(value, tr.lang, trim=True)
    if isinstance(value, list):
        return ", ".join(_value(tr, field, v, looked_up, tz) for v in value)
    key = f"op-opt-{field}-{value}"
    if tr.has(key):
        return escape(tr(key))
    if isinstance(value, str):
        moment = _moment(value)
        if isinstance(moment, dt.datetime):
            return when(tr, moment, tz)
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
