"""Model clips: links from a strategy to lesson clips that show it done well."""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import NotFoundError, ValidationError
from coachdesk.core.model_clips import (
    ClipCandidate,
    ModelClip,
    ModelClipId,
    Reel,
    clean_note,
    reel_moments,
)
from coachdesk.core.tags import TagType
from coachdesk.storage import mapping, rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail

GONE = "That model clip no longer exists; it may have been removed."


def _facts() -> Select[Any]:
    """Select each clip with whose lesson it is, when, and how many tags it has."""
    tag_count = (
        select(func.count(rows.TagRow.id))
        .where(rows.TagRow.clip_id == rows.ClipRow.id)
        .correlate(rows.ClipRow)
        .scalar_subquery()
    )
    return (
        select(
            rows.ClipRow.id,
            rows.ClipRow.path,
            rows.ClipRow.probe_json,
            rows.CoacheeRow.name,
            rows.ObservationRow.observed_on,
            tag_count,
        )
        .join(rows.ObservationRow, rows.ObservationRow.id == rows.ClipRow.observation_id)
        .join(rows.CycleRow, rows.CycleRow.id == rows.ObservationRow.cycle_id)
        .join(rows.CoacheeRow, rows.CoacheeRow.id == rows.CycleRow.coachee_id)
    )


def _duration(probe_json: str) -> int:
    return int(json.loads(probe_json).get("duration_ms", 0))


def _model_clip(link: rows.ModelClipRow, facts: Sequence[Any]) -> ModelClip:
    _clip_id, path, probe_json, name, observed_on, tags = facts
    return ModelClip(
        ModelClipId(link.id),
        link.strategy_id,
        link.clip_id,
        link.note,
        link.added_on,
        coachee_name=name,
        observed_on=observed_on,
        file_name=PurePath(path).name,
        duration_ms=_duration(probe_json),
        tag_count=int(tags),
        path=path,
    )


def _load(s: Session, *where: Any) -> list[ModelClip]:
    query = (
        _facts()
        .add_columns(rows.ModelClipRow)
        .join(rows.ModelClipRow, rows.ModelClipRow.clip_id == rows.ClipRow.id)
        .where(*where)
        .order_by(rows.ModelClipRow.added_on, rows.ModelClipRow.id)
    )
    return [_model_clip(row[-1], row[:-1]) for row in s.execute(query)]


def _one(s: Session, model_clip_id: int) -> ModelClip:
    found = _load(s, rows.ModelClipRow.id == model_clip_id)
    if not found:
        raise NotFoundError(GONE)
    return found[0]


def _changes() -> Changes:
    return Changes.of(Entity.MODEL_CLIP)


class ModelClipStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def for_strategy(self, strategy_id: int) -> builtins.list[ModelClip]:
        """Return the strategy's model clips, in the order they were added."""
        with self._db.read() as s:
            return _load(s, rows.ModelClipRow.strategy_id == strategy_id)

    def candidates(self) -> builtins.list[ClipCandidate]:
        """Return every clip that could be a model clip, the latest lesson first."""
        with self._db.read() as s:
            query = _facts().order_by(
                rows.ObservationRow.observed_on.desc(), rows.ClipRow.id.desc()
            )
            return [
                ClipCandidate(
                    clip_id,
                    name,
                    observed_on,
                    PurePath(path).name,
                    _duration(probe_json),
                    int(tags),
                )
                for clip_id, path, probe_json, name, observed_on, tags in s.execute(query)
            ]

    def add(
        self, strategy_id: int, clip_id: int, note: str = "", today: dt.date | None = None
    ) -> Changed[ModelClip]:
        """Link a clip to a strategy; refuse a clip it already has."""
        note = clean_note(note)
        with self._db.session() as s:
            strategy = get_or_fail(s, rows.StrategyRow, strategy_id, "strategy")
            get_or_fail(s, rows.ClipRow, clip_id, "clip")
            taken = s.scalar(
                select(rows.ModelClipRow.id).where(
                    rows.ModelClipRow.strategy_id == strategy_id,
                    rows.ModelClipRow.clip_id == clip_id,
                )
            )
            if taken is not None:
                raise ValidationError(
                    f"That clip is already a model clip of “{strategy.title}”. Choose another "
                    "clip, or edit the note of the one in the list."
                )
            row = rows.ModelClipRow(
                strategy_id=strategy_id,
                clip_id=clip_id,
                note=note,
                added_on=today or dt.date.today(),
            )
            s.add(row)
            s.flush()
            result = _one(s, row.id)
        return Changed(result, _changes())

    def save_note(self, model_clip_id: int, note: str) -> Changed[ModelClip]:
        """Change what the coach wrote about why this clip is worth watching."""
        note = clean_note(note)
        with self._db.session() as s:
            row = s.get(rows.ModelClipRow, model_clip_id)
            if row is None:
                raise NotFoundError(GONE)
            row.note = note
            s.flush()
            result = _one(s, model_clip_id)
        return Changed(result, _changes())

    def remove(self, model_clip_id: int) -> Changed[ModelClip]:
        """Unlink a clip from its strategy (the clip itself stays); return it for undo."""
        with self._db.session() as s:
            before = _one(s, model_clip_id)
            row = s.get(rows.ModelClipRow, model_clip_id)
            s.delete(row)
        return Changed(before, _changes())

    def restore(self, model_clip: ModelClip) -> Changed[ModelClip]:
        """Put back a removed link with its id (undo); refuse when its clip is gone."""
        with self._db.session() as s:
            get_or_fail(s, rows.StrategyRow, model_clip.strategy_id, "strategy")
            if s.get(rows.ClipRow, model_clip.clip_id) is None:
                raise NotFoundError(
                    f"The clip of {model_clip.coachee_name}'s lesson is no longer in CoachDesk "
                    "(it, or their records, were deleted), so it cannot be a model clip again."
                )
            row = s.get(rows.ModelClipRow, model_clip.id)
            if row is None:
                row = rows.ModelClipRow(
                    id=model_clip.id,
                    strategy_id=model_clip.strategy_id,
                    clip_id=model_clip.clip_id,
                    added_on=model_clip.added_on,
                )
                s.add(row)
            row.note = clean_note(model_clip.note)
            s.flush()
            result = _one(s, model_clip.id)
        return Changed(result, _changes())

    def reel(
        self,
        strategy_id: int,
        model_clip_id: int | None = None,
        only_types: Iterable[int] | None = None,
    ) -> Reel:
        """Return the tagged moments of the strategy's model clips (or of one), in order."""
        keep = None if only_types is None else frozenset(only_types)
        with self._db.read() as s:
            if model_clip_id is None:
                clips = _load(s, rows.ModelClipRow.strategy_id == strategy_id)
            else:
                clips = [c for c in [_one(s, model_clip_id)] if c.strategy_id == strategy_id]
                if not clips:
                    raise NotFoundError(GONE)
            clip_ids = [c.clip_id for c in clips]
            tags: dict[int, list[Any]] = {clip_id: [] for clip_id in clip_ids}
            for row in s.scalars(
                select(rows.TagRow)
                .where(rows.TagRow.clip_id.in_(clip_ids))
                .order_by(rows.TagRow.at_ms, rows.TagRow.id)
            ):
                tags[row.clip_id].append(mapping.tag(row))
            type_ids = {t.type_id for clip_tags in tags.values() for t in clip_tags}
            types: dict[int, TagType] = {
                row.id: mapping.tag_type(row)
                for row in s.scalars(
                    select(rows.TagTypeRow).where(rows.TagTypeRow.id.in_(type_ids))
                )
            }
        moments = [
            moment
            for clip in clips
            for moment in reel_moments(
                clip.clip_id, tags[clip.clip_id], types, clip.duration_ms, keep
            )
        ]
        used = sorted(types.values(), key=lambda t: (t.tag_set_id, t.position, t.id))
        return Reel(tuple(moments), tuple(used))
