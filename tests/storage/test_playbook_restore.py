"""Putting back a deleted strategy (the undo of a delete) keeps its id, uid and source, and
brings back its resources, model clips and places in sequences."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from coachdesk.core.changes import Entity
from coachdesk.core.errors import ValidationError
from coachdesk.core.playbook import (
    Category,
    RemovedStrategy,
    Strategy,
    StrategyDraft,
    StrategySource,
)
from coachdesk.core.playbook_file import dump_playbook
from coachdesk.core.resources import FileState
from coachdesk.core.sequences import SequenceDraft, SequenceDraftItem
from coachdesk.core.services import Services
from coachdesk.storage import rows
from coachdesk.storage.workspace import Workspace
from tests.conftest import TODAY
from tests.storage.test_model_clips import lesson


def test_restore_puts_back_an_own_strategy_as_it_was(services: Services):
    playbook = services.playbook
    bundled = playbook.list()[0]
    copy = playbook.duplicate(bundled.id).value
    gone = playbook.delete(copy.id).value
    assert copy.id not in {s.id for s in playbook.list()}
    back = playbook.restore(gone).value
    assert back == copy  # same id, uid, text, source and "based on"
    assert copy.id in {s.id for s in playbook.search(copy.title)}  # back in the search index


def test_restore_keeps_an_imported_strategy_imported(services: Services):
    playbook = services.playbook
    draft = StrategyDraft(
        "Silent signal",
        Category.BEHAVIOUR_RELATIONSHIPS,
        steps=("Raise a hand and wait",),
        uid="school/silent-signal",
    )
    playbook.import_file(dump_playbook("School", [draft]))
    imported = next(s for s in playbook.list() if s.uid == "school/silent-signal")
    back = playbook.restore(playbook.delete(imported.id).value).value
    assert back.source is StrategySource.IMPORTED
    assert back.uid == "school/silent-signal"
    # Importing the same file again recognises it: nothing is added twice.
    assert playbook.import_file(dump_playbook("School", [draft])).value.added == 0


def test_restore_takes_a_new_id_when_the_old_one_is_taken(services: Services):
    playbook = services.playbook
    first = playbook.create(StrategyDraft("Mine", Category.CURRICULUM_PLANNING)).value
    removed = playbook.delete(first.id).value
    other = playbook.create(StrategyDraft("Another", Category.CURRICULUM_PLANNING)).value
    back = playbook.restore(removed).value
    assert back.title == "Mine"
    assert {back.id, other.id} <= {s.id for s in playbook.list()}
    assert back.id != other.id


def test_restore_refuses_a_strategy_that_is_still_there(services: Services):
    playbook = services.playbook
    mine = playbook.create(StrategyDraft("Mine", Category.CURRICULUM_PLANNING)).value
    with pytest.raises(ValidationError, match="already in the playbook"):
        playbook.restore(RemovedStrategy(mine))


# -- what goes with a strategy: resources, model clips, places in sequences -------------------


def _rich_strategy(services: Services, tmp_path: Path) -> tuple[Strategy, Path]:
    """An own strategy with a link, a copied-in file, a file kept where it is, two model
    clips, and places in two sequences."""
    mine = services.playbook.create(StrategyDraft("Mine", Category.CURRICULUM_PLANNING)).value
    handout = tmp_path / "handout.pdf"
    handout.write_bytes(b"%PDF-1.4 a handout to copy in")
    kept = tmp_path / "slides.pptx"
    kept.write_bytes(b"slides kept where they are")
    resources = services.resources
    resources.add_link("https://example.org/guide", strategy_id=mine.id, title="Guide")
    resources.add_file(str(handout), strategy_id=mine.id, copy_in=True)
    resources.add_file(str(kept), strategy_id=mine.id)
    for name in ("Priya Shah", "Tom Reed"):
        clip_id = lesson(services, name, f"{name}.mp4").clip_id
        services.model_clips.add(mine.id, clip_id, note=f"{name} does it well", today=TODAY)
    others = [s.id for s in services.playbook.list() if s.id != mine.id][:3]
    services.sequences.create(
        SequenceDraft(
            "First weeks",
            items=(
                SequenceDraftItem(others[0]),
                SequenceDraftItem(mine.id, "after the routines"),
                SequenceDraftItem(others[1]),
            ),
        )
    )
    services.sequences.create(
        SequenceDraft("Mine last", items=(SequenceDraftItem(others[2]), SequenceDraftItem(mine.id)))
    )
    return mine, handout


def _snapshot(services: Services, strategy_id: int) -> tuple[object, ...]:
    return (
        services.resources.for_strategy(strategy_id),
        services.model_clips.for_strategy(strategy_id),
        _items(services),
    )


def _items(services: Services) -> dict[str, list[tuple[int, str]]]:
    """Each sequence's strategies with their notes, in order."""
    return {s.title: [(i.strategy_id, i.note) for i in s.items] for s in services.sequences.list()}


