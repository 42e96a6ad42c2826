"""Resources on strategies and cycles: files (by reference or copied in) and links.

Copying a file in is two steps, so the UI can copy off the GUI thread: ``prepare_copy`` is a
job (``core/jobs.py``) that makes the copy, then ``add_copied_file`` records it.
``add_file(copy_in=True)`` does both here and now (demo, scripts, tests).
"""

from __future__ import annotations

import builtins
import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import ValidationError
from coachdesk.core.jobs import CancelToken, Job, run_job
from coachdesk.core.resources import (
    FileState,
    Resource,
    ResourceId,
    ResourceKind,
    check_owner,
    checked,
    clean_link,
    newest_shared_first,
)
from coachdesk.storage import rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail
from coachdesk.storage.resource_files import ResourceFiles, readable_file


def copies_of_coachee(s: Session, coachee_id: int) -> list[str]:
    """Return the stored locations of the copies kept for a coachee's cycles."""
    cycle_ids = select(rows.CycleRow.id).where(rows.CycleRow.coachee_id == coachee_id)
    query = select(rows.ResourceRow.location).where(
        rows.ResourceRow.cycle_id.in_(cycle_ids), rows.ResourceRow.copied_in.is_(True)
    )
    return list(s.scalars(query))


def erase_unused_copies(db: Database, stored: builtins.list[str]) -> None:
    """Delete the copies in ``stored`` that no resource uses any more (a coachee was erased)."""
    files = ResourceFiles(db.path.parent)
    with db.read() as s:
        in_use = _copies_in_use(s)
    files.erase(Path(files.from_stored(x, True)) for x in set(stored) - in_use)


def _copies_in_use(s: Session) -> set[str]:
    query = select(rows.ResourceRow.location).where(rows.ResourceRow.copied_in.is_(True))
    return set(s.scalars(query))


