"""Coaching cycles: the Impact Cycle's stages and what each needs before the cycle moves on."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import NewType

from coachdesk.core.errors import StageNotReadyError, ValidationError
from coachdesk.core.goals import PeersGoal
from coachdesk.core.observations import Observation
from coachdesk.core.playbook import CycleStrategy
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.sessions import CoachingSession

CycleId = NewType("CycleId", int)


class Stage(enum.Enum):
    """Identify → Learn → Improve → Complete."""

    IDENTIFY = "identify"
    LEARN = "learn"
    IMPROVE = "improve"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def next(self) -> Stage | None:
        order = list(Stage)
        i = order.index(self)
        return order[i + 1] if i + 1 < len(order) else None


class Outcome(enum.Enum):
    """How an Improve stage ends."""

    CONTINUE = "continue"
    REFINE_GOAL = "refine_goal"
    NEW_CYCLE = "new_cycle"

    @property
    def label(self) -> str:
        return {
            Outcome.CONTINUE: "Goal met: continue the habit",
            Outcome.REFINE_GOAL: "Refine the goal",
            Outcome.NEW_CYCLE: "Start a new cycle",
        }[self]


@dataclass(frozen=True)
class StageSkip:
    """A stage moved on without all it needs, with the coach's reason."""

    stage: Stage
    reason: str
    on: dt.date


@dataclass(frozen=True)
class Cycle:
    """One coaching cycle with one coachee."""

    id: CycleId
    coachee_id: int
    started_on: dt.date
    title: str = ""
    problem: PersistentProblem | None = None
    current_reality: str = ""
    stage: Stage = Stage.IDENTIFY
    outcome: Outcome | None = None
    ended_on: dt.date | None = None
    skips: tuple[StageSkip, ...] = ()
    sequence_id: int | None = None  # the strategy sequence the cycle follows, if any

    @property
    def is_active(self) -> bool:
        return self.stage is not Stage.COMPLETE


@dataclass(frozen=True)
class Need:
    """One thing a stage needs, and whether it is there."""

    key: str
    text: str
    met: bool


@dataclass(frozen=True)
class CycleDossier:
    """A cycle with everything recorded in it — what the stage rules look at."""

    cycle: Cycle
    goal: PeersGoal | None = None
    strategy: CycleStrategy | None = None
    sessions: tuple[CoachingSession, ...] = field(default=())
    observations: tuple[Observation, ...] = field(default=())

    def needs(self, stage: Stage | None = None) -> list[Need]:
        """Return what ``stage`` (default: the current one) needs before the cycle moves on."""
        stage = stage or self.cycle.stage
        cycle, goal, strategy = self.cycle, self.goal, self.strategy
        if stage is Stage.IDENTIFY:
            return [
                Need("reality", "current reality recorded", bool(cycle.current_reality.strip())),
                Need("problem", "persistent problem named", cycle.problem is not None),
                Need(
                    "goal", "PEERS goal written, with its measure", bool(goal and goal.is_written)
                ),
                Need("peers", "all five PEERS checks ticked", bool(goal and goal.is_checked)),
                Need("strategy", "strategy chosen from the playbook", strategy is not None),
                Need("modelled", "strategy modelled", bool(strategy and strategy.modelled_on)),
            ]
        if stage is Stage.LEARN:
            return [Need("practice", "practice logged", bool(strategy and strategy.any_practice))]
        if stage is Stage.IMPROVE:
            return [
                Need(
                    "progress",
                    "progress reviewed against the goal",
                    bool(goal and goal.has_progress_evidence()),
                ),
                Need("outcome", "outcome decided", cycle.outcome is not None),
            ]
        return []

    def missing(self, stage: Stage | None = None) -> list[str]:
        return [need.text for need in self.needs(stage) if not need.met]


def advance(dossier: CycleDossier, today: dt.date, reason: str = "") -> Cycle:
    """Return the cycle moved to its next stage, refusing if something is missing and no reason."""
    cycle = dossier.cycle
    nxt = cycle.stage.next
    if nxt is None:
        raise ValidationError("This cycle is complete; start a new cycle to carry on.")
    missing = dossier.missing()
    skips = cycle.skips
    if missing:
        if not reason.strip():
            raise StageNotReadyError(cycle.stage.label, missing)
        skips = (*skips, StageSkip(cycle.stage, reason.strip(), today))
    ended_on = today if nxt is Stage.COMPLETE else None
    return Cycle(
        id=cycle.id,
        coachee_id=cycle.coachee_id,
        started_on=cycle.started_on,
        title=cycle.title,
        problem=cycle.problem,
        current_reality=cycle.current_reality,
        stage=nxt,
        outcome=cycle.outcome,
        ended_on=ended_on,
        skips=skips,
        sequence_id=cycle.sequence_id,
    )


def step_back(cycle: Cycle) -> Cycle:
    """Return the cycle moved back one stage (to correct a mistaken advance)."""
    order = list(Stage)
    i = order.index(cycle.stage)
    if i == 0:
        raise ValidationError("The cycle is already at its first stage.")
    prev = order[i - 1]
    skips = tuple(s for s in cycle.skips if s.stage is not prev)
    return Cycle(
        id=cycle.id,
        coachee_id=cycle.coachee_id,
        started_on=cycle.started_on,
        title=cycle.title,
        problem=cycle.problem,
        current_reality=cycle.current_reality,
        stage=prev,
        outcome=cycle.outcome,
        ended_on=None,
        skips=skips,
        sequence_id=cycle.sequence_id,
    )
