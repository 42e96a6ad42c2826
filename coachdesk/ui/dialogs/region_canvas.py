"""A still of the clip on which the coach drags rectangles to blur for the whole excerpt."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from coachdesk.video.privacy import Region

MIN_DRAG_PX = 6  # a smaller drag is a click, not a rectangle


def image_from_bgr(array: np.ndarray) -> QImage:
    """Return a copy of an OpenCV picture (BGR, height × width × 3) as a QImage."""
    height, width = array.shape[:2]
    data = np.ascontiguousarray(array)
    image = QImage(data.data, width, height, 3 * width, QImage.Format.Format_BGR888)
    return image.copy()  # own the pixels: ``data`` goes away


class RegionCanvas(QWidget):
    """A still of the clip; dragging on it marks a rectangle to blur for the whole excerpt."""

    regions_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._message = "Loading a picture from the clip…"
        self._regions: list[Region] = []
        self._drag: tuple[QPointF, QPointF] | None = None
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName("Picture from the clip: drag to mark a region to blur")
        self.setToolTip(
            "Drag a rectangle over anything that must not be seen (a name on the board, a "
            "pupil); it is blurred for the whole excerpt. Delete removes the last one."
        )

    def sizeHint(self) -> QSize:
        return QSize(480, 270)

    def set_image(self, image: QImage | None, message: str = "") -> None:
        """Show ``image`` (or ``message`` where there is none)."""
        self._image = image
        self._message = message
        self.update()

    def regions(self) -> list[Region]:
        return list(self._regions)

    def add_region(self, region: Region) -> None:
        self._regions.append(region)
        self.regions_changed.emit()
        self.update()

    def remove_last(self) -> None:
        if self._regions:
            self._regions.pop()
            self.regions_changed.emit()
            self.update()

    def clear(self) -> None:
        if self._regions:
            self._regions.clear()
            self.regions_changed.emit()
            self.update()

    def picture_rect(self) -> QRectF:
        """Return where the picture is drawn: scaled to fit, centred."""
        if self._image is None or self._image.isNull():
            return QRectF(self.rect())
        size = QSize(self._image.size()).scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        left = (self.width() - size.width()) / 2
        top = (self.height() - size.height()) / 2
        return QRectF(left, top, size.width(), size.height())

    def _fraction(self, point: QPointF) -> QPointF:
        area = self.picture_rect()
        x = min(max((point.x() - area.left()) / max(area.width(), 1.0), 0.0), 1.0)
        y = min(max((point.y() - area.top()) / max(area.height(), 1.0), 0.0), 1.0)
        return QPointF(x, y)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._image is not None:
            self._drag = (event.position(), event.position())
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = (self._drag[0], event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        start, _ = self._drag
        self._drag = None
        end = event.position()
        if abs(end.x() - start.x()) < MIN_DRAG_PX or abs(end.y() - start.y()) < MIN_DRAG_PX:
            self.update()
            return
        a, b = self._fraction(start), self._fraction(end)
        left, top = min(a.x(), b.x()), min(a.y(), b.y())
        width, height = abs(a.x() - b.x()), abs(a.y() - b.y())
        if width > 0 and height > 0 and left < 1 and top < 1:
            self.add_region(Region(left, top, width, height))
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_last()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        area = self.picture_rect()
        if self._image is None or self._image.isNull():
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._message)
            return
        painter.drawImage(area, self._image)
        painter.setPen(QPen(QColor("#ffb300"), 2))
        painter.setBrush(QBrush(QColor(255, 179, 0, 90), Qt.BrushStyle.Dense4Pattern))
        for region in self._regions:
            painter.drawRect(
                QRectF(
                    area.left() + region.x * area.width(),
                    area.top() + region.y * area.height(),
                    region.w * area.width(),
                    region.h * area.height(),
                )
            )
        if self._drag is not None:
            painter.setPen(QPen(QColor("#ffb300"), 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self._drag[0], self._drag[1]).normalized())
