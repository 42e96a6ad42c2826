"""Add or edit a coachee."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from coachdesk.core.coachees import Coachee


class CoacheeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, coachee: Coachee | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit coachee" if coachee else "New coachee")
        self.name = QLineEdit(coachee.name if coachee else "")
        self.name.setPlaceholderText("e.g. Priya Shah")
        self.name.setAccessibleName("Name")
        self.role = QLineEdit(coachee.role if coachee else "")
        self.role.setPlaceholderText("e.g. Year 4 class teacher, Science (KS3)")
        self.role.setAccessibleName("Role")
        self.notes = QPlainTextEdit(coachee.notes if coachee else "")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText(
            "Anything worth remembering: timetable, interests, what they want from coaching"
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(self._on_name_text_changed)
        self._on_name_text_changed(self.name.text())
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Role", self.role)
        form.addRow("N&otes", self.notes)
        form.addRow(buttons)

    def _on_name_text_changed(self, text: str) -> None:
        self._ok.setEnabled(bool(text.strip()))

    def _on_buttons_accepted(self) -> None:
        if self.name.text().strip():
            self.accept()
