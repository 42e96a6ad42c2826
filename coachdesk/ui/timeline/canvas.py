"""The timeline canvas: one custom-painted widget showing every coachee's cycles over time."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPoint, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from coachdesk.core.calendar import SchoolCalendar
from coachdesk.core.timeline import TimelineData
from coachdesk.ui.timeline.layout import (
    HEADER_HEIGHT,
    MAX_LANE_HEIGHT,
    MIN_LANE_HEIGHT,
    Hit,
    HitKind,
    LaneGeometry,
    TimelineLayout,
    build_layout,
)
from coachdesk.ui.timeline.painting import PaintState, paint_scene
from coachdesk.ui.timeline.scene import Scene, TextCache, prepare_scene
from coachdesk.ui.timeline.span import View, Zoom, view_for
from coachdesk.ui.timeline.texts import describe_lane, tooltip

CLICKABLE = (HitKind.BAR, HitKind.MARKER, HitKind.DUE, HitKind.NAME, HitKind.BADGE)
EMPTY_DESCRIPTION = "No coachees yet. Add the colleagues you coach in the Coachees pane."


class TimelineCanvas(QWidget):
    """Paints lanes, cycle bars and markers; reports clicks and keys as coachee/cycle ids.

    Data arrives through ``set_data`` (the pane loads it; the canvas never queries), the span
    through ``set_view``. A resize or data change drops the geometry; it is computed once, when
    next needed (usually by the paint that follows), so a burst of resizes while the window
    settles costs one layout, not one each.
    """

    cycle_clicked = Signal(int, int)  # coachee id, cycle id
    coachee_clicked = Signal(int)  # coachee id
    cycle_activated = Signal(int, int)  # coachee id, cycle id (Enter on a lane)
    lane_focused = Signal(int, int)  # top and bottom of the current lane, to scroll it into view
    page_requested = Signal(int)  # -1 / +1: Page Up / Page Down asks for the previous/next span

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # for the pointing-hand cursor over what can be clicked
        self.setAccessibleName("Cycle timeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._data = TimelineData()
        self._calendar = SchoolCalendar()
        self._today = dt.date.today()
        self._view = view_for(self._calendar, Zoom.YEAR, self._today)
        self._selected_cycle: int | None = None
        self._current_coachee: int | None = None
        self._scene: Scene | None = None
        self._texts: TextCache = {}
        self._relayout()

    # -- state -------------------------------------------------------------------------------

    def set_data(self, data: TimelineData, calendar: SchoolCalendar, today: dt.date) -> None:
        """Show ``data``; keep the zoom, and the span unless it was following today."""
        anchor = today if self._view.contains(self._today) else self._view.start
        self._data = data
        self._calendar = calendar
        self._today = today
        self._view = view_for(calendar, self._view.zoom, anchor)
        self._relayout()

    def set_view(self, view: View) -> None:
        self._view = view
        self._relayout()

    def view(self) -> View:
        return self._view

    def calendar(self) -> SchoolCalendar:
        return self._calendar

    def data(self) -> TimelineData:
        return self._data

    @property
    def timeline_layout(self) -> TimelineLayout:
        return self._prepared().layout

    def set_selected_cycle(self, cycle_id: int | None) -> None:
        if cycle_id != self._selected_cycle:
            self._selected_cycle = cycle_id
            self.update()

    def selected_cycle(self) -> int | None:
        return self._selected_cycle

    def set_current_coachee(self, coachee_id: int | None) -> None:
        if coachee_id != self._current_coachee:
            self._current_coachee = coachee_id
            self._update_description()
            self.update()

    def current_lane(self) -> LaneGeometry | None:
        return self.timeline_layout.lane_of(self._current_coachee)

    def _relayout(self) -> None:
        self._scene = None
        lanes = len(self._data.lanes)
        self.setMinimumHeight(int(HEADER_HEIGHT + max(lanes, 2) * MIN_LANE_HEIGHT))
        self.updateGeometry()
        self.update()

    def _prepared(self) -> Scene:
        """The scene for the current data, view and size, laid out now if it was dropped."""
        if self._scene is None:
            layout = build_layout(
                self._data,
                self._calendar,
                self._today,
                self._view,
                max(self.width(), 300),
                max(self.height(), 100),
            )
            self._scene = prepare_scene(layout, self.font(), self._texts)
            self._update_description()
        return self._scene

    def _update_description(self) -> None:
        layout = self.timeline_layout
        lane = self.current_lane()
        if not layout.lanes:
            text = EMPTY_DESCRIPTION
        elif lane is None:
            text = (
                f"{len(layout.lanes)} coachees, {layout.view.label}. "
                "Use the Up and Down arrow keys to move between coachees."
            )
        else:
            text = describe_lane(lane, layout)
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    def sizeHint(self) -> QSize:
        lanes = max(len(self._data.lanes), 3)
        return QSize(900, int(HEADER_HEIGHT + lanes * MAX_LANE_HEIGHT))

    def minimumSizeHint(self) -> QSize:
        return QSize(400, int(HEADER_HEIGHT + 2 * MIN_LANE_HEIGHT))

    # -- events ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._relayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint(painter)
        finally:
            painter.end()

    def paint(self, painter: QPainter) -> None:
        """Draw the prepared scene onto ``painter`` (also used by the benchmark)."""
        scene = self._prepared()
        lane = self.current_lane()
        state = PaintState(
            self.width(),
            self.height(),
            self._selected_cycle,
            lane.index if lane else None,
            self.hasFocus(),
        )
        paint_scene(painter, scene, self.palette(), state)

    def hit_at(self, point: QPointF | QPoint) -> Hit:
        return self.timeline_layout.hit_test(point.x(), point.y())

    def tooltip_at(self, point: QPointF | QPoint) -> str:
        return tooltip(self.hit_at(point), self.timeline_layout)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        hit = self.hit_at(event.position())
        if hit.lane is None:
            return
        self._set_current(hit.lane)
        cycle_id = hit.cycle_id
        if cycle_id is not None and hit.kind in (HitKind.BAR, HitKind.MARKER, HitKind.DUE):
            self._selected_cycle = cycle_id
            self.cycle_clicked.emit(hit.lane.coachee_id, cycle_id)
        else:
            self.coachee_clicked.emit(hit.lane.coachee_id)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        clickable = self.hit_at(event.position()).kind in CLICKABLE
        shape = Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        if self.cursor().shape() != shape:
            self.setCursor(shape)
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        lanes = self.timeline_layout.lanes
        lane = self.current_lane()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End) and lanes:
            index = lane.index if lane else -1
            index = {
                Qt.Key.Key_Up: max(index - 1, 0),
                Qt.Key.Key_Down: index + 1,
                Qt.Key.Key_Home: 0,
                Qt.Key.Key_End: len(lanes) - 1,
            }[Qt.Key(key)]
            target = lanes[min(index, len(lanes) - 1)]
            if target is not lane:
                self._set_current(target)
                self.coachee_clicked.emit(target.coachee_id)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and lane is not None:
            latest = lane.latest_bar()
            if latest is not None:
                self._selected_cycle = latest.cycle_id
                self.cycle_activated.emit(lane.coachee_id, latest.cycle_id)
                self.update()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and lane is not None and lane.bars:
            self._step_bar(lane, -1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.page_requested.emit(-1 if key == Qt.Key.Key_PageUp else 1)
        else:
            super().keyPressEvent(event)

    def _step_bar(self, lane: LaneGeometry, step: int) -> None:
        ids = [b.bar.cycle_id for b in lane.bars]
        if self._selected_cycle in ids:
            index = max(0, min(ids.index(self._selected_cycle) + step, len(ids) - 1))
        else:
            index = 0 if step > 0 else len(ids) - 1
        self._selected_cycle = ids[index]
        self.cycle_clicked.emit(lane.coachee_id, ids[index])
        self.update()

    def _set_current(self, lane: LaneGeometry) -> None:
        self._current_coachee = lane.coachee_id
        self._update_description()
        self.lane_focused.emit(int(lane.rect.y), int(lane.rect.bottom))
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()
