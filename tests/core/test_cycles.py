"""Stage rules: what each stage needs, advancing with and without a reason, stepping back."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from coachdesk.core.cycles import Cycle, CycleDossier, CycleId, Outcome, Stage, advance, step_back
from coachdesk.core.errors import StageNotReadyError, ValidationError
from coachdesk.core.goals import GoalId, Measurement, MeasurementId, PeersCriterion, PeersGoal
from coachdesk.core.playbook import (
    Category,
    CycleStrategy,
    CycleStrategyId,
    StepPractice,
    Strategy,
    StrategyId,
    StrategySource,
)
from coachdesk.core.problems import PersistentProblem

DAY = dt.date(2025, 11, 12)
STRATEGY = Strategy(
    StrategyId(1),
    "starter/x",
    "Cold call",
    Category.QUESTIONING_FEEDBACK,
    "",
    "",
    ("a", "b"),
    (),
    frozenset(),
    StrategySource.BUNDLED,
)


def ready_identify() -> CycleDossier:
    cycle = Cycle(
        CycleId(1),
        1,
        DAY,
        current_reality="Seven pupils answer",
        problem=PersistentProblem.ENLISTING_PARTICIPATION,
    )
    goal = PeersGoal(GoalId(1), 1, "All pupils answer", frozenset(PeersCriterion), "pupils")
    strategy = CycleStrategy(CycleStrategyId(1), 1, STRATEGY, DAY, modelled_on=DAY)
    return CycleDossier(cycle, goal, strategy)


def test_new_cycle_needs_everything_in_identify():
    dossier = CycleDossier(Cycle(CycleId(1), 1, DAY))
    assert len(dossier.missing()) == 6
    with pytest.raises(StageNotReadyError) as err:
        advance(dossier, DAY)
    assert "current reality recorded" in str(err.value)
    assert "give a reason" in str(err.value)


def test_advance_when_ready():
    dossier = ready_identify()
    assert dossier.missing() == []
    moved = advance(dossier, DAY)
    assert moved.stage is Stage.LEARN
    assert moved.skips == ()


def test_unchecked_peers_blocks_identify():
    dossier = ready_identify()
    goal = replace(dossier.goal, checks=frozenset({PeersCriterion.POWERFUL}))  # type: ignore[arg-type]
    assert dossier.missing() == []
    assert replace(dossier, goal=goal).missing() == ["all five PEERS checks ticked"]


def test_skip_with_reason_is_recorded():
    dossier = CycleDossier(Cycle(CycleId(1), 1, DAY))
    moved = advance(dossier, DAY, "Agreed verbally; writing up later")
    assert moved.stage is Stage.LEARN
    assert moved.skips[0].stage is Stage.IDENTIFY
    assert moved.skips[0].reason == "Agreed verbally; writing up later"
    assert step_back(moved).skips == ()


def test_learn_needs_practice_and_improve_needs_review_and_outcome():
    dossier = ready_identify()
    learn = replace(dossier, cycle=replace(dossier.cycle, stage=Stage.LEARN))
    assert learn.missing() == ["practice logged"]
    practised = replace(dossier.strategy, practice=(StepPractice(0, (DAY,)),))  # type: ignore[arg-type]
    assert replace(learn, strategy=practised).missing() == []
    improve = replace(dossier, cycle=replace(dossier.cycle, stage=Stage.IMPROVE))
    assert improve.missing() == ["progress reviewed against the goal", "outcome decided"]
    goal = replace(
        dossier.goal,
        measurements=(  # type: ignore[arg-type]
            Measurement(MeasurementId(1), GoalId(1), DAY, 20),
        ),
    )
    done = replace(improve, goal=goal, cycle=replace(improve.cycle, outcome=Outcome.CONTINUE))
    assert done.missing() == []
    finished = advance(done, DAY)
    assert finished.stage is Stage.COMPLETE
    assert finished.ended_on == DAY
    with pytest.raises(ValidationError, match="complete"):
        advance(replace(done, cycle=finished), DAY)


def test_cannot_step_back_from_identify():
    with pytest.raises(ValidationError):
        step_back(Cycle(CycleId(1), 1, DAY))
