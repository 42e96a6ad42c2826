"""Evidence from a clip's tags: counts, rates, share of time, balance and a density strip.

Definitions (shown to the coach, so kept simple and stated once here):

- *rate* is tags per 10 minutes of clip: ``count / (duration_ms / 600_000)``; None when the
  clip has no length.
- *time* of a tag type is the length of the union of its spans (overlapping or touching spans
  of the same type count once), cut to the clip. Only duration types have a share; a duration
  tag still recording (no end yet) counts as a moment but adds no time.
- *balance* is positive tags against negative ones; ``positive_share`` is
  ``positive / (positive + negative)``, None when there are neither.
- the *density strip* counts tag starts per bin of ``bin_ms``; bins cover the clip (the last one
  may be partial) and stretch to the last tag if a tag lies past the clip's end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coachdesk.core.tags import Polarity, Tag, TagKind, TagType

TEN_MINUTES_MS = 600_000
DEFAULT_BIN_MS = 60_000


@dataclass(frozen=True)
class TypeStats:
    """What one tag type's tags add up to on one clip."""

    type_id: int
    label: str
    polarity: Polarity
    kind: TagKind
    count: int
    per_10_min: float | None
    time_ms: int
    share: float | None  # of the clip's length, 0..1; None for point types or a zero-length clip
    density: tuple[int, ...]
    first_ms: int | None  # the first moment of this type (an example to jump to)


@dataclass(frozen=True)
class ClipStats:
    """The statistics of one clip's tags."""

    duration_ms: int
    bin_ms: int
    total: int
    types: tuple[TypeStats, ...]  # in tag-set order; types with no tags included when given
    positive: int
    negative: int
    density: tuple[int, ...]  # all tags

    @property
    def positive_share(self) -> float | None:
        both = self.positive + self.negative
        return None if both == 0 else self.positive / both

    def by_type(self, type_id: int) -> TypeStats | None:
        return next((t for t in self.types if t.type_id == type_id), None)


def rate_per_10_min(count: int, duration_ms: int) -> float | None:
    """Return ``count`` per 10 minutes of ``duration_ms``; None for no length."""
    return None if duration_ms <= 0 else count * TEN_MINUTES_MS / duration_ms


def merged_time_ms(spans: Iterable[tuple[int, int]], limit_ms: int | None = None) -> int:
    """Return the length of the union of ``spans`` (start, end), cut to ``[0, limit_ms]``."""
    total = 0
    cur_start = cur_end = -1
    for start, end in sorted(spans):
        if start < 0:
            start = 0
        if limit_ms is not None and end > limit_ms:
            end = limit_ms
        if end <= start:
            continue
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        elif end > cur_end:
            cur_end = end
    return total + cur_end - cur_start


def bin_count(duration_ms: int, bin_ms: int, tags: Sequence[Tag] = ()) -> int:
    """Return how many bins of ``bin_ms`` cover the clip (and any tag past its end)."""
    if bin_ms <= 0:
        raise ValueError("A bin must be longer than 0 ms.")
    span = max(duration_ms, max((t.at_ms for t in tags), default=-1) + 1)
    return math.ceil(span / bin_ms) if span > 0 else 0


def density(tags: Iterable[Tag], bins: int, bin_ms: int) -> tuple[int, ...]:
    """Count tag starts per bin (a tag past the last bin counts in it)."""
    counts = [0] * bins
    last = bins - 1
    if bins:
        for tag in tags:
            i = tag.at_ms // bin_ms
            counts[i if 0 <= i <= last else (0 if i < 0 else last)] += 1
    return tuple(counts)


def clip_stats(
    tags: Sequence[Tag],
    duration_ms: int,
    types: Iterable[TagType] = (),
    bin_ms: int = DEFAULT_BIN_MS,
) -> ClipStats:
    """Return the statistics of ``tags`` on a clip of ``duration_ms``.

    ``types`` gives labels, polarity and kind, and the order of the rows; a tag of a type not
    given still counts, under a row labelled by its id.
    """
    duration_ms = max(0, duration_ms)
    known: dict[int, TagType] = {t.id: t for t in types}
    by_type: dict[int, list[Tag]] = {type_id: [] for type_id in known}
    for tag in tags:
        by_type.setdefault(tag.type_id, []).append(tag)
    bins = bin_count(duration_ms, bin_ms, tags)
    rows: list[TypeStats] = []
    positive = negative = 0
    for type_id, its_tags in by_type.items():
        tag_type = known.get(type_id)
        kind = tag_type.kind if tag_type else TagKind.POINT
        polarity = tag_type.polarity if tag_type else Polarity.NEUTRAL
        time_ms = 0
        share: float | None = None
        if kind is TagKind.DURATION:
            spans = ((t.at_ms, t.end_ms) for t in its_tags if t.end_ms is not None)
            time_ms = merged_time_ms(spans, duration_ms)
            share = time_ms / duration_ms if duration_ms else None
        if polarity is Polarity.POSITIVE:
            positive += len(its_tags)
        elif polarity is Polarity.NEGATIVE:
            negative += len(its_tags)
        rows.append(
            TypeStats(
                type_id=type_id,
                label=tag_type.label if tag_type else f"Tag type {type_id}",
                polarity=polarity,
                kind=kind,
                count=len(its_tags),
                per_10_min=rate_per_10_min(len(its_tags), duration_ms),
                time_ms=time_ms,
                share=share,
                density=density(its_tags, bins, bin_ms),
                first_ms=min((t.at_ms for t in its_tags), default=None),
            )
        )
    return ClipStats(
        duration_ms=duration_ms,
        bin_ms=bin_ms,
        total=len(tags),
        types=tuple(rows),
        positive=positive,
        negative=negative,
        density=tuple(map(sum, zip(*(r.density for r in rows), strict=True)))
        if rows
        else (0,) * bins,
    )
