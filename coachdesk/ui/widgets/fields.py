"""Edit fields that commit when the coach leaves them, and a number field that may be empty."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent, QValidator
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget


class PlainTextField(QPlainTextEdit):
    """A multi-line field that emits ``editingFinished`` on focus-out, like a QLineEdit."""

    editingFinished = Signal()  # noqa: N815 - mirrors QLineEdit's signal name

    def __init__(self, parent: QWidget | None = None, lines: int = 3) -> None:
        super().__init__(parent)
        self._committed = ""
        self.setTabChangesFocus(True)  # Tab moves on, as in a form; text needs no tabs
        line = self.fontMetrics().lineSpacing()
        self.setMinimumHeight(int(lines * line + 2 * self.document().documentMargin() + 6))

    def set_text(self, text: str) -> None:
        """Show ``text`` as the committed value (no signal)."""
        self._committed = text
        if text != self.toPlainText():
            self.setPlainText(text)

    def text(self) -> str:
        return self.toPlainText()

    def commit(self) -> None:
        """Emit ``editingFinished`` if the text differs from what was last committed."""
        if self.toPlainText() != self._committed:
            self._committed = self.toPlainText()
            self.editingFinished.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit()


class OptionalNumberValidator(QValidator):
    """Accept a decimal number, or nothing at all (a value not set yet)."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        stripped = text.strip()
        if not stripped:
            return QValidator.State.Acceptable, text, pos
        if stripped in {"-", ".", "-."}:
            return QValidator.State.Intermediate, text, pos
        try:
            float(stripped)
        except ValueError:
            return QValidator.State.Invalid, text, pos
        if any(c in stripped.lower() for c in "einfa"):  # no 1e3, inf or nan
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos


def parse_optional_number(text: str) -> float | None:
    """Return the number in ``text``, or None when it is empty."""
    stripped = text.strip()
    return float(stripped) if stripped else None


class NumberField(QLineEdit):
    """A line edit for an optional number; empty means "not set"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(OptionalNumberValidator(self))
        self.setPlaceholderText("not set")

    def value(self) -> float | None:
        return parse_optional_number(self.text())


class ShownText:
    """Remembers what a refresh last put in each editor, so it never overwrites typing."""

    def __init__(self) -> None:
        self._shown: dict[QWidget, str] = {}

    def load(self, editor: QLineEdit | PlainTextField, value: str) -> bool:
        """Show ``value`` unless the coach is typing something else there; return if shown."""
        if editor.text() != value and self.is_typing(editor):
            return False
        if isinstance(editor, PlainTextField):
            editor.set_text(value)
        elif editor.text() != value:
            editor.setText(value)
            editor.setCursorPosition(0)
        self._shown[editor] = value
        return True

    def is_typing(self, editor: QLineEdit | PlainTextField) -> bool:
        """Return True if ``editor`` has focus and holds text no refresh put there."""
        return editor.hasFocus() and editor.text() != self._shown.get(editor)

    def shown(self, editor: QWidget) -> str | None:
        return self._shown.get(editor)

    def clear(self) -> None:
        self._shown.clear()
