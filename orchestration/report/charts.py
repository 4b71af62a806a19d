"""Charts as plain geometry: each builder takes explicit data and parameters and returns the positions
the SVG macros of templates/charts.html.j2 draw (no markup here). A builder returns None when there is
nothing to draw, so a figure simply leaves the chart out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from orchestration.report.formatting import nl_number

COLORS = ["#1f5fa8", "#e07b00", "#2a9d3a", "#c0392b", "#7b4fa0", "#8c564b", "#d6619e", "#555555", "#9aa51c", "#17a2b8"]


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Line:
    """One series: its legend entry and the runs of points between gaps (missing/suppressed values)."""

    name: str
    color: str
    segments: list[list[tuple[float, float]]]
    legend_y: float


@dataclass(frozen=True)
class LineChart:
    kind: ClassVar[str] = "line"
    title: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    x_label_y: float
    lines: list[Line]


@dataclass(frozen=True)
class Bar:
    """One bar: its label and, unless the value is missing or suppressed ('*'), its length and text."""

    label: str
    y: float
    length: float | None
    text: str


@dataclass(frozen=True)
class BarChart:
    kind: ClassVar[str] = "bar"
    title: str
    width: int
    height: int
    row: int
    left: int
    color: str
    bars: list[Bar]


def line_chart(
    series: dict[str, list[tuple[int, float | None]]],
    title: str,
    unit: str = "",
    width: int = 720,
    height: int = 280,
) -> LineChart | None:
    """One line per series over the x values (schooljaren), y from 0 to 110 % of the largest value with
    five gridlines; a missing value (None) breaks its line. Legend in the series' order."""
    points = [(x, y) for values in series.values() for x, y in values if y is not None]
    if not points:
        return None
    left, right, top, bottom = 60, 150, 20, 30
    xs = sorted({x for values in series.values() for x, _ in values})
    ymax = (max(y for _, y in points) or 1) * 1.1

    def px(x: int) -> float:
        return round(left + (0 if len(xs) == 1 else xs.index(x) / (len(xs) - 1) * (width - left - right)), 1)

    def py(y: float) -> float:
        return round(top + (1 - y / ymax) * (height - top - bottom), 1)

    lines = []
    for i, (name, values) in enumerate(series.items()):
        segments: list[list[tuple[float, float]]] = [[]]
        for x, y in sorted(values):
            if y is None:
                segments.append([])
            else:
                segments[-1].append((px(x), py(y)))
        lines.append(Line(str(name), COLORS[i % len(COLORS)], [s for s in segments if s], top + 14 * i))
    return LineChart(
        title=title,
        width=width,
        height=height,
        plot_left=left,
        plot_right=width - right,
        plot_bottom=height - bottom,
        x_ticks=[Tick(px(x), str(x)) for x in xs],
        y_ticks=[Tick(py(ymax * i / 4), f"{nl_number(ymax * i / 4, 0)}{unit}") for i in range(5)],
        x_label_y=height - 10,
        lines=lines,
    )


def bar_chart(bars: list[tuple[str, float | None]], title: str, unit: str = "", width: int = 720) -> BarChart | None:
    """Horizontal bars in the given order, lengths relative to the largest value; a missing or
    suppressed value is drawn as '*'."""
    values = [v for _, v in bars if v is not None]
    if not values:
        return None
    row, left = 18, 190
    vmax = max(values) or 1
    return BarChart(
        title=title,
        width=width,
        height=row * len(bars) + 10,
        row=row,
        left=left,
        color=COLORS[0],
        bars=[
            Bar(
                str(label),
                5 + i * row,
                None if v is None else round((width - left - 80) * v / vmax, 1),
                "*" if v is None else f"{nl_number(v)}{unit}",
            )
            for i, (label, v) in enumerate(bars)
        ],
    )
