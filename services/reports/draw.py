"""Drawing with matplotlib's object API (no pyplot state), so charts can be made in worker
threads off the event loop; one lock keeps matplotlib's shared font and text caches
single-threaded."""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
import threading
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from services.periods import month_name
from services.reports.charts import (
    FONT,
    GRID,
    INK,
    STATE_COLOURS,
    TOP_COLOUR,
    ChartTexts,
    colour,
    format_compact_money,
    format_money,
    format_value,
)
from services.reports.spec import Chart, ChartKind, Kind

WIDTH_PX, HEIGHT_PX, DPI = 1080, 1080, 100
_LOCK = threading.Lock()


def _month_label(iso: str, lang: str, with_year: bool) -> str:
    day = dt.date.fromisoformat(iso)
    name = month_name(day, lang, short=True)
    return f"{name}\n{day.year}" if with_year else name


def _style(ax: Axes) -> None:
    ax.tick_params(labelsize=FONT - 2, colors=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color=GRID, linewidth=1)
    ax.set_axisbelow(True)


def _figure(texts: ChartTexts, height: int = HEIGHT_PX) -> Figure:
    fig = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI, layout="constrained")
    sub = "\n".join(textwrap.wrap(texts.subtitle, 70))
    fig.suptitle(
        f"{texts.title}\n",
        fontsize=FONT + 6,
        fontweight="bold",
        color=INK,
        linespacing=1.5,
    )
    fig.text(0.5, 1 - 62 / height, sub, ha="center", va="top", fontsize=FONT, color="#555555")
    return fig


def _ticks(unit: Kind, lang: str) -> FuncFormatter:
    if unit == Kind.MONEY:
        return FuncFormatter(lambda v, _pos: format_compact_money(v, lang))
    if unit == Kind.MB:
        return FuncFormatter(lambda v, _pos: format_value(v, Kind.MB, lang) if v else "0")
    return FuncFormatter(lambda v, _pos: format_value(v, Kind.INT, lang))


PIE_PX = 640


def _colours(keys: list[str]) -> list[str]:
    taken: set[str] = set()
    return [colour(k, taken) for k in keys]


def _legend_px(n: int) -> int:
    return 40 + 42 * min(n, 10)


def _pie(fig: Figure, chart: Chart, texts: ChartTexts) -> None:
    values = chart.series[0].values if chart.series else ()
    total = sum(values)
    grid = fig.add_gridspec(2, 1, height_ratios=(PIE_PX, _legend_px(len(values))))
    ax = fig.add_subplot(grid[0])
    legend_ax = fig.add_subplot(grid[1])
    legend_ax.axis("off")
    if not total:
        ax.axis("off")
        ax.text(0.5, 0.5, texts.empty, ha="center", va="center", fontsize=FONT + 4)
        return
    order = sorted(range(len(values)), key=lambda i: -values[i])
    keys = [chart.labels[i] for i in order]
    vals = [values[i] for i in order]
    wedges, _ = ax.pie(
        vals,
        colors=_colours(keys),
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": "white", "linewidth": 2},
    )
    for wedge, v in zip(wedges, vals, strict=True):
        share = v / total
        if share < 0.04:
            continue
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        ax.text(
            0.79 * math.cos(angle),
            0.79 * math.sin(angle),
            f"{share:.0%}",
            ha="center",
            va="center",
            fontsize=FONT - 1,
            fontweight="bold",
            color="white",
        )
    ax.text(
        0,
        0,
        format_value(total, chart.unit, texts.lang),
        ha="center",
        va="center",
        fontsize=FONT + 1,
        fontweight="bold",
        color=INK,
    )
    ax.set_aspect("equal")
    labels = [
        f"{texts.name(k)} — {format_value(v, chart.unit, texts.lang)} ({v / total:.1%})".replace(
            ".", "," if texts.lang == "ru" else "."
        )
        for k, v in zip(keys, vals, strict=True)
    ]
    legend_ax.legend(
        wedges[:10],
        labels[:10],
        loc="upper center",
        frameon=False,
        fontsize=FONT,
        ncol=1,
    )


def _monthly(fig: Figure, chart: Chart, texts: ChartTexts) -> None:
    axis = chart.labels
    years = {dt.date.fromisoformat(m).year for m in axis}
    ticks = [
        _month_label(m, texts.lang, len(years) > 1 and (i == 0 or m[5:7] == "01"))
        for i, m in enumerate(axis)
    ]
    xs = list(range(len(axis)))
    if chart.unit != Kind.MONEY:  # several units: one panel per series
        panels = fig.subplots(len(chart.series) or 1, 1, sharex=True, squeeze=False)[:, 0]
        for ax, series in zip(panels, chart.series, strict=False):
            _style(ax)
            ax.bar(xs, series.values, color=colour(series.key), width=0.7)
            ax.set_title(texts.name(series.key), fontsize=FONT, loc="left", color=INK)
            ax.yaxis.set_major_locator(MaxNLocator(4))
            ax.yaxis.set_major_formatter(_ticks(Kind.INT, texts.lang))
        panels[-1].set_xticks(xs, ticks)
        return
    ax = fig.add_subplot()
    _style(ax)
    n = len(chart.series) or 1
    bottoms = [0.0] * len(axis)
    width = 0.75 if chart.stacked else 0.8 / n
    for i, series in enumerate(chart.series):
        if chart.stacked:
            ax.bar(
                xs,
                series.values,
                bottom=bottoms,
                width=width,
                color=colour(series.key),
                label=texts.name(series.key),
            )
            bottoms = [b + v for b, v in zip(bottoms, series.values, strict=True)]
        else:
            shift = (i - (n - 1) / 2) * width
            ax.bar(
                [x + shift for x in xs],
                series.values,
                width=width,
                color=colour(series.key),
                label=texts.name(series.key),
            )
    ax.set_xticks(xs, ticks)
    ax.yaxis.set_major_formatter(_ticks(chart.unit, texts.lang))
    ax.yaxis.set_major_locator(MaxNLocator(6))
    if not chart.series:
        ax.text(0.5, 0.5, texts.empty, transform=ax.transAxes, ha="center", fontsize=FONT + 4)
        return
    if chart.stacked and len(axis) <= 13:
        top = max(bottoms) or 1
        for x, total in zip(xs, bottoms, strict=True):
            if total:
                label = format_compact_money(total, texts.lang)
                if len(axis) > 6:
                    label = label.removesuffix(" ₽")
                ax.text(
                    x,
                    total + top * 0.01,
                    label,
                    ha="center",
                    va="bottom",
                    fontsize=FONT - 5 if len(axis) > 6 else FONT - 1,
                    color=INK,
                )
        ax.set_ylim(0, top * 1.1)
    fig.legend(
        loc="outside lower center",
        ncol=min(n, 4),
        frameon=False,
        fontsize=FONT,
    )


