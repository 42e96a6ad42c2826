"""The persistent problems of teaching (Kennedy, 2016) that frame a coaching cycle."""

from __future__ import annotations

import enum


class PersistentProblem(enum.Enum):
    """A problem almost every teacher faces, which a cycle and a strategy address."""

    PORTRAYING_CURRICULUM = "portraying_curriculum"
    ENLISTING_PARTICIPATION = "enlisting_participation"
    EXPOSING_THINKING = "exposing_thinking"
    CONTAINING_BEHAVIOUR = "containing_behaviour"
    ACCOMMODATING_NEEDS = "accommodating_needs"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def description(self) -> str:
        return _LABELS[self][1]


_LABELS: dict[PersistentProblem, tuple[str, str]] = {
    PersistentProblem.PORTRAYING_CURRICULUM: (
        "Portraying the curriculum",
        "Making the content clear, accurate and meaningful to these students.",
    ),
    PersistentProblem.ENLISTING_PARTICIPATION: (
        "Enlisting student participation",
        "Getting every student to take part willingly, not only the keen few.",
    ),
    PersistentProblem.EXPOSING_THINKING: (
        "Exposing student thinking",
        "Seeing what students actually understand, so teaching can respond to it.",
    ),
    PersistentProblem.CONTAINING_BEHAVIOUR: (
        "Containing student behaviour",
        "Keeping the room calm and purposeful so learning can happen.",
    ),
    PersistentProblem.ACCOMMODATING_NEEDS: (
        "Accommodating personal needs",
        "Meeting individual students' needs while teaching the whole class.",
    ),
}
