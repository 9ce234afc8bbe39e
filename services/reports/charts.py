"""Charts as PNG bytes, drawn for a phone: 1080 px wide, large type, legend beside the data.

This module holds what every chart shares (colours, money and unit formats, the texts);
the drawing itself is in ``draw.py``, which imports matplotlib: the report service imports it
on the first chart, so that matplotlib does not slow the bot's start.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from services.formatting import MINUS, NBSP, money
from services.reports.spec import CATEGORY_COLOURS, Kind

STATE_COLOURS = {
    "below_zero": "#d62728",
    "near_limit": "#ff9f1c",
    "ok": "#2ca02c",
    "repaid": "#2ca02c",
    "active": "#1f77b4",
    "overdue": "#d62728",
    "charged": "#d62728",
    "paid": "#2ca02c",
    "voice_min": "#ff7f0e",
    "sms": "#2ca02c",
    "data_gb": "#d62728",
    "so_far": "#1f77b4",
    "top_data": "#d62728",
}
TOP_COLOUR = "#4e79a7"
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#b07aa1",
    "#9c755f",
    "#17becf",
    "#bcbd22",
    "#7f3c8d",
    "#11a579",
    "#3969ac",
)
FONT = 17
INK = "#222222"
GRID = "#dddddd"


def colour(key: str, taken: set[str] | None = None) -> str:
    """The same key gets the same colour on every chart: categories and states have theirs,
    anything else (a tariff) its name's hash, moved on to a free one if the chart has it."""
    if key in CATEGORY_COLOURS:
        return CATEGORY_COLOURS[key]
    if key in STATE_COLOURS:
        return STATE_COLOURS[key]
    start = zlib.crc32(key.encode()) % len(PALETTE)
    for i in range(len(PALETTE)):
        pick = PALETTE[(start + i) % len(PALETTE)]
        if taken is None or pick not in taken:
            if taken is not None:
                taken.add(pick)
            return pick
    return PALETTE[start]


def group_digits(value: int, sep: str) -> str:
    return f"{value:,}".replace(",", sep)


def format_money(kopecks: float, lang: str = "ru") -> str:
    """«1 234,56 ₽» (ru) / «1,234.56 ₽» (en), never broken at the currency."""
    return money(round(kopecks), lang, minus=MINUS, gap=NBSP)


def format_compact_money(kopecks: float, lang: str = "ru") -> str:
    """Axis ticks: «1,2 млн ₽», «350 тыс ₽», «900 ₽»."""
    rub = kopecks / 100
    big = abs(rub)
    units = (("млн", "M"), ("тыс", "k"))
    if big >= 1_000_000:
        text, unit = f"{rub / 1_000_000:.1f}".rstrip("0").rstrip("."), units[0]
    elif big >= 1_000:
        text, unit = f"{rub / 1_000:.0f}", units[1]
    else:
        return f"{rub:.0f} ₽".replace("-", "−")
    if lang == "ru":
        text = text.replace(".", ",")
        return f"{text} {unit[0]} ₽".replace("-", "−")
    return f"{text}{unit[1]} ₽".replace("-", "−")


def format_value(value: float, unit: Kind, lang: str) -> str:
    if unit == Kind.MONEY:
        return format_money(value, lang)
    sep = "\u00a0" if lang == "ru" else ","
    if unit == Kind.MB:
        if value >= 1024:
            whole, tenth = f"{value / 1024:.1f}".split(".")
            point = "," if lang == "ru" else "."
            gb = f"{group_digits(int(whole), sep)}{point}{tenth}"
            return f"{gb} {'ГБ' if lang == 'ru' else 'GB'}"
        return f"{group_digits(int(value), sep)} {'МБ' if lang == 'ru' else 'MB'}"
    if value != int(value):
        text = f"{value:.1f}"
        return text.replace(".", ",") if lang == "ru" else text
    return group_digits(int(value), sep)


@dataclass(frozen=True)
class ChartTexts:
    """Everything a chart says, already in the user's language."""

    title: str
    subtitle: str
    names: dict[str, str] = field(default_factory=dict)  # series / slice key -> label
    lang: str = "ru"
    empty: str = "—"
    projection: str = ""

    def name(self, key: str) -> str:
        return self.names.get(key, key)