class ResourceStore:
    def __init__(self, db: Database, data_dir: Path) -> None:
        self._db = db
        self._files = ResourceFiles(data_dir)

    def sweep_copies(self) -> None:
        """Delete copies set aside for undo, half-made copies, and copies no resource names."""
        with self._db.read() as s:
            in_use = {Path(x).name for x in _copies_in_use(s)}
        self._files.sweep(in_use)

    # -- reading ------------------------------------------------------------------------------

    def for_strategy(self, strategy_id: int) -> builtins.list[Resource]:
        with self._db.read() as s:
            query = (
                select(rows.ResourceRow)
                .where(rows.ResourceRow.strategy_id == strategy_id)
                .order_by(rows.ResourceRow.id)
            )
            return [self._resource(r) for r in s.scalars(query)]

    def for_cycle(self, cycle_id: int) -> builtins.list[Resource]:
        """Return what was shared with the teacher in this cycle, most recently shared first."""
        with self._db.read() as s:
            query = select(rows.ResourceRow).where(rows.ResourceRow.cycle_id == cycle_id)
            return newest_shared_first([self._resource(r) for r in s.scalars(query)])

    def get(self, resource_id: int) -> Resource:
        with self._db.read() as s:
            return self._resource(get_or_fail(s, rows.ResourceRow, resource_id, "resource"))

    def check(self, resource_id: int) -> FileState:
        """Say whether a file is still where it was and unchanged (a link is always fine)."""
        resource = self.get(resource_id)
        if resource.is_link:
            return FileState.OK
        path = Path(resource.location)
        try:
            if not path.is_file():
                return FileState.MISSING
            if resource.fingerprint and self._files.fingerprint(path) != resource.fingerprint:
                return FileState.CHANGED
        except OSError:
            return FileState.MISSING
        return FileState.OK

    # -- adding -------------------------------------------------------------------------------

    def add_file(
        self,
        path: str,
        *,
        strategy_id: int | None = None,
        cycle_id: int | None = None,
        title: str = "",
        note: str = "",
        copy_in: bool = False,
        shared_on: dt.date | None = None,
    ) -> Changed[Resource]:
        """Keep a file by reference (with its fingerprint), or copy it into CoachDesk."""
        check_owner(strategy_id, cycle_id)
        source = readable_file(path)
        fp = self._files.fingerprint_of_new(source)
        draft = checked(
            Resource(
                id=ResourceId(0),
                kind=ResourceKind.FILE,
                title=title or source.name,
                location=str(source),
                note=note,
                shared_on=shared_on,
                fingerprint=fp,
                strategy_id=strategy_id,
                cycle_id=cycle_id,
            )
        )
        self._check_owner_exists(strategy_id, cycle_id)
        if copy_in:
            copy = run_job(self.prepare_copy(path))
            return self.add_copied_file(
                path,
                copy,
                strategy_id=strategy_id,
                cycle_id=cycle_id,
                title=title,
                note=note,
                shared_on=shared_on,
            )
        return self._insert(draft)

    def prepare_copy(self, path: str, token: CancelToken | None = None) -> Job[str]:
        """Copy a file into CoachDesk, yielding Progress; return the copy for add_copied_file.

        A job: the UI runs it off the GUI thread. It checks the free space first; a cancelled
        or failed copy leaves nothing behind. It touches the copies folder only, never the
        database.
        """
        source = readable_file(path)
        fp = self._files.fingerprint_of_new(source)
        copy = yield from self._files.copy_job(source, fp, token)
        return str(copy)

    def add_copied_file(
        self,
        path: str,
        copy: str,
        *,
        strategy_id: int | None = None,
        cycle_id: int | None = None,
        title: str = "",
        note: str = "",
        shared_on: dt.date | None = None,
    ) -> Changed[Resource]:
        """Record a file copied in by ``prepare_copy`` (``path`` is where the coach chose it).

        If the record cannot be made, the copy is set aside unless another resource uses it.
        """
        kept = Path(copy)
        try:
            check_owner(strategy_id, cycle_id)
            self._files.bring_back(kept)  # set aside meanwhile: its last other user was removed
            fp = self._files.copy_named(kept)
            draft = checked(
                Resource(
                    id=ResourceId(0),
                    kind=ResourceKind.FILE,
                    title=title or Path(os.path.abspath(os.path.expanduser(path))).name,
                    location=str(kept),
                    note=note,
                    shared_on=shared_on,
                    fingerprint=fp,
                    copied_in=True,
                    strategy_id=strategy_id,
                    cycle_id=cycle_id,
                )
            )
            return self._insert(draft)
        except BaseException:
            self._forget_copies([str(kept)])
            raise

    def add_link(
        self,
        url: str,
        *,
        strategy_id: int | None = None,
        cycle_id: int | None = None,
        title: str = "",
        note: str = "",
        shared_on: dt.date | None = None,
    ) -> Changed[Resource]:
        check_owner(strategy_id, cycle_id)
        draft = checked(
            Resource(
                id=ResourceId(0),
                kind=ResourceKind.LINK,
                title=title,
                location=clean_link(url),
                note=note,
                shared_on=shared_on,
                strategy_id=strategy_id,
                cycle_id=cycle_id,
            )
        )
        return self._insert(draft)

    def share(self, resource_id: int, cycle_id: int, shared_on: dt.date) -> Changed[Resource]:
        """Share a strategy's resource with a cycle's teacher: a copy on the cycle, dated."""
        return self._insert(self.get(resource_id).shared_with(cycle_id, shared_on))

    def _check_owner_exists(self, strategy_id: int | None, cycle_id: int | None) -> None:
        with self._db.read() as s:
            if strategy_id is not None:
                get_or_fail(s, rows.StrategyRow, strategy_id, "strategy")
            if cycle_id is not None:
                get_or_fail(s, rows.CycleRow, cycle_id, "cycle")

    def _insert(self, draft: Resource) -> Changed[Resource]:
        with self._db.session() as s:
            if draft.strategy_id is not None:
                get_or_fail(s, rows.StrategyRow, draft.strategy_id, "strategy")
            if draft.cycle_id is not None:
                get_or_fail(s, rows.CycleRow, draft.cycle_id, "cycle")
            row = rows.ResourceRow(added_at=dt.datetime.now())
            self._write(row, draft)
            s.add(row)
            s.flush()
            result = self._resource(row)
        return Changed(result, _changes(result))

    # -- editing ------------------------------------------------------------------------------

    def save(self, resource: Resource) -> Changed[Resource]:
        """Write a resource's title, note, shared date and (for a link) its address."""
        with self._db.session() as s:
            row = get_or_fail(s, rows.ResourceRow, resource.id, "resource")
            before = self._resource(row)
            kept = replace(
                before,
                title=resource.title,
                note=resource.note,
                shared_on=resource.shared_on,
                location=resource.location if before.is_link else before.location,
            )
            self._write(row, checked(kept))
            s.flush()
            result = self._resource(row)
        return Changed(result, _changes(result))

    def relink(self, resource_id: int, path: str) -> Changed[Resource]:
        """Point a file resource at where the file is now (found again), with its fingerprint."""
        source = readable_file(path)
        fp = self._files.fingerprint_of_new(source)
        with self._db.session() as s:
            row = get_or_fail(s, rows.ResourceRow, resource_id, "resource")
            before = self._resource(row)
            if before.is_link:
                raise ValidationError("A link has no file to find; edit its address instead.")
            self._write(row, replace(before, location=str(source), fingerprint=fp, copied_in=False))
            s.flush()
            result = self._resource(row)
        if before.copied_in:
            self._forget_copies([before.location])
        return Changed(result, _changes(result))

    def delete(self, resource_id: int) -> Changed[Resource]:
        """Remove a resource; its copy too, unless another resource shares it (Undo restores)."""
        with self._db.session() as s:
            row = get_or_fail(s, rows.ResourceRow, resource_id, "resource")
            before = self._resource(row)
            s.delete(row)
        if before.copied_in:
            self._forget_copies([before.location])
        return Changed(before, _changes(before))

    def restore(self, resource: Resource) -> Changed[Resource]:
        """Put back a removed resource with its id (for undo), and its copy if set aside."""
        if resource.copied_in:
            self._files.bring_back(Path(resource.location))
        with self._db.session() as s:
            if resource.strategy_id is not None:
                get_or_fail(s, rows.StrategyRow, resource.strategy_id, "strategy")
            if resource.cycle_id is not None:
                get_or_fail(s, rows.CycleRow, resource.cycle_id, "cycle")
            row = s.get(rows.ResourceRow, resource.id)
            if row is None:
                row = rows.ResourceRow(id=resource.id)
                s.add(row)
            self._write(row, checked(resource))
            row.added_at = resource.added_at or dt.datetime.now()
            s.flush()
            result = self._resource(row)
        return Changed(result, _changes(result))

    # -- rows ---------------------------------------------------------------------------------

    def _forget_copies(self, gone: builtins.list[str]) -> None:
        """Set aside the copies at these locations that no resource uses any more."""
        with self._db.read() as s:
            in_use = _copies_in_use(s)
        for location in gone:
            if self._files.to_stored(location, True) not in in_use:
                self._files.trash(Path(location))

    def _write(self, row: rows.ResourceRow, resource: Resource) -> None:
        row.strategy_id = resource.strategy_id
        row.cycle_id = resource.cycle_id
        row.kind = resource.kind.value
        row.title = resource.title
        row.location = self._files.to_stored(resource.location, resource.copied_in)
        row.fingerprint = resource.fingerprint
        row.copied_in = resource.copied_in
        row.note = resource.note
        row.shared_on = resource.shared_on

    def _resource(self, row: rows.ResourceRow) -> Resource:
        return Resource(
            id=ResourceId(row.id),
            kind=ResourceKind(row.kind),
            title=row.title,
            location=self._files.from_stored(row.location, row.copied_in),
            note=row.note,
            shared_on=row.shared_on,
            fingerprint=row.fingerprint,
            copied_in=row.copied_in,
            strategy_id=row.strategy_id,
            cycle_id=row.cycle_id,
            added_at=row.added_at,
        )


def _changes(resource: Resource) -> Changes:
    return Changes.of(Entity.RESOURCE, cycle_id=resource.cycle_id)
