"""The playbook: bundled and own strategies, full-text search, import and export."""

from __future__ import annotations

import builtins
import json
import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import ValidationError
from coachdesk.core.playbook import (
    Category,
    RemovedStrategy,
    Strategy,
    StrategyDraft,
    StrategySource,
)
from coachdesk.core.playbook_file import ImportReport, dump_playbook, parse_playbook
from coachdesk.core.problems import PersistentProblem
from coachdesk.storage import mapping, rows, strategy_removal
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail
from coachdesk.storage.resource_files import ResourceFiles
from coachdesk.storage.sqlite import fulltext


def _check(draft: StrategyDraft) -> None:
    if not draft.title.strip():
        raise ValidationError("A strategy needs a title.")
    if len(draft.title) > 200:
        raise ValidationError("A strategy title can be at most 200 characters.")


def _write(row: rows.StrategyRow, draft: StrategyDraft) -> None:
    row.title = draft.title.strip()
    row.category = draft.category.value
    row.purpose = draft.purpose
    row.wrong_choice_when = draft.wrong_choice_when
    steps = [s for s in draft.steps if s.strip()]
    look_fors = [s for s in draft.look_fors if s.strip()]
    row.steps_json = json.dumps(steps, ensure_ascii=False)
    row.look_fors_json = json.dumps(look_fors, ensure_ascii=False)
    row.steps_text = "\n".join(steps)
    row.look_fors_text = "\n".join(look_fors)
    row.problems = ",".join(sorted(p.value for p in draft.problems))


def _same(row: rows.StrategyRow, draft: StrategyDraft) -> bool:
    return mapping.strategy(row).draft() == draft


def _refuse_if_chosen(s: Session, row: rows.StrategyRow) -> None:
    """Refuse to delete a strategy a cycle has chosen, naming whose cycles they are."""
    query = (
        select(rows.CoacheeRow.name)
        .join(rows.CycleRow, rows.CycleRow.coachee_id == rows.CoacheeRow.id)
        .join(rows.CycleStrategyRow, rows.CycleStrategyRow.cycle_id == rows.CycleRow.id)
        .where(rows.CycleStrategyRow.strategy_id == row.id)
    )
    names = list(s.scalars(query))
    if not names:
        return
    teachers = sorted(set(names))
    whose = ", ".join(teachers[:3]) + (
        f" and {len(teachers) - 3} more" if len(teachers) > 3 else ""
    )
    cycles = "a cycle" if len(names) == 1 else f"{len(names)} cycles"
    raise ValidationError(
        f"“{row.title}” is the strategy of {cycles} ({whose}), so it cannot be deleted; "
        "choose another strategy there first. Nothing was deleted."
    )


def _changes(removed: RemovedStrategy) -> Changes:
    entities = [Entity.STRATEGY]
    if removed.resources:
        entities.append(Entity.RESOURCE)
    if removed.model_clips:
        entities.append(Entity.MODEL_CLIP)
    if removed.sequence_places:
        entities.append(Entity.SEQUENCE)
    return Changes.of(*entities)


