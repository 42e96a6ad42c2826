"""Add a link: its address, a title (the site's name if left empty) and a note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from coachdesk.core.errors import ValidationError
from coachdesk.core.resources import MAX_TITLE, clean_link, link_title


class LinkDialog(QDialog):
    """Ask for a web or mail address; refuse anything else here, before it is saved."""

    def __init__(self, parent: QWidget | None = None, for_whom: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Add link")
        self.url = QLineEdit()
        self.url.setAccessibleName("Address")
        self.url.setPlaceholderText("https://… or mailto:…")
        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.title.setMaxLength(MAX_TITLE)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(
            "Why this, what to look at" + (f" — {for_whom} sees it" if for_whom else "")
        )
        self.note.setFixedHeight(5 * self.note.fontMetrics().lineSpacing())
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b42318;")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.url.textChanged.connect(self._on_url_text_changed)
        form = QFormLayout(self)
        form.addRow("&Address", self.url)
        form.addRow("&Title", self.title)
        form.addRow("&Note", self.note)
        form.addRow(self.error)
        form.addRow(buttons)
        self.resize(480, self.sizeHint().height())

    def values(self) -> tuple[str, str, str]:
        """Return (address, title, note) as typed."""
        return self.url.text().strip(), self.title.text().strip(), self.note.toPlainText()

    def _on_url_text_changed(self, text: str) -> None:
        self.error.hide()
        try:
            self.title.setPlaceholderText(link_title(clean_link(text)))
        except ValidationError:
            self.title.setPlaceholderText("")

    def _on_buttons_accepted(self) -> None:
        try:
            clean_link(self.url.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.url.setFocus()
            return
        self.accept()
