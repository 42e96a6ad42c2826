"""What goes with a strategy when it is deleted, taken down before and put back on Undo.

Deleting a strategy cascades in the database to its resources, its model clips and its places
in sequences. ``capture`` reads them before the delete; ``put_back`` writes them again in the
same transaction as the strategy, with their old ids where those are still free. A copied-in
file set aside when its last resource went is brought back first, so it opens again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from coachdesk.core.playbook import KeptModelClip, RemovedStrategy, SequencePlace, Strategy
from coachdesk.core.resources import Resource, ResourceId, ResourceKind
from coachdesk.storage import rows
from coachdesk.storage.resource_files import ResourceFiles


def capture(s: Session, strategy: Strategy, files: ResourceFiles) -> RemovedStrategy:
    """Return the strategy with everything its delete will take with it, oldest first."""
    resources = s.scalars(
        select(rows.ResourceRow)
        .where(rows.ResourceRow.strategy_id == strategy.id)
        .order_by(rows.ResourceRow.id)
    )
    clips = s.scalars(
        select(rows.ModelClipRow)
        .where(rows.ModelClipRow.strategy_id == strategy.id)
        .order_by(rows.ModelClipRow.id)
    )
    places = s.scalars(
        select(rows.SequenceItemRow)
        .where(rows.SequenceItemRow.strategy_id == strategy.id)
        .order_by(rows.SequenceItemRow.sequence_id, rows.SequenceItemRow.position)
    )
    return RemovedStrategy(
        strategy,
        tuple(_resource(r, files) for r in resources),
        tuple(KeptModelClip(c.id, c.clip_id, c.note, c.added_on) for c in clips),
        tuple(SequencePlace(p.id, p.sequence_id, p.position, p.note) for p in places),
    )


def copies_no_one_names(s: Session, removed: RemovedStrategy, files: ResourceFiles) -> list[Path]:
    """Return the copied-in files of ``removed`` that no resource left in the database uses."""
    in_use = set(
        s.scalars(select(rows.ResourceRow.location).where(rows.ResourceRow.copied_in.is_(True)))
    )
    return [
        Path(r.location)
        for r in removed.resources
        if r.copied_in and files.to_stored(r.location, True) not in in_use
    ]


def bring_back_copies(removed: RemovedStrategy, files: ResourceFiles) -> None:
    """Put back copied-in files set aside when the strategy went (nothing if still in place)."""
    for resource in removed.resources:
        if resource.copied_in:
            files.bring_back(Path(resource.location))


def put_back(s: Session, removed: RemovedStrategy, strategy_id: int, files: ResourceFiles) -> None:
    """Write the resources, model clips and sequence places of ``removed`` again, on the
    strategy now at ``strategy_id``; what lost its other end meanwhile (a clip or a sequence
    deleted since) stays away."""
    resource_ids = _ids(s, rows.ResourceRow, [r.id for r in removed.resources])
    for resource in removed.resources:
        s.add(_resource_row(resource, resource_ids[resource.id], strategy_id, files))
    clips = [c for c in removed.model_clips if s.get(rows.ClipRow, c.clip_id) is not None]
    clip_ids = _ids(s, rows.ModelClipRow, [c.id for c in clips])
    for kept in clips:
        s.add(
            rows.ModelClipRow(
                id=clip_ids[kept.id],
                strategy_id=strategy_id,
                clip_id=kept.clip_id,
                note=kept.note,
                added_on=kept.added_on,
            )
        )
    s.flush()
    places = [
        p for p in removed.sequence_places if s.get(rows.SequenceRow, p.sequence_id) is not None
    ]
    place_ids = _ids(s, rows.SequenceItemRow, [p.id for p in places])
    for place in sorted(places, key=lambda p: (p.sequence_id, p.position)):
        _put_in_sequence(s, place, place_ids[place.id], strategy_id)


_Row = type[rows.ResourceRow] | type[rows.ModelClipRow] | type[rows.SequenceItemRow]


def _ids(s: Session, table: _Row, wanted: list[int]) -> dict[int, int]:
    """Map each old id to itself if still free, else to a new id no old id or row has."""
    if not wanted:
        return {}
    taken = set(s.scalars(select(table.id).where(table.id.in_(wanted))))
    highest = max(s.scalar(select(func.max(table.id))) or 0, *wanted)
    ids: dict[int, int] = {}
    for old in wanted:
        if old in taken:
            highest += 1
            ids[old] = highest
        else:
            ids[old] = old
    return ids


def _put_in_sequence(s: Session, place: SequencePlace, item_id: int, strategy_id: int) -> None:
    """Insert at the old position; if another strategy has it now, move those after down one."""
    item = rows.SequenceItemRow
    in_sequence = item.sequence_id == place.sequence_id
    taken = s.scalar(select(item.id).where(in_sequence, item.position == place.position))
    if taken is not None:
        # Two steps, so no moment has two items at one position (the pair is unique).
        later = in_sequence & (item.position >= place.position)
        moved = in_sequence & (item.position < 0)
        for where, value in ((later, -item.position - 1), (moved, -item.position)):
            s.execute(
                update(item).where(where).values(position=value),
                execution_options={"synchronize_session": False},
            )
    s.add(
        rows.SequenceItemRow(
            id=item_id,
            sequence_id=place.sequence_id,
            position=place.position,
            strategy_id=strategy_id,
            note=place.note,
        )
    )
    s.flush()


def _resource(row: rows.ResourceRow, files: ResourceFiles) -> Resource:
    return Resource(
        id=ResourceId(row.id),
        kind=ResourceKind(row.kind),
        title=row.title,
        location=files.from_stored(row.location, row.copied_in),
        note=row.note,
        shared_on=row.shared_on,
        fingerprint=row.fingerprint,
        copied_in=row.copied_in,
        strategy_id=row.strategy_id,
        cycle_id=row.cycle_id,
        added_at=row.added_at,
    )


def _resource_row(
    resource: Resource, resource_id: int, strategy_id: int, files: ResourceFiles
) -> rows.ResourceRow:
    return rows.ResourceRow(
        id=resource_id,
        strategy_id=strategy_id,
        cycle_id=None,
        kind=resource.kind.value,
        title=resource.title,
        location=files.to_stored(resource.location, resource.copied_in),
        fingerprint=resource.fingerprint,
        copied_in=resource.copied_in,
        note=resource.note,
        shared_on=resource.shared_on,
        added_at=resource.added_at or dt.datetime.now(),
    )
