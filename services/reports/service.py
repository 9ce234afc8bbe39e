"""Builds reports for a principal: checks the permission, scopes the SQL, renders off the loop."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from locales import translator
from services import history
from services.access import Principal
from services.reports import render
from services.reports.catalogue import REPORTS
from services.reports.scope import PERMISSION, ReportScope
from services.reports.spec import ReportCode, ReportData, ReportRequest, ReportSpec
from services.selections import current_selection_id
from storage.db import Database


class ReportError(Exception):
    """A report the user may not have: ``code`` names the reason for the locale."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ReportFiles:
    """What the chat receives: the summary (HTML) and the charts (PNG bytes)."""

    data: ReportData
    summary: str
    charts: tuple[bytes, ...]


class ReportService:
    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def spec(code: ReportCode) -> ReportSpec:
        return REPORTS[code]

    @staticmethod
    def allowed(principal: Principal) -> bool:
        return principal.may(PERMISSION)

    async def selection(self, principal: Principal) -> int | None:
        """The user's current selection id, if they have one (it may be empty)."""
        return await current_selection_id(self.db, principal)

    async def scope(self, principal: Principal, selection_only: bool) -> ReportScope:
        selection_id = None
        if selection_only:
            selection_id = await self.selection(principal)
            if selection_id is None:
                raise ReportError("no-selection")
        return ReportScope.of(principal, selection_id, sqlite=self.db.is_sqlite)

    async def build(self, principal: Principal, req: ReportRequest) -> ReportData:
        """The report's figures, or ReportError("forbidden") without the permission."""
        if not self.allowed(principal):
            raise ReportError("forbidden")
        spec = REPORTS[req.code]
        if req.grouping not in spec.groupings:
            req = ReportRequest(
                req.code, req.period, spec.groupings[0], req.selection_only, req.today
            )
        scope = await self.scope(principal, req.selection_only)
        async with self.db.session() as s:
            return await spec.query(s, scope, req)

    async def record(
        self, principal: Principal, req: ReportRequest, *, table: bool = False
    ) -> None:
        """A report someone received (its charts or its table) goes into the history."""
        has_period = REPORTS[req.code].has_period
        async with self.db.transaction() as s:
            history.record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action=f"report.{req.code.value}",
                grouping=req.grouping.value,
                start=req.period.start.isoformat() if has_period else None,
                end=req.period.end.isoformat() if has_period else None,
                selection=req.selection_only,
                table=table,
            )

    @staticmethod
    def scope_label(principal: Principal, selection_only: bool) -> str:
        i18n = translator(principal.language)
        if selection_only:
            return i18n("rep-scope-selection")
        if any(g.scope.value == "company" for g in principal.grants_for(PERMISSION)):
            return i18n("rep-scope-company")
        return i18n("rep-scope-mine")

    async def render(
        self, principal: Principal, data: ReportData, selection_only: bool
    ) -> ReportFiles:
        """Summary and every chart with something to show; matplotlib runs in a worker
        thread."""
        i18n = translator(principal.language)
        text = render.summary(data, i18n, self.scope_label(principal, selection_only))
        if data.empty:
            return ReportFiles(data, text, ())
        from services.reports.draw import render as render_chart  # matplotlib: on first use

        charts = []
        for chart in data.charts:
            if not any(v for series in chart.series for v in series.values):
                continue  # a picture of "no data" tells nothing the summary does not
            texts = render.chart_texts(data, chart, i18n)
            charts.append(await asyncio.to_thread(render_chart, chart, texts))
        return ReportFiles(data, text, tuple(charts))

    async def workbook(self, principal: Principal, data: ReportData, selection_only: bool) -> bytes:
        i18n = translator(principal.language)
        label = self.scope_label(principal, selection_only)
        return await asyncio.to_thread(render.workbook, data, i18n, label)

    @staticmethod
    def filename(data: ReportData) -> str:
        day = data.period.end if data.period else data.today or dt.date.today()
        return f"report-{data.code.value}-{day:%Y-%m-%d}.xlsx"
