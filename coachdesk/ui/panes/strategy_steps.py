"""One step of the chosen strategy as a checklist row: the dates it was practised, and a toggle."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

MAX_CHIPS = 6  # a step practised all term shows its latest dates and a count of the rest

STEP_STYLE = """
QLabel#stepNumber { background: palette(mid); color: palette(base); border-radius: 12px;
                    font-weight: bold; }
QLabel#stepNumber[done="true"] { background: #26a69a; }
QToolButton#practiceChip { background: #e0f2f1; color: #00695c; border: 1px solid #b2dfdb;
                           border-radius: 9px; padding: 1px 8px; }
QToolButton#practiceChip:hover { background: #ffebee; color: #b71c1c; border-color: #ef9a9a; }
QPushButton#practisedToday:checked { background: #26a69a; color: white; border: 1px solid #00897b;
                                    border-radius: 3px; padding: 4px; }
QLabel#notYet { color: palette(dark); font-style: italic; }
"""


def chip_date(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


class StepRow(QFrame):
    """A numbered step with its practice dates; emits what the coach asked to change."""

    practised_today_toggled = Signal(int, bool)  # step index, practised
    date_removed = Signal(int, object)  # step index, datetime.date

    def __init__(self, index: int, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.dates: tuple[dt.date, ...] = ()
        self.setObjectName("stepRow")
        self.number = QLabel(str(index + 1))
        self.number.setObjectName("stepNumber")
        self.number.setFixedSize(24, 24)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text)
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # a step is shown as typed
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.today_button = QPushButton("Practised today")
        self.today_button.setCheckable(True)
        self.today_button.setObjectName("practisedToday")
        self.today_button.setAccessibleName(f"Step {index + 1} practised today")
        self.today_button.setToolTip(f"Log that step {index + 1} was practised in class today")
        self.today_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.today_button.setMinimumWidth(140)
        self.today_button.clicked.connect(
            lambda on: self.practised_today_toggled.emit(self.index, on)
        )
        self.chips = QHBoxLayout()
        self.chips.setSpacing(4)
        self.chips.setContentsMargins(0, 0, 0, 0)
        # Boxes rather than a grid with spans: they pass the wrapped text's height-for-width
        # up to the scroll area, so a narrow panel scrolls instead of squashing the rows.
        middle = QVBoxLayout()
        middle.setSpacing(4)
        middle.addWidget(self.text)
        middle.addLayout(self.chips)
        self.below = QVBoxLayout()  # what is shown under the step: rehearsal, smaller steps
        self.below.setContentsMargins(0, 0, 0, 0)
        middle.addLayout(self.below)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(10)
        layout.addWidget(self.number, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(middle, 1)
        layout.addWidget(self.today_button, 0, Qt.AlignmentFlag.AlignTop)

    def show_practice(self, dates: tuple[dt.date, ...], today: dt.date) -> None:
        """Show the dates the step was practised, latest first."""
        self.dates = tuple(sorted(dates, reverse=True))
        self.today_button.setChecked(today in self.dates)
        self.today_button.setText("✓ Practised today" if today in self.dates else "Practised today")
        self.number.setProperty("done", bool(self.dates))
        self.number.style().unpolish(self.number)
        self.number.style().polish(self.number)
        self._clear_chips()
        if not self.dates:
            hint = QLabel("Not practised yet")
            hint.setObjectName("notYet")
            self.chips.addWidget(hint)
        for day in self.dates[:MAX_CHIPS]:
            self.chips.addWidget(self._chip(day))
        if len(self.dates) > MAX_CHIPS:
            earlier = self.dates[MAX_CHIPS:]
            more = QLabel(f"+{len(earlier)} earlier")
            more.setToolTip(", ".join(f"{d.day} {d:%b %Y}" for d in earlier))
            self.chips.addWidget(more)
        self.chips.addStretch(1)
        count = len(self.dates)
        self.setAccessibleName(
            f"Step {self.index + 1}: practised {count} time{'s' if count != 1 else ''}"
        )

    def _chip(self, day: dt.date) -> QToolButton:
        chip = QToolButton()
        chip.setObjectName("practiceChip")
        chip.setText(f"{chip_date(day)}  ×")
        chip.setAutoRaise(True)
        chip.setToolTip(f"Practised on {day:%a} {day.day} {day:%b %Y} — click to remove")
        chip.setAccessibleName(f"Remove practice on {day.day} {day:%B}")
        chip.clicked.connect(lambda: self.date_removed.emit(self.index, day))
        return chip

    def _clear_chips(self) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
