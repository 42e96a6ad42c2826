"""Resources as rows: title with a file or link icon, kind, date shared, note, and a warning."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from coachdesk.core.resources import FileState, Resource
from coachdesk.ui.models.edit_roles import ID_ROLE
from coachdesk.ui.models.rows_model import AnyIndex, RowsModel

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


class ResourceListModel(RowsModel[tuple[Resource, FileState]]):
    """Read-only rows of resources with what checking each file found."""

    def __init__(self, columns: tuple[int, ...] = (TITLE, KIND, SHARED, NOTE, STATE)) -> None:
        super().__init__([HEADERS[c] for c in columns], key=lambda row: row[0].id)
        self._columns = columns

    def set_resources(self, rows: list[tuple[Resource, FileState]]) -> None:
        self.set_rows(rows)  # same rows update in place, keeping the selection

    def resource_at(self, index: AnyIndex) -> Resource | None:
        row = self.row_at(index)
        return None if row is None else row[0]

    def state_at(self, index: AnyIndex) -> FileState:
        row = self.row_at(index)
        return FileState.OK if row is None else row[1]

    def column_of(self, column: int) -> int:
        return self._columns.index(column)

    # -- Qt -----------------------------------------------------------------------------------

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
