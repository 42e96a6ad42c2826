"""Tag sets, tag types and the tags on clips."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import ValidationError
from coachdesk.core.media_time import media_time
from coachdesk.core.tags import (
    Tag,
    TagId,
    TagKind,
    TagSet,
    TagSetSource,
    TagType,
    TagTypeId,
    hotkey_clashes,
    validate_tag_type,
)
from coachdesk.core.tagset_file import TagSetDraft, TagTypeDraft, parse_tag_set
from coachdesk.storage import mapping, rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail

MAX_IDS_PER_QUERY = 500  # well under SQLite's limit on bound parameters
STEP_COLOURS = (
    "#1e88e5",
    "#43a047",
    "#f4511e",
    "#8e24aa",
    "#00897b",
    "#c0ca33",
    "#6d4c41",
    "#d81b60",
    "#3949ab",
    "#fb8c00",
)


def _load_set(s: Session, set_id: int) -> TagSet:
    row = get_or_fail(s, rows.TagSetRow, set_id, "tag set")
    types = s.scalars(select(rows.TagTypeRow).where(rows.TagTypeRow.tag_set_id == set_id)).all()
    return mapping.tag_set(row, types)


def _refuse_bundled(tag_set: TagSet) -> None:
    if tag_set.source is TagSetSource.BUNDLED:
        raise ValidationError("Bundled tag sets stay as shipped; duplicate one to edit it.")


def _tags_using(s: Session, type_ids: list[int]) -> int:
    if not type_ids:
        return 0
    query = select(func.count()).select_from(rows.TagRow).where(rows.TagRow.type_id.in_(type_ids))
    return int(s.scalar(query) or 0)


def _count(tags: int) -> str:
    return "1 tag" if tags == 1 else f"{tags:,} tags"


class TagStore:
    def __init__(self, db: Database, author: str = "") -> None:
        self._db = db
        self.author = author

    # -- tag sets ----------------------------------------------------------------------------

    def tag_sets(self) -> list[TagSet]:
        with self._db.read() as s:
            set_rows = s.scalars(select(rows.TagSetRow).order_by(rows.TagSetRow.name)).all()
            types: dict[int, list[rows.TagTypeRow]] = {}
            for t in s.scalars(select(rows.TagTypeRow)):
                types.setdefault(t.tag_set_id, []).append(t)
            return [mapping.tag_set(r, types.get(r.id, [])) for r in set_rows]

    def tag_set(self, set_id: int) -> TagSet:
        with self._db.read() as s:
            return _load_set(s, set_id)

    def install_bundled(self, drafts: Iterable[TagSetDraft]) -> int:
        """Add the bundled tag sets that are not there yet; return how many were added."""
        added = 0
        with self._db.session() as s:
            uids = set(s.scalars(select(rows.TagSetRow.uid)))
            for draft in drafts:
                if draft.uid not in uids:
                    self._insert(s, draft, TagSetSource.BUNDLED)
                    added += 1
        return added

    def import_file(self, data: bytes) -> Changed[TagSet]:
        """Import a tag-set file; one already here (same uid) is returned unchanged."""
        draft = parse_tag_set(data)
        with self._db.session() as s:
            existing = s.scalar(select(rows.TagSetRow).where(rows.TagSetRow.uid == draft.uid))
            set_id = existing.id if existing else self._insert(s, draft, TagSetSource.OWN)
            s.flush()
            result = _load_set(s, set_id)
        return Changed(result, Changes.of(Entity.TAG_SET))

    def create(
        self,
        name: str,
        types: Iterable[TagTypeDraft] = (),
        source: TagSetSource = TagSetSource.OWN,
        description: str = "",
    ) -> Changed[TagSet]:
        if not name.strip():
            raise ValidationError("A tag set needs a name.")
        draft = TagSetDraft(f"own/{uuid.uuid4()}", name.strip(), description, tuple(types))
        with self._db.session() as s:
            set_id = self._insert(s, draft, source)
            s.flush()
            result = _load_set(s, set_id)
        return Changed(result, Changes.of(Entity.TAG_SET))

    def create_from_steps(self, strategy_title: str, steps: Iterable[str]) -> Changed[TagSet]:
        """Build a tag set with one tag per step of a strategy (hotkeys 1–9, 0)."""
        keys = "1234567890"
        types = []
        for i, step in enumerate(steps):
            label = step if len(step) <= 60 else step[:57] + "…"
            types.append(
                TagTypeDraft(
                    label=label,
                    colour=STEP_COLOURS[i % len(STEP_COLOURS)],
                    hotkey=keys[i] if i < len(keys) else "",
                    lead_s=5.0,
                )
            )
        if not types:
            raise ValidationError("That strategy has no steps to tag.")
        return self.create(
            f"Steps: {strategy_title}",
            types,
            TagSetSource.STRATEGY,
            f"One tag per step of “{strategy_title}”.",
        )

    def _insert(self, s: Session, draft: TagSetDraft, source: TagSetSource) -> int:
        row = rows.TagSetRow(
            uid=draft.uid, name=draft.name, description=draft.description, source=source.value
        )
        s.add(row)
        s.flush()
        for position, t in enumerate(draft.types):
            validate_tag_type(t.label, t.colour, t.hotkey, t.lead_s, t.lag_s)
            s.add(
                rows.TagTypeRow(
                    tag_set_id=row.id,
                    label=t.label,
                    colour=t.colour,
                    hotkey=t.hotkey.upper(),
                    polarity=t.polarity.value,
                    lead_s=t.lead_s,
                    lag_s=t.lag_s,
                    kind=t.kind.value,
                    position=position,
                )
            )
        return row.id

    def save_type(self, tag_type: TagType) -> Changed[TagSet]:
        """Write a tag type (or add it when its id is 0), refusing hotkey clashes."""
        validate_tag_type(
            tag_type.label, tag_type.colour, tag_type.hotkey, tag_type.lead_s, tag_type.lag_s
        )
        with self._db.session() as s:
            current = _load_set(s, tag_type.tag_set_id)
            if current.source is TagSetSource.BUNDLED:
                raise ValidationError("Bundled tag sets stay as shipped; duplicate one to edit it.")
            others = [t for t in current.types if t.id != tag_type.id]
            clashes = hotkey_clashes([*others, tag_type])
            if clashes:
                key, labels = next(iter(clashes.items()))
                raise ValidationError(f"Hotkey {key} is already used by “{labels[0]}”.")
            row = s.get(rows.TagTypeRow, tag_type.id) if tag_type.id else None
            if row is None:  # a new type, or one deleted and now restored (undo) with its id
                row = rows.TagTypeRow(
                    id=tag_type.id or None,
                    tag_set_id=tag_type.tag_set_id,
                    position=tag_type.position if tag_type.id else len(current.types),
                )
                s.add(row)
            row.label = tag_type.label.strip()
            row.colour = tag_type.colour
            row.hotkey = tag_type.hotkey.upper()
            row.polarity = tag_type.polarity.value
            row.lead_s = tag_type.lead_s
            row.lag_s = tag_type.lag_s
            row.kind = tag_type.kind.value
            s.flush()
            result = _load_set(s, tag_type.tag_set_id)
        return Changed(result, Changes.of(Entity.TAG_SET))

    def delete_type(self, type_id: int) -> Changed[TagSet]:
        """Remove a tag type that no tag uses; return its tag set as it is now."""
        with self._db.session() as s:
            row = get_or_fail(s, rows.TagTypeRow, type_id, "tag type")
            set_id = row.tag_set_id
            _refuse_bundled(_load_set(s, set_id))
            used = _tags_using(s, [type_id])
            if used:
                raise ValidationError(
                    f"“{row.label}” cannot be deleted: tags reference it ({_count(used)} on "
                    "clips). Delete or retag those first, or keep the tag type."
                )
            s.delete(row)
            s.flush()
            result = _load_set(s, set_id)
        return Changed(result, Changes.of(Entity.TAG_SET))

    def rename_set(self, set_id: int, name: str) -> Changed[TagSet]:
        if not name.strip():
            raise ValidationError("A tag set needs a name.")
        with self._db.session() as s:
            _refuse_bundled(_load_set(s, set_id))
            get_or_fail(s, rows.TagSetRow, set_id, "tag set").name = name.strip()[:120]
            s.flush()
            result = _load_set(s, set_id)
        return Changed(result, Changes.of(Entity.TAG_SET))

    def delete_set(self, set_id: int) -> Changed[TagSet]:
        """Remove one of the coach's tag sets whose types no tag uses; return it as it was."""
        with self._db.session() as s:
            before = _load_set(s, set_id)
            _refuse_bundled(before)
            used = _tags_using(s, [t.id for t in before.types])
            if used:
                raise ValidationError(
                    f"“{before.name}” cannot be deleted: tags reference its tag types "
                    f"({_count(used)} on clips). Delete those tags first, or keep the tag set."
                )
            s.delete(get_or_fail(s, rows.TagSetRow, set_id, "tag set"))
        return Changed(before, Changes.of(Entity.TAG_SET, Entity.OBSERVATION))

    def duplicate_set(self, set_id: int) -> Changed[TagSet]:
        original = self.tag_set(set_id)
        types = [
            TagTypeDraft(t.label, t.colour, t.hotkey, t.polarity, t.lead_s, t.lag_s, t.kind)
            for t in original.types
        ]
        return self.create(f"{original.name} (mine)", types, TagSetSource.OWN, original.description)

    # -- tags --------------------------------------------------------------------------------

    def tags(self, clip_id: int) -> list[Tag]:
        """Return the clip's tags in time order."""
        with self._db.read() as s:
            # Plain columns, not ORM rows: a lesson can carry thousands of tags (4x faster).
            t = rows.TagRow
            query = (
                select(
                    t.id, t.clip_id, t.type_id, t.at_ms, t.end_ms, t.note, t.author, t.created_at
                )
                .where(t.clip_id == clip_id)
                .order_by(t.at_ms, t.id)
            )
            return [
                Tag(TagId(i), c, TagTypeId(ty), at, end, note, author, created)
                for i, c, ty, at, end, note, author, created in s.execute(query)
            ]

    def tags_of_clips(self, clip_ids: Iterable[int]) -> dict[int, list[Tag]]:
        """Return the tags of each of ``clip_ids`` in time order, in one read (every id a key)."""
        wanted = list(dict.fromkeys(clip_ids))
        found: dict[int, list[Tag]] = {clip_id: [] for clip_id in wanted}
        t = rows.TagRow
        columns = (t.id, t.clip_id, t.type_id, t.at_ms, t.end_ms, t.note, t.author, t.created_at)
        with self._db.read() as s:
            for start in range(0, len(wanted), MAX_IDS_PER_QUERY):
                chunk = wanted[start : start + MAX_IDS_PER_QUERY]
                query = select(*columns).where(t.clip_id.in_(chunk)).order_by(t.at_ms, t.id)
                # Through the connection: the ORM result layer would add ~25% for nothing here.
                for i, c, ty, at, end, note, author, created in s.connection().execute(query):
                    found[c].append(Tag(TagId(i), c, TagTypeId(ty), at, end, note, author, created))
        return found

    def add_tag(
        self, clip_id: int, type_id: int, at_ms: int, end_ms: int | None = None, note: str = ""
    ) -> Changed[Tag]:
        """Commit one tag now."""
        at = media_time(at_ms)
        if end_ms is not None and media_time(end_ms) < at:
            raise ValidationError("A tag cannot end before it starts.")
        row = rows.TagRow(
            clip_id=clip_id,
            type_id=type_id,
            at_ms=at,
            end_ms=end_ms,
            note=note,
            author=self.author,
            created_at=dt.datetime.now(),
        )
        with self._db.session() as s:
            s.add(row)
            s.flush()
            result = mapping.tag(row)
        return Changed(result, Changes.of(Entity.TAG))

    def add_tags(
        self, clip_id: int, tags: Iterable[tuple[int, int, int | None, str]], author: str
    ) -> Changed[list[Tag]]:
        """Commit (type id, at, end, note) tags as ``author``'s, all or none (a tagging pass)."""
        made = []
        now = dt.datetime.now()
        for type_id, at_ms, end_ms, note in tags:
            at = media_time(at_ms)
            if end_ms is not None and media_time(end_ms) < at:
                raise ValidationError("A tag cannot end before it starts.")
            made.append(
                rows.TagRow(
                    clip_id=clip_id,
                    type_id=type_id,
                    at_ms=at,
                    end_ms=end_ms,
                    note=note,
                    author=author,
                    created_at=now,
                )
            )
        with self._db.session() as s:
            s.add_all(made)
            s.flush()
            result = [mapping.tag(row) for row in made]
        return Changed(result, Changes.of(Entity.TAG))

    def save_tag(self, tag: Tag) -> Changed[Tag]:
        """Write a tag, re-inserting it with its id if it was deleted (undo)."""
        media_time(tag.at_ms)
        if tag.end_ms is not None and tag.end_ms < tag.at_ms:
            raise ValidationError("A tag cannot end before it starts.")
        with self._db.session() as s:
            row = s.get(rows.TagRow, tag.id)
            if row is None:
                row = rows.TagRow(
                    id=tag.id,
                    clip_id=tag.clip_id,
                    author=tag.author,
                    created_at=tag.created_at or dt.datetime.now(),
                )
                s.add(row)
            row.type_id = tag.type_id
            row.at_ms = tag.at_ms
            row.end_ms = tag.end_ms
            row.note = tag.note
            s.flush()
            result = mapping.tag(row)
        return Changed(result, Changes.of(Entity.TAG))

    def delete_tag(self, tag_id: int) -> Changed[Tag]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.TagRow, tag_id, "tag")
            before = mapping.tag(row)
            s.delete(row)
        return Changed(before, Changes.of(Entity.TAG))

    def count_tags(self) -> int:
        with self._db.read() as s:
            return int(s.scalar(select(func.count()).select_from(rows.TagRow)) or 0)

    def duration_kind(self, type_id: int) -> TagKind:
        with self._db.read() as s:
            return TagKind(get_or_fail(s, rows.TagTypeRow, type_id, "tag type").kind)
