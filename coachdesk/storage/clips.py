"""Clips attached to observations: path, fingerprint and what probing found."""

from __future__ import annotations

import builtins
import datetime as dt

from sqlalchemy import select

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.clips import Clip, ClipProbe
from coachdesk.storage import mapping, rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail


class ClipStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, observation_id: int) -> builtins.list[Clip]:
        with self._db.read() as s:
            query = (
                select(rows.ClipRow)
                .where(rows.ClipRow.observation_id == observation_id)
                .order_by(rows.ClipRow.id)
            )
            return [mapping.clip(r) for r in s.scalars(query)]

    def get(self, clip_id: int) -> Clip:
        with self._db.read() as s:
            return mapping.clip(get_or_fail(s, rows.ClipRow, clip_id, "clip"))

    def add(
        self,
        observation_id: int,
        path: str,
        fingerprint: str,
        probe: ClipProbe,
        copied_in: bool = False,
    ) -> Changed[Clip]:
        with self._db.session() as s:
            get_or_fail(s, rows.ObservationRow, observation_id, "observation")
            row = rows.ClipRow(
                observation_id=observation_id,
                path=path,
                fingerprint=fingerprint,
                probe_json=mapping.probe_to_json(probe),
                copied_in=copied_in,
                added_at=dt.datetime.now(),
            )
            s.add(row)
            s.flush()
            result = mapping.clip(row)
        return Changed(result, Changes.of(Entity.CLIP))

    def relink(self, clip_id: int, path: str) -> Changed[Clip]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.ClipRow, clip_id, "clip")
            row.path = path
            s.flush()
            result = mapping.clip(row)
        return Changed(result, Changes.of(Entity.CLIP))

    def delete(self, clip_id: int) -> Changed[Clip]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.ClipRow, clip_id, "clip")
            before = mapping.clip(row)
            s.delete(row)
        return Changed(before, Changes.of(Entity.CLIP, Entity.TAG))
