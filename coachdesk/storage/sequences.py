"""Strategy sequences: bundled and own, which cycles follow them, and what comes next."""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.cycles import Cycle, Stage
from coachdesk.core.errors import ValidationError
from coachdesk.core.playbook import StrategyId
from coachdesk.core.sequences import (
    BundledSequence,
    Sequence,
    SequenceDraft,
    SequenceId,
    SequenceItem,
    SequenceProgress,
    SequenceSource,
    SequenceSuggestion,
    sequence_progress,
)
from coachdesk.storage import mapping, rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail

WHAT = "strategy sequence"


class SequenceStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading -----------------------------------------------------------------------------

    def list(self) -> builtins.list[Sequence]:
        """Return every sequence: bundled ones in their order, then the coach's own."""
        with self._db.read() as s:
            query = select(rows.SequenceRow).order_by(rows.SequenceRow.source, rows.SequenceRow.id)
            return [_sequence(s, r) for r in s.scalars(query)]

    def get(self, sequence_id: int) -> Sequence:
        with self._db.read() as s:
            return _sequence(s, get_or_fail(s, rows.SequenceRow, sequence_id, WHAT))

    # -- the coach's own sequences -------------------------------------------------------------

    def create(self, draft: SequenceDraft) -> Changed[Sequence]:
        """Add one of the coach's own sequences."""
        draft = draft.checked()
        with self._db.session() as s:
            row = rows.SequenceRow(uid=f"own/{uuid.uuid4()}", source=SequenceSource.OWN.value)
            s.add(row)
            _write(s, row, draft)
            result = _sequence(s, row)
        return Changed(result, Changes.of(Entity.SEQUENCE))

    def save(self, sequence_id: int, draft: SequenceDraft) -> Changed[Sequence]:
        """Write an own sequence; editing a bundled one makes the coach's own copy instead."""
        draft = draft.checked()
        with self._db.session() as s:
            row = get_or_fail(s, rows.SequenceRow, sequence_id, WHAT)
            if row.source != SequenceSource.OWN.value:
                row = rows.SequenceRow(uid=f"own/{uuid.uuid4()}", source=SequenceSource.OWN.value)
                s.add(row)
            _write(s, row, draft)
            result = _sequence(s, row)
        return Changed(result, Changes.of(Entity.SEQUENCE))

    def duplicate(self, sequence_id: int) -> Changed[Sequence]:
        """Make an own, editable copy of a sequence."""
        draft = self.get(sequence_id).draft()
        title = f"{draft.title} (copy)"[:200]
        return self.create(SequenceDraft(title, draft.description, draft.items))

    def delete(self, sequence_id: int) -> Changed[Sequence]:
        """Delete an own sequence; cycles that followed it then follow none."""
        with self._db.session() as s:
            row = get_or_fail(s, rows.SequenceRow, sequence_id, WHAT)
            if row.source != SequenceSource.OWN.value:
                raise ValidationError(
                    "Sequences that come with CoachDesk stay; duplicate one to make your own."
                )
            before = _sequence(s, row)
            s.delete(row)
        return Changed(before, Changes.of(Entity.SEQUENCE, Entity.CYCLE))

    def restore(self, sequence: Sequence) -> Changed[Sequence]:
        """Put back a deleted own sequence as it was (for undo), under its old id if free."""
        draft = sequence.draft().checked()
        with self._db.session() as s:
            taken = s.scalar(
                select(rows.SequenceRow.id).where(rows.SequenceRow.uid == sequence.uid)
            )
            if taken is not None:
                raise ValidationError(f"“{sequence.title}” is already among your sequences.")
            row = rows.SequenceRow(uid=sequence.uid, source=sequence.source.value)
            if s.get(rows.SequenceRow, sequence.id) is None:
                row.id = sequence.id
            s.add(row)
            _write(s, row, draft)
            result = _sequence(s, row)
        return Changed(result, Changes.of(Entity.SEQUENCE))

    def install_bundled(self, bundled: Iterable[BundledSequence]) -> int:
        """Add or refresh the bundled sequences; return how many changed.

        Strategies are named by playbook uid; one missing from the playbook is left out.
        """
        changed = 0
        with self._db.session() as s:
            ids = {
                uid: i for uid, i in s.execute(select(rows.StrategyRow.uid, rows.StrategyRow.id))
            }
            existing = {r.uid: r for r in s.scalars(select(rows.SequenceRow))}
            for seq in bundled:
                items = tuple((ids[u], note) for u, note in seq.items if u in ids)
                row = existing.get(seq.uid)
                if row is None:
                    row = rows.SequenceRow(uid=seq.uid, source=SequenceSource.BUNDLED.value)
                    s.add(row)
                elif row.source != SequenceSource.BUNDLED.value or (
                    row.title == seq.title
                    and row.description == seq.description
                    and _item_pairs(s, row.id) == items
                ):
                    continue
                row.title, row.description = seq.title, seq.description
                s.flush()
                _write_items(s, row.id, items)
                changed += 1
        return changed

    # -- cycles following a sequence -----------------------------------------------------------

    def follow(self, cycle_id: int, sequence_id: int | None) -> Changed[Cycle]:
        """Make the cycle follow ``sequence_id`` (None: no sequence)."""
        with self._db.session() as s:
            row = get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
            if sequence_id is not None:
                get_or_fail(s, rows.SequenceRow, sequence_id, WHAT)
            row.sequence_id = sequence_id
            s.flush()
            result = mapping.cycle(row)
        return Changed(result, Changes.of(Entity.CYCLE, Entity.SEQUENCE, cycle_id=cycle_id))

    def progress(self, cycle_id: int) -> SequenceProgress | None:
        """Return the followed sequence's items as done, this cycle, next or to come."""
        with self._db.read() as s:
            return _progress(s, cycle_id)

    def suggest_next(self, cycle_id: int) -> SequenceSuggestion | None:
        """Return the strategy the followed sequence suggests next, or None (no sequence, or
        every strategy in it worked on)."""
        with self._db.read() as s:
            progress = _progress(s, cycle_id)
            if progress is None or progress.next_item is None:
                return None
            item = progress.next_item
            strategy = mapping.strategy(
                get_or_fail(s, rows.StrategyRow, item.strategy_id, "strategy")
            )
            return SequenceSuggestion(progress.sequence, item, strategy)

    def start_next(self, cycle_id: int, today: dt.date) -> Changed[Cycle]:
        """Start a cycle for the same coachee, following the same sequence, with the strategy
        it suggests next already chosen."""
        suggestion = self.suggest_next(cycle_id)
        if suggestion is None:
            raise ValidationError(
                "This cycle's sequence has nothing left to suggest; start a cycle from the "
                "coachee list and choose its strategy from the playbook."
            )
        with self._db.session() as s:
            before = get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
            row = rows.CycleRow(
                coachee_id=before.coachee_id,
                title=suggestion.strategy.title,
                started_on=today,
                stage=Stage.IDENTIFY.value,
                current_reality="",
                skips_json="[]",
                sequence_id=suggestion.sequence.id,
            )
            s.add(row)
            s.flush()
            s.add(rows.GoalRow(cycle_id=row.id, text="", checks="", measure="", unit=""))
            s.add(
                rows.CycleStrategyRow(
                    cycle_id=row.id, strategy_id=suggestion.strategy.id, chosen_on=today
                )
            )
            s.flush()
            result = mapping.cycle(row)
        return Changed(
            result, Changes.of(Entity.CYCLE, Entity.GOAL, Entity.SEQUENCE, cycle_id=result.id)
        )