class PlaybookStore:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._files = ResourceFiles(db.path.parent)  # where copied-in resources are kept

    def list(self) -> builtins.list[Strategy]:
        with self._db.read() as s:
            query = select(rows.StrategyRow).order_by(
                rows.StrategyRow.category, rows.StrategyRow.title
            )
            return [mapping.strategy(r) for r in s.scalars(query)]

    def get(self, strategy_id: int) -> Strategy:
        with self._db.read() as s:
            return mapping.strategy(get_or_fail(s, rows.StrategyRow, strategy_id, "strategy"))

    def search(
        self,
        text: str = "",
        category: Category | None = None,
        problem: PersistentProblem | None = None,
    ) -> builtins.list[Strategy]:
        """Return strategies matching all that is given; text searches titles, purposes,
        steps and look-fors (best matches first)."""
        with self._db.read() as s:
            query = select(rows.StrategyRow)
            if category is not None:
                query = query.where(rows.StrategyRow.category == category.value)
            if problem is not None:
                query = query.where(rows.StrategyRow.problems.contains(problem.value))
            if text.strip():
                ids = fulltext.search_strategy_ids(s.connection(), text)
                if not ids:
                    return []
                found = {r.id: r for r in s.scalars(query.where(rows.StrategyRow.id.in_(ids)))}
                return [mapping.strategy(found[i]) for i in ids if i in found]
            query = query.order_by(rows.StrategyRow.category, rows.StrategyRow.title)
            return [mapping.strategy(r) for r in s.scalars(query)]

    def create(self, draft: StrategyDraft, based_on: int | None = None) -> Changed[Strategy]:
        """Add one of the coach's own strategies."""
        _check(draft)
        with self._db.session() as s:
            row = rows.StrategyRow(
                uid=f"own/{uuid.uuid4()}", source=StrategySource.OWN.value, based_on_id=based_on
            )
            _write(row, draft)
            s.add(row)
            s.flush()
            result = mapping.strategy(row)
        return Changed(result, Changes.of(Entity.STRATEGY))

    def save(self, strategy_id: int, draft: StrategyDraft) -> Changed[Strategy]:
        """Write an own strategy; editing a bundled one makes the coach's own copy instead."""
        _check(draft)
        with self._db.session() as s:
            row = get_or_fail(s, rows.StrategyRow, strategy_id, "strategy")
            if row.source == StrategySource.BUNDLED.value:
                copy = rows.StrategyRow(
                    uid=f"own/{uuid.uuid4()}", source=StrategySource.OWN.value, based_on_id=row.id
                )
                _write(copy, draft)
                s.add(copy)
                row = copy
            else:
                _write(row, draft)
            s.flush()
            result = mapping.strategy(row)
        return Changed(result, Changes.of(Entity.STRATEGY))

    def duplicate(self, strategy_id: int) -> Changed[Strategy]:
        original = self.get(strategy_id)
        draft = original.draft()
        copy = StrategyDraft(
            title=f"{draft.title} (copy)"[:200],
            category=draft.category,
            purpose=draft.purpose,
            wrong_choice_when=draft.wrong_choice_when,
            steps=draft.steps,
            look_fors=draft.look_fors,
            problems=draft.problems,
        )
        return self.create(copy, based_on=original.id)

    def delete(self, strategy_id: int) -> Changed[RemovedStrategy]:
        """Delete one of the coach's own strategies that no cycle uses, with its resources,
        model clips and places in sequences; return all of it, so Undo can put it back."""
        with self._db.session() as s:
            row = get_or_fail(s, rows.StrategyRow, strategy_id, "strategy")
            if row.source == StrategySource.BUNDLED.value:
                raise ValidationError(
                    "Bundled strategies stay in the playbook; "
                    "you can hide them by filtering, or duplicate and edit."
                )
            _refuse_if_chosen(s, row)
            removed = strategy_removal.capture(s, mapping.strategy(row), self._files)
            s.delete(row)
            s.flush()
            unused = strategy_removal.copies_no_one_names(s, removed, self._files)
        for path in unused:  # set aside until the next start, so Undo can bring them back
            self._files.trash(path)
        return Changed(removed, _changes(removed))

    def restore(self, removed: RemovedStrategy) -> Changed[Strategy]:
        """Put back a deleted strategy as it was (for undo), under its old id if that is free,
        with its resources, model clips and places in sequences, all in one transaction."""
        strategy = removed.strategy
        _check(strategy.draft())
        strategy_removal.bring_back_copies(removed, self._files)
        with self._db.session() as s:
            if (
                s.scalar(select(rows.StrategyRow.id).where(rows.StrategyRow.uid == strategy.uid))
                is not None
            ):
                raise ValidationError(f"“{strategy.title}” is already in the playbook.")
            id_free = s.get(rows.StrategyRow, strategy.id) is None
            based_on = (
                strategy.based_on
                if strategy.based_on is not None
                and s.get(rows.StrategyRow, strategy.based_on) is not None
                else None
            )
            row = rows.StrategyRow(
                uid=strategy.uid, source=strategy.source.value, based_on_id=based_on
            )
            if id_free:
                row.id = strategy.id
            _write(row, strategy.draft())
            s.add(row)
            s.flush()
            strategy_removal.put_back(s, removed, row.id, self._files)
            result = mapping.strategy(row)
        return Changed(result, _changes(removed))

    # -- bundled, import and export ----------------------------------------------------------

    def install_bundled(self, drafts: Iterable[StrategyDraft]) -> int:
        """Add or refresh the bundled strategies; return how many rows changed."""
        changed = 0
        with self._db.session() as s:
            existing = {r.uid: r for r in s.scalars(select(rows.StrategyRow))}
            for draft in drafts:
                row = existing.get(draft.uid)
                if row is None:
                    row = rows.StrategyRow(uid=draft.uid, source=StrategySource.BUNDLED.value)
                    s.add(row)
                elif row.source != StrategySource.BUNDLED.value or _same(row, draft):
                    continue
                _write(row, draft)
                changed += 1
        return changed

    def import_file(self, data: bytes) -> Changed[ImportReport]:
        """Import a playbook file in one transaction; a bad file changes nothing."""
        name, drafts = parse_playbook(data)
        added = updated = unchanged = kept = 0
        with self._db.session() as s:
            existing = self._by_uid(s, [d.uid for d in drafts])
            for draft in drafts:
                row = existing.get(draft.uid)
                if row is None:
                    row = rows.StrategyRow(uid=draft.uid, source=StrategySource.IMPORTED.value)
                    _check(draft)
                    _write(row, draft)
                    s.add(row)
                    added += 1
                elif _same(row, draft):
                    unchanged += 1
                elif row.source == StrategySource.IMPORTED.value:
                    _write(row, draft)
                    updated += 1
                else:
                    kept += 1
        report = ImportReport(name, added, updated, unchanged, kept)
        return Changed(report, Changes.of(Entity.STRATEGY))

    @staticmethod
    def _by_uid(s: Session, uids: builtins.list[str]) -> dict[str, rows.StrategyRow]:
        found: dict[str, rows.StrategyRow] = {}
        for start in range(0, len(uids), 500):
            chunk = uids[start : start + 500]
            for row in s.scalars(select(rows.StrategyRow).where(rows.StrategyRow.uid.in_(chunk))):
                found[row.uid] = row
        return found

    def export_file(
        self, strategy_ids: Iterable[int] | None = None, name: str = "CoachDesk playbook"
    ) -> bytes:
        strategies = self.list()
        if strategy_ids is not None:
            wanted = set(strategy_ids)
            strategies = [s for s in strategies if s.id in wanted]
        return dump_playbook(name, strategies)
