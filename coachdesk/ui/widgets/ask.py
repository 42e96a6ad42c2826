"""Asking the coach to confirm: a message box that shows names and titles exactly as typed.

``QMessageBox``'s static helpers guess whether their text is rich text, so a colleague named
``<i>Ada</i>`` would show in italics; here the text is always plain.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def confirm(parent: QWidget | None, title: str, text: str, *, warning: bool = False) -> bool:
    """Ask ``text`` with Yes and Cancel (Cancel the default); return True for Yes."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question,
        title,
        text,
        Button.Cancel | Button.Yes,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(Button.Cancel)
    return box.exec() == Button.Yes
