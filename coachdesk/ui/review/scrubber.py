"""The clip's timeline: a seek bar with the tag track, live notes and the activity strip beneath.

Cheap while playing: the still layers are cached in a pixmap (``track_painting``); each tick
moves the playhead (repainting only the sliver it crossed) and finds the current tag with
``bisect`` on the sorted tag starts.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from coachdesk.core.media_time import format_ms
from coachdesk.ui.review.track_painting import Lanes, TrackData, View, render, visible_tag_range

TrackTag = tuple[int, int | None, str | QColor, str]  # start, end or None, colour, label
TrackNote = tuple[int, str]  # media time, text

MARGIN = 6
BAR_H, TAG_H, NOTE_H, ACTIVITY_H, GAP = 16, 18, 9, 22, 3
HIT_PX = 4  # how near a click must be to a mark to hit it
MIN_VIEW_MS = 2000
KNOB_R = 6  # the playhead knob's radius


class Scrubber(QWidget):
    """Click or drag to seek; click a tag mark to go to it; Ctrl+wheel zooms."""

    seek_requested = Signal(int)
    tag_clicked = Signal(int)  # index in the list given to set_tags
    note_clicked = Signal(int)  # index in the list given to set_notes
    current_tag_changed = Signal(int)  # index of the last tag started at the playhead, or -1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Clip timeline: seek bar, tags, live notes and activity")
        self.setToolTip("Click or drag to move through the clip; Ctrl+wheel to zoom")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self._duration = 0
        self._position = 0
        self._view: tuple[float, float] | None = None  # zoomed span, or None for the whole clip
        self._starts: list[int] = []
        self._ends: list[int | None] = []
        self._colours: list[QColor] = []
        self._labels: list[str] = []
        self._order: list[int] = []  # sorted position -> index in the caller's list
        self._max_span = 0
        self._note_times: list[int] = []
        self._note_texts: list[str] = []
        self._note_order: list[int] = []
        self._activity: list[float] = []
        self._current = -1  # sorted position of the current tag
        self._cache: QPixmap | None = None
        self._dragging = False

    # -- data --------------------------------------------------------------------------------

    def set_duration(self, ms: int) -> None:
        self._duration = max(0, int(ms))
        self._view = None
        self._invalidate()

    def duration(self) -> int:
        return self._duration

    def set_tags(self, tags: Sequence[TrackTag]) -> None:
        """Show ``tags`` (start, end or None, colour, label); signals refer to their indices."""
        order = sorted(range(len(tags)), key=lambda i: tags[i][0])
        self._order = order
        self._starts = [int(tags[i][0]) for i in order]
        self._ends = [_end(tags[i][1]) for i in order]
        self._colours = [QColor(tags[i][2]) for i in order]
        self._labels = [tags[i][3] for i in order]
        spans = (e - s for s, e in zip(self._starts, self._ends, strict=True) if e is not None)
        self._max_span = max(spans, default=0)
        self._current = -2  # unknown: set_position announces it again
        self._invalidate()
        self.set_position(self._position, force=True)

    def set_notes(self, notes: Sequence[TrackNote]) -> None:
        """Show live notes at their media times (offset already applied)."""
        order = sorted(range(len(notes)), key=lambda i: notes[i][0])
        self._note_order = order
        self._note_times = [int(notes[i][0]) for i in order]
        self._note_texts = [notes[i][1] for i in order]
        self._invalidate()

    def set_activity(self, per_second: Sequence[float]) -> None:
        """Show how busy each second is (0.0–1.0) as a filled strip."""
        self._activity = [float(v) for v in per_second]
        self._invalidate()

    def tag_count(self) -> int:
        return len(self._starts)

    # -- the playhead ------------------------------------------------------------------------

    def position(self) -> int:
        return self._position

    def set_position(self, ms: int, *, force: bool = False) -> None:
        """Move the playhead; repaint only what it crossed. Called on every player tick."""
        ms = int(ms)
        if ms == self._position and not force:
            return
        view = self._current_view()
        old_x = view.x_of(self._position)
        self._position = ms
        if self._view is not None and not view.start_ms <= ms <= view.end_ms:
            self._follow(ms)
        else:
            new_x = view.x_of(ms)
            left, right = min(old_x, new_x), max(old_x, new_x)
            self.update(
                QRect(int(left) - KNOB_R - 2, 0, int(right - left) + 2 * KNOB_R + 5, self.height())
            )
        current = bisect.bisect_right(self._starts, ms) - 1
        if current != self._current:
            for old_or_new in (self._current, current):
                self._update_tag(old_or_new)
            self._current = current
            self.current_tag_changed.emit(self._order[current] if current >= 0 else -1)

    def current_tag(self) -> int:
        """Return the index of the last tag started at or before the playhead, or -1."""
        return self._order[self._current] if self._current >= 0 else -1

    def next_tag(self, ms: int) -> int:
        """Return the index of the first tag starting after ``ms``, or -1."""
        position = bisect.bisect_right(self._starts, ms)
        return self._order[position] if position < len(self._starts) else -1

    def previous_tag(self, ms: int) -> int:
        """Return the index of the last tag starting before ``ms``, or -1."""
        position = bisect.bisect_left(self._starts, ms) - 1
        return self._order[position] if position >= 0 else -1

    def tag_start(self, index: int) -> int:
        return self._starts[self._order.index(index)]

    # -- view (zoom) -------------------------------------------------------------------------

    def set_view(self, start_ms: float, end_ms: float) -> None:
        """Show only ``start_ms``..``end_ms``; the whole clip when that covers it."""
        start, end = max(0.0, start_ms), min(float(self._duration), end_ms)
        if end - start < MIN_VIEW_MS:
            middle = (start + end) / 2
            start, end = max(0.0, middle - MIN_VIEW_MS / 2), middle + MIN_VIEW_MS / 2
        whole = start <= 0 and end >= self._duration
        self._view = None if whole else (start, end)
        self._invalidate()

    def visible_span(self) -> tuple[int, int]:
        view = self._current_view()
        return int(view.start_ms), int(view.end_ms)

    def _follow(self, ms: int) -> None:
        start, end = self._view or (0.0, float(self._duration))
        width = end - start
        self.set_view(ms - width * 0.1, ms + width * 0.9)

    # -- geometry ----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(600, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 2 * MARGIN + BAR_H + TAG_H + NOTE_H + ACTIVITY_H + 3 * GAP)

    def lanes(self) -> Lanes:
        width = self.width() - 2 * MARGIN
        top = MARGIN // 2
        bar = QRect(MARGIN, top, width, BAR_H)
        tags = QRect(MARGIN, bar.bottom() + 1 + GAP, width, TAG_H)
        notes = QRect(MARGIN, tags.bottom() + 1 + GAP, width, NOTE_H)
        activity = QRect(MARGIN, notes.bottom() + 1 + GAP, width, ACTIVITY_H)
        return Lanes(bar, tags, notes, activity)

    def _current_view(self) -> View:
        start, end = self._view or (0.0, float(max(self._duration, 1)))
        return View(start, end, self.lanes())

    def _data(self) -> TrackData:
        return TrackData(
            self._starts,
            self._ends,
            self._colours,
            self._max_span,
            self._note_times,
            self._activity,
        )

    def _invalidate(self) -> None:
        self._cache = None
        self.update()

    def _update_tag(self, position: int) -> None:
        if 0 <= position < len(self._starts):
            self.update(self._tag_rect(self._current_view(), position).toAlignedRect())

    def _tag_rect(self, view: View, position: int) -> QRectF:
        lane = view.lanes.tags
        x = view.x_of(self._starts[position])
        end = self._ends[position]
        x_end = x + 3 if end is None else max(x + 3, view.x_of(end))
        return QRectF(x - 3, lane.top() - 2, x_end - x + 6, lane.height() + 4)

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        view = self._current_view()
        if self._cache is None or self._cache.deviceIndependentSize().toSize() != self.size():
            self._cache = render(
                view, self._data(), self.rect(), self.palette(), self.devicePixelRatioF()
            )
        painter = QPainter(self)
        exposed = event.rect()
        ratio = self._cache.devicePixelRatio()
        source = QRectF(
            exposed.x() * ratio,
            exposed.y() * ratio,
            exposed.width() * ratio,
            exposed.height() * ratio,
        )
        painter.drawPixmap(QRectF(exposed), self._cache, source)
        if not self._duration:
            return
        lanes = view.lanes
        x = view.x_of(self._position)
        played = QRectF(lanes.bar).adjusted(0, 4, 0, -4)
        played.setRight(max(played.left(), min(x, played.right())))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(played, 3, 3)
        if 0 <= self._current < len(self._starts):
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._tag_rect(view, self._current).adjusted(1.5, 1.5, -1.5, -1.5))
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        painter.drawLine(QPointF(x, lanes.bar.top()), QPointF(x, lanes.activity.bottom()))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Highlight))
        painter.drawEllipse(QPointF(x, lanes.bar.center().y() + 0.5), KNOB_R, KNOB_R)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._cache = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() is QEvent.Type.PaletteChange:
            self._cache = None
        super().changeEvent(event)

    # -- interaction -------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is not Qt.MouseButton.LeftButton or not self._duration:
            super().mousePressEvent(event)
            return
        point = event.position()
        lanes = self.lanes()
        if lanes.tags.adjusted(0, -2, 0, 2).contains(point.toPoint()):
            position = self._tag_near(point.x())
            if position >= 0:
                self.tag_clicked.emit(self._order[position])
                self.seek_requested.emit(self._starts[position])
                return
        if lanes.notes.adjusted(0, -2, 0, 2).contains(point.toPoint()):
            position = self._note_near(point.x())
            if position >= 0:
                self.note_clicked.emit(self._note_order[position])
                self.seek_requested.emit(self._note_times[position])
                return
        self._dragging = True
        self._seek_to_x(point.x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._seek_to_x(event.position().x())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = False
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier or not self._duration:
            super().wheelEvent(event)
            return
        view = self._current_view()
        anchor = view.ms_at(event.position().x())
        factor = 0.8 if event.angleDelta().y() > 0 else 1.25
        self.set_view(
            anchor - (anchor - view.start_ms) * factor, anchor + (view.end_ms - anchor) * factor
        )
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Home:
            self.seek_requested.emit(0)
        elif event.key() == Qt.Key.Key_End and self._duration:
            self.seek_requested.emit(self._duration - 1)
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() is QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(
                event.globalPos(), self.tooltip_at(event.pos().x(), event.pos().y()), self
            )
            return True
        return super().event(event)

    def tooltip_at(self, x: float, y: float) -> str:
        """Return the tooltip for a point: the tag or note under it, or the time."""
        lanes = self.lanes()
        if not self._duration:
            return "No clip loaded"
        ms = max(0, min(self._duration, round(self._current_view().ms_at(x))))
        if lanes.tags.top() - 2 <= y <= lanes.tags.bottom() + 2:
            position = self._tag_near(x)
            if position >= 0:
                start, end = self._starts[position], self._ends[position]
                when = format_ms(start) + (f"–{format_ms(end)}" if end is not None else "")
                return f"{self._labels[position]} at {when} (click to go there)"
        if lanes.notes.top() - 2 <= y <= lanes.notes.bottom() + 2:
            position = self._note_near(x)
            if position >= 0:
                when = format_ms(self._note_times[position])
                return f"Live note at {when}: {self._note_texts[position]}"
        if lanes.activity.top() <= y <= lanes.activity.bottom():
            second = ms // 1000
            level = self._activity[second] if second < len(self._activity) else None
            if level is None:
                return "Activity: not measured yet"
            return f"Activity at {format_ms(ms)}: {round(level * 100)} % of the busiest second"
        return format_ms(ms, tenths=True)

    def _seek_to_x(self, x: float) -> None:
        ms = round(self._current_view().ms_at(x))
        self.seek_requested.emit(max(0, min(self._duration - 1, ms)))

    def _tag_near(self, x: float) -> int:
        """Return the sorted position of the tag drawn nearest ``x`` (within reach), or -1."""
        view = self._current_view()
        best, best_distance = -1, float(HIT_PX) + 0.01
        ms_left, ms_right = view.ms_at(x - HIT_PX), view.ms_at(x + HIT_PX)
        for position in visible_tag_range(self._data(), ms_left, ms_right):
            start_x = view.x_of(self._starts[position])
            end = self._ends[position]
            if end is not None and start_x <= x <= view.x_of(end):
                distance = min(x - start_x, float(HIT_PX))  # inside a span: a weaker hit
            else:
                distance = abs(x - start_x)
            if distance < best_distance:
                best, best_distance = position, distance
        return best

    def _note_near(self, x: float) -> int:
        view = self._current_view()
        first = bisect.bisect_left(self._note_times, view.ms_at(x - HIT_PX - 2))
        last = bisect.bisect_right(self._note_times, view.ms_at(x + HIT_PX + 2))
        if first >= last:
            return -1
        return min(range(first, last), key=lambda p: abs(view.x_of(self._note_times[p]) - x))


def _end(end: int | None) -> int | None:
    return None if end is None else int(end)
