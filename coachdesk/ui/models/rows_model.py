"""A table of rows kept in a list: the common part of the coaching list and table models."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of ``T`` under ``headers``.

    ``set_rows`` keeps the rows in place (emitting ``dataChanged``, so the selection and any
    open editor survive) when the row keys are unchanged, and resets the model otherwise.
    """

    def __init__(
        self,
        headers: Sequence[str],
        key: Callable[[T], Hashable],
        tips: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.headers = tuple(headers)
        self.tips = tuple(tips)  # a tooltip per header, or none
        self._key = key
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        rows = list(rows)
        if [self._key(r) for r in rows] == [self._key(r) for r in self._rows]:
            self._rows = rows  # same rows: update in place
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self.headers) - 1)
                )
            return
        self.replace_rows(rows)

    def replace_rows(self, rows: Sequence[T]) -> None:
        """Show ``rows`` from scratch (a reset: views drop their selection)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, index: AnyIndex) -> T | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def row_of(self, row_id: Hashable) -> int:
        return next((row for row, r in enumerate(self._rows) if self._key(r) == row_id), -1)

    # -- Qt -----------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.tips):
            return self.tips[section]
        return None
