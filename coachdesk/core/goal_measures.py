"""A goal's measure defined from tags, computed for an observation's clips.

Three kinds, each over the tag types the coach picks:

- RATE: tags of those types per 10 minutes of video (all the observation's clips together);
- SHARE: % of the video inside a span of one of those (duration) types — spans of the picked
  types are merged, so two overlapping types count once;
- STEPS: % of the strategy's steps seen — distinct picked types with at least one tag, out of
  the number picked (pick one tag type per step).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from coachdesk.core.evidence import merged_time_ms, rate_per_10_min
from coachdesk.core.goals import PeersGoal
from coachdesk.core.tags import Tag


class MeasureKind(enum.Enum):
    RATE = "rate"
    SHARE = "share"
    STEPS = "steps"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def unit(self) -> str:
        return "per 10 min" if self is MeasureKind.RATE else "%"


_LABELS = {
    MeasureKind.RATE: "Count per 10 minutes",
    MeasureKind.SHARE: "Share of the lesson (%)",
    MeasureKind.STEPS: "Steps of the strategy seen (%)",
}


@dataclass(frozen=True)
class MeasureDefinition:
    """How a goal's measure is computed from tags."""

    kind: MeasureKind
    tag_type_ids: tuple[int, ...]

    def describe(self, labels: Mapping[int, str]) -> str:
        """Return the definition in words, e.g. “Count per 10 minutes of Praise, Cold call”."""
        names = ", ".join(labels.get(i, f"tag type {i}") for i in self.tag_type_ids)
        if self.kind is MeasureKind.RATE:
            return f"{names} per 10 minutes"
        if self.kind is MeasureKind.SHARE:
            return f"% of the lesson in {names}"
        return f"% of steps seen ({names})"


@dataclass(frozen=True)
class ClipEvidence:
    """One clip's length and tags, the input of a measure."""

    clip_id: int
    duration_ms: int
    tags: Sequence[Tag]


def compute(definition: MeasureDefinition, clips: Iterable[ClipEvidence]) -> float | None:
    """Return the measure over ``clips``; None when there is no video or no type was picked."""
    clips = list(clips)
    picked = set(definition.tag_type_ids)
    if not picked or not clips:
        return None
    total_ms = sum(max(0, c.duration_ms) for c in clips)
    chosen = [[t for t in c.tags if t.type_id in picked] for c in clips]
    if definition.kind is MeasureKind.RATE:
        return rate_per_10_min(sum(len(tags) for tags in chosen), total_ms)
    if definition.kind is MeasureKind.SHARE:
        if total_ms == 0:
            return None
        time_ms = sum(
            merged_time_ms(
                ((t.at_ms, t.end_ms) for t in tags if t.end_ms is not None), clip.duration_ms
            )
            for clip, tags in zip(clips, chosen, strict=True)
        )
        return 100 * time_ms / total_ms
    seen = {t.type_id for tags in chosen for t in tags}
    return 100 * len(seen) / len(picked)


def definition_of(goal: PeersGoal) -> MeasureDefinition | None:
    """Return the goal's stored definition; None when its measure is entered by hand."""
    try:
        kind = MeasureKind(goal.measure_kind)
    except ValueError:
        return None
    return MeasureDefinition(kind, goal.measure_tag_types)


def with_definition(goal: PeersGoal, definition: MeasureDefinition | None) -> PeersGoal:
    """Return ``goal`` measured by ``definition`` (None: by hand)."""
    if definition is None:
        return replace(goal, measure_kind="", measure_tag_types=())
    return replace(
        goal, measure_kind=definition.kind.value, measure_tag_types=definition.tag_type_ids
    )
