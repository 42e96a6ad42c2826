"""Create or edit a strategy sequence: its title, description and strategies in order, each
with a note on why it comes at that point."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.playbook import Strategy
from coachdesk.core.sequences import Sequence, SequenceDraft, SequenceDraftItem

STRATEGY_ID = Qt.ItemDataRole.UserRole
NOTE = Qt.ItemDataRole.UserRole + 1


class SequenceDialog(QDialog):
    """Edits a ``SequenceDraft``; a bundled sequence is edited as the coach's own copy."""

    def __init__(
        self,
        strategies: Iterable[Strategy],
        sequence: Sequence | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._strategies: dict[int, Strategy] = {s.id: s for s in strategies}
        bundled = sequence is not None and not sequence.is_editable
        if sequence is None:
            self.setWindowTitle("New sequence")
        elif bundled:
            self.setWindowTitle(f"Edit your own copy of “{sequence.title}”")
        else:
            self.setWindowTitle(f"Edit “{sequence.title}”")
        self.setMinimumSize(640, 560)
        self._build_ui(bundled)
        self._connect_signals()
        if sequence is not None:
            self._load(sequence)
        self._update_buttons()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self, bundled: bool) -> None:
        self.copy_note = QLabel(
            "This sequence comes with CoachDesk and stays as it is. Your changes are saved as "
            "<b>your own copy</b>."
        )
        self.copy_note.setWordWrap(True)
        self.copy_note.setVisible(bundled)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Our early career teachers: first term")
        self.title.setMaxLength(200)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("Who the sequence is for and the thinking behind it")
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.items = QListWidget()
        self.items.setAccessibleName("Strategies in order")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Why this strategy comes at this point")
        self.note.setAccessibleName("Why it comes here")
        self.picker = QComboBox()
        self.picker.setAccessibleName("Strategy to add")
        for strategy in sorted(
            self._strategies.values(), key=lambda s: (s.category.label, s.title)
        ):
            self.picker.addItem(f"{strategy.title} — {strategy.category.label}", strategy.id)
        self.add_button = QPushButton("&Add")
        self.remove_button = QPushButton("&Remove")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move &down")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)

        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("D&escription", self.description)
        add_row = QHBoxLayout()
        add_label = QLabel("Strate&gy to add")
        add_label.setBuddy(self.picker)
        add_row.addWidget(add_label)
        add_row.addWidget(self.picker, 1)
        add_row.addWidget(self.add_button)
        side = QVBoxLayout()
        side.addWidget(self.up_button)
        side.addWidget(self.down_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        grid = QGridLayout()
        grid.addWidget(QLabel("Strategies, in the order to work on them"), 0, 0)
        grid.addWidget(self.items, 1, 0)
        grid.addLayout(side, 1, 1)
        note_label = QLabel("&Why it comes here")
        note_label.setBuddy(self.note)
        grid.addWidget(note_label, 2, 0)
        grid.addWidget(self.note, 3, 0, 1, 2)
        grid.addLayout(add_row, 4, 0, 1, 2)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.copy_note)
        layout.addLayout(form)
        layout.addLayout(grid, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.title.textChanged.connect(lambda _text: self._update_buttons())
        self.items.currentRowChanged.connect(self._on_items_current_row_changed)
        self.note.textEdited.connect(self._on_note_text_edited)
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))

    def _load(self, sequence: Sequence) -> None:
        self.title.setText(sequence.title)
        self.description.setPlainText(sequence.description)
        for item in sequence.items:
            self._append(item.strategy_id, item.note, item.strategy_title)
        self.items.setCurrentRow(0 if sequence.items else -1)

    # -- editing -----------------------------------------------------------------------------

    def _append(self, strategy_id: int, note: str = "", title: str = "") -> None:
        strategy = self._strategies.get(strategy_id)
        entry = QListWidgetItem(strategy.title if strategy else title)
        entry.setData(STRATEGY_ID, strategy_id)
        entry.setData(NOTE, note)
        entry.setToolTip(note)
        self.items.addItem(entry)

    def _ids(self) -> list[int]:
        return [self.items.item(row).data(STRATEGY_ID) for row in range(self.items.count())]

    def add_selected(self) -> None:
        """Add the strategy picked below the list at the end (each strategy once)."""
        strategy_id = self.picker.currentData()
        if strategy_id is None:
            return
        if strategy_id in self._ids():
            self.items.setCurrentRow(self._ids().index(strategy_id))
            return
        self._append(strategy_id)
        self.items.setCurrentRow(self.items.count() - 1)
        self.note.setFocus()

    def remove_current(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.takeItem(row)
        self._update_buttons()

    def move_current(self, step: int) -> None:
        row = self.items.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.items.count():
            return
        entry = self.items.takeItem(row)
        self.items.insertItem(target, entry)
        self.items.setCurrentRow(target)

    def _on_items_current_row_changed(self, row: int) -> None:
        entry = self.items.item(row) if row >= 0 else None
        self.note.setEnabled(entry is not None)
        self.note.setText(entry.data(NOTE) if entry else "")
        self.note.setCursorPosition(0)  # show how the note begins
        self._update_buttons()

    def _on_note_text_edited(self, text: str) -> None:
        entry = self.items.currentItem()
        if entry is not None:
            entry.setData(NOTE, text)
            entry.setToolTip(text)

    def _update_buttons(self) -> None:
        row, count = self.items.currentRow(), self.items.count()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(self.title.text().strip()))

    def draft(self) -> SequenceDraft:
        """Return what the dialog holds."""
        items = tuple(
            SequenceDraftItem(self.items.item(r).data(STRATEGY_ID), self.items.item(r).data(NOTE))
            for r in range(self.items.count())
        )
        return SequenceDraft(self.title.text(), self.description.toPlainText(), items)
