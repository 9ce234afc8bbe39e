"""How the bot writes money, dates, times and phone numbers: one place, every language.

Money is integer kopecks everywhere; it is shown as «1 234,56 ₽» in Russian and
«1,234.56 ₽» in English (groups of three, never a line break inside the number). Times are
stored UTC-aware and shown in the contract's time zone (`Contract.timezone`); the zone's
abbreviation comes from the texts, so the same moment reads the same in every message.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NBSP = "\u00a0"
CURRENCY = "₽"
# The operator's home zone: contracts without a valid zone of their own are shown in it.
DEFAULT_TZ = "Europe/Moscow"


MINUS = "\u2212"  # the typographic minus of charts and report summaries


def amount(kopecks: int, lang: str = "ru", *, trim: bool = False, minus: str = "-") -> str:
    """The number alone: «1 234,56» / «1,234.56»; `trim` drops «,00» from a round sum."""
    rub, kop = divmod(abs(kopecks), 100)
    group, point = (NBSP, ",") if lang == "ru" else (",", ".")
    text = f"{rub:,}".replace(",", group)
    if kop or not trim:
        text += f"{point}{kop:02d}"
    return (minus if kopecks < 0 else "") + text


def money(
    kopecks: int, lang: str = "ru", *, trim: bool = False, minus: str = "-", gap: str = " "
) -> str:
    """«1 234,56 ₽» / «1,234.56 ₽»; charts keep the sum and its sign together (`gap`=NBSP,
    `minus`=MINUS)."""
    return f"{amount(kopecks, lang, trim=trim, minus=minus)}{gap}{CURRENCY}"


# A sum as people type it: «1500», «1500,50 ₽», «99.9 руб.» (the rouble sign is what
# users write, not a text of ours).
_TYPED_SUM = re.compile(r"^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*(?:₽|р|руб\.?)?\s*$", re.IGNORECASE)


def typed_kopecks(text: str) -> int | None:
    """Kopecks of a typed sum, or None when it is not one."""
    match = _TYPED_SUM.match(text)
    if match is None:
        return None
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


def roubles(kopecks: int) -> Decimal:
    """Kopecks as a Decimal of roubles (a Fluent NUMBER argument, a spreadsheet cell)."""
    return Decimal(kopecks) / 100


@cache
def zone(name: str | None = None) -> ZoneInfo:
    """A time zone by its IANA name; the default zone for an empty or unknown one."""
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def day(value: dt.date | dt.datetime | None, tz: ZoneInfo | None = None) -> str:
    """«31.12.2026»; a moment is first moved to `tz` (the default zone if none)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(tz or zone())
    return f"{value:%d.%m.%Y}"


def moment(value: dt.datetime | None, tz: ZoneInfo | None = None) -> str:
    """«31.12.2026 18:05» in `tz` (the default zone if none)."""
    if value is None:
        return ""
    return f"{value.astimezone(tz or zone()):%d.%m.%Y %H:%M}"


def pretty_phone(e164: str) -> str:
    """+7 (913) 947-95-80, the way the web cabinet shows numbers; others as they are."""
    if e164.startswith("+7") and len(e164) == 12:
        d = e164[2:]
        return f"+7 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}"
    return e164


def short_phone(e164: str) -> str:
    """913 947-95-80: a Russian number on a button, where width is scarce; others as they are."""
    if e164.startswith("+7") and len(e164) == 12:
        d = e164[2:]
        return f"{d[:3]} {d[3:6]}-{d[6:8]}-{d[8:]}"
    return e164
