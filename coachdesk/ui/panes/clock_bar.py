"""The lesson clock's face: a large MM:SS reading, Start/Pause/Resume and Reset."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QWidget

from coachdesk.ui.live_clock import ClockState, LiveClock, clock_text

TOGGLE_TEXT = {
    ClockState.STOPPED: "Start",
    ClockState.RUNNING: "Pause",
    ClockState.PAUSED: "Resume",
}
REPAINT_MS = 200  # the clock shows seconds; five repaints a second keeps it honest


class ClockBar(QFrame):
    """Shows and drives one ``LiveClock``; the timer only repaints, the clock keeps time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock: LiveClock | None = None
        self._repaint = QTimer(self)
        self._repaint.setInterval(REPAINT_MS)
        self.display = QLabel(clock_text(0))
        font = self.display.font()
        font.setPointSize(30)
        font.setWeight(QFont.Weight.DemiBold)
        self.display.setFont(font)
        self.display.setAccessibleName("Lesson clock")
        self.display.setToolTip("Time into the lesson; new notes are stamped with it")
        self.toggle_button = QPushButton("Start")
        self.toggle_button.setAccessibleName("Start, pause or resume the lesson clock")
        self.toggle_button.setMinimumWidth(104)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.reset_button.setAccessibleName("Reset the lesson clock to zero")
        self.reset_button.setToolTip("Set the clock back to 00:00 (notes keep their times)")
        self.setObjectName("clockBar")
        self.setStyleSheet(
            "#clockBar { background: #f4f6f8; border: 1px solid #dde1e5; border-radius: 6px; }"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 6, 12, 6)
        row.addWidget(self.display)
        row.addStretch(1)
        row.addWidget(self.toggle_button)
        row.addWidget(self.reset_button)
        self._repaint.timeout.connect(self.show_time)
        self.toggle_button.clicked.connect(self.toggle)
        self.reset_button.clicked.connect(self.reset)

    def set_clock(self, clock: LiveClock | None) -> None:
        self._clock = clock
        self.show_time()

    def toggle(self) -> None:
        if self._clock is not None:
            self._clock.toggle()
            self.show_time()

    def reset(self) -> None:
        if self._clock is not None:
            self._clock.reset()
            self.show_time()

    def show_time(self) -> None:
        """Repaint the reading and the buttons; run the repaint timer only while running."""
        clock = self._clock
        state = clock.state if clock else ClockState.STOPPED
        self.display.setText(clock_text(clock.elapsed_ms() if clock else 0))
        self.toggle_button.setText(TOGGLE_TEXT[state])
        icon = (
            QStyle.StandardPixmap.SP_MediaPause
            if state is ClockState.RUNNING
            else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.toggle_button.setIcon(self.style().standardIcon(icon))
        self.toggle_button.setToolTip(f"{TOGGLE_TEXT[state]} the lesson clock (Ctrl+Space)")
        self.reset_button.setEnabled(state is not ClockState.STOPPED)
        if state is ClockState.RUNNING:
            if not self._repaint.isActive():
                self._repaint.start()
        else:
            self._repaint.stop()
