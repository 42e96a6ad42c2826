"""Agreement between two observers who tagged the same clip: Cohen's kappa over time bins.

The clip is cut into bins of ``bin_ms`` (the last may be partial). For each tag type and each
observer, a bin is *present* when one of the observer's tags of that type falls in it: a point
tag by its start, a span by overlapping the bin at all. Kappa compares the two presence lists:

    p_o = share of bins where both say the same
    p_e = pA·pB + (1 − pA)·(1 − pB)     (pA, pB: share of bins each marked present)
    kappa = (p_o − p_e) / (1 − p_e)

When ``p_e`` is 1 (both observers marked every bin, or neither marked any) kappa is undefined
(0 / 0): ``kappa`` is None and ``percent`` (p_o) is reported instead. When only one observer has
tagged the clip, or the clip has no length, there is nothing to compare: the result has no rows
and ``reason`` says why.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coachdesk.core.tags import Tag

DEFAULT_AGREEMENT_BIN_MS = 30_000


@dataclass(frozen=True)
class Disagreement:
    """A bin where one observer saw a tag type and the other did not."""

    start_ms: int
    type_id: int
    seen_by: str  # the author who tagged it


@dataclass(frozen=True)
class TypeAgreement:
    """Agreement on one tag type."""

    type_id: int
    kappa: float | None  # None when undefined (no variability): read ``percent``
    percent: float  # p_o, 0..1
    bins_a: int  # bins observer A marked
    bins_b: int
    disagreements: tuple[Disagreement, ...]


@dataclass(frozen=True)
class Agreement:
    """Agreement between ``author_a`` and ``author_b`` on one clip."""

    author_a: str
    author_b: str
    bin_ms: int
    bins: int
    types: tuple[TypeAgreement, ...]
    reason: str = ""  # why there is nothing to compare, when ``types`` is empty

    def by_type(self, type_id: int) -> TypeAgreement | None:
        return next((t for t in self.types if t.type_id == type_id), None)

    def disagreements(self) -> list[Disagreement]:
        """Return every disagreement, in time order."""
        found = [d for t in self.types for d in t.disagreements]
        return sorted(found, key=lambda d: (d.start_ms, d.type_id))


def authors(tags: Iterable[Tag]) -> list[str]:
    """Return the distinct authors of ``tags``, in order of first appearance."""
    return list(dict.fromkeys(t.author for t in tags))


def presence(tags: Iterable[Tag], bins: int, bin_ms: int) -> list[bool]:
    """Return, per bin, whether one of ``tags`` falls in it (spans mark every bin they touch)."""
    marked = [False] * bins
    for tag in tags:
        first = tag.at_ms // bin_ms
        if tag.end_ms is None or tag.end_ms <= tag.at_ms:
            last = first
        else:
            last = (tag.end_ms - 1) // bin_ms  # a span ending exactly on a bin edge stops there
        for i in range(max(0, first), min(bins - 1, last) + 1):
            marked[i] = True
    return marked


def kappa(a: Sequence[bool], b: Sequence[bool]) -> tuple[float | None, float]:
    """Return (Cohen's kappa, percent agreement) of two presence lists; kappa None if undefined."""
    n = len(a)
    if n == 0 or n != len(b):
        raise ValueError("Compare two presence lists of the same, non-zero length.")
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    p_a, p_b = sum(a) / n, sum(b) / n
    p_e = p_a * p_b + (1 - p_a) * (1 - p_b)
    if math.isclose(p_e, 1.0):
        return None, p_o
    return (p_o - p_e) / (1 - p_e), p_o


def agreement(
    tags: Sequence[Tag],
    author_a: str,
    author_b: str,
    duration_ms: int,
    bin_ms: int = DEFAULT_AGREEMENT_BIN_MS,
    type_ids: Iterable[int] | None = None,
) -> Agreement:
    """Return the agreement of ``author_a`` and ``author_b`` per tag type over time bins.

    ``type_ids`` chooses the rows (default: every type either observer used).
    """
    if bin_ms <= 0:
        raise ValueError("A bin must be longer than 0 ms.")
    of_a = [t for t in tags if t.author == author_a]
    of_b = [t for t in tags if t.author == author_b]
    bins = math.ceil(duration_ms / bin_ms) if duration_ms > 0 else 0
    missing = [name or "the coach" for name, its in ((author_a, of_a), (author_b, of_b)) if not its]
    reason = ""
    if author_a == author_b:
        reason = "Choose two different observers to compare."
    elif len(missing) == 2:
        reason = "Neither observer has tagged this clip yet."
    elif missing:
        reason = f"Only one observer has tagged this clip — {missing[0]} has no tags on it yet."
    elif bins == 0:
        reason = "The clip has no length, so there are no time bins to compare."
    if reason:
        return Agreement(author_a, author_b, bin_ms, bins, (), reason)
    ids = list(type_ids) if type_ids is not None else sorted({t.type_id for t in (*of_a, *of_b)})
    rows = []
    for type_id in ids:
        marks_a = presence((t for t in of_a if t.type_id == type_id), bins, bin_ms)
        marks_b = presence((t for t in of_b if t.type_id == type_id), bins, bin_ms)
        value, percent = kappa(marks_a, marks_b)
        differ = tuple(
            Disagreement(i * bin_ms, type_id, author_a if x else author_b)
            for i, (x, y) in enumerate(zip(marks_a, marks_b, strict=True))
            if x != y
        )
        rows.append(TypeAgreement(type_id, value, percent, sum(marks_a), sum(marks_b), differ))
    return Agreement(author_a, author_b, bin_ms, bins, tuple(rows))
