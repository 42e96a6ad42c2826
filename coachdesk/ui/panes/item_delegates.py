"""Cell editors for the cycle workspace's tables: a choice from a list, and a date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QDateEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from coachdesk.ui.models.edit_roles import CHOICES_ROLE, VALUE_ROLE
from coachdesk.ui.panes.edit_fields import from_qdate, to_qdate

AnyIndex = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Edit a cell with a drop-down of the (label, value) pairs in its ``CHOICES_ROLE``."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        for label, value in index.data(CHOICES_ROLE) or []:
            combo.addItem(label, value)
        # A choice is made the moment it is picked; no need to press Return as well.
        combo.activated.connect(lambda _i: self._finish(combo))
        return combo

    def _finish(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(VALUE_ROLE)
        for row in range(editor.count()):
            if editor.itemData(row) == current:
                editor.setCurrentIndex(row)
                break

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentIndex() >= 0:
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DateDelegate(QStyledItemDelegate):
    """Edit a cell's date (its ``VALUE_ROLE``, a ``datetime.date`` or None) with a calendar."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("d MMM yyyy")
        editor.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QDateEdit)
        value = index.data(VALUE_ROLE)
        editor.setDate(to_qdate(value) if isinstance(value, dt.date) else QDate.currentDate())

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QDateEdit)
        model.setData(index, from_qdate(editor.date()), Qt.ItemDataRole.EditRole)
