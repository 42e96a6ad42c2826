"""The reel rule: which stretch of a clip each tag plays, clamped, merged and filtered."""

from __future__ import annotations

import pytest

from coachdesk.core.errors import ValidationError
from coachdesk.core.model_clips import (
    MIN_MOMENT_MS,
    NOTE_LIMIT,
    Moment,
    clean_note,
    moment_caption,
    reel_moments,
    tag_window,
)
from coachdesk.core.tags import Tag, TagId, TagKind, TagSetId, TagType, TagTypeId

OPEN = TagType(TagTypeId(1), TagSetId(1), "Open question", "#1e88e5", lead_s=5, lag_s=3)
WAIT = TagType(TagTypeId(2), TagSetId(1), "Wait time", "#43a047", lead_s=0, lag_s=0)
TALK = TagType(TagTypeId(3), TagSetId(1), "Pair talk", "#8e24aa", kind=TagKind.DURATION)
TYPES = {t.id: t for t in (OPEN, WAIT, TALK)}


def tag(type_: TagType, at_ms: int, end_ms: int | None = None, tag_id: int = 0) -> Tag:
    return Tag(TagId(tag_id), clip_id=7, type_id=type_.id, at_ms=at_ms, end_ms=end_ms)


def spans(moments: list[Moment]) -> list[tuple[int, int, str]]:
    return [(m.start_ms, m.end_ms, m.label) for m in moments]


def test_a_point_tag_plays_its_lead_and_lag_around_the_press():
    # stored at the press minus the 5 s lead: plays to the press plus the 3 s lag
    assert tag_window(tag(OPEN, 20_000), OPEN) == (20_000, 28_000)
    # no lead or lag: still long enough to see what happened
    assert tag_window(tag(WAIT, 20_000), WAIT) == (20_000, 20_000 + MIN_MOMENT_MS)


def test_a_span_plays_as_stored():
    assert tag_window(tag(TALK, 10_000, 42_000), TALK) == (10_000, 42_000)
    # a point type with a lag is stored as a span ending at press + lag
    assert tag_window(tag(OPEN, 10_000, 18_000), OPEN) == (10_000, 18_000)


def test_moments_come_in_time_order_with_label_and_colour():
    moments = reel_moments(7, [tag(TALK, 50_000, 60_000), tag(OPEN, 10_000)], TYPES, 90_000)
    assert spans(moments) == [(10_000, 18_000, "Open question"), (50_000, 60_000, "Pair talk")]
    assert [m.colour for m in moments] == ["#1e88e5", "#8e24aa"]
    assert all(m.clip_id == 7 for m in moments)
    assert moments[1].length_ms == 10_000


def test_windows_are_clamped_to_the_clip():
    tags = [
        tag(OPEN, -2_000),  # a tag before the start (a shifted clip): starts at 0
        tag(TALK, 85_000, 99_000),  # runs past the end: stops at the end
        tag(WAIT, 95_000),  # wholly past the end: left out
    ]
    assert spans(reel_moments(7, tags, TYPES, 90_000)) == [
        (0, 6_000, "Open question"),
        (85_000, 90_000, "Pair talk"),
    ]


def test_overlapping_and_touching_windows_merge_into_one_moment():
    tags = [
        tag(OPEN, 10_000),  # 10–18 s
        tag(WAIT, 15_000),  # 15–20 s: overlaps
        tag(OPEN, 20_000),  # 20–28 s: touches; its label is already there
        tag(TALK, 40_000, 45_000),  # apart
    ]
    moments = reel_moments(7, tags, TYPES, 90_000)
    assert spans(moments) == [
        (10_000, 28_000, "Open question + Wait time"),
        (40_000, 45_000, "Pair talk"),
    ]
    assert moments[0].colour == OPEN.colour  # the colour of the moment's first tag


def test_a_window_inside_another_does_not_shorten_it():
    tags = [tag(TALK, 0, 30_000), tag(WAIT, 5_000)]
    assert spans(reel_moments(7, tags, TYPES, 90_000)) == [(0, 30_000, "Pair talk + Wait time")]


def test_filter_keeps_the_chosen_tag_types_only():
    tags = [tag(OPEN, 10_000), tag(WAIT, 15_000), tag(TALK, 40_000, 45_000)]
    assert spans(reel_moments(7, tags, TYPES, 90_000, only_types={WAIT.id})) == [
        (15_000, 20_000, "Wait time")
    ]
    assert reel_moments(7, tags, TYPES, 90_000, only_types=set()) == []


def test_no_tags_or_unknown_types_make_no_moments():
    assert reel_moments(7, [], TYPES, 90_000) == []
    stranger = Tag(TagId(1), 7, TagTypeId(99), 1_000)
    assert reel_moments(7, [stranger], TYPES, 90_000) == []


def test_an_unknown_duration_does_not_cut_moments():
    assert spans(reel_moments(7, [tag(OPEN, 10_000)], TYPES, 0)) == [
        (10_000, 18_000, "Open question")
    ]


def test_caption_and_note():
    moment = Moment(7, 0, 5_000, "Cold call", "#000000")
    assert moment_caption(2, 11, moment) == "Moment 3 of 11 — Cold call"
    assert clean_note("  the wait time  ") == "the wait time"
    with pytest.raises(ValidationError, match="at most"):
        clean_note("x" * (NOTE_LIMIT + 1))
