"""Small marks drawn once into pixmaps and then blitted: markers, due ticks, badges, hatching.

Blitting a cached pixmap costs a fraction of an antialiased path, and a busy year has hundreds
of marks. Each sprite is keyed by the colours it was drawn with and the device pixel ratio, so
a palette change (light/dark) or a high-DPI screen gets its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap, QPolygonF

from coachdesk.core.timeline import AttentionKind, MarkerKind
from coachdesk.ui.timeline.layout import BADGE_SIZE, MARKER_RADIUS
from coachdesk.ui.timeline.scene import (
    ATTENTION_COLOURS,
    MARKER_COLOURS,
    OVERDUE,
    SPRITE_SIZE,
    TICK_SIZE,
    mix,
    text_on,
)

_cache: dict[Hashable, QPixmap] = {}
_hatches: dict[tuple[int, int], QBrush] = {}


def _drawn(
    key: Hashable, width: float, height: float, dpr: float, draw: Callable[[QPainter], None]
) -> QPixmap:
    pixmap = _cache.get(key)
    if pixmap is None:
        image = QImage(
            round(width * dpr), round(height * dpr), QImage.Format.Format_ARGB32_Premultiplied
        )
        image.setDevicePixelRatio(dpr)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        draw(painter)
        painter.end()
        pixmap = _cache[key] = QPixmap.fromImage(image)
    return pixmap


def marker(kind: MarkerKind, base: QColor, text: QColor, dpr: float) -> QPixmap:
    """Session: filled circle; observation: diamond; clip review: a film frame."""

    def draw(p: QPainter) -> None:
        r, c = MARKER_RADIUS, SPRITE_SIZE / 2
        p.setPen(QPen(base, 1.5))
        p.setBrush(MARKER_COLOURS.get(kind, text))
        if kind is MarkerKind.SESSION:
            p.drawEllipse(QPointF(c, c), r, r)
        elif kind is MarkerKind.OBSERVATION:
            d = r + 1.2
            p.drawPolygon(
                QPolygonF(
                    [QPointF(c, c - d), QPointF(c + d, c), QPointF(c, c + d), QPointF(c - d, c)]
                )
            )
        else:
            p.drawRoundedRect(QRectF(c - r, c - r + 1, 2 * r, 2 * r - 2), 1.5, 1.5)
            p.setPen(QPen(base, 1.2))  # film perforations: a clip, not just a square
            p.drawLine(QPointF(c - r + 2, c - 1.5), QPointF(c + r - 2, c - 1.5))
            p.drawLine(QPointF(c - r + 2, c + 1.5), QPointF(c + r - 2, c + 1.5))

    key = ("marker", kind, base.rgb(), text.rgb(), dpr)
    return _drawn(key, SPRITE_SIZE, SPRITE_SIZE, dpr, draw)


def due_tick(dpr: float) -> QPixmap:
    """A red tick with a small flag on top: an action that was due here is still open."""

    def draw(p: QPainter) -> None:
        w, h = TICK_SIZE
        c = w / 2
        p.setPen(QPen(OVERDUE, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(c, 3), QPointF(c, h - 1.5))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(OVERDUE)
        p.drawPolygon(QPolygonF([QPointF(c - 4, 1), QPointF(c + 4, 1), QPointF(c, 6)]))

    return _drawn(("tick", dpr), *TICK_SIZE, dpr, draw)


def badge(kind: AttentionKind, dpr: float) -> QPixmap:
    """Overdue action: "!"; meeting soon: a clock face; no session yet: a hollow dot."""

    def draw(p: QPainter) -> None:
        colour = ATTENTION_COLOURS[kind]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawEllipse(QRectF(0, 0, BADGE_SIZE, BADGE_SIZE))
        p.setBrush(Qt.BrushStyle.NoBrush)
        ink = text_on(colour)
        c = QPointF(BADGE_SIZE / 2, BADGE_SIZE / 2)
        if kind is AttentionKind.ACTION_OVERDUE:
            p.setPen(QPen(ink, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(c.x(), c.y() - 4), QPointF(c.x(), c.y() + 1))
            p.drawPoint(QPointF(c.x(), c.y() + 4.2))
        elif kind is AttentionKind.MEETING_SOON:
            p.setPen(QPen(ink, 1.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawEllipse(c, 4.6, 4.6)
            p.drawLine(c, QPointF(c.x(), c.y() - 3))
            p.drawLine(c, QPointF(c.x() + 2.2, c.y() + 0.8))
        else:
            p.setPen(QPen(ink, 1.6))
            p.drawEllipse(c, 3.6, 3.6)

    return _drawn(("badge", kind, dpr), BADGE_SIZE, BADGE_SIZE, dpr, draw)


def hatch(base: QColor, ink: QColor) -> QBrush:
    """Return a diagonal-hatch texture brush (much faster to fill than Qt's pattern brushes)."""
    key = (base.rgb(), ink.rgb())
    brush = _hatches.get(key)
    if brush is None:
        tile = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
        tile.fill(mix(base, ink, 0.06))
        painter = QPainter(tile)
        painter.setPen(QPen(mix(base, ink, 0.14), 1))
        painter.drawLine(0, 7, 7, 0)
        painter.end()
        brush = _hatches[key] = QBrush(tile)
    return brush
