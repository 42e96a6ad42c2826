"""Clip statistics and observer agreement, checked against values worked out by hand."""

from __future__ import annotations

import pytest

from coachdesk.core.agreement import agreement, authors, kappa, presence
from coachdesk.core.evidence import bin_count, clip_stats, merged_time_ms, rate_per_10_min
from coachdesk.core.tags import Polarity, Tag, TagId, TagKind, TagSetId, TagType, TagTypeId

PRAISE = TagType(TagTypeId(1), TagSetId(1), "Praise", polarity=Polarity.POSITIVE)
REDIRECT = TagType(TagTypeId(2), TagSetId(1), "Redirect", polarity=Polarity.NEGATIVE)
PRACTICE = TagType(TagTypeId(3), TagSetId(1), "Independent practice", kind=TagKind.DURATION)
TYPES = (PRAISE, REDIRECT, PRACTICE)

_next_id = iter(range(1, 10_000))


def tag(type_id: int, at_ms: int, end_ms: int | None = None, author: str = "") -> Tag:
    return Tag(TagId(next(_next_id)), 1, TagTypeId(type_id), at_ms, end_ms, author=author)


# A 20-minute clip, bins of 5 minutes (4 bins: 0–5, 5–10, 10–15, 15–20 min).
CLIP_MS = 1_200_000
BIN_MS = 300_000
LESSON = [
    tag(1, 10_000),
    tag(1, 320_000),
    tag(1, 650_000),
    tag(2, 900_000),
    tag(3, 60_000, 360_000),
    tag(3, 300_000, 420_000),  # overlaps the span before: 60 000–420 000 counts once
    tag(3, 1_100_000, 1_300_000),  # runs past the end: cut to 1 100 000–1 200 000
    tag(3, 1_150_000),  # still recording: a moment, no time
]


def test_counts_and_rates_per_ten_minutes() -> None:
    stats = clip_stats(LESSON, CLIP_MS, TYPES, BIN_MS)
    # 20 minutes = 2 × 10 minutes, so the rate is half the count.
    # Praise 3 → 1.5; Redirect 1 → 0.5; Independent practice 4 → 2.0.
    assert [(t.label, t.count, t.per_10_min) for t in stats.types] == [
        ("Praise", 3, 1.5),
        ("Redirect", 1, 0.5),
        ("Independent practice", 4, 2.0),
    ]
    assert stats.total == 8


def test_share_of_time_merges_overlaps_and_cuts_at_the_end() -> None:
    stats = clip_stats(LESSON, CLIP_MS, TYPES, BIN_MS)
    practice = stats.by_type(3)
    assert practice is not None
    # union: (420 000 − 60 000) + (1 200 000 − 1 100 000) = 360 000 + 100 000 = 460 000 ms
    # share: 460 000 / 1 200 000 = 0.38333…
    assert practice.time_ms == 460_000
    assert practice.share == pytest.approx(460_000 / 1_200_000)
    praise = stats.by_type(1)
    assert praise is not None
    assert praise.share is None  # a point type has no share of time
    assert praise.first_ms == 10_000


def test_balance_of_positive_and_negative() -> None:
    stats = clip_stats(LESSON, CLIP_MS, TYPES, BIN_MS)
    # 3 praise (positive) against 1 redirect (negative): 3 / (3 + 1) = 0.75; practice is neutral.
    assert (stats.positive, stats.negative) == (3, 1)
    assert stats.positive_share == 0.75


def test_density_strip_counts_starts_per_bin() -> None:
    stats = clip_stats(LESSON, CLIP_MS, TYPES, BIN_MS)
    # Praise at 10 000 (bin 0), 320 000 (bin 1), 650 000 (bin 2): (1, 1, 1, 0)
    # Redirect at 900 000 (bin 3): (0, 0, 0, 1)
    # Practice starts 60 000 (0), 300 000 (1), 1 100 000 (3), 1 150 000 (3): (1, 1, 0, 2)
    # All: (2, 2, 1, 3)
    assert [t.density for t in stats.types] == [(1, 1, 1, 0), (0, 0, 0, 1), (1, 1, 0, 2)]
    assert stats.density == (2, 2, 1, 3)


def test_no_tags_gives_zero_rows_for_the_given_types() -> None:
    stats = clip_stats([], CLIP_MS, TYPES, BIN_MS)
    assert [(t.count, t.per_10_min, t.density) for t in stats.types] == [(0, 0.0, (0,) * 4)] * 3
    assert stats.positive_share is None
    assert stats.by_type(3) is not None
    assert stats.by_type(3).share == 0.0  # type: ignore[union-attr]


def test_zero_length_clip_has_no_rates_shares_or_bins() -> None:
    stats = clip_stats([], 0, TYPES, BIN_MS)
    assert stats.density == ()
    assert all(t.per_10_min is None and t.share is None for t in stats.types)


def test_tag_of_an_unknown_type_still_counts() -> None:
    stats = clip_stats([tag(9, 1_000)], 60_000, (), 60_000)
    assert [(t.label, t.count) for t in stats.types] == [("Tag type 9", 1)]


