"""Input fields that say when an edit has settled, so panes can save it as it is made.

Each field emits ``edited`` once the coach has finished a change: at once when focus leaves or
Return is pressed, otherwise after a short pause (so stepping a date with the arrow keys or
typing a paragraph does not write to the database on every keystroke). ``load()`` sets a value
from the database without emitting anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, QSize, QTime, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QPlainTextEdit, QSpinBox, QWidget

PAUSE_MS = 900  # long enough to finish stepping a date, short enough to lose little in a crash
TEXT_PAUSE_MS = 1500


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class _Settle:
    """A single-shot timer that calls ``emit`` when an edit has been left alone for a while."""

    def __init__(self, owner: QWidget, emit: Callable[[], None], pause_ms: int) -> None:
        self._emit = emit
        self.timer = QTimer(owner)
        self.timer.setSingleShot(True)
        self.timer.setInterval(pause_ms)
        self.timer.timeout.connect(self.settle)
        self.pending = False

    def poke(self) -> None:
        self.pending = True
        self.timer.start()

    def settle(self) -> None:
        self.timer.stop()
        if self.pending:
            self.pending = False
            self._emit()


class _Settling:
    """What every field here offers: ``pending`` and ``flush()``."""

    _settle: _Settle

    @property
    def pending(self) -> bool:
        return self._settle.pending

    def flush(self) -> None:
        self._settle.settle()


class DateField(_Settling, QDateEdit):
    """A date with a calendar pop-up, written as 12 Nov 2025."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self._settle = _Settle(self, self.edited.emit, PAUSE_MS)
        self.dateChanged.connect(lambda _d: self._settle.poke())
        self.editingFinished.connect(self._settle.settle)

    def load(self, day: dt.date) -> None:
        if self.pending:
            return
        self.blockSignals(True)
        self.setDate(to_qdate(day))
        self.blockSignals(False)

    def value(self) -> dt.date:
        return from_qdate(self.date())


class DateTimeField(_Settling, QDateTimeEdit):
    """A date and time with a calendar pop-up, written as Wed 12 Nov 2025 15:30."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self._settle = _Settle(self, self.edited.emit, PAUSE_MS)
        self.dateTimeChanged.connect(lambda _d: self._settle.poke())
        self.editingFinished.connect(self._settle.settle)

    def load(self, when: dt.datetime) -> None:
        if self.pending:
            return
        self.blockSignals(True)
        self.setDateTime(QDateTime(to_qdate(when.date()), QTime(when.hour, when.minute)))
        self.blockSignals(False)

    def value(self) -> dt.datetime:
        when = self.dateTime()
        return dt.datetime.combine(
            from_qdate(when.date()), dt.time(when.time().hour(), when.time().minute())
        )


class MinutesField(_Settling, QSpinBox):
    """A number of minutes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 24 * 60)
        self.setSingleStep(5)
        self.setSuffix(" min")
        self._settle = _Settle(self, self.edited.emit, PAUSE_MS)
        self.valueChanged.connect(lambda _v: self._settle.poke())
        self.editingFinished.connect(self._settle.settle)

    def load(self, minutes: int) -> None:
        if self.pending:
            return
        self.blockSignals(True)
        self.setValue(minutes)
        self.blockSignals(False)


class NotesField(_Settling, QPlainTextEdit):
    """Several lines of text, saved when focus leaves or typing pauses."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # keep Tab for keyboard navigation between fields
        self._settle = _Settle(self, self.edited.emit, TEXT_PAUSE_MS)
        self.textChanged.connect(self._settle.poke)

    def load(self, text: str) -> None:
        if self.pending:
            return
        if text != self.toPlainText():  # leave the cursor alone when nothing changed
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)

    def value(self) -> str:
        return self.toPlainText()

    def sizeHint(self) -> QSize:
        # A few lines, not Qt's default ~12: forms in scroll areas stay compact and the
        # fields grow into whatever room the layout has to spare.
        return QSize(super().sizeHint().width(), 5 * self.fontMetrics().lineSpacing() + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._settle.settle()
