"""The coach's strategy sequences: see what each holds; make, edit, duplicate or delete own ones."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changed, Changes
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.sequences import Sequence, SequenceDraft
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.sequence_dialog import SequenceDialog
from coachdesk.ui.widgets import ask

SEQUENCE_ID = Qt.ItemDataRole.UserRole


def open_sequences_dialog(ctx: UiContext, parent: QWidget | None = None) -> SequencesDialog:
    """Show the sequences dialog without blocking the window."""
    dialog = SequencesDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class SequencesDialog(QDialog):
    """Lists every sequence with its strategies; own ones can be changed, undoably."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._sequences: dict[int, Sequence] = {}
        self.setWindowTitle("Strategy sequences")
        self.setMinimumSize(760, 480)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.list = QListWidget()
        self.list.setAccessibleName("Sequences")
        self.list.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.new_button = QPushButton("&New…")
        self.edit_button = QPushButton("&Edit…")
        self.duplicate_button = QPushButton("D&uplicate")
        self.delete_button = QPushButton("&Delete…")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.duplicate_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        self.delete_button.setAutoDefault(False)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        columns = QHBoxLayout()
        columns.addWidget(self.list, 2)
        columns.addWidget(self.preview, 3)
        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.close_box)

    def _connect_signals(self) -> None:
        self.list.currentRowChanged.connect(lambda _row: self._show_current())
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_current())
        self.new_button.clicked.connect(self.new_sequence)
        self.edit_button.clicked.connect(self.edit_current)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.close_box.rejected.connect(self.reject)
        self._ctx.changed.connect(self._on_ctx_changed)

    def _on_ctx_changed(self, changes: Changes) -> None:
        self.refresh()

    # -- showing -----------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self._current_id()
        self._sequences = {s.id: s for s in self._ctx.services.sequences.list()}
        self.list.clear()
        for sequence in self._sequences.values():
            entry = QListWidgetItem(sequence.title)
            entry.setData(SEQUENCE_ID, sequence.id)
            if not sequence.is_editable:
                entry.setToolTip("Comes with CoachDesk; editing it makes your own copy")
            self.list.addItem(entry)
            if sequence.id == keep:
                self.list.setCurrentItem(entry)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._show_current()

    def _current_id(self) -> int | None:
        entry = self.list.currentItem()
        return int(entry.data(SEQUENCE_ID)) if entry is not None else None

    def current(self) -> Sequence | None:
        current_id = self._current_id()
        return self._sequences.get(current_id) if current_id is not None else None

    def _show_current(self) -> None:
        sequence = self.current()
        self.edit_button.setEnabled(sequence is not None)
        self.duplicate_button.setEnabled(sequence is not None)
        self.delete_button.setEnabled(sequence is not None and sequence.is_editable)
        if sequence is None:
            self.preview.setText("")
            return
        self.edit_button.setText("&Edit…" if sequence.is_editable else "&Edit a copy…")
        items = "".join(
            f"<li><b>{escape(i.strategy_title)}</b><br>"
            f"<span style='color:#666'>{escape(i.note)}</span></li>"
            for i in sequence.items
        )
        origin = "Your own sequence" if sequence.is_editable else "Comes with CoachDesk"
        self.preview.setText(
            f"<p><b>{escape(sequence.title)}</b><br><span style='color:#666'>{origin}</span></p>"
            f"<p>{escape(sequence.description)}</p><ol>{items}</ol>"
        )

    # -- changing ----------------------------------------------------------------------------

    def _ask(self, sequence: Sequence | None) -> SequenceDraft | None:
        dialog = SequenceDialog(self._ctx.services.playbook.list(), sequence, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.draft()

    def new_sequence(self) -> None:
        draft = self._ask(None)
        if draft is not None:
            self.create_sequence(draft)

    def create_sequence(self, draft: SequenceDraft) -> Sequence | None:
        """Add an own sequence; undo deletes it."""
        sequences, made = self._ctx.services.sequences, []

        def redo() -> Changed[Sequence]:
            result = sequences.create(draft)
            made.append(result.value.id)
            return result

        created = self._ctx.do(
            f"New sequence “{draft.title.strip()}”", redo, lambda: sequences.delete(made[-1])
        )
        if created is not None:
            self.refresh(created.id)
        return created

    def edit_current(self) -> None:
        sequence = self.current()
        if sequence is None:
            return
        draft = self._ask(sequence)
        if draft is not None:
            self.save(sequence, draft)

    def save(self, sequence: Sequence, draft: SequenceDraft) -> Sequence | None:
        """Write an own sequence (undo puts the old words back); a bundled one becomes a copy."""
        if not sequence.is_editable:
            return self.create_sequence(draft)
        sequences, before = self._ctx.services.sequences, sequence.draft()
        saved = self._ctx.do(
            f"Edit sequence “{sequence.title}”",
            lambda: sequences.save(sequence.id, draft),
            lambda: sequences.save(sequence.id, before),
        )
        if saved is not None:
            self.refresh(saved.id)
        return saved

    def duplicate_current(self) -> Sequence | None:
        sequence = self.current()
        if sequence is None:
            return None
        copy = sequence.draft()
        return self.create_sequence(
            SequenceDraft(f"{copy.title} (copy)"[:200], copy.description, copy.items)
        )

    def delete_current(self, *, confirm: bool = True) -> bool:
        """Delete the selected own sequence; undo puts it back and its cycles follow it again."""
        sequence = self.current()
        if sequence is None or not sequence.is_editable:
            return False
        services = self._ctx.services
        try:
            followers = [c.id for c in services.cycles.list() if c.sequence_id == sequence.id]
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return False
        if confirm:
            also = (
                f"\n\n{len(followers)} cycle{'s' if len(followers) != 1 else ''} follow"
                f"{'s' if len(followers) == 1 else ''} it and will then follow none."
                if followers
                else ""
            )
            if not ask.confirm(
                self,
                "Delete sequence",
                f"Delete “{sequence.title}”?{also}\n\nUndo (Ctrl+Z) puts it back.",
            ):
                return False

        def undo() -> Changed[Sequence]:
            result = services.sequences.restore(sequence)
            changes = result.changes
            for cycle_id in followers:
                changes = changes | services.sequences.follow(cycle_id, sequence.id).changes
            return Changed(result.value, changes)

        done = self._ctx.do(
            f"Delete sequence “{sequence.title}”",
            lambda: services.sequences.delete(sequence.id),
            undo,
        )
        return done is not None
