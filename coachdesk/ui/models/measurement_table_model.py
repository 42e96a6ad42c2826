"""A goal's dated measurements as an editable table: date, value, source, note."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from coachdesk.core.goals import Measurement, MeasurementSource
from coachdesk.ui.models.rows_model import AnyIndex, RowsModel
from coachdesk.ui.widgets.fields import OptionalNumberValidator
from coachdesk.ui.widgets.progress_chart import format_value

DATE, VALUE, SOURCE, NOTE = range(4)
HEADERS = ("Date", "Value", "Source", "Note")
TIPS = (
    "When the measure was taken",
    "The value of the goal's measure",
    "Where the value came from",
    "What was measured, and how",
)


def parse_date(value: object) -> dt.date | None:
    """Return a date from a QDate, a date or ISO text (YYYY-MM-DD), or None if it is none."""
    if isinstance(value, QDate):
        return value.toPython() if value.isValid() else None  # type: ignore[return-value]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_value(value: object) -> float | None:
    """Return a finite number from a number or text, or None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def parse_source(value: object) -> MeasurementSource | None:
    if isinstance(value, MeasurementSource):
        return value
    if isinstance(value, str):
        for source in MeasurementSource:
            if value.strip().casefold() in (source.value, source.label.casefold()):
                return source
    return None


class MeasurementTableModel(RowsModel[Measurement]):
    """Rows are measurements, oldest first; an edit emits ``measurement_edited(old, new)``.

    The model does not write: the pane saves the edit through the services (undoable) and
    hands the model the goal's measurements again.
    """

    measurement_edited = Signal(object, object)  # Measurement (before), Measurement (after)

    def __init__(self) -> None:
        super().__init__(HEADERS, key=lambda m: m.id)
        self.unit = ""

    def set_measurements(
        self, measurements: list[Measurement] | tuple[Measurement, ...], unit: str = ""
    ) -> None:
        """Show ``measurements``; update rows in place when the same ones are still in order."""
        self.unit = unit
        self.set_rows(sorted(measurements, key=lambda m: (m.taken_on, m.id)))

    def measurement_at(self, index: AnyIndex) -> Measurement | None:
        return self.row_at(index)

    # -- Qt model ----------------------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                HEADERS[section] if section != VALUE or not self.unit else (f"Value ({self.unit})")
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return TIPS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.measurement_at(index)
        if m is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{m.taken_on.day} {m.taken_on:%b %Y}",
                format_value(m.value),
                m.source.label,
                m.note,
            )[column]
        if role == Qt.ItemDataRole.EditRole:
            return (
                QDate(m.taken_on.year, m.taken_on.month, m.taken_on.day),
                m.value,
                m.source.value,
                m.note,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (m.taken_on.isoformat(), None, None, m.note or None)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        m = self.measurement_at(index)
        if m is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        new: Measurement | None = None
        if column == DATE and (day := parse_date(value)) is not None:
            new = replace(m, taken_on=day)
        elif column == VALUE and (number := parse_value(value)) is not None:
            new = replace(m, value=number)
        elif column == SOURCE and (source := parse_source(value)) is not None:
            new = replace(m, source=source)
        elif column == NOTE and isinstance(value, str):
            new = replace(m, note=value.strip())
        if new is None:
            return False
        if new != m:
            self.measurement_edited.emit(m, new)
        return True


class MeasurementDelegate(QStyledItemDelegate):
    """Edits dates with a calendar, values as numbers and sources from a list."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        column = index.column()
        if column == DATE:
            edit = QDateEdit(parent)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName("Date measured")
            return edit
        if column == VALUE:
            line = QLineEdit(parent)
            line.setValidator(OptionalNumberValidator(line))
            line.setAccessibleName("Value")
            return line
        if column == SOURCE:
            combo = QComboBox(parent)
            for source in MeasurementSource:
                combo.addItem(source.label, source.value)
            combo.setAccessibleName("Source")
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit) and isinstance(value, QDate):
            editor.setDate(value)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QLineEdit) and index.column() == VALUE:
            editor.setText(format_value(float(value)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QDateEdit):
            model.setData(index, editor.date())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit) and index.column() == VALUE:
            model.setData(index, editor.text())
        else:
            super().setModelData(editor, model, index)
