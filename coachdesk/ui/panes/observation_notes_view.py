"""The notes of one observation, read-only: time into the lesson, text and tag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.media_time import format_ms
from coachdesk.core.observations import EvidenceKind, Note

TIME, TEXT, TAG = range(3)


class ObservationNotesView(QWidget):
    """A heading and the notes in time order; the notes pane is where they are taken."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # an observation context is text
        self.heading.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setColumnCount(3)
        self.list.setHeaderLabels(["Time", "Note", "Tag"])
        self.list.setAccessibleName("Notes of the selected observation")
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TAG, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel()
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        self.show_notes(None, [])

    def show_notes(self, title: str | None, notes: list[Note]) -> None:
        """Show ``notes`` under ``title`` (None: no observation is selected)."""
        self.list.clear()
        for note in notes:
            item = QTreeWidgetItem([format_ms(note.at_ms), note.text, note.category])
            item.setTextAlignment(TIME, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            if note.evidence_kind is not EvidenceKind.OBSERVATION:
                item.setToolTip(TEXT, f"{note.evidence_kind.label}: {note.text}")
            else:
                item.setToolTip(TEXT, note.text)
            self.list.addTopLevelItem(item)
        self.list.setColumnHidden(TAG, not any(note.category for note in notes))
        self.heading.setText(f"Notes — {title}" if title else "Notes")
        self.list.setVisible(bool(notes))
        self.empty.setVisible(not notes)
        self.empty.setText(
            "Select an observation to see its notes."
            if title is None
            else "No notes in this observation yet — take them in the notes pane, live in the "
            "lesson or while you watch the video."
        )

    def note_texts(self) -> list[tuple[str, str]]:
        """Return (time, text) of each note shown, for tests and screen readers."""
        items = (self.list.topLevelItem(row) for row in range(self.list.topLevelItemCount()))
        return [(item.text(TIME), item.text(TEXT)) for item in items if item is not None]
