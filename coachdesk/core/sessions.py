"""Coaching sessions (conversations) with their reflections and agreed actions."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import NewType

SessionId = NewType("SessionId", int)
ActionId = NewType("ActionId", int)


class SessionKind(enum.Enum):
    """What a coaching contact was for."""

    IDENTIFY = "identify"
    MODELLING = "modelling"
    PRACTICE = "practice"
    FEEDBACK = "feedback"
    REVIEW = "review"
    CHECK_IN = "check_in"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    SessionKind.IDENTIFY: "Identify conversation",
    SessionKind.MODELLING: "Modelling",
    SessionKind.PRACTICE: "Rehearsal / practice",
    SessionKind.FEEDBACK: "Feedback conversation",
    SessionKind.REVIEW: "Progress review",
    SessionKind.CHECK_IN: "Check-in",
}

HABIT_PROMPT = "Did the steps happen? Which ones, and how did they go?"
UNDERSTANDING_PROMPT = "Was this the right response to this situation, and why?"


class ActionOwner(enum.Enum):
    COACHEE = "coachee"
    COACH = "coach"


@dataclass(frozen=True)
class Action:
    """Something agreed in a session, with a due date."""

    id: ActionId
    session_id: SessionId
    text: str
    owner: ActionOwner = ActionOwner.COACHEE
    due_on: dt.date | None = None
    done_on: dt.date | None = None

    def is_overdue(self, today: dt.date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class CoachingSession:
    """A coaching conversation."""

    id: SessionId
    cycle_id: int
    held_on: dt.date
    kind: SessionKind = SessionKind.FEEDBACK
    duration_min: int = 30
    notes: str = ""
    habit_reflection: str = ""
    understanding_reflection: str = ""
    next_meeting: dt.datetime | None = None
    actions: tuple[Action, ...] = ()
