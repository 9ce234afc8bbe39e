"""The seven reports, one declaration each: the query that fills it, its columns, its charts."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.periods import Period, PeriodKind, month_end, months_between
from services.reports import account_queries as aq
from services.reports import queries as q
from services.reports.budget import budget
from services.reports.scope import ReportScope
from services.reports.spec import (
    CATEGORIES,
    Chart,
    ChartKind,
    Column,
    Grouping,
    Kind,
    Mover,
    ReportCode,
    ReportData,
    ReportRequest,
    ReportSpec,
    Series,
)

TOP = 10


def group_header(grouping: Grouping) -> tuple[Column, ...]:
    if grouping == Grouping.CONTRACT:
        return Column("contract", width=14), Column("name", width=32)
    if grouping == Grouping.ACCOUNT:
        return Column("account", width=15), Column("name", width=32)
    if grouping == Grouping.DEPARTMENT:
        return (Column("department", width=36),)
    return Column("msisdn", width=14), Column("holder", width=30)


def label_of(row: Sequence[Any], width: int) -> str:
    """How a group is named on a chart or in the summary: code and a short name."""
    code = str(row[0] or "—")
    if width > 1 and row[1]:
        name = str(row[1])
        return f"{code} {name[:22]}…" if len(name) > 23 else f"{code} {name}"
    return code


def movers(rows: Sequence[Sequence[Any]], width: int, cur: int, prev: int) -> tuple[Mover, ...]:
    """The three groups whose figure changed the most against the previous period."""
    top = heapq.nlargest(3, rows, key=lambda r: abs(int(r[cur]) - int(r[prev])))
    return tuple(
        Mover(label_of(r, width), int(r[cur]), int(r[prev]))
        for r in top
        if int(r[cur]) != int(r[prev])
    )


def top_chart(
    key: str, rows: Sequence[Sequence[Any]], width: int, idx: int, unit: Kind = Kind.MONEY
) -> Chart:
    best = [r for r in rows[:TOP] if r[idx]]
    return Chart(
        ChartKind.TOP,
        key,
        tuple(label_of(r, width) for r in best),
        (Series(key, tuple(float(r[idx]) for r in best)),),
        unit,
    )


def month_axis(period: Period) -> tuple[str, ...]:
    return tuple(m.isoformat() for m in months_between(period.start, period.end))


def monthly_chart(
    key: str,
    period: Period,
    cells: dict[tuple[str, str], float],
    series: Sequence[str],
    unit: Kind = Kind.MONEY,
) -> Chart:
    """cells[(month ISO, series key)] -> value; series without any value are left out."""
    axis = month_axis(period)
    out = []
    for code in series:
        values = tuple(cells.get((m, code), 0.0) for m in axis)
        if any(values):
            out.append(Series(code, values))
    return Chart(ChartKind.MONTHLY, key, axis, tuple(out), unit)


def totals_of(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> dict[str, int]:
    """Sum the total columns over the (already aggregated) group rows."""
    return {c.key: sum(int(r[i] or 0) for r in rows) for i, c in enumerate(columns) if c.total}


# ---- the reports -----------------------------------------------------------------------


async def categories(s: AsyncSession, scope: ReportScope, req: ReportRequest) -> ReportData:
    period, grouping = req.period, req.grouping
    head = group_header(grouping)
    w = len(head)
    rows = await q.charges_by_group(s, scope, period, grouping)
    cols = (
        *head,
        *(Column(c, Kind.MONEY, total=True) for c in CATEGORIES),
        Column("total", Kind.MONEY, total=True),
    )
    table = [tuple(r[: w + len(CATEGORIES) + 1]) for r in rows if r[w + len(CATEGORIES)]]
    totals = totals_of(cols, table)
    prev = sum(int(r[-1]) for r in rows)
    monthly = await q.charges_by_month(s, scope, period)
    cells = {(q.as_date(m).isoformat(), c): float(v) for m, c, v in monthly}
    structure = [(c, totals[c]) for c in CATEGORIES if totals[c] > 0]
    charts = (
        Chart(
            ChartKind.PIE,
            "structure",
            tuple(c for c, _ in structure),
            (Series("total", tuple(float(v) for _, v in structure)),),
        ),
        monthly_chart("by_month", period, cells, CATEGORIES),
        top_chart("top_groups", table, w, len(cols) - 1),
    )
    return ReportData(
        ReportCode.CATEGORIES,
        period,
        grouping,
        cols,
        table,
        totals,
        previous={"total": prev},
        headline="total",
        movers=movers(rows, w, w + len(CATEGORIES), w + len(CATEGORIES) + 1),
        charts=charts,
        today=req.today,
    )


async def payments(s: AsyncSession, scope: ReportScope, req: ReportRequest) -> ReportData:
    period, grouping = req.period, req.grouping
    head = group_header(grouping)
    w = len(head)
    rows = await aq.payments_by_group(s, scope, period, grouping)
    cols = (
        *head,
        Column("opening", Kind.MONEY, total=True),
        Column("charged", Kind.MONEY, total=True),
        Column("paid", Kind.MONEY, total=True),
        Column("closing", Kind.MONEY, total=True),
    )
    table = [tuple(r[: w + 4]) for r in rows]
    totals = totals_of(cols, table)
    prev = sum(int(r[-1]) for r in rows)
    cells: dict[tuple[str, str], float] = {}
    for m, charged, paid in await aq.payments_by_month(s, scope, period):
        cells[(m, "charged")] = float(charged)
        cells[(m, "paid")] = float(paid)
    reconciled = totals["opening"] + totals["paid"] - totals["charged"] == totals["closing"]
    charts = (
        Chart(
            ChartKind.MONTHLY,
            "charged_paid",
            month_axis(period),
            tuple(
                Series(k, tuple(cells.get((m, k), 0.0) for m in month_axis(period)))
                for k in ("charged", "paid")
            ),
            stacked=False,
        ),
        top_chart("top_charged", table, w, w + 1),
    )
    return ReportData(
        ReportCode.PAYMENTS,
        period,
        grouping,
        cols,
        table,
        totals,
        previous={"charged": prev},
        headline="charged",
        movers=movers(rows, w, w + 1, w + 4),
        charts=charts,
        facts={"reconciled": int(reconciled), "accounts": len(table)},
        today=req.today,
    )


async def traffic(s: AsyncSession, scope: ReportScope, req: ReportRequest) -> ReportData:
    period, grouping = req.period, req.grouping
    head = group_header(grouping)
    w = len(head)
    rows = await q.traffic_by_group(s, scope, period, grouping)
    cols = (
        *head,
        Column("voice_min", Kind.INT, total=True),
        Column("sms", Kind.INT, total=True),
        Column("data_mb", Kind.MB, total=True),
    )
    table = [tuple(r[: w + 3]) for r in rows if any(r[w : w + 3])]
    totals = totals_of(cols, table)
    cells: dict[tuple[str, str], float] = {}
    for m, voice, sms, mb in await q.traffic_by_month(s, scope, period):
        key = q.as_date(m).isoformat()
        cells[(key, "voice_min")] = float(voice)
        cells[(key, "sms")] = float(sms)
        cells[(key, "data_gb")] = float(mb) / 1024
    top = await q.traffic_top_numbers(s, scope, period)
    monthly = monthly_chart("traffic_month", period, cells, ("voice_min", "sms", "data_gb"))
    charts = (
        Chart(ChartKind.MONTHLY, monthly.key, monthly.labels, monthly.series, Kind.INT),
        top_chart("top_data", top, 2, 2, Kind.MB),
    )
    return ReportData(
        ReportCode.TRAFFIC,
        period,
        grouping,
        cols,
        table,
        totals,
        previous={"data_mb": sum(int(r[-1]) for r in rows)},
        headline="data_mb",
        movers=movers(rows, w, w + 2, w + 3),
        charts=charts,
        today=req.today,
    )


async def numbers(s: AsyncSession, scope: ReportScope, req: ReportRequest) -> ReportData:
    period = req.period
    rows = await q.numbers_list(s, scope, period)
    cols = (
        Column("msisdn", width=14),
        Column("holder", width=30),
        Column("department", width=28),
        Column("tariff", width=22),
        Column("status", width=12),
        Column("spend", Kind.MONEY, total=True),
    )
    table = [(*r[:4], str(r[4].value if hasattr(r[4], "value") else r[4]), r[5]) for r in rows]
    totals = totals_of(cols, table)
    totals["count"] = len(table)
    facts = {
        f"status_{getattr(st, 'value', st)}": int(n)
        for st, n in await q.numbers_by_status(s, scope)
    }
    # The per-number sums are in hand: folding them by tariff costs milliseconds, where a
    # second GROUP BY over the period's charges cost more than the list itself.
    by_tariff: dict[str, int] = {}
    for r in rows:
        by_tariff[str(r[3])] = by_tariff.get(str(r[3]), 0) + int(r[5] or 0)
    tariffs = sorted(((t, v) for t, v in by_tariff.items() if v), key=lambda tv: -tv[1])
    charts = (
        Chart(
            ChartKind.PIE,
            "by_tariff",
            tuple(str(t) for t, _ in tariffs),
            (Series("spend", tuple(float(v) for _, v in tariffs)),),
        ),
        top_chart("top_spend", table, 2, 5),
    )
    return ReportData(
        ReportCode.NUMBERS,
        period,
        Grouping.NUMBER,
        cols,
        table,
        totals,
        headline=None,
        charts=charts,
        facts=facts,
        today=req.today,
    )


async def promised(s: AsyncSession, scope: ReportScope, req: ReportRequest) -> ReportData:
    period, grouping = req.period, req.grouping
    head = group_header(grouping)
    rows = await aq.promised_by_group(s, scope, period, grouping)
    cols = (
        *head,
        Column("taken_n", Kind.INT, total=True),
        Column("taken", Kind.MONEY, total=True),
        Column("repaid", Kind.MONEY, total=True),
        Column("overdue", Kind.MONEY, total=True),
        Column("active", Kind.MONEY, total=True),
    )
    table = [tuple(r) for r in rows]
    totals = totals_of(cols, table)
    cells: dict[tuple[str, str], float] = {}
    for m, status, amount in await aq.promised_by_month(s, scope, period):
        cells[(q.as_date(m).isoformat(), str(status))] = float(amount)
    states = [(k, totals[k]) for k in ("repaid", "active", "overdue") if totals[k]]
    charts = (
        Chart(
            ChartKind.PIE,
            "promised_state",
            tuple(k for k, _ in states),
            (Series("taken", tuple(float(v) for _, v in states)),),
        ),
        monthly_chart("promised_month", period, cells, ("repaid", "active", "overdue")),
    )
    return ReportData(
        ReportCode.PROMISED,
        period,
        grouping,
        cols,
        table,
        totals,
        charts=charts,
        today=req.today,
    )


async def balances(s: AsyncSession, scope: ReportScope, req: ReportRequest) -> ReportData:
    grouping = req.grouping
    rows = await aq.balances(s, scope, grouping)
    if grouping == Grouping.CONTRACT:
        cols: tuple[Column, ...] = (
            *group_header(grouping),
            Column("accounts", Kind.INT, total=True),
            Column("balance", Kind.MONEY, total=True),
            Column("credit_limit", Kind.MONEY, total=True),
            Column("below_zero", Kind.INT, total=True),
            Column("near_limit", Kind.INT, total=True),
        )
        table = [tuple(r) for r in rows]
        lowest = top_chart("lowest", table, 2, 3)
    else:
        cols = (
            Column("account", width=15),
            Column("name", width=30),
            Column("contract", width=14),
            Column("settlement", width=12),
            Column("balance", Kind.MONEY, total=True),
            Column("credit_limit", Kind.MONEY, total=True),
            Column("state", width=14),
        )
        table = [
            (a, n, c, str(getattr(st, "value", st)), b, lim, state)
            for a, n, c, st, b, lim, state in rows
        ]
        lowest = top_chart("lowest", table, 2, 4)
    totals = totals_of(cols, table)
    states = {str(k): (int(n), int(v or 0)) for k, n, v in await aq.balance_states(s, scope)}
    shown = [k for k in aq.BALANCE_STATE if states.get(k, (0, 0))[0]]
    charts = (
        Chart(
            ChartKind.PIE,
            "balance_state",
            tuple(shown),
            (Series("accounts", tuple(float(states[k][0]) for k in shown)),),
            Kind.INT,
        ),
        lowest,
    )
    facts = {f"n_{k}": states.get(k, (0, 0))[0] for k in aq.BALANCE_STATE}
    facts["accounts"] = sum(n for n, _ in states.values())
    return ReportData(
        ReportCode.BALANCES,
        None,
        grouping,
        cols,
        table,
        totals,
        charts=charts,
        facts=facts,
        today=req.today,
    )


async def unbilled(s: AsyncSession, scope: ReportScope, req: ReportRequest) -> ReportData:
    today = req.today
    period = Period.preset(PeriodKind.THIS_MONTH, today)
    grouping = req.grouping
    head = group_header(grouping)
    w = len(head)
    rows = await q.unbilled_by_group(s, scope, period, grouping)
    length = month_end(today).day
    elapsed = today.day

    def projection(fixed: int, usage: int) -> int:
        return fixed + usage * length // elapsed

    cols = (
        *head,
        Column("fixed", Kind.MONEY, total=True),
        Column("usage", Kind.MONEY, total=True),
        Column("so_far", Kind.MONEY, total=True),
        Column("projection", Kind.MONEY, total=True),
    )
    table = [
        (*r[:w], r[w], r[w + 1], r[w + 2], projection(int(r[w]), int(r[w + 1])))
        for r in rows
        if r[w + 2]
    ]
    totals = totals_of(cols, table)
    running: list[float] = []
    acc = 0
    days = dict((q.as_date(d), int(v)) for d, v in await q.charges_by_day(s, scope, period))
    axis = [period.start + dt.timedelta(days=i) for i in range(elapsed)]
    for d in axis:
        acc += days.get(d, 0)
        running.append(float(acc))
    charts = (
        Chart(
            ChartKind.LINE,
            "so_far",
            tuple(d.isoformat() for d in axis),
            (Series("so_far", tuple(running)),),
            extra=(float(totals.get("projection", 0)), float(length)),
        ),
        top_chart("top_so_far", table, w, w + 2),
    )
    return ReportData(
        ReportCode.UNBILLED,
        period,
        grouping,
        cols,
        table,
        totals,
        previous={"so_far": sum(int(r[-1]) for r in rows)},
        headline="so_far",
        movers=movers([(*r[:w], r[w + 2], r[w + 3]) for r in rows], w, w, w + 1),
        charts=charts,
        today=today,
    )


ACCOUNT_GROUPS = (Grouping.ACCOUNT, Grouping.CONTRACT)
REPORTS: dict[ReportCode, ReportSpec] = {
    spec.code: spec
    for spec in (
        ReportSpec(ReportCode.PAYMENTS, "💳", payments, ACCOUNT_GROUPS),
        ReportSpec(ReportCode.CATEGORIES, "🧾", categories),
        ReportSpec(ReportCode.TRAFFIC, "📶", traffic),
        ReportSpec(ReportCode.NUMBERS, "📱", numbers, (Grouping.NUMBER,)),
        ReportSpec(ReportCode.PROMISED, "🤝", promised, ACCOUNT_GROUPS),
        ReportSpec(ReportCode.BALANCES, "💰", balances, ACCOUNT_GROUPS, has_period=False),
        ReportSpec(ReportCode.UNBILLED, "⏳", unbilled, has_period=False),
        ReportSpec(
            ReportCode.BUDGET,
            "🎯",
            budget,
            (Grouping.DEPARTMENT, Grouping.NUMBER),
            has_period=False,
        ),
    )
}
