"""Charts as plain geometry: each builder takes explicit data and parameters and returns the positions
the SVG macros of templates/charts.html.j2 draw (no markup here). A builder returns None when there is
nothing to draw, so a figure simply leaves the chart out."""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass
from typing import ClassVar

from orchestration.report.formatting import nl_number

COLORS = ["#1f5fa8", "#e07b00", "#2a9d3a", "#c0392b", "#7b4fa0", "#8c564b", "#d6619e", "#555555", "#9aa51c", "#17a2b8"]


@dataclass(frozen=True)
class ChartFrame:
    """What every chart has: its title (the SVG's accessible name) and its size in px."""

    kind: ClassVar[str]
    title: str
    width: int
    height: int


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
class LineChart(ChartFrame):
    kind: ClassVar[str] = "line"
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
class BarChart(ChartFrame):
    kind: ClassVar[str] = "bar"
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


@dataclass(frozen=True)
class SankeyNode:
    """A node bar: x, y (top), height; its label and value text on the outer side."""

    label: str
    x: float
    y: float
    height: float
    color: str
    text: str
    left: bool  # a source (label left of the bar) or a target (label right of it)


@dataclass(frozen=True)
class SankeyLink:
    """A band from (x0, y0) to (x1, y1) (top edges) of the given thickness; mid = the x of the curve's
    control points."""

    x0: float
    y0: float
    x1: float
    y1: float
    mid: float
    thickness: float
    color: str
    title: str


@dataclass(frozen=True)
class Sankey(ChartFrame):
    kind: ClassVar[str] = "sankey"
    node_width: int
    nodes: list[SankeyNode]
    links: list[SankeyLink]


def sankey(
    flows: list[tuple[str, str, float | None]] | list[tuple[str, str, float | None, str]],
    title: str,
    sources: list[str] | None = None,
    targets: list[str] | None = None,
    colors: dict[str, str] | None = None,
    width: int = 720,
    height: int = 360,
) -> Sankey | None:
    """A two-column flow diagram: sources (left) to targets (right), band widths proportional to the
    flows. A flow of None (withheld in the release) is not drawn, and a node's size is the sum of its
    drawn flows, so nothing withheld can be read from the picture. Nodes in the given order (else as
    they first occur); a target's colour from `colors` (default grey) colours its bands, unless a flow
    names its own colour (4th element, e.g. technical mbo or not within one sectorkamer)."""
    drawn = [(f[0], f[1], float(f[2]), f[3] if len(f) > 3 else None) for f in flows if f[2] is not None and f[2] > 0]
    if not drawn:
        return None
    colors = colors or {}
    src = [s for s in dict.fromkeys([*(sources or []), *(f[0] for f in drawn)]) if any(f[0] == s for f in drawn)]
    tgt = [t for t in dict.fromkeys([*(targets or []), *(f[1] for f in drawn)]) if any(f[1] == t for f in drawn)]
    total = sum(f[2] for f in drawn)
    top, gap, node_w, label_w = 10, 10, 12, 170
    scale = (height - 2 * top - gap * (max(len(src), len(tgt)) - 1)) / total
    x_left, x_right = label_w, width - label_w - node_w

    def place(names: list[str], index: int, x: float, left: bool) -> dict[str, SankeyNode]:
        out, y = {}, float(top)
        for name in names:
            value = sum(f[2] for f in drawn if f[index] == name)
            h = value * scale
            color = COLORS[0] if left else colors.get(name, "#999999")
            out[name] = SankeyNode(str(name), x, round(y, 1), round(h, 1), color, f"{name} ({nl_number(value)})", left)
            y += h + gap
        return out

    left_nodes, right_nodes = place(src, 0, x_left, True), place(tgt, 1, x_right, False)
    out_offset = {n: node.y for n, node in left_nodes.items()}
    in_offset = {n: node.y for n, node in right_nodes.items()}
    links = []
    bands = sorted(
        {(src.index(f[0]), tgt.index(f[1]), f[3] or "") for f in drawn}
    )  # in node order on both sides, so that bands do not cross within a node
    for si, ti, color in bands:
        s, t = src[si], tgt[ti]
        v = sum(f[2] for f in drawn if f[0] == s and f[1] == t and (f[3] or "") == color)
        h = v * scale
        links.append(
            SankeyLink(
                x_left + node_w,
                round(out_offset[s], 1),
                x_right,
                round(in_offset[t], 1),
                round((x_left + node_w + x_right) / 2, 1),
                round(h, 1),
                color or colors.get(t, "#999999"),
                f"{s} → {t}: {nl_number(v)}",
            )
        )
        out_offset[s] += h
        in_offset[t] += h
    return Sankey(title, width, height, node_w, [*left_nodes.values(), *right_nodes.values()], links)


@dataclass(frozen=True)
class MapDot:
    x: float
    y: float
    color: str
    title: str
    href: str


@dataclass(frozen=True)
class DotMap(ChartFrame):
    kind: ClassVar[str] = "map"
    dots: list[MapDot]
    legend: list[tuple[str, str]]


def dot_map(
    points: list[tuple[float, float, str, str, str]],
    title: str,
    legend: list[tuple[str, str]] | None = None,
    width: int = 380,
) -> DotMap | None:
    """Dots at (latitude, longitude) - each with colour, title and link - on a map of the area they
    span: equirectangular, longitudes shrunk by the cosine of the mean latitude (right for the
    Netherlands' size), north up, 10 px margin."""
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))
    west, north = min(lons), max(lats)
    span_x = max((max(lons) - west) * shrink, 1e-6)
    span_y = max(north - min(lats), 1e-6)
    margin = 10
    inner = width - 2 * margin
    height = round(inner * span_y / span_x) + 2 * margin
    dots = [
        MapDot(
            round(margin + (lon - west) * shrink / span_x * inner, 1),
            round(margin + (north - lat) / span_y * (height - 2 * margin), 1),
            color,
            text,
            href,
        )
        for lat, lon, color, text, href in points
    ]
    return DotMap(title, width, height, dots, legend or [])


def region_colors(ids: list[str]) -> dict[str, str]:
    """A distinct colour per region (golden-angle hues in the given order)."""
    return {r: hsl(i * 137.508 % 360, 0.65, 0.45) for i, r in enumerate(ids)}


def share_color(value: float | None, low: float, high: float) -> str:
    """A sequential blue from light (low) to dark (high); grey for a missing or withheld value."""
    if value is None:
        return "#bbbbbb"
    t = 0.0 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    return hsl(212, 0.7, 0.85 - 0.6 * t)


def hsl(hue: float, saturation: float, lightness: float) -> str:
    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


Chart = LineChart | BarChart | Sankey | DotMap
