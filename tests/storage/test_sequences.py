"""Strategy sequences in the database: bundled content, own sequences, following, what is next."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk import resources
from coachdesk.core import services as protocols
from coachdesk.core.cycles import Cycle, Stage
from coachdesk.core.errors import NotFoundError, ValidationError
from coachdesk.core.playbook import Category, StrategyDraft
from coachdesk.core.sequences import (
    BundledSequence,
    ItemState,
    SequenceDraft,
    SequenceDraftItem,
    SequenceSource,
)
from coachdesk.storage.workspace import Workspace, open_workspace
from tests.conftest import TODAY

ROUTINES = "bundled/first-half-term-routines"


def _by_uid(workspace: Workspace, uid: str) -> int:
    return next(s.id for s in workspace.sequences.list() if s.uid == uid)


def _strategy_id(workspace: Workspace, uid: str) -> int:
    return next(s.id for s in workspace.playbook.list() if s.uid == uid)


def _cycle(workspace: Workspace, started: dt.date = TODAY) -> Cycle:
    coachee = workspace.coachees.add("Sam Okafor", "NQT, Year 8 science", today=started).value
    return workspace.cycles.start(coachee.id, started).value


def test_the_store_matches_its_protocol(workspace: Workspace):
    protocol = protocols.SequenceService
    for name, member in inspect.getmembers(protocol, inspect.isfunction):
        if name.startswith("_"):
            continue
        expected = list(inspect.signature(member).parameters)
        actual = list(inspect.signature(getattr(workspace.sequences, name)).parameters)
        assert ["self", *actual] == expected, name


def test_every_bundled_strategy_uid_is_in_the_starter_playbook(workspace: Workspace):
    root = Path(str(resources.root()))
    playbook = json.loads((root / "playbook" / "starter.json").read_text(encoding="utf-8"))
    uids = {s["uid"] for s in playbook["strategies"]}
    bundled = resources.bundled_sequences()
    assert len(bundled) >= 2
    for seq in bundled:
        missing = [u for u, _note in seq.items if u not in uids]
        assert not missing, f"{seq.title}: {missing}"
        assert all(note for _u, note in seq.items), f"{seq.title}: an item has no note"
    installed = {s.uid: s for s in workspace.sequences.list()}
    for seq in bundled:
        got = installed[seq.uid]
        assert got.source is SequenceSource.BUNDLED
        assert [i.note for i in got.items] == [note for _u, note in seq.items]
        assert all(i.strategy_title for i in got.items)


def test_bundled_sequences_reach_an_existing_workspace_when_content_changes(tmp_path: Path):
    ws = open_workspace(tmp_path / "data")
    try:
        ws.settings.put("bundled_version", "from-an-older-coachdesk")
        first = ws.sequences.list()[0]
        changed = BundledSequence(
            first.uid, first.title, "New words.", (("starter/cold-call", "N"),)
        )
        assert ws.sequences.install_bundled([changed]) == 1
        assert ws.sequences.get(first.id).items[0].strategy_title == "Cold call"
    finally:
        ws.close()
    ws = open_workspace(tmp_path / "data")  # the fingerprint differs: installed again
    try:
        again = ws.sequences.get(first.id)
        assert again.description == first.description
        assert again.items == first.items
        assert ws.settings.get("bundled_version") == resources.content_version()
        assert ws.sequences.install_bundled(resources.bundled_sequences()) == 0
    finally:
        ws.close()


def test_following_a_sequence_and_what_it_suggests(workspace: Workspace):
    seq_id = _by_uid(workspace, ROUTINES)
    cycle = _cycle(workspace)
    assert workspace.sequences.suggest_next(cycle.id) is None  # follows none yet
    followed = workspace.sequences.follow(cycle.id, seq_id)
    assert followed.value.sequence_id == seq_id
    assert followed.changes.cycle_id == cycle.id
    suggestion = workspace.sequences.suggest_next(cycle.id)
    assert suggestion is not None
    assert suggestion.strategy.uid == "starter/entry-routine"

    entry = suggestion.strategy.id
    workspace.cycles.choose_strategy(cycle.id, entry, TODAY)
    progress = workspace.sequences.progress(cycle.id)
    assert progress is not None
    assert progress.states[:2] == (ItemState.CURRENT, ItemState.NEXT)
    nxt = workspace.sequences.suggest_next(cycle.id)
    assert nxt is not None
    assert nxt.strategy.uid == "starter/threshold-greeting"
    assert nxt.item.note

    # Cycle edits elsewhere keep the sequence; moving through the stages does too.
    workspace.cycles.save(replace(workspace.cycles.get(cycle.id), title="Calm starts"))
    workspace.cycles.advance(cycle.id, TODAY, reason="testing")
    assert workspace.cycles.get(cycle.id).sequence_id == seq_id
    assert workspace.sequences.follow(cycle.id, None).value.sequence_id is None
    with pytest.raises(NotFoundError):
        workspace.sequences.follow(cycle.id, 9999)
    assert workspace.cycles.get(cycle.id).sequence_id is None


def test_start_next_begins_a_cycle_with_the_next_strategy_chosen(workspace: Workspace):
    seq_id = _by_uid(workspace, ROUTINES)
    cycle = _cycle(workspace)
    workspace.sequences.follow(cycle.id, seq_id)
    workspace.cycles.choose_strategy(
        cycle.id, _strategy_id(workspace, "starter/entry-routine"), TODAY
    )
    # The coachee already worked on the threshold greeting in another cycle: it is skipped.
    other = workspace.cycles.start(cycle.coachee_id, TODAY - dt.timedelta(days=40)).value
    workspace.cycles.choose_strategy(
        other.id, _strategy_id(workspace, "starter/threshold-greeting"), TODAY
    )
    later = TODAY + dt.timedelta(days=42)
    started = workspace.sequences.start_next(cycle.id, later)
    new = started.value
    assert new.id != cycle.id
    assert (new.coachee_id, new.sequence_id, new.stage) == (
        cycle.coachee_id,
        seq_id,
        Stage.IDENTIFY,
    )
    assert new.started_on == later
    dossier = workspace.cycles.dossier(new.id)
    assert dossier.strategy is not None
    assert dossier.strategy.strategy.uid == "starter/clear-task-instructions"
    assert dossier.goal is not None  # an empty goal to fill in, as any new cycle has
    assert started.changes.cycle_id == new.id


def test_start_next_refuses_when_the_sequence_is_finished(workspace: Workspace):
    first, second = (_strategy_id(workspace, u) for u in ("starter/wait-time", "starter/cold-call"))
    own = workspace.sequences.create(
        SequenceDraft("Two steps", items=(SequenceDraftItem(first), SequenceDraftItem(second)))
    ).value
    cycle = _cycle(workspace)
    earlier = workspace.cycles.start(cycle.coachee_id, TODAY - dt.timedelta(days=30)).value
    workspace.cycles.choose_strategy(earlier.id, first, TODAY)
    workspace.cycles.choose_strategy(cycle.id, second, TODAY)
    workspace.sequences.follow(cycle.id, own.id)
    assert workspace.sequences.suggest_next(cycle.id) is None
    before = len(workspace.cycles.list())
    with pytest.raises(ValidationError, match="nothing left"):
        workspace.sequences.start_next(cycle.id, TODAY)
    assert len(workspace.cycles.list()) == before


def test_own_sequences_are_edited_and_bundled_ones_copied(workspace: Workspace):
    bundled_id = _by_uid(workspace, ROUTINES)
    bundled = workspace.sequences.get(bundled_id)
    draft = replace(bundled.draft(), title="Our first weeks", items=bundled.draft().items[::-1])
    copy = workspace.sequences.save(bundled_id, draft).value
    assert copy.id != bundled_id
    assert copy.source is SequenceSource.OWN
    assert [i.strategy_id for i in copy.items] == [i.strategy_id for i in bundled.items][::-1]
    assert workspace.sequences.get(bundled_id) == bundled  # the shipped one stays as it was

    moved = (*copy.draft().items[1:], copy.draft().items[0])
    saved = workspace.sequences.save(copy.id, replace(copy.draft(), items=moved)).value
    assert saved.id == copy.id
    assert saved.items[-1].strategy_id == copy.items[0].strategy_id

    with pytest.raises(ValidationError, match="duplicate"):
        workspace.sequences.delete(bundled_id)
    with pytest.raises(ValidationError, match="title"):
        workspace.sequences.save(copy.id, replace(copy.draft(), title=" "))
    with pytest.raises(NotFoundError):
        workspace.sequences.create(SequenceDraft("Ghost", items=(SequenceDraftItem(9999),)))
    assert workspace.sequences.get(copy.id) == saved  # refusals changed nothing
    dup = workspace.sequences.duplicate(bundled_id).value
    assert dup.title.endswith("(copy)")
    assert dup.is_editable


def test_deleting_a_sequence_leaves_its_cycles_following_none(workspace: Workspace):
    wait = _strategy_id(workspace, "starter/wait-time")
    own = workspace.sequences.create(
        SequenceDraft("Mine", "why", (SequenceDraftItem(wait, "first"),))
    ).value
    cycle = _cycle(workspace)
    workspace.sequences.follow(cycle.id, own.id)
    deleted = workspace.sequences.delete(own.id).value
    assert workspace.cycles.get(cycle.id).sequence_id is None  # SET NULL
    assert workspace.sequences.progress(cycle.id) is None
    restored = workspace.sequences.restore(deleted).value
    assert restored == own  # undo puts it back as it was, under its old id
    with pytest.raises(ValidationError, match="already"):
        workspace.sequences.restore(deleted)


def test_deleting_a_strategy_or_cycle_cascades_as_it_should(workspace: Workspace):
    mine = workspace.playbook.create(
        StrategyDraft("Our door routine", Category.BEHAVIOUR_RELATIONSHIPS)
    ).value
    wait = _strategy_id(workspace, "starter/wait-time")
    own = workspace.sequences.create(
        SequenceDraft("Mine", items=(SequenceDraftItem(mine.id), SequenceDraftItem(wait)))
    ).value
    workspace.playbook.delete(mine.id)
    assert [i.strategy_id for i in workspace.sequences.get(own.id).items] == [wait]
    cycle = _cycle(workspace)
    workspace.sequences.follow(cycle.id, own.id)
    workspace.cycles.delete(cycle.id)
    assert workspace.sequences.get(own.id).items[0].strategy_id == wait
