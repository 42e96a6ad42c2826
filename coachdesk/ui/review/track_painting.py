"""Painting the scrubber's still layers — seek groove, tags, notes, activity — into a pixmap.

The scrubber repaints this only when the tags, notes, activity, size or view change; while the
clip plays it only copies a sliver of it back and draws the playhead on top.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPixmap, QPolygonF

NOTE_COLOUR = QColor("#b26a00")  # amber: notes taken live, unlike any tag colour
ACTIVITY_COLOUR = QColor("#4c8c7a")
POINT_WIDTH = 3.0


@dataclass(frozen=True)
class Lanes:
    """Where each lane of the scrubber is, in widget pixels."""

    bar: QRect
    tags: QRect
    notes: QRect
    activity: QRect

    @property
    def left(self) -> int:
        return self.bar.left()

    @property
    def width(self) -> int:
        return max(1, self.bar.width())


@dataclass(frozen=True)
class View:
    """The span of media time shown across the scrubber's width."""

    start_ms: float
    end_ms: float
    lanes: Lanes

    def x_of(self, ms: float) -> float:
        span = max(1.0, self.end_ms - self.start_ms)
        return self.lanes.left + (ms - self.start_ms) * self.lanes.width / span

    def ms_at(self, x: float) -> float:
        span = max(1.0, self.end_ms - self.start_ms)
        return self.start_ms + (x - self.lanes.left) * span / self.lanes.width


@dataclass(frozen=True)
class TrackData:
    """What the scrubber shows, sorted by time."""

    starts: Sequence[int]
    ends: Sequence[int | None]
    colours: Sequence[QColor]
    max_span_ms: int
    note_times: Sequence[int]
    activity: Sequence[float]


def visible_tag_range(data: TrackData, start_ms: float, end_ms: float) -> range:
    """Return the indices of tags that may be drawn between ``start_ms`` and ``end_ms``."""
    first = bisect.bisect_left(data.starts, start_ms - data.max_span_ms)
    last = bisect.bisect_right(data.starts, end_ms)
    return range(first, last)


def render(view: View, data: TrackData, size: QRect, palette: QPalette, ratio: float) -> QPixmap:
    """Return the still layers for ``view`` as a pixmap the size of the widget."""
    pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    lanes = view.lanes
    painter.setPen(Qt.PenStyle.NoPen)
    groove = QRectF(lanes.bar).adjusted(0, 4, 0, -4)
    painter.setBrush(palette.color(QPalette.ColorRole.Mid))
    painter.drawRoundedRect(groove, 3, 3)
    base = palette.color(QPalette.ColorRole.AlternateBase)
    for lane in (lanes.tags, lanes.notes, lanes.activity):
        painter.fillRect(lane, base)
    _paint_activity(painter, view, data.activity)
    _paint_tags(painter, view, data)
    _paint_notes(painter, view, data.note_times)
    painter.end()
    return pixmap


def _paint_tags(painter: QPainter, view: View, data: TrackData) -> None:
    lane = view.lanes.tags
    left, right = float(lane.left()), float(lane.right() + 1)
    span_top, span_height = lane.top() + lane.height() * 0.35, lane.height() * 0.65
    for i in visible_tag_range(data, view.ms_at(left - POINT_WIDTH), view.ms_at(right)):
        colour = data.colours[i]
        x = view.x_of(data.starts[i])
        end = data.ends[i]
        if end is None:
            painter.fillRect(
                QRectF(x - POINT_WIDTH / 2, lane.top(), POINT_WIDTH, lane.height()), colour
            )
            continue
        x_end = max(x + POINT_WIDTH, view.x_of(end))
        faded = QColor(colour)
        faded.setAlpha(110)
        painter.fillRect(QRectF(x, span_top, x_end - x, span_height), faded)
        painter.fillRect(QRectF(x, lane.top(), 2, lane.height()), colour)


def _paint_notes(painter: QPainter, view: View, times: Sequence[int]) -> None:
    lane = view.lanes.notes
    first = bisect.bisect_left(times, view.ms_at(lane.left() - 6))
    last = bisect.bisect_right(times, view.ms_at(lane.right() + 6))
    painter.setBrush(NOTE_COLOUR)
    half = lane.height() / 2
    for ms in times[first:last]:
        x = view.x_of(ms)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(x - half, lane.top()),
                    QPointF(x + half, lane.top()),
                    QPointF(x, lane.bottom() + 1),
                ]
            )
        )


def _paint_activity(painter: QPainter, view: View, values: Sequence[float]) -> None:
    if not values:
        return
    lane = view.lanes.activity
    bottom, height = lane.bottom() + 1.0, lane.height() - 1.0
    path = QPainterPath(QPointF(lane.left(), bottom))
    for x in range(lane.left(), lane.right() + 2):
        first = max(0, int(view.ms_at(x) // 1000))
        last = min(len(values), int(view.ms_at(x + 1) // 1000) + 1)
        level = max(values[first:last], default=0.0)
        path.lineTo(x, bottom - max(0.0, min(1.0, level)) * height)
    path.lineTo(lane.right() + 1, bottom)
    path.closeSubpath()
    fill = QColor(ACTIVITY_COLOUR)
    fill.setAlpha(170)
    painter.fillPath(path, fill)
