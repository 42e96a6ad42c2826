"""A density strip: how many tags fell in each time bin, as bars along the lesson."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

DENSITY_ROLE = Qt.ItemDataRole.UserRole + 40  # (counts, colour, scale) for the delegate
STRIP_BACKGROUND = QColor("#eceff1")

AnyIndex = QModelIndex | QPersistentModelIndex


def paint_density(
    painter: QPainter, rect: QRect, counts: Sequence[int], colour: str, scale: int = 0
) -> None:
    """Paint ``counts`` as bars filling ``rect``; ``scale`` is the count of a full bar (0: max)."""
    painter.save()
    painter.fillRect(rect, STRIP_BACKGROUND)
    top = max(scale, max(counts, default=0))
    if counts and top > 0:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        width = rect.width() / len(counts)
        for i, count in enumerate(counts):
            if count:
                height = max(2.0, rect.height() * count / top)
                x = rect.left() + i * width
                bar = QRectF(x, rect.bottom() + 1 - height, max(1.0, width - 1), height)
                painter.drawRect(bar)
    painter.restore()


class DensityDelegate(QStyledItemDelegate):
    """Paints a cell's ``DENSITY_ROLE`` data as a density strip."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        value = index.data(DENSITY_ROLE)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter)
        if value is None:
            return
        counts, colour, scale = value
        rect = option.rect.adjusted(3, 4, -3, -4)
        paint_density(painter, rect, counts, colour, scale)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(160, 22)


class DensityStrip(QWidget):
    """A stand-alone strip (all tags of a clip), for headers and the lesson comparison."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: tuple[int, ...] = ()
        self._colour = "#455a64"
        self._scale = 0
        self.setMinimumHeight(24)

    def set_counts(self, counts: Sequence[int], colour: str = "#455a64", scale: int = 0) -> None:
        self._counts, self._colour, self._scale = tuple(counts), colour, scale
        self.update()

    def counts(self) -> tuple[int, ...]:
        return self._counts

    def sizeHint(self) -> QSize:
        return QSize(240, 28)

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        paint_density(
            painter, self.rect().adjusted(0, 2, -1, -2), self._counts, self._colour, self._scale
        )
        painter.end()
