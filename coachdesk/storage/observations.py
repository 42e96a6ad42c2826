"""Observations and their time-stamped notes."""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt

from sqlalchemy import select

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import ValidationError
from coachdesk.core.media_time import media_time
from coachdesk.core.observations import (
    EvidenceKind,
    Note,
    Observation,
    ObservationMode,
)
from coachdesk.storage import mapping, rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail
from coachdesk.storage.sqlite import fulltext


class ObservationStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, cycle_id: int) -> builtins.list[Observation]:
        with self._db.read() as s:
            query = (
                select(rows.ObservationRow)
                .where(rows.ObservationRow.cycle_id == cycle_id)
                .order_by(rows.ObservationRow.observed_on, rows.ObservationRow.id)
            )
            return [mapping.observation(r) for r in s.scalars(query)]

    def get(self, observation_id: int) -> Observation:
        with self._db.read() as s:
            return mapping.observation(
                get_or_fail(s, rows.ObservationRow, observation_id, "observation")
            )

    def add(
        self,
        cycle_id: int,
        observed_on: dt.date,
        mode: ObservationMode = ObservationMode.LIVE,
        context: str = "",
        tag_set_id: int | None = None,
        evidence_kind: EvidenceKind = EvidenceKind.OBSERVATION,
    ) -> Changed[Observation]:
        with self._db.session() as s:
            get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
            row = rows.ObservationRow(
                cycle_id=cycle_id,
                observed_on=observed_on,
                mode=mode.value,
                evidence_kind=evidence_kind.value,
                context=context,
                tag_set_id=tag_set_id,
            )
            s.add(row)
            s.flush()
            result = mapping.observation(row)
        return Changed(result, Changes.of(Entity.OBSERVATION, cycle_id=cycle_id))

    def save(self, observation: Observation) -> Changed[Observation]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.ObservationRow, observation.id, "observation")
            row.observed_on = observation.observed_on
            row.mode = observation.mode.value
            row.evidence_kind = observation.evidence_kind.value
            row.context = observation.context
            row.tag_set_id = observation.tag_set_id
            row.clip_offset_ms = observation.clip_offset_ms
            s.flush()
            result = mapping.observation(row)
        return Changed(result, Changes.of(Entity.OBSERVATION, cycle_id=observation.cycle_id))

    def delete(self, observation_id: int) -> Changed[Observation]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.ObservationRow, observation_id, "observation")
            before = mapping.observation(row)
            s.delete(row)
        return Changed(
            before,
            Changes.of(
                Entity.OBSERVATION, Entity.NOTE, Entity.CLIP, Entity.TAG, cycle_id=before.cycle_id
            ),
        )

    # -- notes -------------------------------------------------------------------------------

    def notes(self, observation_id: int) -> builtins.list[Note]:
        """Return the observation's notes in time order."""
        with self._db.read() as s:
            query = (
                select(rows.NoteRow)
                .where(rows.NoteRow.observation_id == observation_id)
                .order_by(rows.NoteRow.at_ms, rows.NoteRow.id)
            )
            return [mapping.note(r) for r in s.scalars(query)]

    def add_note(
        self,
        observation_id: int,
        at_ms: int,
        text: str,
        category: str = "",
        evidence_kind: EvidenceKind = EvidenceKind.OBSERVATION,
    ) -> Changed[Note]:
        if not text.strip():
            raise ValidationError("A note needs some words.")
        at = media_time(at_ms)
        with self._db.session() as s:
            obs = get_or_fail(s, rows.ObservationRow, observation_id, "observation")
            row = rows.NoteRow(
                observation_id=observation_id,
                at_ms=at,
                text=text,
                category=category,
                evidence_kind=evidence_kind.value,
            )
            s.add(row)
            s.flush()
            result = mapping.note(row)
            cycle_id = obs.cycle_id
        return Changed(result, Changes.of(Entity.NOTE, cycle_id=cycle_id))

    def save_note(self, note: Note) -> Changed[Note]:
        """Write a note, re-inserting it with its id if it was deleted (undo)."""
        if not note.text.strip():
            raise ValidationError("A note needs some words.")
        media_time(note.at_ms)
        with self._db.session() as s:
            obs = get_or_fail(s, rows.ObservationRow, note.observation_id, "observation")
            row = s.get(rows.NoteRow, note.id)
            if row is None:
                row = rows.NoteRow(id=note.id, observation_id=note.observation_id)
                s.add(row)
            row.at_ms = note.at_ms
            row.text = note.text
            row.category = note.category
            row.evidence_kind = note.evidence_kind.value
            s.flush()
            result = mapping.note(row)
            cycle_id = obs.cycle_id
        return Changed(result, Changes.of(Entity.NOTE, cycle_id=cycle_id))

    def delete_note(self, note_id: int) -> Changed[Note]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.NoteRow, note_id, "note")
            before = mapping.note(row)
            cycle_id = get_or_fail(
                s, rows.ObservationRow, row.observation_id, "observation"
            ).cycle_id
            s.delete(row)
        return Changed(before, Changes.of(Entity.NOTE, cycle_id=cycle_id))

    def shift_notes(self, observation_id: int, delta_ms: int) -> Changed[builtins.list[Note]]:
        """Move every note of the observation by ``delta_ms`` (never before zero)."""
        notes = self.notes(observation_id)
        with self._db.session() as s:
            for note in notes:
                row = get_or_fail(s, rows.NoteRow, note.id, "note")
                row.at_ms = max(0, note.at_ms + delta_ms)
        moved = [dataclasses.replace(n, at_ms=max(0, n.at_ms + delta_ms)) for n in notes]
        return Changed(moved, Changes.of(Entity.NOTE))

    def search_notes(self, text: str) -> builtins.list[Note]:
        with self._db.read() as s:
            ids = fulltext.search_note_ids(s.connection(), text)
            if not ids:
                return []
            found = {
                r.id: r
                for r in s.scalars(select(rows.NoteRow).where(rows.NoteRow.id.in_(ids[:500])))
            }
            return [mapping.note(found[i]) for i in ids if i in found]
