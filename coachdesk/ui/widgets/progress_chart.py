"""A small line chart of a goal's measurements over time, with its baseline and target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from coachdesk.core.goals import Measurement

LINE = QColor("#2f6fc6")
BASELINE = QColor("#8a8f98")
TARGET = QColor("#2e8b57")
GRID = QColor("#d9dce1")


@dataclass(frozen=True)
class ChartPoint:
    """One measurement placed in widget coordinates."""

    taken_on: dt.date
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class ChartGeometry:
    """Where everything goes inside the plot rectangle; y grows downwards as on screen."""

    points: tuple[ChartPoint, ...]
    baseline_y: float | None
    target_y: float | None
    low: float  # the value at the bottom edge of the plot
    high: float  # the value at the top edge of the plot


def chart_geometry(
    data: Iterable[tuple[dt.date, float]],
    baseline: float | None,
    target: float | None,
    plot: QRectF,
) -> ChartGeometry:
    """Place dated values, baseline and target in ``plot``: time runs right, values run up."""
    series = sorted(data, key=lambda p: p[0])
    values = [v for _, v in series] + [v for v in (baseline, target) if v is not None]
    if not values:
        return ChartGeometry((), None, None, 0.0, 1.0)
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 if high > low else max(abs(high) * 0.1, 1.0)
    low, high = low - pad, high + pad

    def y_of(value: float) -> float:
        return plot.bottom() - (value - low) / (high - low) * plot.height()

    first, last = (series[0][0], series[-1][0]) if series else (None, None)
    days = (last - first).days if first and last else 0

    def x_of(day: dt.date) -> float:
        if not days or first is None:
            return plot.left()  # one date: the series starts here
        return plot.left() + (day - first).days / days * plot.width()

    points = tuple(ChartPoint(d, v, x_of(d), y_of(v)) for d, v in series)
    return ChartGeometry(
        points,
        y_of(baseline) if baseline is not None else None,
        y_of(target) if target is not None else None,
        low,
        high,
    )


def format_value(value: float, decimals: int = 2) -> str:
    """Return a value as a coach would write it: 8, 2.5, 61.25."""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def with_unit(value: float, unit: str) -> str:
    """Return a value with its unit: "2.5 min", "52%"."""
    text = format_value(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit in {"%", "°"} else f"{text} {unit}"


def _short_date(day: dt.date, with_year: bool) -> str:
    return f"{day.day} {day:%b %Y}" if with_year else f"{day.day} {day:%b}"


class ProgressChart(QWidget):
    """Measurements as a line over time; dashed baseline and target lines; values on points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: tuple[tuple[dt.date, float], ...] = ()
        self._baseline: float | None = None
        self._target: float | None = None
        self._unit = ""
        self.setMinimumSize(240, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Progress chart")
        self.setToolTip("The goal's measure over time: dashed lines show baseline and target")

    # -- data ------------------------------------------------------------------------------

    def set_data(
        self,
        measurements: Iterable[Measurement],
        baseline: float | None,
        target: float | None,
        unit: str = "",
    ) -> None:
        ordered = sorted(measurements, key=lambda m: (m.taken_on, m.id))
        self._points = tuple((m.taken_on, m.value) for m in ordered)
        self._baseline, self._target, self._unit = baseline, target, unit
        self.setAccessibleDescription(self.describe())
        self.update()

    @property
    def points(self) -> tuple[tuple[dt.date, float], ...]:
        """The (date, value) pairs drawn, oldest first."""
        return self._points

    @property
    def baseline(self) -> float | None:
        return self._baseline

    @property
    def target(self) -> float | None:
        return self._target

    def describe(self) -> str:
        """Return the chart in words (for screen readers)."""
        if not self._points:
            return "No measurements yet."
        values = ", ".join(f"{d:%d %b}: {format_value(v)}" for d, v in self._points)
        return f"Measurements {values}."

    def sizeHint(self) -> QSize:
        return QSize(420, 200)

    # -- painting ----------------------------------------------------------------------------

    def plot_rect(self) -> QRectF:
        """Return the rectangle the series is drawn in, leaving room for labels."""
        metrics = QFontMetrics(self._small_font())
        right = max(
            (metrics.horizontalAdvance(text) for text in self._line_labels().values()), default=0
        )
        line = metrics.height()
        return QRectF(self.rect()).adjusted(16, line + 10, -(right + 20), -(line + 12))

    def geometry_now(self) -> ChartGeometry:
        return chart_geometry(self._points, self._baseline, self._target, self.plot_rect())

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        return font

    def _line_labels(self) -> dict[str, str]:
        labels = {}
        if self._baseline is not None:
            labels["baseline"] = f"Baseline {with_unit(self._baseline, self._unit)}"
        if self._target is not None:
            labels["target"] = f"Target {with_unit(self._target, self._unit)}"
        return labels

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(GRID, 1))
        painter.setBrush(self.palette().base())
        painter.drawRoundedRect(frame, 6, 6)
        painter.setFont(self._small_font())
        if not self._points and self._baseline is None and self._target is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                frame,
                Qt.AlignmentFlag.AlignCenter,
                "No measurements yet —\nadd one to see progress here.",
            )
            painter.end()
            return
        plot = self.plot_rect()
        geo = chart_geometry(self._points, self._baseline, self._target, plot)
        self._paint_reference_lines(painter, plot, geo)
        self._paint_series(painter, plot, geo)
        self._paint_dates(painter, plot, geo)
        painter.end()

    def _paint_reference_lines(self, painter: QPainter, plot: QRectF, geo: ChartGeometry) -> None:
        labels = self._line_labels()
        metrics = painter.fontMetrics()
        lines = [("baseline", geo.baseline_y, BASELINE), ("target", geo.target_y, TARGET)]
        for key, y, colour in lines:
            if y is None:
                continue
            pen = QPen(colour, 1.2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(plot.left() - 8, y), QPointF(plot.right() + 8, y))
            painter.setPen(colour)
            text_y = y + metrics.ascent() / 2 - 1
            if geo.baseline_y is not None and geo.target_y is not None:
                # Keep the two labels apart when the lines are close together.
                other = geo.target_y if key == "baseline" else geo.baseline_y
                if abs(other - y) < metrics.height():
                    text_y += metrics.height() / 2 * (1 if y > other else -1)
            painter.drawText(QPointF(plot.right() + 14, text_y), labels[key])

    def _paint_series(self, painter: QPainter, plot: QRectF, geo: ChartGeometry) -> None:
        if not geo.points:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No measurements yet")
            return
        painter.setPen(
            QPen(
                LINE, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF([QPointF(p.x, p.y) for p in geo.points]))
        metrics = painter.fontMetrics()
        for i, point in enumerate(geo.points):
            latest = i == len(geo.points) - 1
            painter.setPen(QPen(LINE, 2))
            painter.setBrush(LINE if latest else self.palette().base().color())
            painter.drawEllipse(QPointF(point.x, point.y), 4, 4)
            text = format_value(point.value)
            width = metrics.horizontalAdvance(text)
            above = point.y - 8 - metrics.height() >= plot.top() - metrics.height()
            text_y = point.y - 8 if above else point.y + 8 + metrics.ascent()
            text_x = min(max(point.x - width / 2, 2), self.width() - width - 2)
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(text_x, text_y), text)

    def _paint_dates(self, painter: QPainter, plot: QRectF, geo: ChartGeometry) -> None:
        if not geo.points:
            return
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(
            QPointF(plot.left() - 8, plot.bottom() + 4),
            QPointF(plot.right() + 8, plot.bottom() + 4),
        )
        first, last = geo.points[0].taken_on, geo.points[-1].taken_on
        with_year = first.year != last.year
        y = plot.bottom() + 6 + painter.fontMetrics().ascent()
        painter.setPen(self.palette().placeholderText().color())
        metrics = painter.fontMetrics()
        left_text = _short_date(first, with_year)
        painter.drawText(QPointF(plot.left() - 8, y), left_text)
        if last != first:
            text = _short_date(last, True)
            painter.drawText(QPointF(plot.right() + 8 - metrics.horizontalAdvance(text), y), text)
