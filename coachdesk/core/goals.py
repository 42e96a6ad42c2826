"""PEERS goals and the student-focused measure that shows progress towards them."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import NewType

GoalId = NewType("GoalId", int)
MeasurementId = NewType("MeasurementId", int)


class PeersCriterion(enum.Enum):
    """The five tests of a good coaching goal (Knight, 2017)."""

    POWERFUL = "powerful"
    EASY = "easy"
    EMOTIONALLY_COMPELLING = "emotionally_compelling"
    REACHABLE = "reachable"
    STUDENT_FOCUSED = "student_focused"

    @property
    def label(self) -> str:
        return _CRITERIA[self][0]

    @property
    def guidance(self) -> str:
        return _CRITERIA[self][1]


_CRITERIA: dict[PeersCriterion, tuple[str, str]] = {
    PeersCriterion.POWERFUL: (
        "Powerful",
        "Reaching it would make a real difference to students' learning or wellbeing.",
    ),
    PeersCriterion.EASY: (
        "Easy",
        "Simple to say and to act on: one clear change, not a programme of them.",
    ),
    PeersCriterion.EMOTIONALLY_COMPELLING: (
        "Emotionally compelling",
        "The teacher cares about it and chose it; it matters to them, not only to the school.",
    ),
    PeersCriterion.REACHABLE: (
        "Reachable",
        "Measurable, with a target that can be hit in weeks with a clear strategy.",
    ),
    PeersCriterion.STUDENT_FOCUSED: (
        "Student-focused",
        "Stated as what students will do or achieve, not what the teacher will do.",
    ),
}


class MeasurementSource(enum.Enum):
    """Where a data point on the goal came from."""

    OBSERVATION = "observation"
    VIDEO = "video"
    STUDENT_WORK = "student_work"
    ASSESSMENT = "assessment"
    STUDENT_VOICE = "student_voice"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Measurement:
    """One dated value of the goal's measure."""

    id: MeasurementId
    goal_id: GoalId
    taken_on: dt.date
    value: float
    source: MeasurementSource = MeasurementSource.OBSERVATION
    note: str = ""


@dataclass(frozen=True)
class PeersGoal:
    """A cycle's goal, its PEERS checks and its student-focused measure."""

    id: GoalId
    cycle_id: int
    text: str = ""
    checks: frozenset[PeersCriterion] = frozenset()
    measure: str = ""  # "% of students who start the task within 2 minutes"
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    measurements: tuple[Measurement, ...] = field(default=())
    # How the measure is computed from video tags (see core/goal_measures.py); "" = by hand.
    measure_kind: str = ""
    measure_tag_types: tuple[int, ...] = ()

    @property
    def is_written(self) -> bool:
        return bool(self.text.strip()) and bool(self.measure.strip())

    @property
    def is_checked(self) -> bool:
        return self.checks == frozenset(PeersCriterion)

    @property
    def unchecked(self) -> list[PeersCriterion]:
        return [c for c in PeersCriterion if c not in self.checks]

    @property
    def latest(self) -> Measurement | None:
        return max(self.measurements, key=lambda m: (m.taken_on, m.id), default=None)

    def progress(self) -> float | None:
        """Return how far the latest value has moved from baseline to target (0..1, may exceed)."""
        latest = self.latest
        if latest is None or self.baseline is None or self.target is None:
            return None
        span = self.target - self.baseline
        if span == 0:
            return 1.0 if latest.value == self.target else 0.0
        return (latest.value - self.baseline) / span

    @property
    def is_met(self) -> bool:
        progress = self.progress()
        return progress is not None and progress >= 1.0

    def has_progress_evidence(self) -> bool:
        """Return True once at least one measurement has been taken."""
        return bool(self.measurements)
