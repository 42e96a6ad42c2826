"""Putting back a deleted strategy (the undo of a delete) keeps its id, uid and source."""

from __future__ import annotations

import pytest

from coachdesk.core.errors import ValidationError
from coachdesk.core.playbook import Category, StrategyDraft, StrategySource
from coachdesk.core.playbook_file import dump_playbook
from coachdesk.core.services import Services


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
    playbook.delete(imported.id)
    back = playbook.restore(imported).value
    assert back.source is StrategySource.IMPORTED
    assert back.uid == "school/silent-signal"
    # Importing the same file again recognises it: nothing is added twice.
    assert playbook.import_file(dump_playbook("School", [draft])).value.added == 0


def test_restore_takes_a_new_id_when_the_old_one_is_taken(services: Services):
    playbook = services.playbook
    first = playbook.create(StrategyDraft("Mine", Category.CURRICULUM_PLANNING)).value
    playbook.delete(first.id)
    other = playbook.create(StrategyDraft("Another", Category.CURRICULUM_PLANNING)).value
    back = playbook.restore(first).value
    assert back.title == "Mine"
    assert {back.id, other.id} <= {s.id for s in playbook.list()}
    assert back.id != other.id


def test_restore_refuses_a_strategy_that_is_still_there(services: Services):
    playbook = services.playbook
    mine = playbook.create(StrategyDraft("Mine", Category.CURRICULUM_PLANNING)).value
    with pytest.raises(ValidationError, match="already in the playbook"):
        playbook.restore(mine)
