"""Label styles shared by the panes: section headings and small grey hints."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


def heading(text: str) -> QLabel:
    """Return a bold, slightly larger section heading."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() + 1)
    label.setFont(font)
    return label


def small(label: QLabel | None = None, *, wrap: bool = True) -> QLabel:
    """Make ``label`` (or a new one) a small, grey hint."""
    label = label or QLabel()
    font = label.font()
    font.setPointSizeF(font.pointSizeF() - 1)
    label.setFont(font)
    label.setWordWrap(wrap)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when narrow, with the whole text as its tooltip.

    Unlike a word-wrapped QLabel it asks for one line's height, so grids of hints stay tight.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment()), text)
        painter.end()
