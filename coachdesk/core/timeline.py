"""What the cycle timeline shows, and the rules for what needs the coach's attention."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from coachdesk.core.calendar import SchoolCalendar
from coachdesk.core.coachees import Coachee
from coachdesk.core.cycles import Stage


class MarkerKind(enum.Enum):
    SESSION = "session"
    OBSERVATION = "observation"
    CLIP_REVIEW = "clip_review"


@dataclass(frozen=True)
class Marker:
    kind: MarkerKind
    on: dt.date
    cycle_id: int
    label: str = ""


@dataclass(frozen=True)
class CycleBar:
    cycle_id: int
    title: str
    stage: Stage
    start: dt.date
    end: dt.date | None  # None while the cycle is running


@dataclass(frozen=True)
class OpenAction:
    text: str
    due_on: dt.date
    cycle_id: int


@dataclass(frozen=True)
class Lane:
    """One coachee's row on the timeline."""

    coachee: Coachee
    bars: tuple[CycleBar, ...] = ()
    markers: tuple[Marker, ...] = ()
    open_actions: tuple[OpenAction, ...] = ()
    next_meeting: dt.datetime | None = None


class AttentionKind(enum.Enum):
    NO_SESSION = "no_session"
    ACTION_OVERDUE = "action_overdue"
    MEETING_SOON = "meeting_soon"


@dataclass(frozen=True)
class Attention:
    kind: AttentionKind
    text: str
    on: dt.date | None = None


@dataclass(frozen=True)
class TimelineData:
    lanes: tuple[Lane, ...] = field(default=())

    def span(self) -> tuple[dt.date, dt.date] | None:
        days = [b.start for lane in self.lanes for b in lane.bars]
        days += [m.on for lane in self.lanes for m in lane.markers]
        return (min(days), max(days)) if days else None


def attention(lane: Lane, calendar: SchoolCalendar, today: dt.date) -> list[Attention]:
    """Return what stands out for this coachee today."""
    found: list[Attention] = []
    if lane.coachee.archived:
        return found
    overdue = sorted((a for a in lane.open_actions if a.due_on < today), key=lambda a: a.due_on)
    for action in overdue:
        days = (today - action.due_on).days
        found.append(
            Attention(
                AttentionKind.ACTION_OVERDUE,
                f"Action overdue by {days} day{'s' if days != 1 else ''}: {action.text}",
                action.due_on,
            )
        )
    if lane.next_meeting is not None:
        meeting_day = lane.next_meeting.date()
        if today <= meeting_day <= today + dt.timedelta(days=7):
            found.append(
                Attention(
                    AttentionKind.MEETING_SOON,
                    f"Next meeting {lane.next_meeting:%a %d %b, %H:%M}",
                    meeting_day,
                )
            )
    half = calendar.half_term_of(today)
    running = any(bar.end is None for bar in lane.bars)
    sessions = [m for m in lane.markers if m.kind is MarkerKind.SESSION]
    if running and not any(half.start <= m.on <= today for m in sessions):
        found.append(Attention(AttentionKind.NO_SESSION, f"No coaching session yet in {half.name}"))
    return found
