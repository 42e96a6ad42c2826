"""The playbook: teaching strategies with their purpose, steps and look-fors."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import NewType

from coachdesk.core.problems import PersistentProblem
from coachdesk.core.resources import Resource

StrategyId = NewType("StrategyId", int)
CycleStrategyId = NewType("CycleStrategyId", int)


class Category(enum.Enum):
    """The six shelves of the playbook."""

    BEHAVIOUR_RELATIONSHIPS = "behaviour_relationships"
    CURRICULUM_PLANNING = "curriculum_planning"
    EXPLAINING_MODELLING = "explaining_modelling"
    QUESTIONING_FEEDBACK = "questioning_feedback"
    PRACTICE_RETRIEVAL = "practice_retrieval"
    INDEPENDENT_ENQUIRY = "independent_enquiry"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    Category.BEHAVIOUR_RELATIONSHIPS: "Behaviour and relationships",
    Category.CURRICULUM_PLANNING: "Curriculum planning",
    Category.EXPLAINING_MODELLING: "Explaining and modelling",
    Category.QUESTIONING_FEEDBACK: "Questioning and feedback",
    Category.PRACTICE_RETRIEVAL: "Practice and retrieval",
    Category.INDEPENDENT_ENQUIRY: "Independent and enquiry learning",
}


class StrategySource(enum.Enum):
    """Where a strategy came from: bundled ones stay pristine."""

    BUNDLED = "bundled"
    OWN = "own"
    IMPORTED = "imported"


@dataclass(frozen=True)
class StrategyDraft:
    """A strategy's content, before it has an id (what the coach edits, what files carry)."""

    title: str
    category: Category
    purpose: str = ""
    wrong_choice_when: str = ""
    steps: tuple[str, ...] = ()
    look_fors: tuple[str, ...] = ()
    problems: frozenset[PersistentProblem] = frozenset()
    uid: str = ""  # stable across machines, so importing twice does not duplicate


@dataclass(frozen=True)
class Strategy:
    """A strategy in the coach's playbook."""

    id: StrategyId
    uid: str
    title: str
    category: Category
    purpose: str
    wrong_choice_when: str
    steps: tuple[str, ...]
    look_fors: tuple[str, ...]
    problems: frozenset[PersistentProblem]
    source: StrategySource
    based_on: StrategyId | None = None

    @property
    def is_editable(self) -> bool:
        return self.source is not StrategySource.BUNDLED

    def draft(self) -> StrategyDraft:
        return StrategyDraft(
            title=self.title,
            category=self.category,
            purpose=self.purpose,
            wrong_choice_when=self.wrong_choice_when,
            steps=self.steps,
            look_fors=self.look_fors,
            problems=self.problems,
            uid=self.uid,
        )


@dataclass(frozen=True)
class KeptModelClip:
    """A model clip as it was linked to a deleted strategy (so Undo links it again)."""

    id: int
    clip_id: int
    note: str
    added_on: dt.date


@dataclass(frozen=True)
class SequencePlace:
    """Where a deleted strategy stood in a sequence (so Undo puts it back there)."""

    id: int
    sequence_id: int
    position: int
    note: str = ""


@dataclass(frozen=True)
class RemovedStrategy:
    """A deleted strategy with what went with it: its resources, model clips and its places
    in sequences, so Undo can put all of it back with the same ids."""

    strategy: Strategy
    resources: tuple[Resource, ...] = ()
    model_clips: tuple[KeptModelClip, ...] = ()
    sequence_places: tuple[SequencePlace, ...] = ()

    @property
    def title(self) -> str:
        return self.strategy.title


@dataclass(frozen=True)
class StepPractice:
    """A step of the chosen strategy and the dates it was practised."""

    step_index: int
    practised_on: tuple[dt.date, ...] = ()

    @property
    def done(self) -> bool:
        return bool(self.practised_on)


@dataclass(frozen=True)
class CycleStrategy:
    """The strategy chosen for a cycle, its modelling and the steps practised."""

    id: CycleStrategyId
    cycle_id: int
    strategy: Strategy
    chosen_on: dt.date
    modelled_on: dt.date | None = None
    practice: tuple[StepPractice, ...] = ()

    def practised_dates(self, step_index: int) -> tuple[dt.date, ...]:
        for step in self.practice:
            if step.step_index == step_index:
                return step.practised_on
        return ()

    @property
    def any_practice(self) -> bool:
        return any(step.done for step in self.practice)