def _top(fig: Figure, chart: Chart, texts: ChartTexts) -> None:
    ax = fig.add_subplot()
    values = list(chart.series[0].values) if chart.series else []
    labels = list(chart.labels)
    if not values:
        ax.axis("off")
        ax.text(0.5, 0.5, texts.empty, ha="center", va="center", fontsize=FONT + 4)
        return
    _style(ax)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color=GRID)
    ys = list(range(len(values)))[::-1]  # the biggest on top
    negative = min(values) < 0
    if negative:
        bars = [STATE_COLOURS["below_zero"] if v < 0 else STATE_COLOURS["ok"] for v in values]
    else:
        bars = [STATE_COLOURS.get(chart.series[0].key, TOP_COLOUR)] * len(values)
    ax.barh(ys, values, color=bars, height=0.65)
    ax.set_yticks(ys, [lbl if len(lbl) <= 32 else lbl[:31] + "…" for lbl in labels])
    ax.xaxis.set_major_formatter(_ticks(chart.unit, texts.lang))
    ax.xaxis.set_major_locator(MaxNLocator(4))
    span = max(abs(v) for v in values) or 1
    for y, v in zip(ys, values, strict=True):
        ax.text(
            v + (span * 0.01 if v >= 0 else -span * 0.01),
            y,
            format_value(v, chart.unit, texts.lang),
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=FONT - 2,
            color=INK,
        )
    if negative:
        right = max(0.0, max(values))
        ax.set_xlim(min(values) - span * 0.6, right + span * (0.45 if right > 0 else 0.02))
        ax.axvline(0, color=INK, linewidth=1)
    else:
        ax.set_xlim(0, span * 1.45)


def _line(fig: Figure, chart: Chart, texts: ChartTexts) -> None:
    ax = fig.add_subplot()
    _style(ax)
    days = [dt.date.fromisoformat(d) for d in chart.labels]
    values = chart.series[0].values if chart.series else ()
    if not days:
        ax.text(0.5, 0.5, texts.empty, transform=ax.transAxes, ha="center", fontsize=FONT + 4)
        return
    xs = [d.day for d in days]
    ax.plot(
        xs,
        values,
        color=colour("so_far"),
        linewidth=4,
        marker="o",
        markersize=6,
        label=texts.name("so_far"),
    )
    if chart.extra:
        projected, length = chart.extra[0], int(chart.extra[1])
        ax.plot(
            [xs[-1], length],
            [values[-1], projected],
            color=colour("so_far"),
            linestyle="--",
            linewidth=3,
            label=texts.projection,
        )
        ax.annotate(
            format_money(projected, texts.lang),
            (length, projected),
            textcoords="offset points",
            xytext=(-8, 10),
            ha="right",
            fontsize=FONT,
            fontweight="bold",
            color=INK,
        )
        ax.set_xlim(0.5, length + 0.5)
    ax.annotate(
        format_money(values[-1], texts.lang),
        (xs[-1], values[-1]),
        textcoords="offset points",
        xytext=(-10, -30),
        ha="right",
        fontsize=FONT,
        color=INK,
    )
    month = month_name(days[0], texts.lang, short=True)
    step = 5 if len(xs) > 10 or chart.extra else 1
    ticks = sorted({1, *range(step, int(ax.get_xlim()[1]) + 1, step)})
    ax.set_xticks(ticks, [f"{d} {month}" for d in ticks])
    ax.set_ylim(0, max([*values, *(chart.extra[:1] or (0,))]) * 1.15 or 1)
    ax.yaxis.set_major_formatter(_ticks(Kind.MONEY, texts.lang))
    fig.legend(loc="outside lower center", ncol=2, frameon=False, fontsize=FONT)


DRAW: dict[ChartKind, Callable[[Figure, Chart, ChartTexts], None]] = {
    ChartKind.PIE: _pie,
    ChartKind.MONTHLY: _monthly,
    ChartKind.TOP: _top,
    ChartKind.LINE: _line,
}


def render(chart: Chart, texts: ChartTexts) -> bytes:
    """The chart as a 1080-px-wide PNG."""
    height = HEIGHT_PX
    if chart.kind == ChartKind.PIE:
        height = 130 + PIE_PX + _legend_px(len(chart.labels))
    elif chart.kind == ChartKind.TOP:
        height = max(720, 300 + 70 * len(chart.labels))
    elif chart.kind in (ChartKind.MONTHLY, ChartKind.LINE):
        height = 860
    with _LOCK:
        fig = _figure(texts, height)
        DRAW[chart.kind](fig, chart, texts)
        buf = io.BytesIO()
        FigureCanvasAgg(fig).print_png(buf)
    return buf.getvalue()
