"""The checklist rule of deliberate practice: rounds, sessions, last date, and when a step is
secure (latest rehearsal wins; a broken-up step is secure when all its smaller steps are)."""

from __future__ import annotations

import datetime as dt

import pytest

from coachdesk.core.errors import ValidationError
from coachdesk.core.practice import (
    MAX_FEEDBACK,
    Rehearsal,
    RehearsalId,
    SmallerStep,
    SmallerStepId,
    clean_feedback,
    clean_smaller_steps,
    progress,
    smaller_step_label,
)

STEPS = ("Ask the question", "Wait three seconds", "Name a student")
MON, TUE, WED = dt.date(2025, 11, 10), dt.date(2025, 11, 11), dt.date(2025, 11, 12)


def rehearsal(
    rid: int,
    session_id: int,
    step: int,
    *,
    rounds: int = 1,
    secure: bool = False,
    split: int | None = None,
    position: int = 0,
) -> Rehearsal:
    return Rehearsal(
        RehearsalId(rid),
        session_id,
        step,
        split,
        tuple(f"round {i + 1}" for i in range(rounds)),
        secure,
        position,
    )


def small(sid: int, step: int, position: int) -> SmallerStep:
    return SmallerStep(SmallerStepId(sid), 1, step, position, f"part {position}")


def test_nothing_rehearsed_nothing_secure():
    result = progress(1, STEPS, [], [], {})
    assert [s.text for s in result.steps] == list(STEPS)
    assert all(not s.practice.rehearsed and not s.secure for s in result.steps)
    assert result.secure_count == 0
    assert result.steps[0].practice.last_on is None


def test_rounds_sessions_and_last_date_add_up_per_step():
    held = {10: MON, 11: WED}
    result = progress(
        1,
        STEPS,
        [],
        [rehearsal(1, 10, 1, rounds=3), rehearsal(2, 11, 1, rounds=2), rehearsal(3, 11, 0)],
        held,
    )
    wait = result.step(1)
    assert wait is not None
    assert (wait.practice.rounds, wait.practice.sessions, wait.practice.last_on) == (5, 2, WED)
    assert result.steps[0].practice.rounds == 1
    assert not result.steps[2].practice.rehearsed


def test_the_latest_rehearsal_says_whether_a_step_is_secure():
    # secure on Monday, not on Wednesday: no longer secure
    held = {10: MON, 11: WED}
    slipped = progress(1, STEPS, [], [rehearsal(2, 11, 1), rehearsal(1, 10, 1, secure=True)], held)
    assert not slipped.steps[1].secure
    # not on Monday, secure on Wednesday: secure
    now_secure = progress(
        1, STEPS, [], [rehearsal(2, 11, 1, secure=True), rehearsal(1, 10, 1)], held
    )
    assert now_secure.steps[1].secure
    assert now_secure.secure_count == 1


def test_within_one_session_the_later_rehearsal_wins():
    held = {10: TUE}
    first_secure = [
        rehearsal(5, 10, 0, secure=True, position=0),
        rehearsal(4, 10, 0, secure=False, position=1),
    ]
    assert not progress(1, STEPS, [], first_secure, held).steps[0].secure
    assert progress(1, STEPS, [], first_secure, held).steps[0].practice.sessions == 1


def test_a_step_broken_into_smaller_steps_is_secure_when_all_of_them_are():
    held = {10: MON, 11: TUE}
    parts = [small(7, 1, 1), small(6, 1, 0)]
    one_secure = [
        rehearsal(1, 10, 1, split=6, secure=True, rounds=2),
        rehearsal(2, 11, 1, split=7, rounds=4),
        rehearsal(3, 11, 1, secure=True),  # the whole step, secure: not enough on its own
    ]
    result = progress(1, STEPS, parts, one_secure, held)
    wait = result.steps[1]
    assert [p.step.id for p in wait.smaller] == [6, 7]
    assert [p.label for p in wait.smaller] == ["2a", "2b"]
    assert [p.practice.secure for p in wait.smaller] == [True, False]
    assert not wait.secure
    assert (wait.practice.rounds, wait.practice.sessions, wait.practice.last_on) == (7, 2, TUE)
    assert wait.smaller[0].practice.rounds == 2

    all_secure = [*one_secure, rehearsal(4, 11, 1, split=7, secure=True, position=2)]
    assert progress(1, STEPS, parts, all_secure, held).steps[1].secure


def test_a_smaller_step_never_rehearsed_keeps_its_step_unsecured():
    parts = [small(6, 0, 0), small(7, 0, 1)]
    result = progress(1, STEPS, parts, [rehearsal(1, 10, 0, split=6, secure=True)], {10: MON})
    assert not result.steps[0].secure
    assert not result.steps[0].smaller[1].practice.rehearsed


def test_rehearsals_of_sessions_not_in_the_cycle_are_left_out():
    result = progress(1, STEPS, [], [rehearsal(1, 99, 0, secure=True)], {10: MON})
    assert not result.steps[0].practice.rehearsed


def test_labels_and_cleaning():
    assert smaller_step_label(1, 0) == "2a"
    assert smaller_step_label(0, 27) == "1.28"
    assert clean_feedback("  good pace \n") == "good pace"
    assert clean_feedback("") == ""
    with pytest.raises(ValidationError, match="under"):
        clean_feedback("x" * (MAX_FEEDBACK + 1))
    assert clean_smaller_steps(["  Look up  ", "", "Count   to three"]) == [
        "Look up",
        "Count to three",
    ]
    with pytest.raises(ValidationError, match="at least one"):
        clean_smaller_steps(["", "  "])


def test_round_count():
    assert rehearsal(1, 1, 0, rounds=3).round_count == 3
