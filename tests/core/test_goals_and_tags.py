"""Goals' progress, tag-type rules, hotkey clashes, lead time, media times."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.core.errors import ValidationError
from coachdesk.core.goals import GoalId, Measurement, MeasurementId, PeersCriterion, PeersGoal
from coachdesk.core.media_time import format_ms, media_time, parse_clock
from coachdesk.core.tags import (
    TagSetId,
    TagType,
    TagTypeId,
    hotkey_clashes,
    tag_start_for_press,
    validate_tag_type,
)


def goal(baseline: float, target: float, *values: float) -> PeersGoal:
    ms = tuple(
        Measurement(MeasurementId(i), GoalId(1), dt.date(2025, 9, i + 1), v)
        for i, v in enumerate(values)
    )
    return PeersGoal(GoalId(1), 1, "x", frozenset(), "m", "", baseline, target, ms)


def test_progress_rising_and_falling_goals():
    assert goal(7, 26, 7, 16.5).progress() == pytest.approx(0.5)
    assert goal(8, 2, 8, 5).progress() == pytest.approx(0.5)  # lower is better
    assert goal(8, 2, 2).is_met
    assert goal(8, 2).progress() is None


def test_peers_criteria_have_guidance():
    for criterion in PeersCriterion:
        assert criterion.label
        assert len(criterion.guidance) > 20


def test_tag_type_rules():
    validate_tag_type("Open question", "#1e88e5", "1", 5, 0)
    with pytest.raises(ValidationError, match="player key"):
        validate_tag_type("x", "#1e88e5", "k", 0, 0)
    with pytest.raises(ValidationError, match="colour"):
        validate_tag_type("x", "blue", "1", 0, 0)
    with pytest.raises(ValidationError, match="label"):
        validate_tag_type(" ", "#1e88e5", "1", 0, 0)


def test_hotkey_clashes_are_found_case_blind():
    types = [
        TagType(TagTypeId(i), TagSetId(1), label, hotkey=key)
        for i, (label, key) in enumerate([("A", "q"), ("B", "Q"), ("C", "1")])
    ]
    assert hotkey_clashes(types) == {"Q": ["A", "B"]}


@given(st.integers(0, 10**9), st.floats(0, 120))
def test_lead_time_never_goes_negative(press: int, lead: float):
    start = tag_start_for_press(press, lead)
    assert 0 <= start <= press


@given(st.integers(0, 24 * 3600 * 1000 - 1))
def test_clock_round_trip(ms: int):
    whole_seconds = ms - ms % 1000
    assert parse_clock(format_ms(whole_seconds)) == whole_seconds


def test_media_time_refuses_negative_and_nan():
    with pytest.raises(ValidationError):
        media_time(-1)
    with pytest.raises(ValidationError):
        media_time(float("nan"))
    with pytest.raises(ValidationError):
        parse_clock("12:xx")
    assert format_ms(3_723_400, tenths=True) == "1:02:03.4"