def _write(s: Session, row: rows.SequenceRow, draft: SequenceDraft) -> None:
    row.title, row.description = draft.title, draft.description
    for item in draft.items:
        get_or_fail(s, rows.StrategyRow, item.strategy_id, "strategy")
    s.flush()
    _write_items(s, row.id, tuple((i.strategy_id, i.note) for i in draft.items))


def _write_items(s: Session, sequence_id: int, items: tuple[tuple[int, str], ...]) -> None:
    s.execute(delete(rows.SequenceItemRow).where(rows.SequenceItemRow.sequence_id == sequence_id))
    for position, (strategy_id, note) in enumerate(items):
        s.add(
            rows.SequenceItemRow(
                sequence_id=sequence_id, position=position, strategy_id=strategy_id, note=note
            )
        )
    s.flush()


def _item_pairs(s: Session, sequence_id: int) -> tuple[tuple[int, str], ...]:
    query = (
        select(rows.SequenceItemRow.strategy_id, rows.SequenceItemRow.note)
        .where(rows.SequenceItemRow.sequence_id == sequence_id)
        .order_by(rows.SequenceItemRow.position)
    )
    return tuple((strategy_id, note) for strategy_id, note in s.execute(query))


def _sequence(s: Session, row: rows.SequenceRow) -> Sequence:
    query = (
        select(rows.SequenceItemRow, rows.StrategyRow.title)
        .join(rows.StrategyRow, rows.StrategyRow.id == rows.SequenceItemRow.strategy_id)
        .where(rows.SequenceItemRow.sequence_id == row.id)
        .order_by(rows.SequenceItemRow.position)
    )
    items = tuple(
        SequenceItem(StrategyId(item.strategy_id), title, item.note)
        for item, title in s.execute(query)
    )
    return Sequence(
        SequenceId(row.id), row.uid, row.title, row.description, SequenceSource(row.source), items
    )


def _progress(s: Session, cycle_id: int) -> SequenceProgress | None:
    cycle = get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
    if cycle.sequence_id is None:
        return None
    sequence = _sequence(s, get_or_fail(s, rows.SequenceRow, cycle.sequence_id, WHAT))
    worked = s.execute(
        select(rows.CycleRow.id, rows.CycleStrategyRow.strategy_id)
        .join(rows.CycleStrategyRow, rows.CycleStrategyRow.cycle_id == rows.CycleRow.id)
        .where(rows.CycleRow.coachee_id == cycle.coachee_id)
        .order_by(rows.CycleRow.started_on, rows.CycleRow.id)
    ).all()
    current = next((strategy for cid, strategy in worked if cid == cycle_id), None)
    done = [strategy for cid, strategy in worked if cid != cycle_id]
    return sequence_progress(sequence, done, current)
