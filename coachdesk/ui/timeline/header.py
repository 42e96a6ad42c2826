"""Drawing the timeline's header (terms, half-terms, months or weeks, Today) and empty state."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen

from coachdesk.ui.timeline.layout import HEADER_HEIGHT, HEADER_ROWS
from coachdesk.ui.timeline.scene import Scene, mix

EMPTY_TITLE = "No coachees yet"
EMPTY_TEXT = (
    "Add the colleagues you coach in the Coachees pane, or try the demo workspace "
    "from the Help menu."
)


def paint_header(p: QPainter, scene: Scene, palette: QPalette) -> None:
    layout = scene.layout
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    muted = mix(text, window, 0.45)
    p.fillRect(QRectF(0, 0, layout.width, HEADER_HEIGHT), window)
    mid = HEADER_ROWS[1]
    p.setPen(QPen(mix(window, text, 0.3), 1))
    for span in layout.terms:  # a rule under each term's name spans its teaching weeks
        p.drawLine(QPointF(span.x0 + 4, mid - 2), QPointF(span.x1 - 4, mid - 2))
    p.setPen(QPen(mix(window, text, 0.25), 1))
    p.drawLine(QPointF(0, HEADER_HEIGHT - 0.5), QPointF(layout.width, HEADER_HEIGHT - 0.5))
    p.setPen(text)
    p.setFont(scene.fonts.bold)
    for label in scene.terms:
        p.drawStaticText(label.at, label.text)
    p.setFont(scene.fonts.small)
    for label in scene.bands:
        p.drawStaticText(label.at, label.text)
    p.setPen(muted)
    for label in (*scene.ticks, scene.coachee_heading):
        p.drawStaticText(label.at, label.text)
    if scene.today_flag is not None and scene.today_label is not None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(palette.color(QPalette.ColorRole.Highlight))
        p.drawRoundedRect(scene.today_flag, 3, 3)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        p.drawStaticText(scene.today_label.at, scene.today_label.text)


def paint_empty(p: QPainter, scene: Scene, palette: QPalette, width: float) -> None:
    """Say there is nothing to show yet, and how to change that."""
    text = palette.color(QPalette.ColorRole.Text)
    muted = mix(text, palette.color(QPalette.ColorRole.Base), 0.4)
    area = QRectF(24, HEADER_HEIGHT + 24, max(width - 48, 100), 28)
    p.setFont(scene.fonts.bold)
    p.setPen(text)
    p.drawText(area, Qt.AlignmentFlag.AlignCenter, EMPTY_TITLE)
    p.setFont(scene.fonts.body)
    p.setPen(muted)
    p.drawText(area.translated(0, 28), Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
