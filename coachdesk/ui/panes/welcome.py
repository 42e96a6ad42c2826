"""What the centre shows when no cycle is in hand: a welcome on first run, then a nudge."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from coachdesk.core.changes import Changes, Entity
from coachdesk.ui.context import UiContext

FIRST_RUN = (
    "<h1>Welcome to CoachDesk</h1>"
    "<p>Your coaching cycles, PEERS goals, playbook, observation notes and lesson video — in "
    "one window, saved on this laptop only. Nothing is uploaded, and every change is saved as "
    "you make it.</p>"
    "<p>Start by adding a colleague you coach, or look around a demo workspace first.</p>"
)
NO_CYCLE = (
    "<h2>No cycle selected</h2>"
    "<p>Choose a coachee's cycle on the left or on the timeline, or select a coachee and "
    "press <b>Start cycle</b>.</p>"
)


class WelcomePage(QWidget):
    add_coachee_requested = Signal()
    demo_requested = Signal()

    def __init__(self, ctx: UiContext, demo_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setMaximumWidth(560)
        self.add_button = QPushButton("Add a coachee…")
        self.add_button.setAccessibleName("Add a coachee")
        self.demo_button = QPushButton("Open the demo workspace")
        self.demo_button.setToolTip("Fills this empty workspace with five example coachees")
        self.demo_button.setVisible(demo_available)
        self.add_button.clicked.connect(self.add_coachee_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        column = QVBoxLayout()
        column.addStretch()
        column.addWidget(self.text)
        column.addLayout(buttons)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch()
        outer.addLayout(column)
        outer.addStretch()
        ctx.changed.connect(self._on_ctx_changed)
        self.refresh()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.COACHEE):
            self.refresh()

    def refresh(self) -> None:
        first_run = not self._ctx.services.coachees.list()
        self.text.setText(FIRST_RUN if first_run else NO_CYCLE)
        self.add_button.setVisible(first_run)
        self.demo_button.setEnabled(first_run)
        if not first_run:
            self.demo_button.setVisible(False)
