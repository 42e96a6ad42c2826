"""Ask why a cycle should move on although its stage still needs something."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class MoveOnDialog(QDialog):
    """Lists what is missing and asks for the reason to move on anyway."""

    def __init__(
        self, stage_label: str, next_label: str, missing: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Move on to {next_label}?")
        items = "".join(f"<li>{escape(text)}</li>" for text in missing)
        intro = QLabel(
            f"<p>The <b>{escape(stage_label)}</b> stage still needs:</p>"
            f"<ul style='margin-left:-20px'>{items}</ul>"
            "<p>You can move on anyway; the reason is kept with the cycle.</p>"
        )
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason to move on")
        self.reason.setPlaceholderText(
            "e.g. Goal agreed in conversation; measure to follow after the next observation"
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 14)
        label = QLabel("&Reason")
        label.setBuddy(self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Move on anyway")
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._on_reason_text_changed)
        self._on_reason_text_changed()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def _on_reason_text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.reason_text()))

    def _on_buttons_accepted(self) -> None:
        if self.reason_text():
            self.accept()
