"""Two lessons side by side: each observation's tag statistics and what changed between them.

An observation may have several clips; they are joined end to end (in the order given) so that
rates are per 10 minutes of all its video and the strip runs along the whole lesson.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from coachdesk.core.evidence import ClipStats, clip_stats
from coachdesk.core.goal_measures import ClipEvidence
from coachdesk.core.tags import Polarity, Tag, TagType

STRIP_BINS = 40  # bars per lesson, whatever its length, so the two strips line up
SAME = 0.05  # rates closer than this (per 10 minutes) count as unchanged


@dataclass(frozen=True)
class Moment:
    """A place in an observation's video: a clip and a time in it."""

    clip_id: int
    at_ms: int


@dataclass(frozen=True)
class TypeChange:
    """One tag type in two lessons."""

    type_id: int
    label: str
    polarity: Polarity
    rate_a: float | None
    rate_b: float | None
    count_a: int
    count_b: int

    @property
    def change(self) -> float | None:
        if self.rate_a is None or self.rate_b is None:
            return None
        return self.rate_b - self.rate_a

    @property
    def direction(self) -> int:
        """Return 1 (up), -1 (down) or 0 (about the same, or no rates to compare)."""
        change = self.change
        if change is None or abs(change) < SAME:
            return 0
        return 1 if change > 0 else -1

    @property
    def is_better(self) -> bool | None:
        """Return whether the change is good news (None for neutral tags or no change)."""
        if self.direction == 0 or self.polarity is Polarity.NEUTRAL:
            return None
        return (self.direction > 0) == (self.polarity is Polarity.POSITIVE)


def lesson_bin_ms(duration_ms: int, bins: int = STRIP_BINS) -> int:
    """Return a bin width that cuts ``duration_ms`` into ``bins`` bars (at least 1 s)."""
    return max(1_000, -(-duration_ms // bins))


def joined(clips: Sequence[ClipEvidence]) -> tuple[list[Tag], int]:
    """Return the clips' tags on one time line (each clip after the one before) and its length."""
    tags: list[Tag] = []
    offset = 0
    for clip in clips:
        if offset == 0:  # the first clip (usually the only one) stays as it is
            tags.extend(clip.tags)
        else:
            for tag in clip.tags:
                end = None if tag.end_ms is None else tag.end_ms + offset
                tags.append(replace(tag, at_ms=tag.at_ms + offset, end_ms=end))
        offset += max(0, clip.duration_ms)
    return tags, offset


def lesson_stats(
    clips: Sequence[ClipEvidence], types: Iterable[TagType], bins: int = STRIP_BINS
) -> ClipStats:
    """Return the statistics of an observation's clips joined end to end."""
    tags, duration = joined(clips)
    return clip_stats(tags, duration, types, lesson_bin_ms(duration, bins))


def first_moment(clips: Sequence[ClipEvidence], type_id: int) -> Moment | None:
    """Return the first tag of ``type_id`` in the observation's clips (an example to show)."""
    for clip in clips:
        starts = [t.at_ms for t in clip.tags if t.type_id == type_id]
        if starts:
            return Moment(clip.clip_id, min(starts))
    return None


def compare(a: ClipStats, b: ClipStats) -> list[TypeChange]:
    """Return one row per tag type found in either lesson, in ``a``'s order then ``b``'s."""
    rows: dict[int, TypeChange] = {}
    for stats in (a, b):
        for row in stats.types:
            if row.type_id in rows:
                continue
            in_a, in_b = a.by_type(row.type_id), b.by_type(row.type_id)
            rows[row.type_id] = TypeChange(
                type_id=row.type_id,
                label=row.label,
                polarity=row.polarity,
                rate_a=in_a.per_10_min if in_a else _zero_rate(a),
                rate_b=in_b.per_10_min if in_b else _zero_rate(b),
                count_a=in_a.count if in_a else 0,
                count_b=in_b.count if in_b else 0,
            )
    return list(rows.values())


def _zero_rate(stats: ClipStats) -> float | None:
    return 0.0 if stats.duration_ms > 0 else None
