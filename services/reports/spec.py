"""What a report is, as data: its columns, its charts, its query. Plain types only.

A report declaration (``ReportSpec``) names the query that fills a ``ReportData`` and says
which columns and charts it has; one renderer (``render.py``) turns any ``ReportData`` into
the phone summary, the chart PNGs and the XLSX. A new report is one more declaration.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from services.periods import Period

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from services.reports.scope import ReportScope


class ReportCode(enum.StrEnum):
    PAYMENTS = "payments"
    CATEGORIES = "categories"
    TRAFFIC = "traffic"
    NUMBERS = "numbers"
    PROMISED = "promised"
    BALANCES = "balances"
    UNBILLED = "unbilled"
    BUDGET = "budget"


class Grouping(enum.StrEnum):
    CONTRACT = "contract"
    ACCOUNT = "account"
    DEPARTMENT = "department"
    NUMBER = "number"


class Kind(enum.StrEnum):
    """How a column's values are typed and shown."""

    TEXT = "text"
    MONEY = "money"  # kopecks
    INT = "int"
    MB = "mb"
    DATE = "date"


class ChartKind(enum.StrEnum):
    PIE = "pie"  # structure: a donut of shares
    MONTHLY = "monthly"  # dynamics: stacked bars per month
    TOP = "top"  # horizontal bars of the ten biggest
    LINE = "line"  # a running total over days with a projection


# Charge categories in a fixed order; every chart gives a category the same colour.
CATEGORIES = ("subscription", "calls", "sms", "data", "services", "roaming", "oneoff")
CATEGORY_COLOURS = {
    "subscription": "#1f77b4",
    "calls": "#ff7f0e",
    "sms": "#2ca02c",
    "data": "#d62728",
    "services": "#9467bd",
    "roaming": "#8c564b",
    "oneoff": "#e377c2",
    "other": "#7f7f7f",
}


@dataclass(frozen=True)
class Column:
    key: str  # also the locale key suffix: rep-col-<key>
    kind: Kind = Kind.TEXT
    total: bool = False  # summed in the totals row and the summary
    width: int = 14


@dataclass(frozen=True)
class Series:
    key: str  # a category code or a column key; its label comes from the locale
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    key: str  # rep-chart-<key> is its title
    labels: tuple[str, ...]  # slice / bar labels (already text) or month first days (ISO)
    series: tuple[Series, ...]
    unit: Kind = Kind.MONEY
    stacked: bool = True  # MONTHLY: stacked bars; False: side by side
    extra: tuple[float, ...] = ()  # LINE: (projected month total, days in the month)


@dataclass(frozen=True)
class Mover:
    label: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class ReportData:
    code: ReportCode
    period: Period | None  # None: a snapshot (balances)
    grouping: Grouping | None
    columns: tuple[Column, ...]
    rows: Sequence[tuple[object, ...]]
    totals: dict[str, int]
    previous: dict[str, int] | None = None  # the same totals over the previous period
    headline: str | None = None  # the column compared with the previous period
    movers: tuple[Mover, ...] = ()
    charts: tuple[Chart, ...] = ()
    facts: dict[str, int] = field(default_factory=dict)  # report-specific summary lines
    today: dt.date | None = None

    @property
    def empty(self) -> bool:
        return not self.rows


Query = Callable[["AsyncSession", "ReportScope", "ReportRequest"], Awaitable[ReportData]]


@dataclass(frozen=True)
class ReportRequest:
    code: ReportCode
    period: Period
    grouping: Grouping
    selection_only: bool = False
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class ReportSpec:
    code: ReportCode
    icon: str
    query: Query
    groupings: tuple[Grouping, ...] = tuple(Grouping)
    has_period: bool = True  # False: a snapshot of today (balances, this month so far)
    charts: tuple[ChartKind, ...] = ()