def test_helpers() -> None:
    assert merged_time_ms([(0, 10), (10, 20), (30, 35)]) == 25  # touching spans join
    assert merged_time_ms([(5, 50)], limit_ms=20) == 15
    assert rate_per_10_min(4, 0) is None
    assert bin_count(0, 1_000) == 0
    assert bin_count(2_500, 1_000) == 3  # the last bin is partial
    assert bin_count(0, 1_000, [tag(1, 4_200)]) == 5  # stretches to a tag past the end
    with pytest.raises(ValueError, match="longer than 0"):
        bin_count(1_000, 0)


# --- agreement -----------------------------------------------------------------------------

# A 60-second clip in bins of 10 s (6 bins).
SHORT_MS = 60_000
KAPPA_BIN = 10_000


def test_presence_marks_every_bin_a_span_touches() -> None:
    # 20 000–35 000 touches bins 2 and 3; 50 000–60 000 ends on the edge: bin 5 only.
    marks = presence([tag(1, 20_000, 35_000), tag(1, 50_000, 60_000)], 6, KAPPA_BIN)
    assert marks == [False, False, True, True, False, True]


def test_kappa_worked_by_hand() -> None:
    tags = [
        tag(1, 5_000, author="Coach"),
        tag(1, 20_000, 35_000, author="Coach"),
        tag(1, 50_000, author="Coach"),
        tag(1, 6_000, author="Sam"),
        tag(1, 25_000, author="Sam"),
        tag(1, 41_000, author="Sam"),
        tag(1, 50_000, 60_000, author="Sam"),
    ]
    # Coach: bins 0, 2, 3, 5 → [1 0 1 1 0 1]
    # Sam:   bins 0, 2, 4, 5 → [1 0 1 0 1 1]
    # p_o = 4 / 6 (bins 0, 1, 2, 5 agree)
    # pA = pB = 4 / 6; p_e = (2/3)² + (1/3)² = 5/9
    # kappa = (2/3 − 5/9) / (1 − 5/9) = (1/9) / (4/9) = 0.25
    result = agreement(tags, "Coach", "Sam", SHORT_MS, KAPPA_BIN)
    row = result.by_type(1)
    assert row is not None
    assert row.kappa == pytest.approx(0.25)
    assert row.percent == pytest.approx(4 / 6)
    assert (row.bins_a, row.bins_b) == (4, 4)
    assert [(d.start_ms, d.seen_by) for d in result.disagreements()] == [
        (30_000, "Coach"),
        (40_000, "Sam"),
    ]
    assert result.bin_ms == KAPPA_BIN
    assert result.bins == 6
    assert authors(tags) == ["Coach", "Sam"]


def test_perfect_zero_and_opposite_agreement() -> None:
    assert kappa([True, False, True, False], [True, False, True, False]) == (1.0, 1.0)
    # [1 1 0 0] v [1 0 1 0]: p_o = 2/4, p_e = ½·½ + ½·½ = ½ → kappa (½ − ½)/(1 − ½) = 0
    assert kappa([True, True, False, False], [True, False, True, False]) == (0.0, 0.5)
    # [1 1 0 0] v [0 0 1 1]: p_o = 0, p_e = ½ → kappa (0 − ½)/(½) = −1
    assert kappa([True, True, False, False], [False, False, True, True]) == (-1.0, 0.0)
    # one marks every bin, the other none: p_o = 0, p_e = 1·0 + 0·1 = 0 → kappa 0
    assert kappa([True, True], [False, False]) == (0.0, 0.0)


def test_no_variability_reports_percent_agreement_instead() -> None:
    # Both marked every bin, or neither marked any: p_e = 1, kappa = 0/0 — undefined.
    assert kappa([True, True, True], [True, True, True]) == (None, 1.0)
    assert kappa([False, False], [False, False]) == (None, 1.0)
    tags = [tag(1, 1_000, author="Coach"), tag(1, 2_000, author="Sam")]
    result = agreement(tags, "Coach", "Sam", SHORT_MS, KAPPA_BIN, type_ids=[1, 2])
    row = result.by_type(2)  # neither used type 2
    assert row is not None
    assert (row.kappa, row.percent, row.disagreements) == (None, 1.0, ())


def test_one_observer_only_has_a_reason_and_no_rows() -> None:
    result = agreement([tag(1, 1_000, author="Coach")], "Coach", "Sam", SHORT_MS, KAPPA_BIN)
    assert result.types == ()
    assert "Sam has no tags" in result.reason
    nobody = agreement([], "Coach", "Sam", SHORT_MS, KAPPA_BIN)
    assert nobody.reason.startswith("Neither observer")
    same = agreement([tag(1, 1_000, author="Coach")], "Coach", "Coach", SHORT_MS, KAPPA_BIN)
    assert "two different observers" in same.reason


def test_zero_length_clip_cannot_be_compared() -> None:
    tags = [tag(1, 0, author="Coach"), tag(1, 0, author="Sam")]
    result = agreement(tags, "Coach", "Sam", 0, KAPPA_BIN)
    assert result.types == ()
    assert "no length" in result.reason


def test_kappa_needs_equal_non_empty_lists() -> None:
    with pytest.raises(ValueError, match="same"):
        kappa([], [])
