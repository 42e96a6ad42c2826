"""A small SVG chart of a goal's measurements, baseline and target — no script, no fonts to load.

Embedded in the summary as a ``data:`` image, so browsers draw it as a picture (nothing in it
can run) and Qt draws it in the PDF with its SVG renderer.
"""

from __future__ import annotations

import base64
import datetime as dt
from html import escape

from coachdesk.core.goals import PeersGoal

WIDTH, HEIGHT = 600, 210
LEFT, RIGHT, TOP, BOTTOM = 40, 104, 18, 30
INSET = 18  # keeps the first and last points off the axes
LINE, BASELINE, TARGET, GRID, INK = "#1f5fa8", "#7a808a", "#23845a", "#dde1e6", "#3b4048"
FONT = "font-family='DejaVu Sans, Arial, Helvetica, sans-serif'"


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Return round values between ``low`` and ``high`` for grid lines."""
    span = high - low
    raw = span / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 0.1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = (low // step + 1) * step
    return [first + i * step for i in range(count + 1) if first + i * step < high]


def _spaced(xs: list[float], gap: float) -> set[int]:
    """Return the indices of ``xs`` to label so labels sit ``gap`` apart; the last always."""
    chosen: list[int] = []
    for i, x in enumerate(xs):
        if not chosen or x - xs[chosen[-1]] >= gap:
            chosen.append(i)
    last = len(xs) - 1
    while chosen and chosen[-1] != last and xs[last] - xs[chosen[-1]] < gap:
        chosen.pop()
    return {*chosen, last}


def progress_svg(goal: PeersGoal) -> str | None:
    """Return the SVG source of the goal's progress chart, or None with no measurements."""
    series = sorted((m.taken_on, m.value) for m in goal.measurements)
    if not series:
        return None
    values = [v for _, v in series] + [v for v in (goal.baseline, goal.target) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 if high > low else max(abs(high) * 0.2, 1.0)
    low, high = max(0.0, low - pad) if low >= 0 else low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    inner_w = plot_w - 2 * INSET
    first, last = series[0][0], series[-1][0]
    days = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + INSET + (day - first).days / days * inner_w

    def y_of(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{HEIGHT}' "
        f"viewBox='0 0 {WIDTH} {HEIGHT}' {FONT} font-size='11'>",
        f"<rect x='0' y='0' width='{WIDTH}' height='{HEIGHT}' fill='#ffffff'/>",
    ]
    for tick in _ticks(low, high):
        y = y_of(tick)
        parts.append(
            f"<line x1='{LEFT}' y1='{y:.1f}' x2='{LEFT + plot_w}' y2='{y:.1f}' stroke='{GRID}'/>"
            f"<text x='{LEFT - 6}' y='{y + 4:.1f}' text-anchor='end' fill='{INK}'>"
            f"{_fmt(tick)}</text>"
        )
    parts.append(
        f"<line x1='{LEFT}' y1='{TOP + plot_h}' x2='{LEFT + plot_w}' y2='{TOP + plot_h}' "
        f"stroke='{BASELINE}'/>"
    )
    lines = ((goal.baseline, BASELINE, "Baseline"), (goal.target, TARGET, "Target"))
    for value, colour, name in lines:
        if value is None:
            continue
        y = y_of(value)
        parts.append(
            f"<line x1='{LEFT}' y1='{y:.1f}' x2='{LEFT + plot_w}' y2='{y:.1f}' stroke='{colour}' "
            f"stroke-width='1.5' stroke-dasharray='6,4'/>"
            f"<text x='{LEFT + plot_w + 8}' y='{y + 4:.1f}' fill='{colour}' font-weight='bold'>"
            f"{name} {escape(_fmt(value))}</text>"
        )
    points = [(x_of(day), y_of(value), day, value) for day, value in series]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        parts.append(
            f"<polyline points='{path}' fill='none' stroke='{LINE}' stroke-width='2.5' "
            "stroke-linejoin='round'/>"
        )
    labelled = _spaced([x for x, _, _, _ in points], gap=56)
    for i, (x, y, day, value) in enumerate(points):
        parts.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='4' fill='{LINE}' stroke='#ffffff' "
            "stroke-width='1.5'/>"
            f"<text x='{x:.1f}' y='{y - 9:.1f}' text-anchor='middle' fill='{LINE}' "
            f"font-weight='bold'>{escape(_fmt(value))}</text>"
        )
        if i in labelled:
            anchor = "middle"
            if len(points) > 1 and i == 0:
                anchor = "start"
            elif len(points) > 1 and i == len(points) - 1:
                anchor = "end"
            parts.append(
                f"<text x='{x:.1f}' y='{TOP + plot_h + 18}' text-anchor='{anchor}' "
                f"fill='{INK}'>{day.day} {day:%b}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def svg_data_uri(svg: str) -> str:
    """Return ``svg`` as a base64 ``data:`` URI for an ``<img>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
