"""An observation's notes as a table, always in time order: time, category, evidence, text."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from coachdesk.core.errors import ValidationError
from coachdesk.core.media_time import format_ms, parse_clock
from coachdesk.core.observations import Note

TIME, CATEGORY, EVIDENCE, TEXT = range(4)
HEADERS = ("Time", "Category", "Evidence", "Note")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NO_CATEGORY_COLOUR = "#9e9e9e"

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def _sort_key(note: Note) -> tuple[int, int]:
    return note.at_ms, note.id


class NoteTableModel(QAbstractTableModel):
    """Notes sorted by time. Edits are not written here: the model asks, the pane saves.

    ``edit_requested(old, new)`` carries an edited note; ``invalid(message)`` says why an edit
    was refused (a time that is not a time, an empty note). When the pane saves and reloads,
    ``set_notes`` re-sorts in place so selection and the current row follow the edited note.
    """

    edit_requested = Signal(object, object)  # Note (before), Note (after)
    invalid = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._notes: list[Note] = []
        self._colours: dict[str, str] = {}

    # -- contents ----------------------------------------------------------------------------

    def set_notes(self, notes: list[Note], colours: dict[str, str] | None = None) -> None:
        """Show ``notes`` (any order); ``colours`` maps category labels to #rrggbb."""
        self._colours = dict(colours or {})
        new = sorted(notes, key=_sort_key)
        if {n.id for n in new} != {n.id for n in self._notes} or not new:
            self.beginResetModel()
            self._notes = new
            self.endResetModel()
            return
        # Same notes, perhaps re-timed: move rows in place (a sort), so views keep selection.
        self.layoutAboutToBeChanged.emit()
        new_row = {note.id: row for row, note in enumerate(new)}
        old_rows = [new_row[note.id] for note in self._notes]
        persistent = self.persistentIndexList()
        moved = [self.index(old_rows[p.row()], p.column()) for p in persistent]
        self._notes = new
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
        self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, len(HEADERS) - 1))

    def notes(self) -> list[Note]:
        return list(self._notes)

    def note_at(self, index: AnyIndex) -> Note | None:
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        return self._notes[index.row()]

    def row_of(self, note_id: int) -> int:
        return next((row for row, n in enumerate(self._notes) if n.id == note_id), -1)

    # -- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._notes)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (TIME, TEXT):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        note = self.note_at(index)
        if note is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(note, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(note, column) or "no category"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(note, column)
        if role == Qt.ItemDataRole.DecorationRole and column == CATEGORY and note.category:
            return QColor(self._colours.get(note.category, NO_CATEGORY_COLOUR))
        if role == Qt.ItemDataRole.ForegroundRole and column == EVIDENCE:
            return QBrush(QColor("#757575"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TIME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return note.id
        return None

    def _text(self, note: Note, column: int) -> str:
        if column == TIME:
            return format_ms(note.at_ms)
        if column == CATEGORY:
            return note.category
        if column == EVIDENCE:
            return note.evidence_kind.label
        return note.text

    def _tooltip(self, note: Note, column: int) -> str:
        if column == TIME:
            return "Time into the lesson; double-click to correct it (M:SS or H:MM:SS)"
        if column == TEXT:
            return note.text
        if column == CATEGORY:
            return note.category or "No category"
        return f"Evidence: {note.evidence_kind.label}"

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        note = self.note_at(index)
        if note is None or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value)
        try:
            if index.column() == TIME:
                edited = replace(note, at_ms=int(parse_clock(text)))
            elif index.column() == TEXT:
                if not text.strip():
                    raise ValidationError("A note needs some words; press Delete to remove it.")
                edited = replace(note, text=text.strip())
            else:
                return False
        except ValidationError as exc:
            self.invalid.emit(str(exc))
            return False
        if edited != note:
            self.edit_requested.emit(note, edited)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                "Time into the lesson",
                "Tag from the observation's tag set",
                "Kind of evidence",
                "What you saw or heard",
            )[section]
        return None
