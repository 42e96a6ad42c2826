"""Deliberate practice: a step rehearsed in rounds in a session, with feedback after each round.

A step the teacher finds hard can be broken into smaller steps for that teacher. The checklist
rule here says, per step and per smaller step, how much it was rehearsed and whether it is now
secure: the latest rehearsal of it says so, and a step broken into smaller steps is secure when
every one of its smaller steps is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NewType

from coachdesk.core.errors import ValidationError

SmallerStepId = NewType("SmallerStepId", int)
RehearsalId = NewType("RehearsalId", int)

MAX_FEEDBACK = 2000  # characters of feedback after one round


@dataclass(frozen=True)
class SmallerStep:
    """One of the smaller steps a step of the cycle's strategy is broken into, for one teacher."""

    id: SmallerStepId
    cycle_id: int
    step_index: int
    position: int
    text: str


def smaller_step_label(step_index: int, rank: int) -> str:
    """'2b' for the second smaller step of step 2 (both count from 0)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    suffix = letters[rank] if rank < len(letters) else f".{rank + 1}"
    return f"{step_index + 1}{suffix}"


@dataclass(frozen=True)
class Rehearsal:
    """A step (or smaller step) rehearsed in a session: the feedback after each round."""

    id: RehearsalId
    session_id: int
    step_index: int
    split_id: int | None = None
    rounds: tuple[str, ...] = ()
    secure: bool = False
    position: int = 0

    @property
    def round_count(self) -> int:
        return len(self.rounds)


@dataclass(frozen=True)
class RemovedSmallerStep:
    """A deleted smaller step with the rehearsals that went with it, so Undo can put both back."""

    step: SmallerStep
    rehearsals: tuple[Rehearsal, ...] = ()


def clean_feedback(text: str) -> str:
    """The feedback after a round as stored; refuses what could not be shown."""
    text = text.strip()
    if len(text) > MAX_FEEDBACK:
        raise ValidationError(
            f"The feedback after one round is {len(text)} characters; keep it under "
            f"{MAX_FEEDBACK} (put longer notes in the session notes)."
        )
    return text


def clean_smaller_steps(texts: Iterable[str]) -> list[str]:
    """The smaller steps the coach wrote, one per line, without blank lines."""
    cleaned = [" ".join(t.split()) for t in texts]
    cleaned = [t for t in cleaned if t]
    if not cleaned:
        raise ValidationError("Write at least one smaller step, one per line.")
    for text in cleaned:
        if len(text) > 500:
            raise ValidationError(
                "A smaller step is one short action; keep it under 500 characters."
            )
    return cleaned


@dataclass(frozen=True)
class Practice:
    """What the rehearsals of one step (or smaller step) add up to."""

    rounds: int = 0
    sessions: int = 0
    last_on: dt.date | None = None
    secure: bool = False

    @property
    def rehearsed(self) -> bool:
        return self.sessions > 0


@dataclass(frozen=True)
class SmallerStepProgress:
    step: SmallerStep
    practice: Practice
    label: str  # '2b': its place among the smaller steps of step 2


@dataclass(frozen=True)
class StepProgress:
    """A step of the cycle's strategy in the checklist: its rehearsal and its smaller steps.

    ``practice`` counts every rehearsal of the step, of the whole step or of a smaller one.
    """

    index: int
    text: str
    practice: Practice
    smaller: tuple[SmallerStepProgress, ...] = ()

    @property
    def secure(self) -> bool:
        return self.practice.secure


@dataclass(frozen=True)
class PracticeProgress:
    """The checklist of a cycle's strategy as deliberate practice sees it."""

    cycle_id: int
    steps: tuple[StepProgress, ...] = ()

    @property
    def secure_count(self) -> int:
        return sum(1 for step in self.steps if step.secure)

    def step(self, index: int) -> StepProgress | None:
        return next((s for s in self.steps if s.index == index), None)


def _ordered(
    rehearsals: Iterable[Rehearsal], held_on: Mapping[int, dt.date]
) -> list[tuple[dt.date, Rehearsal]]:
    """Rehearsals oldest first: by session date, then session, then place in the session."""
    dated = [(held_on[r.session_id], r) for r in rehearsals if r.session_id in held_on]
    dated.sort(key=lambda pair: (pair[0], pair[1].session_id, pair[1].position, pair[1].id))
    return dated


def _practice(dated: Sequence[tuple[dt.date, Rehearsal]]) -> Practice:
    if not dated:
        return Practice()
    return Practice(
        rounds=sum(r.round_count for _day, r in dated),
        sessions=len({r.session_id for _day, r in dated}),
        last_on=dated[-1][0],
        secure=dated[-1][1].secure,
    )


def progress(
    cycle_id: int,
    steps: Sequence[str],
    smaller_steps: Iterable[SmallerStep],
    rehearsals: Iterable[Rehearsal],
    held_on: Mapping[int, dt.date],
) -> PracticeProgress:
    """Add up the rehearsals (in sessions held on ``held_on[session_id]``) per step.

    A step or smaller step is secure when its latest rehearsal says so; a step broken into
    smaller steps is secure when all of them are (rehearsing the whole step counts toward its
    rounds and sessions, not toward its being secure).
    """
    dated = _ordered(rehearsals, held_on)
    by_split: dict[int, list[tuple[dt.date, Rehearsal]]] = {}
    whole: dict[int, list[tuple[dt.date, Rehearsal]]] = {}
    every: dict[int, list[tuple[dt.date, Rehearsal]]] = {}
    for day, r in dated:
        every.setdefault(r.step_index, []).append((day, r))
        if r.split_id is None:
            whole.setdefault(r.step_index, []).append((day, r))
        else:
            by_split.setdefault(r.split_id, []).append((day, r))
    splits: dict[int, list[SmallerStep]] = {}
    for small in sorted(smaller_steps, key=lambda s: (s.step_index, s.position, s.id)):
        splits.setdefault(small.step_index, []).append(small)
    result = []
    for index, text in enumerate(steps):
        smaller = tuple(
            SmallerStepProgress(
                small, _practice(by_split.get(small.id, [])), smaller_step_label(index, rank)
            )
            for rank, small in enumerate(splits.get(index, []))
        )
        total = _practice(every.get(index, []))
        secure = (
            all(s.practice.secure for s in smaller)
            if smaller
            else _practice(whole.get(index, [])).secure
        )
        practice = Practice(total.rounds, total.sessions, total.last_on, secure)
        result.append(StepProgress(index, text, practice, smaller))
    return PracticeProgress(cycle_id, tuple(result))
