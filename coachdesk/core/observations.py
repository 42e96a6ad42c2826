"""Observations of lessons and the time-stamped notes taken during them."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import NewType

ObservationId = NewType("ObservationId", int)
NoteId = NewType("NoteId", int)


class ObservationMode(enum.Enum):
    LIVE = "live"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return "Live in the room" if self is ObservationMode.LIVE else "Lesson video"


class EvidenceKind(enum.Enum):
    """The kind of evidence a note or an observation records."""

    OBSERVATION = "observation"
    STUDENT_VOICE = "student_voice"
    STUDENT_WORK = "student_work"
    ASSESSMENT_DATA = "assessment_data"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Observation:
    """A lesson observed live or on video, within a cycle."""

    id: ObservationId
    cycle_id: int
    observed_on: dt.date
    mode: ObservationMode = ObservationMode.LIVE
    evidence_kind: EvidenceKind = EvidenceKind.OBSERVATION
    context: str = ""  # class, lesson, focus: "8X2 fractions, period 3"
    tag_set_id: int | None = None
    clip_offset_ms: int | None = None  # media time at which the live clock read zero


@dataclass(frozen=True)
class Note:
    """A note, stamped with the time into the observation (or clip) it was taken at."""

    id: NoteId
    observation_id: ObservationId
    at_ms: int
    text: str
    category: str = ""  # a tag label from the observation's tag set, or empty
    evidence_kind: EvidenceKind = EvidenceKind.OBSERVATION
