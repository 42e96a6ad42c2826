"""Deliberate practice: rehearsals in sessions, and the smaller steps a hard step is broken into.

Logging a rehearsal also records the step as practised on the session's date (the cycle's
step practice), so the checklist dates and the Learn stage's "practice logged" stay true.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachdesk.core import practice as rules
from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import ValidationError
from coachdesk.core.practice import (
    PracticeProgress,
    Rehearsal,
    RehearsalId,
    RemovedSmallerStep,
    SmallerStep,
    SmallerStepId,
)
from coachdesk.storage import mapping, rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail

NO_STRATEGY = (
    "This cycle has no strategy yet, so there is no step to rehearse: "
    "choose a strategy first (Strategy tab)."
)


def _rehearsal(row: rows.RehearsalRow) -> Rehearsal:
    rounds = json.loads(row.rounds_json or "[]")
    return Rehearsal(
        id=RehearsalId(row.id),
        session_id=row.session_id,
        step_index=row.step_index,
        split_id=row.split_id,
        rounds=tuple(str(r) for r in rounds),
        secure=bool(row.secure),
        position=row.position,
    )


def _smaller(row: rows.StepSplitRow, cycle_id: int) -> SmallerStep:
    return SmallerStep(
        id=SmallerStepId(row.id),
        cycle_id=cycle_id,
        step_index=row.step_index,
        position=row.position,
        text=row.text,
    )


def _strategy_of(s: Session, cycle_id: int) -> tuple[rows.CycleStrategyRow, tuple[str, ...]]:
    """The cycle's chosen strategy row and its steps, or a clear refusal."""
    get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
    row = s.scalar(select(rows.CycleStrategyRow).where(rows.CycleStrategyRow.cycle_id == cycle_id))
    if row is None:
        raise ValidationError(NO_STRATEGY)
    strategy = get_or_fail(s, rows.StrategyRow, row.strategy_id, "strategy")
    return row, mapping.strategy(strategy).steps


def _check_step(steps: tuple[str, ...], step_index: int) -> None:
    if not 0 <= step_index < len(steps):
        raise ValidationError(
            f"Step {step_index + 1} is not part of the cycle's strategy "
            f"(it has {len(steps)} step{'s' if len(steps) != 1 else ''})."
        )


def _check_split(
    s: Session, chosen: rows.CycleStrategyRow, step_index: int, split_id: int | None
) -> None:
    if split_id is None:
        return
    split = get_or_fail(s, rows.StepSplitRow, split_id, "smaller step")
    if split.cycle_strategy_id != chosen.id or split.step_index != step_index:
        raise ValidationError(
            "That smaller step belongs to another step; pick the step again and retry."
        )


def _mark_practised(
    s: Session, chosen: rows.CycleStrategyRow, step_index: int, day: dt.date
) -> None:
    """Record the step as practised on ``day`` in the cycle's step practice (once per day)."""
    exists = s.scalar(
        select(rows.StepPracticeRow).where(
            rows.StepPracticeRow.cycle_strategy_id == chosen.id,
            rows.StepPracticeRow.step_index == step_index,
            rows.StepPracticeRow.practised_on == day,
        )
    )
    if exists is None:
        s.add(
            rows.StepPracticeRow(
                cycle_strategy_id=chosen.id, step_index=step_index, practised_on=day
            )
        )


def _changes(cycle_id: int, *, practice_dates: bool = False) -> Changes:
    if practice_dates:
        return Changes.of(Entity.REHEARSAL, Entity.CYCLE, cycle_id=cycle_id)
    return Changes.of(Entity.REHEARSAL, cycle_id=cycle_id)


class PracticeStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- rehearsals in a session -----------------------------------------------------------

    def rehearsals(self, session_id: int) -> builtins.list[Rehearsal]:
        with self._db.read() as s:
            get_or_fail(s, rows.SessionRow, session_id, "session")
            return [
                _rehearsal(r)
                for r in s.scalars(
                    select(rows.RehearsalRow)
                    .where(rows.RehearsalRow.session_id == session_id)
                    .order_by(rows.RehearsalRow.position, rows.RehearsalRow.id)
                )
            ]

    def add_rehearsal(
        self, session_id: int, step_index: int, split_id: int | None = None
    ) -> Changed[Rehearsal]:
        """Start rehearsing a step (or one of its smaller steps) in a session, with no rounds."""
        with self._db.session() as s:
            session_row = get_or_fail(s, rows.SessionRow, session_id, "session")
            chosen, steps = _strategy_of(s, session_row.cycle_id)
            _check_step(steps, step_index)
            _check_split(s, chosen, step_index, split_id)
            last = s.scalar(
                select(func.max(rows.RehearsalRow.position)).where(
                    rows.RehearsalRow.session_id == session_id
                )
            )
            row = rows.RehearsalRow(
                session_id=session_id,
                cycle_strategy_id=chosen.id,
                step_index=step_index,
                split_id=split_id,
                rounds_json="[]",
                secure=False,
                position=0 if last is None else last + 1,
            )
            s.add(row)
            _mark_practised(s, chosen, step_index, session_row.held_on)
            s.flush()
            result = _rehearsal(row)
            cycle_id = session_row.cycle_id
        return Changed(result, _changes(cycle_id, practice_dates=True))

    def add_round(self, rehearsal_id: int, feedback: str) -> Changed[Rehearsal]:
        """Add a round to a rehearsal, with the feedback given after it (may be blank)."""
        text = rules.clean_feedback(feedback)
        with self._db.session() as s:
            row = get_or_fail(s, rows.RehearsalRow, rehearsal_id, "rehearsal")
            rounds = [*_rehearsal(row).rounds, text]
            row.rounds_json = json.dumps(rounds, ensure_ascii=False)
            s.flush()
            result = _rehearsal(row)
            cycle_id = get_or_fail(s, rows.SessionRow, row.session_id, "session").cycle_id
        return Changed(result, _changes(cycle_id))

    def save_rehearsal(self, rehearsal: Rehearsal) -> Changed[Rehearsal]:
        """Write a rehearsal's rounds (their feedback) and whether the step is now secure."""
        rounds = [rules.clean_feedback(r) for r in rehearsal.rounds]
        with self._db.session() as s:
            row = get_or_fail(s, rows.RehearsalRow, rehearsal.id, "rehearsal")
            row.rounds_json = json.dumps(rounds, ensure_ascii=False)
            row.secure = rehearsal.secure
            s.flush()
            result = _rehearsal(row)
            cycle_id = get_or_fail(s, rows.SessionRow, row.session_id, "session").cycle_id
        return Changed(result, _changes(cycle_id))

    def delete_rehearsal(self, rehearsal_id: int) -> Changed[Rehearsal]:
        """Delete a rehearsal; return it as it was, so Undo can restore it.

        The step stays recorded as practised on the session's date.
        """
        with self._db.session() as s:
            row = get_or_fail(s, rows.RehearsalRow, rehearsal_id, "rehearsal")
            before = _rehearsal(row)
            cycle_id = get_or_fail(s, rows.SessionRow, row.session_id, "session").cycle_id
            s.delete(row)
        return Changed(before, _changes(cycle_id))

    def restore_rehearsal(self, rehearsal: Rehearsal) -> Changed[Rehearsal]:
        """Put back a deleted rehearsal with its id, rounds and place (Undo, Redo)."""
        rounds = [rules.clean_feedback(r) for r in rehearsal.rounds]
        with self._db.session() as s:
            session_row = get_or_fail(s, rows.SessionRow, rehearsal.session_id, "session")
            chosen, steps = _strategy_of(s, session_row.cycle_id)
            _check_step(steps, rehearsal.step_index)
            _check_split(s, chosen, rehearsal.step_index, rehearsal.split_id)
            row = s.get(rows.RehearsalRow, rehearsal.id)
            if row is None:
                row = rows.RehearsalRow(id=rehearsal.id, session_id=rehearsal.session_id)
                s.add(row)
            row.cycle_strategy_id = chosen.id
            row.step_index = rehearsal.step_index
            row.split_id = rehearsal.split_id
            row.rounds_json = json.dumps(rounds, ensure_ascii=False)
            row.secure = rehearsal.secure
            row.position = rehearsal.position
            _mark_practised(s, chosen, rehearsal.step_index, session_row.held_on)
            s.flush()
            result = _rehearsal(row)
            cycle_id = session_row.cycle_id
        return Changed(result, _changes(cycle_id, practice_dates=True))

    # -- smaller steps -------------------------------------------------------------------------

    def smaller_steps(self, cycle_id: int) -> builtins.list[SmallerStep]:
        with self._db.read() as s:
            get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
            return _smaller_steps(s, cycle_id)

    def split_step(
        self, cycle_id: int, step_index: int, texts: Iterable[str]
    ) -> Changed[builtins.list[SmallerStep]]:
        """Break a step of the cycle's strategy into smaller steps (after any it already has)."""
        cleaned = rules.clean_smaller_steps(texts)
        with self._db.session() as s:
            chosen, steps = _strategy_of(s, cycle_id)
            _check_step(steps, step_index)
            last = s.scalar(
                select(func.max(rows.StepSplitRow.position)).where(
                    rows.StepSplitRow.cycle_strategy_id == chosen.id,
                    rows.StepSplitRow.step_index == step_index,
                )
            )
            start = 0 if last is None else last + 1
            added = [
                rows.StepSplitRow(
                    cycle_strategy_id=chosen.id,
                    step_index=step_index,
                    position=start + i,
                    text=text,
                )
                for i, text in enumerate(cleaned)
            ]
            s.add_all(added)
            s.flush()
            result = [_smaller(r, cycle_id) for r in added]
        return Changed(result, _changes(cycle_id))

    def save_smaller_step(self, step: SmallerStep) -> Changed[SmallerStep]:
        """Write a smaller step's words (and place); re-insert it with its id if it was deleted."""
        text = rules.clean_smaller_steps([step.text])[0]
        with self._db.session() as s:
            chosen, steps = _strategy_of(s, step.cycle_id)
            _check_step(steps, step.step_index)
            row = s.get(rows.StepSplitRow, step.id)
            if row is None:
                row = rows.StepSplitRow(
                    id=step.id, cycle_strategy_id=chosen.id, step_index=step.step_index
                )
                s.add(row)
            elif row.cycle_strategy_id != chosen.id or row.step_index != step.step_index:
                raise ValidationError("That smaller step belongs to another step of the strategy.")
            row.text = text
            row.position = step.position
            s.flush()
            result = _smaller(row, step.cycle_id)
        return Changed(result, _changes(step.cycle_id))

    def delete_smaller_step(self, split_id: int) -> Changed[RemovedSmallerStep]:
        """Delete a smaller step and its rehearsals; return both, so Undo can put them back."""
        with self._db.session() as s:
            row = get_or_fail(s, rows.StepSplitRow, split_id, "smaller step")
            chosen = get_or_fail(s, rows.CycleStrategyRow, row.cycle_strategy_id, "strategy")
            rehearsed = s.scalars(
                select(rows.RehearsalRow)
                .where(rows.RehearsalRow.split_id == split_id)
                .order_by(rows.RehearsalRow.id)
            ).all()
            removed = RemovedSmallerStep(
                _smaller(row, chosen.cycle_id), tuple(_rehearsal(r) for r in rehearsed)
            )
            for r in rehearsed:
                s.delete(r)
            s.delete(row)
        return Changed(removed, _changes(chosen.cycle_id))

    def restore_smaller_step(self, removed: RemovedSmallerStep) -> Changed[SmallerStep]:
        """Put back a deleted smaller step with its rehearsals (Undo)."""
        restored = self.save_smaller_step(removed.step).value
        for rehearsal in removed.rehearsals:
            self.restore_rehearsal(rehearsal)
        return Changed(restored, _changes(restored.cycle_id, practice_dates=True))

    # -- the checklist ---------------------------------------------------------------------------

    def progress(self, cycle_id: int) -> PracticeProgress:
        """Each step of the cycle's strategy with its smaller steps and what was rehearsed."""
        with self._db.read() as s:
            _chosen, steps = _strategy_of(s, cycle_id)
            held_on = {
                r.id: r.held_on
                for r in s.scalars(
                    select(rows.SessionRow).where(rows.SessionRow.cycle_id == cycle_id)
                )
            }
            rehearsals = [
                _rehearsal(r)
                for r in s.scalars(
                    select(rows.RehearsalRow).where(rows.RehearsalRow.session_id.in_(held_on))
                )
            ]
            smaller = _smaller_steps(s, cycle_id)
        return rules.progress(cycle_id, steps, smaller, rehearsals, held_on)


def _smaller_steps(s: Session, cycle_id: int) -> builtins.list[SmallerStep]:
    chosen = s.scalar(
        select(rows.CycleStrategyRow).where(rows.CycleStrategyRow.cycle_id == cycle_id)
    )
    if chosen is None:
        return []
    return [
        _smaller(r, cycle_id)
        for r in s.scalars(
            select(rows.StepSplitRow)
            .where(rows.StepSplitRow.cycle_strategy_id == chosen.id)
            .order_by(
                rows.StepSplitRow.step_index, rows.StepSplitRow.position, rows.StepSplitRow.id
            )
        )
    ]
