"""A cycle's coaching sessions, newest first: date, kind, duration and agreed actions."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coachdesk.core.sessions import CoachingSession
from coachdesk.ui.models.edit_roles import ID_ROLE
from coachdesk.ui.models.rows_model import AnyIndex, RowsModel

HEADERS = ("Date", "Kind", "Length", "Actions")
DATE, KIND, DURATION, ACTIONS = range(4)


def actions_text(session: CoachingSession) -> str:
    total = len(session.actions)
    if not total:
        return "–"
    open_ = sum(1 for a in session.actions if a.done_on is None)
    return f"{total} ({open_} open)" if open_ else f"{total} (all done)"


class SessionListModel(RowsModel[CoachingSession]):
    """Read-only rows of sessions; the editor beside the list changes them."""

    def __init__(self) -> None:
        super().__init__(HEADERS, key=lambda s: s.id)

    def set_sessions(self, sessions: list[CoachingSession]) -> None:
        """Show ``sessions`` newest first (the same day: the later-added first)."""
        self.set_rows(sorted(sessions, key=lambda s: (s.held_on, s.id), reverse=True))

    def session_at(self, index: AnyIndex) -> CoachingSession | None:
        return self.row_at(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        session = self.session_at(index)
        if session is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DATE:
                return f"{session.held_on:%a} {session.held_on.day} {session.held_on:%b %Y}"
            if column == KIND:
                return session.kind.label
            if column == DURATION:
                return f"{session.duration_min} min"
            return actions_text(session)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{session.kind.label} on {session.held_on.day} {session.held_on:%B %Y}"
            if session.next_meeting:
                when = session.next_meeting
                tip += f"\nNext meeting: {when:%a} {when.day} {when:%b} at {when:%H:%M}"
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and column == DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return session.id
        return None
