"""Drawing the timeline: bands, lanes, cycle bars, markers, names and badges from a scene.

Every shape and text comes ready-made from the ``Scene`` and small marks are cached sprites;
nothing here measures or lays out text or queries data, so a repaint costs a few milliseconds
however much history the workspace holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPolygonF

from coachdesk.core.timeline import AttentionKind, MarkerKind
from coachdesk.ui.timeline import sprites
from coachdesk.ui.timeline.header import paint_empty, paint_header
from coachdesk.ui.timeline.layout import HEADER_HEIGHT, NAME_WIDTH
from coachdesk.ui.timeline.scene import Scene, mix


@dataclass(frozen=True)
class PaintState:
    width: float
    height: float
    selected_cycle: int | None
    current_lane: int | None
    focused: bool


def paint_scene(p: QPainter, scene: Scene, palette: QPalette, state: PaintState) -> None:
    """Draw the whole timeline: bands, lanes, today's line, the name column, the header."""
    layout = scene.layout
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    p.fillRect(QRectF(0, 0, state.width, state.height), base)
    bottom = max(layout.content_height, state.height)
    _paint_bands(p, scene, base, text, bottom)
    if not layout.lanes:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_header(p, scene, palette)
        paint_empty(p, scene, palette, state.width)
        return
    _paint_rows(p, scene, palette, state)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _paint_bars(p, scene, palette, state)
    _paint_marks(p, scene, base, text)
    if layout.today_x is not None:
        p.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1.5))
        p.drawLine(QPointF(layout.today_x, HEADER_HEIGHT), QPointF(layout.today_x, bottom))
    _paint_names(p, scene, palette, state)
    paint_header(p, scene, palette)


def _tint(palette: QPalette, focused: bool) -> QColor:
    tint = QColor(palette.color(QPalette.ColorRole.Highlight))
    tint.setAlphaF(0.16 if focused else 0.09)
    return tint


def _paint_bands(p: QPainter, scene: Scene, base: QColor, text: QColor, bottom: float) -> None:
    """Half-terms in alternating shades, holidays hatched, faint month or week lines."""
    layout = scene.layout
    shade = mix(base, text, 0.035)
    hatch = sprites.hatch(base, text)
    for band in layout.bands:
        rect = QRectF(band.x0, HEADER_HEIGHT, band.x1 - band.x0, bottom - HEADER_HEIGHT)
        if band.holiday:
            p.fillRect(rect, hatch)
        elif band.index % 2:
            p.fillRect(rect, shade)
    p.setPen(QPen(mix(base, text, 0.10), 1))
    for tick in layout.ticks:
        p.drawLine(QPointF(tick.x, HEADER_HEIGHT), QPointF(tick.x, bottom))


def _paint_rows(p: QPainter, scene: Scene, palette: QPalette, state: PaintState) -> None:
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    if state.current_lane is not None:
        p.fillRect(scene.lanes[state.current_lane].row, _tint(palette, state.focused))
    p.setPen(QPen(mix(base, text, 0.09), 1))
    for lane in scene.lanes:
        p.drawLine(lane.row.bottomLeft(), lane.row.bottomRight())
    p.setFont(scene.fonts.small)
    p.setPen(mix(text, base, 0.45))
    for lane in scene.lanes:
        if lane.hint is not None:
            p.drawStaticText(lane.hint.at, lane.hint.text)


def _paint_bars(p: QPainter, scene: Scene, palette: QPalette, state: PaintState) -> None:
    highlight = palette.color(QPalette.ColorRole.Highlight)
    ink = palette.color(QPalette.ColorRole.Text)
    p.setFont(scene.fonts.bar)
    for lane in scene.lanes:
        for shape in lane.bars:
            if shape.geometry.bar.cycle_id == state.selected_cycle:
                p.fillPath(shape.halo, highlight)
            p.fillPath(shape.path, shape.colour)
            rect = shape.rect
            if shape.geometry.running and rect.width() > 18:
                # a chevron at the running end says "still going" without another colour
                p.setPen(QPen(shape.ink, 1.6))
                x, y = rect.right() - 6, rect.center().y()
                p.drawPolyline(
                    QPolygonF([QPointF(x - 3, y - 3.5), QPointF(x, y), QPointF(x - 3, y + 3.5)])
                )
            if shape.title is not None:
                p.setPen(shape.ink)
                p.drawStaticText(shape.title.at, shape.title.text)
            if shape.outside is not None:
                p.setPen(ink)
                p.drawStaticText(shape.outside.at, shape.outside.text)


def _paint_marks(p: QPainter, scene: Scene, base: QColor, text: QColor) -> None:
    """A faint strip under each lane's bars with its markers and overdue-action ticks."""
    dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
    markers = {kind: sprites.marker(kind, base, text, dpr) for kind in MarkerKind}
    tick = sprites.due_tick(dpr)
    p.setPen(QPen(mix(base, text, 0.16), 1))
    for lane in scene.lanes:
        geometry = lane.geometry
        xs = [m.x for m in geometry.markers] + [t.x for t in geometry.due_ticks]
        if xs:
            y = geometry.strip_y
            p.drawLine(QPointF(min(xs), y), QPointF(max(xs), y))
    for lane in scene.lanes:
        for at in lane.ticks:
            p.drawPixmap(at, tick)
        for at, kind in lane.marks:
            p.drawPixmap(at, markers[kind])


def _paint_names(p: QPainter, scene: Scene, palette: QPalette, state: PaintState) -> None:
    layout = scene.layout
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    muted = mix(text, base, 0.45)
    p.fillRect(QRectF(0, HEADER_HEIGHT, NAME_WIDTH, layout.content_height - HEADER_HEIGHT), base)
    if state.current_lane is not None:
        row = scene.lanes[state.current_lane].row
        p.fillRect(QRectF(0, row.top(), NAME_WIDTH, row.height()), _tint(palette, state.focused))
        p.fillRect(QRectF(0, row.top(), 3, row.height()), highlight)
    p.setPen(QPen(mix(base, text, 0.09), 1))
    for lane in scene.lanes:
        p.drawLine(QPointF(0, lane.row.bottom()), QPointF(NAME_WIDTH, lane.row.bottom()))
    p.setFont(scene.fonts.bold)
    for lane in scene.lanes:
        p.setPen(muted if lane.geometry.lane.coachee.archived else text)
        p.drawStaticText(lane.name.at, lane.name.text)
    p.setFont(scene.fonts.small)
    p.setPen(muted)
    for lane in scene.lanes:
        if lane.role is not None:
            p.drawStaticText(lane.role.at, lane.role.text)
    dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
    badges = {kind: sprites.badge(kind, dpr) for kind in AttentionKind}
    for lane in scene.lanes:
        for at, kind in lane.badges:
            p.drawPixmap(at, badges[kind])
    p.setPen(QPen(mix(base, text, 0.22), 1))
    p.drawLine(QPointF(NAME_WIDTH, HEADER_HEIGHT), QPointF(NAME_WIDTH, layout.content_height))
