"""Goal measures computed from an observation's tags, checked against hand-worked values."""

from __future__ import annotations

import pytest

from coachdesk.core.goal_measures import (
    ClipEvidence,
    MeasureDefinition,
    MeasureKind,
    compute,
    definition_of,
    with_definition,
)
from coachdesk.core.goals import GoalId, PeersGoal
from coachdesk.core.tags import Tag, TagId, TagTypeId


def tag(type_id: int, at_ms: int, end_ms: int | None = None) -> Tag:
    return Tag(TagId(at_ms + type_id), 1, TagTypeId(type_id), at_ms, end_ms)


# A 10-minute clip and a 5-minute clip: 900 000 ms of video in all.
CLIPS = [
    ClipEvidence(
        1,
        600_000,
        [tag(1, 1_000), tag(2, 2_000), tag(5, 3_000), tag(3, 0, 120_000), tag(3, 60_000, 180_000)],
    ),
    ClipEvidence(2, 300_000, [tag(1, 4_000), tag(3, 0, 45_000)]),
]


def test_rate_per_ten_minutes_over_all_clips() -> None:
    # types 1 and 2: 3 tags in 900 000 ms → 3 × 600 000 / 900 000 = 2.0 per 10 minutes
    assert compute(MeasureDefinition(MeasureKind.RATE, (1, 2)), CLIPS) == pytest.approx(2.0)


def test_share_of_the_lesson() -> None:
    # type 3: clip 1 spans 0–120 000 and 60 000–180 000 merge to 180 000; clip 2 has 45 000
    # (180 000 + 45 000) / 900 000 = 25 %
    assert compute(MeasureDefinition(MeasureKind.SHARE, (3,)), CLIPS) == pytest.approx(25.0)


def test_steps_seen() -> None:
    # steps 1, 2, 4 picked; 1 and 2 seen → 2 / 3 = 66.7 %
    value = compute(MeasureDefinition(MeasureKind.STEPS, (1, 2, 4)), CLIPS)
    assert value == pytest.approx(200 / 3)


def test_nothing_to_compute() -> None:
    assert compute(MeasureDefinition(MeasureKind.RATE, ()), CLIPS) is None
    assert compute(MeasureDefinition(MeasureKind.RATE, (1,)), []) is None
    assert compute(MeasureDefinition(MeasureKind.SHARE, (3,)), [ClipEvidence(1, 0, [])]) is None
    assert compute(MeasureDefinition(MeasureKind.RATE, (1,)), [ClipEvidence(1, 60_000, [])]) == 0


def test_describe_names_the_definition() -> None:
    labels = {1: "Praise", 2: "Cold call"}
    assert MeasureDefinition(MeasureKind.RATE, (1, 2)).describe(labels) == (
        "Praise, Cold call per 10 minutes"
    )
    assert (
        MeasureDefinition(MeasureKind.SHARE, (1,)).describe(labels) == "% of the lesson in Praise"
    )
    assert MeasureDefinition(MeasureKind.STEPS, (9,)).describe(labels) == (
        "% of steps seen (tag type 9)"
    )
    assert MeasureKind.SHARE.unit == "%"
    assert MeasureKind.RATE.label == "Count per 10 minutes"


def test_the_definition_travels_on_the_goal() -> None:
    goal = PeersGoal(GoalId(1), 1)
    assert definition_of(goal) is None  # measured by hand
    definition = MeasureDefinition(MeasureKind.SHARE, (3, 4))
    measured = with_definition(goal, definition)
    assert (measured.measure_kind, measured.measure_tag_types) == ("share", (3, 4))
    assert definition_of(measured) == definition
    assert with_definition(measured, None) == goal
