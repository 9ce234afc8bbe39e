"""The budget report: this month's limit, spending, what remains and the overruns, by
department or by number, within the user's report scope."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.budget import figures as fg
from services.periods import Period, PeriodKind
from services.reports.scope import ReportScope
from services.reports.spec import (
    Chart,
    ChartKind,
    Column,
    Grouping,
    Kind,
    ReportCode,
    ReportData,
    ReportRequest,
    Series,
)
from storage.models import BudgetLevel

TOP = 10
FIGURES = (
    Column("limit", Kind.MONEY, total=True),
    Column("spent", Kind.MONEY, total=True),
    Column("remaining", Kind.MONEY, total=True),
    Column("overrun", Kind.MONEY, total=True),
)


def _figures(limit: int, spent: int) -> tuple[int, int, int, int]:
    """Without a limit nothing remains and nothing is overrun: only the spending counts."""
    if not limit:
        return 0, spent, 0, 0
    return limit, spent, max(0, limit - spent), max(0, spent - limit)


async def budget(s: AsyncSession, scope: ReportScope, req: ReportRequest) -> ReportData:
    period = Period.preset(PeriodKind.THIS_MONTH, req.today)
    fig = await fg.load(s, period.start, [scope.company_id], scope.numbers)
    limits = {(lim.level, lim.target_id): lim.amount for lim in fig.limits}
    Figs = tuple[int, int, int, int]
    parts: list[tuple[tuple[str, ...], Figs]]
    if req.grouping == Grouping.DEPARTMENT:
        head: tuple[Column, ...] = (Column("department", width=36),)
        spent = fig.by_department()
        parts = [
            ((fig.names[did],), _figures(limits.get((BudgetLevel.DEPARTMENT, did), 0), total))
            for did in fig.paths
            if (total := sum(n.spent for n in fig.in_department(did)))
            or (BudgetLevel.DEPARTMENT, did) in limits
        ]
        if spent.get(None):
            parts.append((("—",), _figures(0, spent[None])))
    else:
        head = (Column("msisdn", width=14), Column("holder", width=30))
        parts = [
            (
                (n.msisdn, n.holder),
                _figures(limits.get((BudgetLevel.NUMBER, n.number_id), 0), n.spent),
            )
            for n in fig.numbers.values()
            if n.spent or (BudgetLevel.NUMBER, n.number_id) in limits
        ]
    parts.sort(key=lambda p: (-p[1][3], -p[1][1]))  # overruns first, then the biggest
    rows: list[tuple[object, ...]] = [(*names, *figs) for names, figs in parts]
    cols = (*head, *FIGURES)
    totals = {c.key: sum(p[1][i] for p in parts) for i, c in enumerate(FIGURES)}
    if scope.whole_company and (company := limits.get((BudgetLevel.COMPANY, 0))):
        totals["limit"] = company  # the company's own limit, not the sum of the parts
        totals["remaining"] = max(0, company - totals["spent"])
        totals["overrun"] = max(0, totals["spent"] - company)
    limited = [figs for _names, figs in parts if figs[0]]
    states = {
        "ok": sum(1 for lim, used, *_ in limited if used < lim * 0.8),
        "near": sum(1 for lim, used, *_ in limited if lim * 0.8 <= used < lim),
        "over": sum(1 for lim, used, *_ in limited if used >= lim),
    }
    shown = [k for k, v in states.items() if v]
    biggest = [p for p in sorted(parts, key=lambda p: -p[1][1])[:TOP] if p[1][1]]
    charts = (
        Chart(
            ChartKind.TOP,
            "budget_spent",
            tuple(" ".join((names[0], *(n[:20] for n in names[1:]))) for names, _ in biggest),
            (Series("spent", tuple(float(figs[1]) for _, figs in biggest)),),
        ),
        Chart(
            ChartKind.PIE,
            "budget_state",
            tuple(f"budget_{k}" for k in shown),
            (Series("limits", tuple(float(states[k]) for k in shown)),),
            Kind.INT,
        ),
    )
    return ReportData(
        ReportCode.BUDGET,
        period,
        req.grouping,
        cols,
        rows,
        totals,
        charts=charts,
        facts={"limited": len(limited), "over_limit": states["over"]},
        today=req.today,
    )
