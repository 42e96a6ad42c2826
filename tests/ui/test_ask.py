"""Confirmations show names exactly as typed, with Cancel as the safe default."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from coachdesk.ui.widgets import ask


def _answer_the_box(button: QMessageBox.StandardButton, seen: list[QMessageBox]) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box)
        box.button(button).click()

    QTimer.singleShot(0, answer)


def test_a_name_that_looks_like_markup_is_shown_as_typed(qtbot: QtBot):
    seen: list[QMessageBox] = []
    _answer_the_box(QMessageBox.StandardButton.Yes, seen)
    assert ask.confirm(None, "Delete coachee", "Delete <i>Ada</i>?", warning=True)
    (box,) = seen
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == "Delete <i>Ada</i>?"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert box.icon() == QMessageBox.Icon.Warning


def test_cancel_says_no(qtbot: QtBot):
    seen: list[QMessageBox] = []
    _answer_the_box(QMessageBox.StandardButton.Cancel, seen)
    assert not ask.confirm(None, "Delete tag set", "Delete “Questioning”?")