def test_undo_of_a_delete_brings_back_what_went_with_the_strategy(
    services: Services, workspace: Workspace, tmp_path: Path
):
    mine, handout = _rich_strategy(services, tmp_path)
    before = _snapshot(services, mine.id)
    item_ids = _item_rows(workspace)
    copy = next(r for r in services.resources.for_strategy(mine.id) if r.copied_in)
    assert Path(copy.location).is_file()

    deleted = services.playbook.delete(mine.id)
    removed = deleted.value
    assert {Entity.RESOURCE, Entity.MODEL_CLIP, Entity.SEQUENCE} <= set(deleted.changes.entities)
    assert (len(removed.resources), len(removed.model_clips), len(removed.sequence_places)) == (
        3,
        2,
        2,
    )
    assert services.resources.for_strategy(mine.id) == []
    assert services.model_clips.for_strategy(mine.id) == []
    assert all(mine.id not in [i.strategy_id for i in s.items] for s in services.sequences.list())
    assert not Path(copy.location).exists()  # set aside until the next start

    back = services.playbook.restore(removed).value
    assert back == mine
    assert _snapshot(services, mine.id) == before  # same ids, notes and order
    assert _item_rows(workspace) == item_ids
    assert services.resources.check(copy.id) is FileState.OK  # the copy opens again
    assert Path(copy.location).read_bytes() == handout.read_bytes()

    # A second round of delete and undo works just the same.
    services.playbook.restore(services.playbook.delete(mine.id).value)
    assert _snapshot(services, mine.id) == before
    assert _item_rows(workspace) == item_ids


def test_a_copy_brought_back_survives_the_next_start(
    services: Services, workspace: Workspace, tmp_path: Path
):
    mine, _handout = _rich_strategy(services, tmp_path)
    copy = next(r for r in services.resources.for_strategy(mine.id) if r.copied_in)
    services.playbook.restore(services.playbook.delete(mine.id).value)
    workspace.resources.sweep_copies()  # what the next start does
    assert services.resources.check(copy.id) is FileState.OK


def test_a_deleted_strategy_left_deleted_loses_its_copy_at_the_next_start(
    services: Services, workspace: Workspace, tmp_path: Path
):
    mine, _handout = _rich_strategy(services, tmp_path)
    copy = next(r for r in services.resources.for_strategy(mine.id) if r.copied_in)
    services.playbook.delete(mine.id)
    workspace.resources.sweep_copies()
    folder = Path(copy.location).parent
    assert not Path(copy.location).exists()
    assert not any(p.is_file() for p in folder.rglob("*"))


def test_a_copy_another_resource_shares_stays_in_place(services: Services, tmp_path: Path):
    mine, handout = _rich_strategy(services, tmp_path)
    other = services.playbook.list()[0]
    shared = services.resources.add_file(str(handout), strategy_id=other.id, copy_in=True).value
    removed = services.playbook.delete(mine.id).value
    assert services.resources.check(shared.id) is FileState.OK
    services.playbook.restore(removed)
    copy = next(r for r in services.resources.for_strategy(mine.id) if r.copied_in)
    assert copy.location == shared.location
    assert services.resources.check(copy.id) is FileState.OK


