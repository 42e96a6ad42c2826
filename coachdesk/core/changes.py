"""What a mutating operation changed, so each pane can decide whether to refresh."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Generic, TypeVar

T_co = TypeVar("T_co", covariant=True)


class Entity(enum.Enum):
    COACHEE = "coachee"
    CYCLE = "cycle"
    GOAL = "goal"
    STRATEGY = "strategy"
    SESSION = "session"
    OBSERVATION = "observation"
    NOTE = "note"
    CLIP = "clip"
    TAG_SET = "tag_set"
    TAG = "tag"
    SETTINGS = "settings"
    RESOURCE = "resource"
    MODEL_CLIP = "model_clip"
    REHEARSAL = "rehearsal"
    SEQUENCE = "sequence"
    LEAD_LOG = "lead_log"


@dataclass(frozen=True)
class Changes:
    """The kinds of things an operation changed, and in which cycle (if one)."""

    entities: frozenset[Entity]
    cycle_id: int | None = None

    @classmethod
    def of(cls, *entities: Entity, cycle_id: int | None = None) -> Changes:
        return cls(frozenset(entities), cycle_id)

    def touches(self, *entities: Entity) -> bool:
        return not self.entities.isdisjoint(entities)

    def __or__(self, other: Changes) -> Changes:
        cycle_id = self.cycle_id if self.cycle_id == other.cycle_id else None
        return Changes(self.entities | other.entities, cycle_id)


@dataclass(frozen=True)
class Changed(Generic[T_co]):
    """A mutating call's result: the new value and what changed."""

    value: T_co
    changes: Changes
