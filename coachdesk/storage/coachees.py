"""Coachees: add, edit, archive and erase."""

from __future__ import annotations

import builtins
import datetime as dt
from pathlib import Path

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.coachees import Coachee, CoacheeId, ErasureSummary, clean_name
from coachdesk.storage import clip_files, mapping, resources, rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail
from coachdesk.storage.sqlite import fulltext, pragmas

ALL = Changes.of(
    Entity.COACHEE,
    Entity.CYCLE,
    Entity.GOAL,
    Entity.SESSION,
    Entity.OBSERVATION,
    Entity.NOTE,
    Entity.CLIP,
    Entity.TAG,
    Entity.RESOURCE,
)


class CoacheeStore:
    def __init__(self, db: Database, data_dir: Path | None = None) -> None:
        self._db = db
        self._data_dir = data_dir if data_dir is not None else db.path.parent

    def list(self, *, include_archived: bool = True) -> builtins.list[Coachee]:
        with self._db.read() as s:
            query = select(rows.CoacheeRow).order_by(rows.CoacheeRow.name, rows.CoacheeRow.id)
            if not include_archived:
                query = query.where(rows.CoacheeRow.archived.is_(False))
            return [mapping.coachee(r) for r in s.scalars(query)]

    def get(self, coachee_id: int) -> Coachee:
        with self._db.read() as s:
            return mapping.coachee(_row(s, coachee_id))

    def add(
        self, name: str, role: str = "", notes: str = "", today: dt.date | None = None
    ) -> Changed[Coachee]:
        row = rows.CoacheeRow(
            name=clean_name(name),
            role=role.strip(),
            notes=notes,
            archived=False,
            created_on=today or dt.date.today(),
        )
        with self._db.session() as s:
            s.add(row)
            s.flush()
            result = mapping.coachee(row)
        return Changed(result, Changes.of(Entity.COACHEE))

    def save(self, coachee: Coachee) -> Changed[Coachee]:
        """Write the coachee's name, role, notes and archived flag."""
        with self._db.session() as s:
            row = _row(s, coachee.id)
            row.name = clean_name(coachee.name)
            row.role = coachee.role.strip()
            row.notes = coachee.notes
            row.archived = coachee.archived
            s.flush()
            result = mapping.coachee(row)
        return Changed(result, Changes.of(Entity.COACHEE))

    def erasure_summary(self, coachee_id: int) -> ErasureSummary:
        with self._db.read() as s:
            row = _row(s, coachee_id)
            cycle_ids = select(rows.CycleRow.id).where(rows.CycleRow.coachee_id == coachee_id)
            obs_ids = select(rows.ObservationRow.id).where(
                rows.ObservationRow.cycle_id.in_(cycle_ids)
            )
            clip_ids = select(rows.ClipRow.id).where(rows.ClipRow.observation_id.in_(obs_ids))

            def count(model: type[rows.Base], where: ColumnElement[bool]) -> int:
                query = select(func.count()).select_from(model).where(where)
                return int(s.scalar(query) or 0)

            return ErasureSummary(
                name=row.name,
                cycles=count(rows.CycleRow, rows.CycleRow.coachee_id == coachee_id),
                sessions=count(rows.SessionRow, rows.SessionRow.cycle_id.in_(cycle_ids)),
                observations=count(
                    rows.ObservationRow, rows.ObservationRow.cycle_id.in_(cycle_ids)
                ),
                notes=count(rows.NoteRow, rows.NoteRow.observation_id.in_(obs_ids)),
                clips=count(rows.ClipRow, rows.ClipRow.observation_id.in_(obs_ids)),
                tags=count(rows.TagRow, rows.TagRow.clip_id.in_(clip_ids)),
            )

    def delete(self, coachee_id: int) -> Changed[CoacheeId]:
        """Erase the coachee and everything recorded about them (cascades in the database).

        secure_delete zeroes the freed space; the index is merged and the WAL emptied too, so
        their words survive only in backups taken before (until those rotate out). The
        thumbnails and other caches of their clips, and the videos copied into CoachDesk for
        them, are deleted too, unless another clip uses the same video (``clip_files``).
        """
        with self._db.session() as s:
            copies = resources.copies_of_coachee(s, coachee_id)
            traces = clip_files.traces_of(s, s.scalars(_clip_ids(coachee_id)))
            s.delete(_row(s, coachee_id))
            s.flush()
            fulltext.forget_deleted_notes(s.connection())
            traces = clip_files.orphans(s, traces) if traces else traces
        resources.erase_unused_copies(self._db, copies)  # the files they were given, too
        with self._db.read() as s:
            pragmas.empty_wal(s.connection())
        clip_files.erase(self._data_dir, traces)  # what fails here, the next start sweeps
        return Changed(CoacheeId(coachee_id), ALL)


def _clip_ids(coachee_id: int) -> Select[int]:
    cycle_ids = select(rows.CycleRow.id).where(rows.CycleRow.coachee_id == coachee_id)
    obs_ids = select(rows.ObservationRow.id).where(rows.ObservationRow.cycle_id.in_(cycle_ids))
    return select(rows.ClipRow.id).where(rows.ClipRow.observation_id.in_(obs_ids))


def _row(s: Session, coachee_id: int) -> rows.CoacheeRow:
    return get_or_fail(s, rows.CoacheeRow, coachee_id, "coachee")
