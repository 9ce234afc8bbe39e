"""The one renderer: any ``ReportData`` as a phone summary, chart texts and an XLSX."""

from __future__ import annotations

from collections.abc import Callable

from locales import Translator, escape
from services.reports import xlsx
from services.reports.catalogue import REPORTS
from services.reports.charts import ChartTexts, format_money, format_value
from services.reports.spec import CATEGORIES, Chart, Column, Kind, ReportData

# Series and slice keys that have a translated name (rep-name-<key>).
NAMED = frozenset(
    {
        *CATEGORIES,
        "charged",
        "paid",
        "voice_min",
        "sms",
        "data_gb",
        "repaid",
        "active",
        "overdue",
        "below_zero",
        "near_limit",
        "ok",
        "so_far",
        "advance",
        "credit",
        "blocked",
        "closed",
        "budget_ok",
        "budget_near",
        "budget_over",
    }
)
MAX_SUMMARY_TOTALS = 9


def period_text(data: ReportData, i18n: Translator) -> str:
    if data.period is None:
        day = data.today.strftime("%d.%m.%Y") if data.today else ""
        return i18n("rep-snapshot", date=day)
    return data.period.label(i18n.lang)


def subtitle(data: ReportData, i18n: Translator) -> str:
    parts = [period_text(data, i18n)]
    if data.grouping is not None and len(data.columns) and data.code != "numbers":
        parts.append(i18n(f"rep-by-{data.grouping.value}"))
    return " · ".join(parts)


def value(column: Column, v: int, lang: str) -> str:
    return format_value(v, column.kind, lang)


def name(i18n: Translator, key: str) -> str:
    return i18n(f"rep-name-{key}") if key in NAMED else key


def cell_text(i18n: Translator) -> Callable[[Column, object], str]:
    def text(column: Column, v: object) -> str:
        if column.key in ("status", "state", "settlement"):
            return name(i18n, str(v))
        return "" if v is None else str(v)

    return text


def change_line(data: ReportData, i18n: Translator) -> str | None:
    if not data.headline or data.previous is None:
        return None
    cur = data.totals.get(data.headline, 0)
    prev = data.previous.get(data.headline, 0)
    column = next(c for c in data.columns if c.key == data.headline)
    if not prev:
        return i18n("rep-change-none")
    pct = (cur - prev) * 100 / abs(prev)
    arrow = "▲" if cur > prev else "▼" if cur < prev else "="
    pct_text = f"{abs(pct):.1f}"
    if i18n.lang == "ru":
        pct_text = pct_text.replace(".", ",")
    return i18n("rep-change", arrow=arrow, pct=pct_text, prev=value(column, prev, i18n.lang))


def summary(data: ReportData, i18n: Translator, scope: str) -> str:
    """A few lines that fit a phone: totals, change, the three biggest movers (HTML)."""
    lang = i18n.lang
    lines = [
        f"<b>{REPORTS[data.code].icon} {escape(i18n(f'rep-title-{data.code.value}'))}</b>",
        escape(subtitle(data, i18n)),
        escape(scope),
        "",
    ]
    if data.empty:
        lines.append(escape(i18n(f"rep-empty-{data.code.value}")))
        return "\n".join(lines)
    shown = [c for c in data.columns if c.total and data.totals.get(c.key)]
    for c in shown[:MAX_SUMMARY_TOTALS]:
        text = value(c, data.totals[c.key], lang)
        # A column's header may carry its unit ("Интернет, МБ"); a total says its own.
        label = f"rep-sum-{c.key}" if i18n.has(f"rep-sum-{c.key}") else f"rep-col-{c.key}"
        lines.append(f"{escape(i18n(label))}: <b>{escape(text)}</b>")
    for key, n in data.facts.items():
        if i18n.has(f"rep-fact-{key}"):
            lines.append(escape(i18n(f"rep-fact-{key}", n=n)))
    change = change_line(data, i18n)
    if change:
        lines.append(escape(change))
    had_before = bool(data.previous and data.headline and data.previous.get(data.headline))
    if data.movers and data.headline and had_before:
        column = next(c for c in data.columns if c.key == data.headline)
        lines += ["", escape(i18n("rep-movers"))]
        for m in data.movers:
            delta = value(column, abs(m.change), lang)
            sign = "+" if m.change > 0 else "−"
            lines.append(f"• {escape(m.label)}: {sign}{escape(delta)}")
    return "\n".join(lines)


def chart_texts(data: ReportData, chart: Chart, i18n: Translator) -> ChartTexts:
    names = {k: name(i18n, k) for k in (*chart.labels, *(s.key for s in chart.series))}
    return ChartTexts(
        title=i18n(f"rep-chart-{chart.key}"),
        subtitle=f"{i18n(f'rep-title-{data.code.value}')}: {subtitle(data, i18n)}",
        names=names,
        lang=i18n.lang,
        empty=i18n("rep-chart-empty"),
        projection=i18n("rep-name-projection"),
    )


def workbook(data: ReportData, i18n: Translator, scope: str) -> bytes:
    headers = [i18n(f"rep-col-{c.key}") for c in data.columns]
    title = f"{i18n(f'rep-title-{data.code.value}')} · {subtitle(data, i18n)} · {scope}"
    text = cell_text(i18n)
    return xlsx.write(data, headers, title, i18n("rep-col-totals"), text)


def money_text(kopecks: int, lang: str) -> str:
    return format_money(kopecks, lang)


__all__ = ["Kind", "chart_texts", "money_text", "summary", "workbook"]
