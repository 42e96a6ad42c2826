"""One coaching session, edited in place: kind, date, length, notes, reflections, next meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.errors import NotFoundError
from coachdesk.core.sessions import (
    HABIT_PROMPT,
    UNDERSTANDING_PROMPT,
    CoachingSession,
    SessionId,
    SessionKind,
)
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.edit_fields import DateField, DateTimeField, MinutesField, NotesField
from coachdesk.ui.panes.rehearsal_log import RehearsalLog
from coachdesk.ui.panes.session_actions import SessionActions

NEXT_MEETING_TIME = dt.time(15, 30)  # after school, when most coaching conversations happen
FIELD_NAMES = {
    "kind": "kind",
    "held_on": "date",
    "duration_min": "length",
    "notes": "notes",
    "habit_reflection": "habits reflection",
    "understanding_reflection": "understanding reflection",
    "next_meeting": "next meeting",
}


def _heading(text: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text)
    label.setObjectName("fieldHeading")
    label.setWordWrap(True)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


class SessionEditor(QWidget):
    """Shows one session; every change is saved as it is made, as an undoable edit."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.session: CoachingSession | None = None
        self._build_ui()
        self._connect_signals()
        self.show_session(None)

    def _build_ui(self) -> None:
        self.kind = QComboBox()
        for kind in SessionKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setAccessibleName("Kind of session")
        self.kind.setToolTip("What the session was for")
        self.held_on = DateField()
        self.held_on.setAccessibleName("Date of the session")
        self.held_on.setToolTip("When the session took place")
        self.duration = MinutesField()
        self.duration.setAccessibleName("Length of the session in minutes")
        self.duration.setToolTip("How long the session lasted, in minutes")
        self.next_meeting = DateTimeField()
        self.next_meeting.setAccessibleName("Next meeting")
        self.next_meeting.setToolTip("When you will meet next")
        self.clear_meeting = QToolButton()
        self.clear_meeting.setText("Clear")
        self.clear_meeting.setToolTip("No next meeting booked")
        self.clear_meeting.setAccessibleName("Clear the next meeting")
        self.book_meeting = QPushButton("&Book next meeting…")
        self.book_meeting.setToolTip("Set a date and time for the next coaching conversation")
        facts = QHBoxLayout()
        for label, widget in (
            ("&Kind", self.kind),
            ("&Date", self.held_on),
            ("&Length", self.duration),
        ):
            facts.addWidget(_heading(label, widget))
            facts.addWidget(widget)
            facts.addSpacing(8)
        facts.addStretch(1)
        whats_next = QHBoxLayout()  # what the conversation ended with: actions, next meeting
        whats_next.addWidget(_heading("<b>Agreed actions</b>"), 1)
        whats_next.addWidget(_heading("Next &meeting", self.next_meeting))
        whats_next.addWidget(self.next_meeting)
        whats_next.addWidget(self.clear_meeting)
        whats_next.addWidget(self.book_meeting)

        self.notes = NotesField()
        self.notes.setAccessibleName("Session notes")
        self.notes.setPlaceholderText(
            "What you talked about, what you looked at together, what the coachee noticed…"
        )
        self.habit = NotesField()
        self.habit.setAccessibleName("Habits reflection")
        self.habit.setPlaceholderText(HABIT_PROMPT)
        self.habit.setToolTip("Habits: " + HABIT_PROMPT)
        self.understanding = NotesField()
        self.understanding.setAccessibleName("Understanding reflection")
        self.understanding.setPlaceholderText(UNDERSTANDING_PROMPT)
        self.understanding.setToolTip("Understanding: " + UNDERSTANDING_PROMPT)
        for field in (self.notes, self.habit, self.understanding):
            field.setMinimumHeight(72)
        texts = QGridLayout()
        texts.setHorizontalSpacing(12)
        texts.addWidget(_heading("N&otes", self.notes), 0, 0)
        texts.addWidget(self.notes, 1, 0, 3, 1)
        texts.addWidget(_heading(f"<b>Habits</b> — {HABIT_PROMPT}", self.habit), 0, 1)
        texts.addWidget(self.habit, 1, 1)
        texts.addWidget(
            _heading(f"<b>Understanding</b> — {UNDERSTANDING_PROMPT}", self.understanding), 2, 1
        )
        texts.addWidget(self.understanding, 3, 1)
        texts.setColumnStretch(0, 1)
        texts.setColumnStretch(1, 1)

        self.agreed_actions = SessionActions(self._ctx)
        self.rehearsal = RehearsalLog(self._ctx)  # deliberate practice: steps in rounds
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(facts)
        layout.addLayout(texts, 1)
        layout.addSpacing(4)
        layout.addWidget(self.rehearsal)
        layout.addSpacing(4)
        layout.addLayout(whats_next)
        layout.addWidget(self.agreed_actions)

    def _connect_signals(self) -> None:
        self.kind.activated.connect(lambda _i: self.commit_fields())
        for field in (self.held_on, self.duration, self.notes, self.habit, self.understanding):
            field.edited.connect(self.commit_fields)
        self.next_meeting.edited.connect(lambda: self.set_next_meeting(self.next_meeting.value()))
        self.clear_meeting.clicked.connect(lambda: self.set_next_meeting(None))
        self.book_meeting.clicked.connect(self._on_book_meeting_clicked)

    # -- showing -----------------------------------------------------------------------------

    def show_session(self, session: CoachingSession | None) -> None:
        """Show ``session`` (None: nothing to edit); first save what is pending in another."""
        if self.session is not None and (session is None or session.id != self.session.id):
            self.flush_edits()
        self.session = session
        self.setEnabled(session is not None)
        shown = session or CoachingSession(id=SessionId(0), cycle_id=0, held_on=self._ctx.today())
        self.kind.setCurrentIndex(self.kind.findData(shown.kind))
        self.held_on.load(shown.held_on)
        self.duration.load(shown.duration_min)
        self.notes.load(shown.notes)
        self.habit.load(shown.habit_reflection)
        self.understanding.load(shown.understanding_reflection)
        booked = shown.next_meeting is not None
        if shown.next_meeting is not None:
            self.next_meeting.load(shown.next_meeting)
        self.next_meeting.setVisible(booked)
        self.clear_meeting.setVisible(booked)
        self.book_meeting.setVisible(not booked)
        due = shown.next_meeting.date() if shown.next_meeting else None
        self.agreed_actions.show_session(session, default_due=due)
        self.rehearsal.show_session(session)

    def _on_book_meeting_clicked(self) -> None:
        if self.session is None:
            return
        start = max(self.session.held_on, self._ctx.today()) + dt.timedelta(days=7)
        self.set_next_meeting(dt.datetime.combine(start, NEXT_MEETING_TIME))
        self.next_meeting.setFocus()

    # -- saving ------------------------------------------------------------------------------

    def flush_edits(self) -> None:
        """Save at once any edit still waiting for the coach to pause."""
        for field in (
            self.held_on,
            self.duration,
            self.notes,
            self.habit,
            self.understanding,
            self.next_meeting,
        ):
            field.flush()

    def commit_fields(self) -> None:
        """Save what the fields show, if it differs from what is stored."""
        if self.session is None:
            return
        kind = self.kind.currentData()
        self.save_changes(
            kind=kind if isinstance(kind, SessionKind) else self.session.kind,
            held_on=self.held_on.value(),
            duration_min=self.duration.value(),
            notes=self.notes.value(),
            habit_reflection=self.habit.value(),
            understanding_reflection=self.understanding.value(),
        )

    def set_next_meeting(self, when: dt.datetime | None) -> None:
        self.save_changes(next_meeting=when)

    def save_changes(self, **fields: object) -> CoachingSession | None:
        """Save the shown session with ``fields`` changed, as one undoable edit."""
        if self.session is None:
            return None
        sessions = self._ctx.services.sessions
        try:
            before = sessions.get(self.session.id)
        except NotFoundError:
            return None
        after = replace(before, **fields)  # type: ignore[arg-type]
        changed = [
            FIELD_NAMES[name] for name in fields if getattr(before, name) != getattr(after, name)
        ]
        if not changed:
            return before
        saved = self._ctx.do(
            f"Edit session {' and '.join(changed)}",
            lambda: sessions.save(after),
            lambda: sessions.save(before),
        )
        if saved is None:
            self.show_session(before)  # refused: show what is really stored
        return saved
