"""The sequence rules: what comes next for a coachee, and reading a sequence file."""

from __future__ import annotations

import json

import pytest

from coachdesk.core.errors import ImportFileError, ValidationError
from coachdesk.core.playbook import StrategyId
from coachdesk.core.sequence_file import parse_sequence
from coachdesk.core.sequences import (
    ItemState,
    Sequence,
    SequenceDraft,
    SequenceDraftItem,
    SequenceId,
    SequenceItem,
    SequenceSource,
    next_in_sequence,
    sequence_progress,
)

# Entry routine (1), clear instructions (2), narrate the positive (3), seating (4).
SEQ = Sequence(
    SequenceId(1),
    "bundled/test",
    "First weeks",
    "",
    SequenceSource.BUNDLED,
    tuple(SequenceItem(StrategyId(i), f"S{i}") for i in (1, 2, 3, 4)),
)


def ids(item: SequenceItem | None) -> int | None:
    return None if item is None else item.strategy_id


def test_a_new_coachee_starts_at_the_first_item():
    assert ids(next_in_sequence(SEQ, [], None)) == 1


def test_next_follows_the_current_strategy():
    assert ids(next_in_sequence(SEQ, [1], 2)) == 3
    assert ids(next_in_sequence(SEQ, [], 1)) == 2


def test_strategies_already_worked_on_are_skipped():
    # The coachee worked on 3 in an earlier cycle; after 2 comes 4, not 3 again.
    assert ids(next_in_sequence(SEQ, [1, 3], 2)) == 4


def test_items_passed_over_come_round_last():
    # Jumped from 1 straight to 3: after 3 comes 4, then the skipped 2.
    assert ids(next_in_sequence(SEQ, [1], 3)) == 4
    assert ids(next_in_sequence(SEQ, [1, 3], 4)) == 2


def test_finished_when_everything_is_done():
    assert next_in_sequence(SEQ, [1, 2, 3], 4) is None
    assert next_in_sequence(SEQ, [4, 3, 2, 1], None) is None


def test_current_strategy_not_in_the_sequence_continues_after_the_latest_done():
    # This cycle works on something outside the sequence (99); the coachee last did 2.
    assert ids(next_in_sequence(SEQ, [1, 2], 99)) == 3
    # Nothing from the sequence done yet: start at its beginning.
    assert ids(next_in_sequence(SEQ, [77], 99)) == 1


def test_an_empty_sequence_suggests_nothing():
    empty = Sequence(SequenceId(2), "own/x", "Empty", "", SequenceSource.OWN)
    assert next_in_sequence(empty, [1], 2) is None


def test_progress_marks_done_current_next_and_to_come():
    progress = sequence_progress(SEQ, [1], 2)
    assert progress.states == (
        ItemState.DONE,
        ItemState.CURRENT,
        ItemState.NEXT,
        ItemState.TO_COME,
    )
    assert progress.done_count == 2
    assert not progress.finished
    assert sequence_progress(SEQ, [1, 2, 3], 4).finished


def test_a_draft_needs_a_title_and_each_strategy_once():
    with pytest.raises(ValidationError, match="title"):
        SequenceDraft("  ").checked()
    twice = (SequenceDraftItem(1), SequenceDraftItem(1))
    with pytest.raises(ValidationError, match="twice"):
        SequenceDraft("Mine", items=twice).checked()
    tidy = SequenceDraft(" Mine ", " d ", (SequenceDraftItem(1, " why "),)).checked()
    assert tidy == SequenceDraft("Mine", "d", (SequenceDraftItem(1, "why"),))


def _file(**changes: object) -> bytes:
    doc: dict[str, object] = {
        "format": "coachdesk-sequence",
        "version": 1,
        "uid": "bundled/x",
        "title": "X",
        "items": [{"strategy": "starter/entry-routine", "note": "First."}],
    }
    doc.update(changes)
    return json.dumps(doc).encode()


def test_sequence_file_is_read_and_refused_with_reasons():
    parsed = parse_sequence(_file())
    assert parsed.uid == "bundled/x"
    assert parsed.items == (("starter/entry-routine", "First."),)
    with pytest.raises(ImportFileError, match="no list of items"):
        parse_sequence(_file(items=[]))
    with pytest.raises(ImportFileError, match="twice"):
        parse_sequence(_file(items=[{"strategy": "a"}, {"strategy": "a"}]))
    with pytest.raises(ImportFileError, match="strategy"):
        parse_sequence(_file(items=[{"note": "no strategy"}]))
    with pytest.raises(ImportFileError, match="expected"):
        parse_sequence(_file(format="coachdesk-playbook"))
