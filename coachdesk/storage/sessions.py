"""Coaching sessions and the actions agreed in them."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import ValidationError
from coachdesk.core.sessions import Action, ActionOwner, CoachingSession, SessionKind
from coachdesk.storage import mapping, rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail


def load_sessions(s: Session, cycle_ids: Sequence[int]) -> list[CoachingSession]:
    """Return the sessions of ``cycle_ids`` with their actions, oldest first."""
    session_rows = s.scalars(
        select(rows.SessionRow)
        .where(rows.SessionRow.cycle_id.in_(cycle_ids))
        .order_by(rows.SessionRow.held_on, rows.SessionRow.id)
    ).all()
    actions: dict[int, list[rows.ActionRow]] = {}
    if session_rows:
        for a in s.scalars(
            select(rows.ActionRow)
            .where(rows.ActionRow.session_id.in_([r.id for r in session_rows]))
            .order_by(rows.ActionRow.id)
        ):
            actions.setdefault(a.session_id, []).append(a)
    return [mapping.session(r, actions.get(r.id, [])) for r in session_rows]


def _check(session: CoachingSession) -> None:
    if not 0 <= session.duration_min <= 24 * 60:
        raise ValidationError("A session lasts between 0 and 1440 minutes.")


class SessionStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, cycle_id: int) -> builtins.list[CoachingSession]:
        with self._db.read() as s:
            return load_sessions(s, [cycle_id])

    def get(self, session_id: int) -> CoachingSession:
        with self._db.read() as s:
            row = get_or_fail(s, rows.SessionRow, session_id, "session")
            return next(x for x in load_sessions(s, [row.cycle_id]) if x.id == session_id)

    def add(
        self,
        cycle_id: int,
        held_on: dt.date,
        kind: SessionKind = SessionKind.FEEDBACK,
        duration_min: int = 30,
    ) -> Changed[CoachingSession]:
        with self._db.session() as s:
            get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
            row = rows.SessionRow(
                cycle_id=cycle_id,
                held_on=held_on,
                kind=kind.value,
                duration_min=duration_min,
                notes="",
                habit_reflection="",
                understanding_reflection="",
            )
            s.add(row)
            s.flush()
            result = mapping.session(row, [])
        return Changed(result, Changes.of(Entity.SESSION, cycle_id=cycle_id))

    def save(self, session: CoachingSession) -> Changed[CoachingSession]:
        """Write a session's fields (not its actions); re-insert it with its id if deleted."""
        _check(session)
        with self._db.session() as s:
            row = s.get(rows.SessionRow, session.id)
            if row is None:
                get_or_fail(s, rows.CycleRow, session.cycle_id, "cycle")
                row = rows.SessionRow(id=session.id, cycle_id=session.cycle_id)
                s.add(row)
            row.held_on = session.held_on
            row.kind = session.kind.value
            row.duration_min = session.duration_min
            row.notes = session.notes
            row.habit_reflection = session.habit_reflection
            row.understanding_reflection = session.understanding_reflection
            row.next_meeting = session.next_meeting
            s.flush()
            actions = s.scalars(
                select(rows.ActionRow)
                .where(rows.ActionRow.session_id == row.id)
                .order_by(rows.ActionRow.id)
            ).all()
            result = mapping.session(row, actions)
        return Changed(result, Changes.of(Entity.SESSION, cycle_id=session.cycle_id))

    def restore(self, session: CoachingSession) -> Changed[CoachingSession]:
        """Put back a deleted session with its actions (for undo)."""
        self.save(session)
        for action in session.actions:
            self.save_action(action)
        with self._db.read() as s:
            restored = [x for x in load_sessions(s, [session.cycle_id]) if x.id == session.id]
        return Changed(restored[0], Changes.of(Entity.SESSION, cycle_id=session.cycle_id))

    def delete(self, session_id: int) -> Changed[CoachingSession]:
        """Delete a session and its actions; return it as it was, so it can be restored."""
        with self._db.session() as s:
            row = get_or_fail(s, rows.SessionRow, session_id, "session")
            before = next(x for x in load_sessions(s, [row.cycle_id]) if x.id == session_id)
            s.delete(row)
        return Changed(before, Changes.of(Entity.SESSION, cycle_id=before.cycle_id))

    # -- actions ---------------------------------------------------------------------------

    def add_action(
        self,
        session_id: int,
        text: str,
        due_on: dt.date | None = None,
        owner: ActionOwner = ActionOwner.COACHEE,
    ) -> Changed[Action]:
        if not text.strip():
            raise ValidationError("An action needs some words.")
        with self._db.session() as s:
            session_row = get_or_fail(s, rows.SessionRow, session_id, "session")
            row = rows.ActionRow(
                session_id=session_id, text=text.strip(), owner=owner.value, due_on=due_on
            )
            s.add(row)
            s.flush()
            result = mapping.action(row)
            cycle_id = session_row.cycle_id
        return Changed(result, Changes.of(Entity.SESSION, cycle_id=cycle_id))

    def save_action(self, action: Action) -> Changed[Action]:
        """Write an action, re-inserting it with its id if it was deleted (undo)."""
        if not action.text.strip():
            raise ValidationError("An action needs some words.")
        with self._db.session() as s:
            session_row = get_or_fail(s, rows.SessionRow, action.session_id, "session")
            row = s.get(rows.ActionRow, action.id)
            if row is None:
                row = rows.ActionRow(id=action.id, session_id=action.session_id)
                s.add(row)
            row.text = action.text.strip()
            row.owner = action.owner.value
            row.due_on = action.due_on
            row.done_on = action.done_on
            s.flush()
            result = mapping.action(row)
            cycle_id = session_row.cycle_id
        return Changed(result, Changes.of(Entity.SESSION, cycle_id=cycle_id))

    def delete_action(self, action_id: int) -> Changed[Action]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.ActionRow, action_id, "action")
            before = mapping.action(row)
            cycle_id = get_or_fail(s, rows.SessionRow, row.session_id, "session").cycle_id
            s.delete(row)
        return Changed(before, Changes.of(Entity.SESSION, cycle_id=cycle_id))
