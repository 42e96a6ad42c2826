"""Coachees: the colleagues a coach works with."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import NewType

from coachdesk.core.errors import ValidationError

CoacheeId = NewType("CoacheeId", int)


@dataclass(frozen=True)
class Coachee:
    """A colleague being coached."""

    id: CoacheeId
    name: str
    role: str = ""  # subject, phase or year group: "Year 4", "Science (KS3)"
    notes: str = ""
    archived: bool = False
    created_on: dt.date | None = None


def clean_name(name: str) -> str:
    """Return the name trimmed, refusing an empty one."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("A coachee needs a name.")
    if len(name) > 200:
        raise ValidationError("That name is longer than 200 characters.")
    if any(unicodedata.category(char) == "Cc" for char in name):
        # A NUL or other control character in a name breaks headings, exports and file names.
        raise ValidationError("A name cannot contain control characters (such as NUL).")
    return name


@dataclass(frozen=True)
class ErasureSummary:
    """What deleting a coachee will erase."""

    name: str
    cycles: int
    sessions: int
    observations: int
    notes: int
    clips: int
    tags: int

    def describe(self) -> str:
        parts = [
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in (
                (self.cycles, "cycle"),
                (self.sessions, "session"),
                (self.observations, "observation"),
                (self.notes, "note"),
                (self.clips, "clip link"),
                (self.tags, "tag"),
            )
        ]
        return ", ".join(parts)
