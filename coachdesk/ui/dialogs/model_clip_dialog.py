"""Choose a lesson clip to be one of a strategy's model clips, with a note on what to watch."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.media_time import format_ms
from coachdesk.core.model_clips import NOTE_LIMIT, ClipCandidate
from coachdesk.ui.models.model_clip_list_model import day_text, privacy_text, tags_text

HEADERS = ("Coachee", "Lesson", "File", "Length", "Tags")
NO_CLIPS = (
    "<b>There are no lesson clips yet.</b><br>Attach a video to an observation in the "
    "<i>Video review</i> tab and tag the moments that matter; then add it here."
)


class ModelClipDialog(QDialog):
    """List every clip (coachee, date, file, tags); the chosen one's privacy note shows below."""

    def __init__(
        self,
        candidates: list[ClipCandidate],
        strategy_title: str,
        already: Collection[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a model clip")
        self._candidates = candidates
        self._already = set(already)
        self._build_ui(strategy_title)
        self._connect_signals()
        self._on_table_selection_changed()

    def _build_ui(self, strategy_title: str) -> None:
        intro = QLabel(
            f"Choose a lesson clip that shows “{strategy_title}” done well. Its tags become "
            "the moments to play, one after another."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Lesson clips")
        self.table.setHeaderLabels(HEADERS)
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for candidate in self._candidates:
            linked = candidate.clip_id in self._already
            item = QTreeWidgetItem(
                [
                    candidate.coachee_name,
                    day_text(candidate.observed_on),
                    candidate.file_name,
                    format_ms(candidate.duration_ms),
                    "already a model clip" if linked else tags_text(candidate.tag_count),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, candidate.clip_id)
            if linked:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.table.addTopLevelItem(item)
        for column in range(len(HEADERS)):
            self.table.resizeColumnToContents(column)
        self.empty = QLabel(NO_CLIPS)
        self.empty.setWordWrap(True)
        self.empty.setVisible(not self._candidates)
        self.table.setVisible(bool(self._candidates))
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.setPlaceholderText("What to watch for, e.g. “the wait time after each question”")
        self.privacy = QLabel()
        self.privacy.setTextFormat(Qt.TextFormat.PlainText)
        self.privacy.setWordWrap(True)
        self.privacy.setStyleSheet("color: palette(placeholder-text);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Add clip")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        note_label = QLabel("&Note:")
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.privacy)
        layout.addWidget(self.buttons)
        self.resize(640, 400)

    def _connect_signals(self) -> None:
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item, _column: self._accept_if_chosen())
        self.buttons.accepted.connect(self._accept_if_chosen)
        self.buttons.rejected.connect(self.reject)

    def _on_table_selection_changed(self) -> None:
        candidate = self.chosen()
        self.ok.setEnabled(candidate is not None)
        self.privacy.setText(
            privacy_text(candidate.coachee_name)
            if candidate is not None
            else "A model clip stays only as long as the records of the coachee whose lesson "
            "it is are kept."
        )

    def _accept_if_chosen(self) -> None:
        if self.chosen() is not None:
            self.accept()

    def choose(self, clip_id: int) -> bool:
        """Select the clip ``clip_id``; False if it is not offered (or already linked)."""
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item is None or item.isDisabled():
                continue
            if item.data(0, Qt.ItemDataRole.UserRole) == clip_id:
                self.table.setCurrentItem(item)
                return True
        return False

    def chosen(self) -> ClipCandidate | None:
        item = self.table.currentItem()
        if item is None or item.isDisabled() or not item.isSelected():
            return None
        clip_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((c for c in self._candidates if c.clip_id == clip_id), None)

    def note_text(self) -> str:
        return self.note.text().strip()
