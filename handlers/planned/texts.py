"""How a scheduled item reads on a phone: what, which numbers, when (both ways), who."""

from __future__ import annotations

from locales import Html, Translator, escape, html_join
from services.formatting import pretty_phone, zone
from services.planned.service import PlanView, rule_of
from services.planned.zones import both_ways
from storage.models import PlanKind


def what(i18n: Translator, v: PlanView) -> Html:
    """«Подключение услуг №12», «Apple Music», «Добровольная: блокировка»…"""
    if v.kind in (PlanKind.OPERATION, PlanKind.APPROVAL):
        key = "op-" + v.what.replace("_", "-")
        title = i18n(key) if i18n.has(key) else escape(v.what)
        what = "pl-what-operation" if v.kind == PlanKind.OPERATION else "pl-what-approval"
        return i18n(what, title=title, id=v.operation_id or 0)
    if v.kind == PlanKind.SERVICE_OFF:
        return i18n("pl-what-service-off", name=v.what)
    if v.kind in (PlanKind.BLOCK_END, PlanKind.BLOCK_SCHEDULE):
        key = f"op-opt-kind-{v.what}"
        kind = i18n(key) if i18n.has(key) else escape(v.what)
        if v.kind == PlanKind.BLOCK_END:
            return i18n("pl-what-block-end", kind=kind)
        return i18n("pl-what-block-schedule", kind=kind, step=i18n(f"pl-step-{v.step or 'on'}"))
    key = f"rep-title-{v.what}"
    return i18n("pl-what-report", title=i18n(key) if i18n.has(key) else escape(v.what))


def label(i18n: Translator, v: PlanView) -> str:
    """The list's short form: the kind's icon and its object («🔌 Apple Music»), so the
    button has room for the time."""
    icon = i18n.plain(f"pl-icon-{v.kind.value}")
    if v.kind in (PlanKind.OPERATION, PlanKind.APPROVAL):
        key = "op-" + v.what.replace("_", "-")
        return f"{icon} {i18n.plain(key) if i18n.has(key) else v.what}"
    if v.kind == PlanKind.REPORT:
        key = f"rep-title-{v.what}"
        return f"{icon} {i18n.plain(key) if i18n.has(key) else v.what}"
    if v.kind == PlanKind.SERVICE_OFF:
        return f"{icon} {v.what}"
    return f"{icon} {what(i18n, v)}"


def numbers(i18n: Translator, v: PlanView) -> Html:
    if not v.numbers:
        return Html("")
    shown = html_join((pretty_phone(m) for m in v.first), ", ")
    more = v.numbers - len(v.first)
    return i18n("pl-numbers", n=v.numbers, first=shown, more=max(more, 0))


def rule_text(i18n: Translator, v: PlanView) -> Html:
    rule = rule_of(v)
    if rule is None:
        return Html("")
    days = i18n("op-weekdays").split()
    parts = []
    for slot in rule.slots:
        at = slot.time.strftime("%H:%M")
        if rule.freq == "weekly" and slot.day is not None:
            when = i18n("pl-rule-weekly", day=days[slot.day], time=at)
        elif rule.freq == "monthly":
            when = i18n("pl-rule-monthly", day=slot.day or 1, time=at)
        else:
            when = i18n("pl-rule-daily", time=at)
        parts.append(
            i18n("pl-rule-step", when=when, step=i18n(f"pl-step-{slot.step}"))
            if slot.step
            else when
        )
    text = html_join(parts, "; ")
    if v.until_at is not None:
        return i18n(
            "pl-rule-until", rule=text, until=f"{v.until_at.astimezone(zone(v.timezone)):%d.%m.%Y}"
        )
    return text


def card(i18n: Translator, v: PlanView) -> Html:
    lines = [
        i18n("pl-card-title", icon=i18n(f"pl-icon-{v.kind.value}"), what=what(i18n, v)),
        i18n("pl-card-kind", kind=i18n(f"pl-kind-{v.kind.value}")),
        i18n("pl-card-when", when=both_ways(i18n, v.at, v.timezone)),
    ]
    rule = rule_text(i18n, v)
    if rule:
        lines.append(i18n("pl-card-rule", rule=rule))
    nums = numbers(i18n, v)
    if nums:
        lines.append(nums)
    if v.cancel_asked:
        lines.append(i18n("pl-card-asked", who=v.cancel_asked))
    who = escape(v.author) if v.author else i18n("pl-system")
    if v.kind == PlanKind.APPROVAL:
        lines += [i18n("pl-card-requester", who=who), Html(""), i18n("pl-approval-hint")]
    else:
        lines.append(i18n("pl-card-who", who=who))
    return html_join(lines)
