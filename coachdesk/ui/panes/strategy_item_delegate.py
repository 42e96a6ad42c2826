"""Draws a playbook row: the title, the category beneath it and an "own"/"imported" badge."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from coachdesk.ui.models.strategy_list_model import BADGE_ROLE, CATEGORY_ROLE

BADGE_COLOURS = {"own": "#2e7d6b", "imported": "#5c6bc0"}
PAD_X = 10
PAD_Y = 6
LINE_GAP = 2


class StrategyItemDelegate(QStyledItemDelegate):
    """Two lines per strategy, so a narrow list still shows what shelf each one is on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        title = QFontMetrics(self._title_font(option.font))
        small = QFontMetrics(self._small_font(option.font))
        height = PAD_Y * 2 + title.height() + LINE_GAP + small.height()
        return QSize(200, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the style draws the background and focus; the text is drawn below
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = option.palette.color(group, text_role)
        muted = QColor(text_colour)
        if not selected:
            muted = option.palette.color(group, QPalette.ColorRole.PlaceholderText)

        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        category = str(index.data(CATEGORY_ROLE) or "")
        badge = str(index.data(BADGE_ROLE) or "")
        title_font = self._title_font(option.font)
        small_font = self._small_font(option.font)
        title_metrics = QFontMetrics(title_font)
        small_metrics = QFontMetrics(small_font)
        rect = option.rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        badge_width = 0
        if badge:
            badge_width = self._paint_badge(painter, badge, small_font, rect, selected)
        title_rect = QRect(
            rect.left(), rect.top(), rect.width() - badge_width, title_metrics.height()
        )
        painter.setFont(title_font)
        painter.setPen(text_colour)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()),
        )
        category_rect = QRect(
            rect.left(), title_rect.bottom() + 1 + LINE_GAP, rect.width(), small_metrics.height()
        )
        painter.setFont(small_font)
        painter.setPen(muted)
        painter.drawText(
            category_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(category, Qt.TextElideMode.ElideRight, category_rect.width()),
        )
        painter.restore()

    def _paint_badge(
        self, painter: QPainter, badge: str, font: QFont, rect: QRect, selected: bool
    ) -> int:
        """Draw the pill at the top right of ``rect``; return the width it takes with its gap."""
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(badge) + 12
        height = metrics.height() + 2
        pill = QRect(rect.right() - width + 1, rect.top() + 1, width, height)
        colour = QColor(BADGE_COLOURS.get(badge, "#757575"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white") if selected else colour)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(colour if selected else QColor("white"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, badge)
        return width + 8

    @staticmethod
    def _title_font(base: QFont) -> QFont:
        font = QFont(base)
        font.setWeight(QFont.Weight.DemiBold)
        return font

    @staticmethod
    def _small_font(base: QFont) -> QFont:
        font = QFont(base)
        size = base.pointSizeF()
        if size > 0:
            font.setPointSizeF(max(size * 0.88, 7.0))
        return font
