"""Resources as rows: title with a file or link icon, kind, date shared, note, and a warning."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from coachdesk.core.resources import FileState, Resource
from coachdesk.ui.models.edit_roles import ID_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

HEADERS = ("Title", "Kind", "Shared", "Note", "")
TITLE, KIND, SHARED, NOTE, STATE = range(5)
WARNING_COLOUR = QColor("#b45309")


def kind_text(resource: Resource) -> str:
    if resource.is_link:
        return "Link"
    return "File (copy)" if resource.copied_in else "File"


def kind_icon(resource: Resource) -> QIcon:
    pixmap = (
        QStyle.StandardPixmap.SP_DriveNetIcon
        if resource.is_link
        else QStyle.StandardPixmap.SP_FileIcon
    )
    return QApplication.style().standardIcon(pixmap)


def first_line(text: str, limit: int = 80) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


class ResourceListModel(QAbstractTableModel):
    """Read-only rows of resources with what checking each file found."""

    def __init__(self, columns: tuple[int, ...] = (TITLE, KIND, SHARED, NOTE, STATE)) -> None:
        super().__init__()
        self._columns = columns
        self._rows: list[tuple[Resource, FileState]] = []

    def set_resources(self, rows: list[tuple[Resource, FileState]]) -> None:
        if [r.id for r, _ in rows] == [r.id for r, _ in self._rows]:
            self._rows = rows  # same rows: update in place, keeping the selection
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self._columns) - 1)
                )
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def resource_at(self, index: AnyIndex) -> Resource | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()][0]

    def state_at(self, index: AnyIndex) -> FileState:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return FileState.OK
        return self._rows[index.row()][1]

    def row_of(self, resource_id: int) -> int:
        return next((row for row, (r, _) in enumerate(self._rows) if r.id == resource_id), -1)

    def column_of(self, column: int) -> int:
        return self._columns.index(column)

    # -- Qt -----------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return HEADERS[self._columns[section]]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        resource = self.resource_at(index)
        if resource is None or not 0 <= index.column() < len(self._columns):
            return None
        state = self._rows[index.row()][1]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(resource, state, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == TITLE:
                return kind_icon(resource)
            if column == STATE and state is not FileState.OK:
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE:
            return QBrush(WARNING_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{resource.title}\n{resource.location}"
            if resource.note.strip():
                tip += f"\n\n{resource.note.strip()}"
            if state.warning:
                tip += f"\n\n⚠ {state.warning}"
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole and column == STATE:
            return state.warning or "File is where it was"
        if role == ID_ROLE:
            return resource.id
        return None

    @staticmethod
    def _text(resource: Resource, state: FileState, column: int) -> str:
        if column == TITLE:
            return resource.title
        if column == KIND:
            return kind_text(resource)
        if column == SHARED:
            day = resource.shared_on
            return f"{day.day} {day:%b %Y}" if day else "not yet"
        if column == NOTE:
            return first_line(resource.note)
        return state.warning
