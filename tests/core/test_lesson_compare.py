"""Comparing two lessons: joined clips, rates side by side, the direction of each change."""

from __future__ import annotations

from coachdesk.core.goal_measures import ClipEvidence
from coachdesk.core.lesson_compare import (
    Moment,
    compare,
    first_moment,
    joined,
    lesson_bin_ms,
    lesson_stats,
)
from coachdesk.core.tags import Polarity, Tag, TagId, TagKind, TagSetId, TagType, TagTypeId

PRAISE = TagType(TagTypeId(1), TagSetId(1), "Praise", polarity=Polarity.POSITIVE)
OFF_TASK = TagType(TagTypeId(2), TagSetId(1), "Off task", polarity=Polarity.NEGATIVE)
TALK = TagType(TagTypeId(3), TagSetId(1), "Teacher talk", kind=TagKind.DURATION)


def tag(type_id: int, at_ms: int, end_ms: int | None = None) -> Tag:
    return Tag(TagId(at_ms * 10 + type_id), 1, TagTypeId(type_id), at_ms, end_ms)


# Lesson A: two 5-minute clips. Lesson B: one 20-minute clip.
LESSON_A = [
    ClipEvidence(11, 300_000, [tag(1, 60_000), tag(2, 120_000), tag(3, 0, 150_000)]),
    ClipEvidence(12, 300_000, [tag(2, 30_000), tag(3, 0, 150_000)]),
]
LESSON_B = [ClipEvidence(21, 1_200_000, [tag(1, t) for t in (1_000, 2_000, 3_000, 4_000)])]


def test_clips_are_joined_end_to_end() -> None:
    tags, duration = joined(LESSON_A)
    # the second clip starts at 300 000: its tags move by that much
    assert duration == 600_000
    assert [(t.type_id, t.at_ms, t.end_ms) for t in tags][3:] == [
        (2, 330_000, None),
        (3, 300_000, 450_000),
    ]


def test_rates_and_changes() -> None:
    a = lesson_stats(LESSON_A, (PRAISE, OFF_TASK, TALK))
    b = lesson_stats(LESSON_B, (PRAISE, OFF_TASK, TALK))
    # A: 10 minutes — praise 1, off task 2 → 1.0 and 2.0 per 10 min; talk 300 000 / 600 000
    # B: 20 minutes — praise 4, off task 0 → 2.0 and 0.0 per 10 min
    assert a.by_type(3).share == 0.5  # type: ignore[union-attr]
    rows = {r.label: r for r in compare(a, b)}
    praise, off_task = rows["Praise"], rows["Off task"]
    assert (praise.rate_a, praise.rate_b, praise.change) == (1.0, 2.0, 1.0)
    assert (praise.direction, praise.is_better) == (1, True)
    assert (off_task.rate_a, off_task.rate_b, off_task.direction) == (2.0, 0.0, -1)
    assert off_task.is_better is True  # fewer negative tags is good news
    talk = rows["Teacher talk"]
    assert (talk.count_a, talk.count_b, talk.direction, talk.is_better) == (2, 0, -1, None)


def test_types_found_in_only_one_lesson_count_as_zero_in_the_other() -> None:
    a = lesson_stats(LESSON_A, ())
    b = lesson_stats(LESSON_B, ())
    rows = {r.type_id: r for r in compare(a, b)}
    assert (rows[2].rate_a, rows[2].rate_b) == (2.0, 0.0)
    assert list(rows) == [1, 2, 3]


def test_first_moment_names_the_clip() -> None:
    assert first_moment(LESSON_A, 2) == Moment(11, 120_000)
    assert first_moment(LESSON_B, 2) is None


def test_strips_have_the_same_number_of_bars() -> None:
    # 600 000 / 40 = 15 000; 1 200 000 / 40 = 30 000; a tiny lesson still gets 1-second bars
    assert lesson_bin_ms(600_000) == 15_000
    assert len(lesson_stats(LESSON_A, ()).density) == 40
    assert len(lesson_stats(LESSON_B, ()).density) == 40
    assert lesson_bin_ms(5_000) == 1_000


def test_an_empty_lesson() -> None:
    empty = lesson_stats([], (PRAISE,))
    assert empty.duration_ms == 0
    (row,) = compare(empty, lesson_stats(LESSON_B, (PRAISE,)))
    assert (row.rate_a, row.change, row.direction, row.is_better) == (None, None, 0, None)