def test_a_place_taken_meanwhile_moves_the_others_down(
    services: Services, workspace: Workspace, tmp_path: Path
):
    mine, _handout = _rich_strategy(services, tmp_path)
    removed = services.playbook.delete(mine.id).value
    first_weeks = next(s for s in services.sequences.list() if s.title == "First weeks")
    newcomer = services.playbook.create(StrategyDraft("Newcomer", Category.CURRICULUM_PLANNING))
    draft = SequenceDraft(
        first_weeks.title,
        items=(
            *(SequenceDraftItem(i.strategy_id, i.note) for i in first_weeks.items),
            SequenceDraftItem(newcomer.value.id),
        ),
    )
    services.sequences.save(first_weeks.id, draft)  # positions 0, 1, 2 now
    back = services.playbook.restore(removed).value  # under a new id: the newcomer took its id
    order = [i.strategy_id for i in services.sequences.get(first_weeks.id).items]
    assert order == [
        first_weeks.items[0].strategy_id,
        back.id,
        first_weeks.items[1].strategy_id,
        newcomer.value.id,
    ]
    positions = [p for _id, seq, p in _item_rows(workspace) if seq == first_weeks.id]
    assert len(positions) == len(set(positions)) == 4


def test_what_lost_its_other_end_stays_away(services: Services, tmp_path: Path):
    mine, _handout = _rich_strategy(services, tmp_path)
    removed = services.playbook.delete(mine.id).value
    mine_last = next(s for s in services.sequences.list() if s.title == "Mine last")
    services.sequences.delete(mine_last.id)
    back = services.playbook.restore(removed).value
    assert back.id == mine.id
    assert [
        s.title for s in services.sequences.list() if mine.id in {i.strategy_id for i in s.items}
    ] == ["First weeks"]
    assert len(services.model_clips.for_strategy(mine.id)) == 2


def test_restore_under_a_new_id_takes_everything_with_it(services: Services, tmp_path: Path):
    mine, _handout = _rich_strategy(services, tmp_path)
    before_resources = services.resources.for_strategy(mine.id)
    removed = services.playbook.delete(mine.id).value
    services.playbook.create(StrategyDraft("Took the id", Category.CURRICULUM_PLANNING))
    back = services.playbook.restore(removed).value
    assert back.id != mine.id
    resources = services.resources.for_strategy(back.id)
    assert [r.title for r in resources] == [r.title for r in before_resources]
    assert len(services.model_clips.for_strategy(back.id)) == 2


def test_a_strategy_a_cycle_uses_is_not_deleted_and_nothing_changes(
    services: Services, tmp_path: Path
):
    mine, _handout = _rich_strategy(services, tmp_path)
    before = _snapshot(services, mine.id)
    coachee = services.coachees.add("Ana Ortiz", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    services.cycles.choose_strategy(cycle.id, mine.id, TODAY)
    with pytest.raises(ValidationError) as refused:
        services.playbook.delete(mine.id)
    message = str(refused.value)
    assert "“Mine” is the strategy of a cycle (Ana Ortiz)" in message
    assert "choose another strategy there first" in message
    assert "Nothing was deleted" in message
    assert services.playbook.get(mine.id) == mine
    assert _snapshot(services, mine.id) == before


def _item_rows(workspace: Workspace) -> list[tuple[int, int, int]]:
    """Every sequence item as stored: (id, sequence id, position)."""
    with workspace.db.read() as s:
        query = select(
            rows.SequenceItemRow.id, rows.SequenceItemRow.sequence_id, rows.SequenceItemRow.position
        ).order_by(rows.SequenceItemRow.id)
        return [(i, q, p) for i, q, p in s.execute(query)]


def test_a_restore_that_fails_part_way_puts_back_nothing(services: Services, tmp_path: Path):
    mine, _handout = _rich_strategy(services, tmp_path)
    removed = services.playbook.delete(mine.id).value
    clip = removed.model_clips[0]
    broken = replace(
        removed, model_clips=(clip, replace(clip, id=clip.id + 100))
    )  # same clip twice
    with pytest.raises(IntegrityError):
        services.playbook.restore(broken)
    assert mine.id not in {s.id for s in services.playbook.list()}
    assert services.resources.for_strategy(mine.id) == []
    assert services.playbook.restore(removed).value == mine  # the real undo still works
