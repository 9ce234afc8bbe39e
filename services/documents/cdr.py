"""Call detail records, generated from the monthly rows at document time.

Why generated, not stored: the billing keeps one traffic row and a few charges per number
and month; a 50,000-number holding would need about eight million event rows a month to
store every call, SMS and data session, for a document few people order. Instead a month
of one number expands into events here, deterministically (the random generator is seeded
by the number and the month, so the same document always lists the same calls), and the
events add up exactly to the month's traffic (minutes, SMS, megabytes) and to its calls,
SMS and data charges, to the kopeck. A real operator's CDR feed would replace this module
and nothing else.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from services.documents.queries import MonthUsage

MSK = dt.timezone(dt.timedelta(hours=3))
AVG_CALL_SECONDS = 210
MB_PER_SESSION = 60


class EventKind(StrEnum):
    CALL = "call"
    SMS = "sms"
    DATA = "data"


@dataclass(frozen=True, slots=True)
class Event:
    at: dt.datetime  # Moscow time
    kind: EventKind
    peer: str  # the other party, or the access point for data
    amount: int  # seconds for calls, 1 for SMS, kilobytes for data
    cost: int  # kopecks


def apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """`total` split in proportion to `weights` into integers that add up exactly."""
    n = len(weights)
    if n == 0:
        return []
    base = minimum * n
    if base > total:
        minimum, base = 0, 0
    rest = total - base
    s = sum(weights) or 1.0
    raw = [rest * w / s for w in weights]
    parts = [int(x) for x in raw]
    short = rest - sum(parts)
    order = sorted(range(n), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[:short]:
        parts[i] += 1
    return [p + minimum for p in parts]


def _seed(number_id: int, period: dt.date) -> int:
    return number_id * 1_000_003 + period.year * 12 + period.month


def _peer(r: random.Random) -> str:
    code = r.choice((903, 905, 909, 913, 915, 916, 925, 926, 953, 960, 977, 985, 999))
    return f"+7{code}{r.randrange(10_000_000):07d}"


def month_events(u: MonthUsage, today: dt.date) -> list[Event]:
    """Every call, SMS and data session of one number's month, in time order."""
    r = random.Random(_seed(u.number_id, u.period))
    nxt = (u.period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last = min(nxt - dt.timedelta(days=1), max(today, u.first_day))
    first = max(u.period, u.first_day)
    if last < first:
        last = first
    span = (last - first).days + 1
    # Working hours most of the time; seconds make every event distinct.
    base = dt.datetime(first.year, first.month, first.day, tzinfo=MSK)

    def moment() -> dt.datetime:
        day = int(r.random() * span)
        second = (
            8 * 3600 + int(r.random() * 13 * 3600)
            if r.random() < 0.85
            else int(r.random() * 86_400)
        )
        return base + dt.timedelta(days=day, seconds=second)

    events: list[Event] = []
    if u.voice_min:
        seconds = u.voice_min * 60
        n = max(1, min(seconds // 20, round(seconds / AVG_CALL_SECONDS)))
        weights = [r.expovariate(1.0) + 0.05 for _ in range(n)]
        durations = apportion(seconds, weights, minimum=5)
        costs = apportion(u.calls, [float(d) for d in durations])
        contacts = [_peer(r) for _ in range(max(3, n // 6))]
        for d, c in zip(durations, costs, strict=True):
            events.append(Event(moment(), EventKind.CALL, r.choice(contacts), d, c))
    if u.sms:
        costs = apportion(u.sms_amount, [1.0] * u.sms)
        for c in costs:
            events.append(Event(moment(), EventKind.SMS, _peer(r), 1, c))
    if u.data_mb:
        kb = u.data_mb * 1024
        n = max(1, min(span * 3, round(u.data_mb / MB_PER_SESSION)))
        weights = [r.random() + 0.1 for _ in range(n)]
        volumes = apportion(kb, weights, minimum=1)
        costs = apportion(u.data_amount, [float(v) for v in volumes])
        for v, c in zip(volumes, costs, strict=True):
            events.append(Event(moment(), EventKind.DATA, "internet", v, c))
    events.sort(key=lambda e: e.at)
    return events


def events_between(
    usage: list[MonthUsage], start: dt.date, end: dt.date, today: dt.date
) -> Iterator[tuple[int, Event]]:
    """(number id, event) of the period, by number then time."""
    for u in sorted(usage, key=lambda u: (u.number_id, u.period)):
        for e in month_events(u, today):
            if start <= e.at.date() <= end:
                yield u.number_id, e
