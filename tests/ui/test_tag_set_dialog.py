"""Tag sets: bundled ones read-only, own ones edited field by field; clashes refused; files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.core.observations import ObservationMode
from coachdesk.core.tags import Polarity, TagKind, TagSet, TagSetSource
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.tag_set_dialog import TagSetDialog
from tests.conftest import TODAY
from tests.ui.test_tagging import PROBE, tag_set_named


@pytest.fixture
def dialog(qtbot: QtBot, ctx: UiContext) -> TagSetDialog:
    widget = TagSetDialog(ctx)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def own(ctx: UiContext, dialog: TagSetDialog) -> TagSet:
    """An own copy of the bundled Questioning set, selected in the dialog."""
    questioning = tag_set_named(ctx.services, "Questioning")
    copy = dialog.duplicate_set(questioning.id)
    assert copy is not None
    return copy


def stored_set(ctx: UiContext, set_id: int) -> TagSet:
    return ctx.services.tags.tag_set(set_id)


def test_bundled_sets_are_read_only_until_duplicated(ctx: UiContext, dialog: TagSetDialog):
    questioning = tag_set_named(ctx.services, "Questioning")
    dialog.select_set(questioning.id)
    assert dialog.bundled_note.isVisibleTo(dialog)
    assert not dialog.type_form.isEnabled()
    assert not dialog.add_type_button.isEnabled()
    assert dialog.name_edit.isReadOnly()
    assert dialog.type_list.count() == len(questioning.types)

    copy = dialog.duplicate_set(questioning.id)

    assert copy is not None
    assert copy.source is TagSetSource.OWN
    assert [(t.label, t.hotkey) for t in copy.types] == [
        (t.label, t.hotkey) for t in questioning.types
    ]
    assert dialog.current_set() == copy
    assert dialog.type_form.isEnabled()
    assert not dialog.bundled_note.isVisibleTo(dialog)


def test_editing_a_bundled_type_is_refused(qtbot: QtBot, ctx: UiContext, dialog: TagSetDialog):
    questioning = tag_set_named(ctx.services, "Questioning")
    dialog.select_set(questioning.id)
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert dialog.update_type(questioning.types[0].id, label="Mine now") is None
    assert "duplicate" in blocker.args[0]
    assert stored_set(ctx, questioning.id) == questioning


def test_add_a_tag_type_and_undo_it(ctx: UiContext, dialog: TagSetDialog, own: TagSet):
    added = dialog.add_type(
        "Think-pair-share",
        "#8e24aa",
        "T",
        Polarity.POSITIVE,
        lead_s=3,
        lag_s=0,
        kind=TagKind.DURATION,
    )
    assert added is not None
    after = stored_set(ctx, own.id)
    assert after.types[-1] == added
    assert (added.label, added.hotkey, added.kind, added.lead_s) == (
        "Think-pair-share",
        "T",
        TagKind.DURATION,
        3,
    )
    assert dialog.current_type() == added
    assert dialog.type_form.label_edit.text() == "Think-pair-share"

    ctx.undo_stack.undo()
    assert stored_set(ctx, own.id).types == own.types
    ctx.undo_stack.redo()
    assert stored_set(ctx, own.id).types[-1].id == added.id


def test_a_clashing_hotkey_is_refused_and_nothing_changes(
    qtbot: QtBot, ctx: UiContext, dialog: TagSetDialog, own: TagSet
):
    second = own.types[1]  # hotkey 2; the first has 1
    dialog.select_type(second.id)
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert dialog.update_type(second.id, hotkey="1") is None
    assert blocker.args[0] == f"Hotkey 1 is already used by “{own.types[0].label}”."
    assert stored_set(ctx, own.id) == own
    assert dialog.message.text() == blocker.args[0]  # shown in the dialog, too
    assert dialog.type_form.hotkey_edit.text() == "2"  # the field shows what is stored
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert dialog.add_type("Another", hotkey="3") is None
    assert "Hotkey 3" in blocker.args[0]
    assert stored_set(ctx, own.id) == own


def test_typing_a_hotkey_in_the_form_saves_it(
    qtbot: QtBot, ctx: UiContext, dialog: TagSetDialog, own: TagSet
):
    dialog.select_type(own.types[1].id)
    edit = dialog.type_form.hotkey_edit
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, "q")
    assert stored_set(ctx, own.id).types[1].hotkey == "Q"
    with qtbot.waitSignal(ctx.problem) as blocker:
        edit.selectAll()
        qtbot.keyClicks(edit, "j")  # a player key
    assert "player key" in blocker.args[0]
    assert stored_set(ctx, own.id).types[1].hotkey == "Q"
    assert edit.text() == "Q"


def test_editing_fields_saves_each_and_undo_restores(
    ctx: UiContext, dialog: TagSetDialog, own: TagSet
):
    first = own.types[0]
    dialog.update_type(first.id, label="  Open Q  ")
    dialog.update_type(first.id, colour="#123456")
    dialog.update_type(first.id, lead_s=7.5, lag_s=2.0)
    dialog.update_type(first.id, polarity=Polarity.NEGATIVE, kind=TagKind.DURATION)
    now = stored_set(ctx, own.id).types[0]
    assert (now.label, now.colour, now.lead_s, now.lag_s, now.polarity, now.kind) == (
        "Open Q",
        "#123456",
        7.5,
        2.0,
        Polarity.NEGATIVE,
        TagKind.DURATION,
    )
    assert dialog.type_list.item(0).text().split("   ")[1] == "Open Q"
    for _ in range(4):
        ctx.undo_stack.undo()
    assert stored_set(ctx, own.id).types[0] == first


def test_a_lead_time_out_of_range_is_refused(
    qtbot: QtBot, ctx: UiContext, dialog: TagSetDialog, own: TagSet
):
    with qtbot.waitSignal(ctx.problem) as blocker:
        dialog.update_type(own.types[0].id, lead_s=500.0)
    assert "Lead time" in blocker.args[0]
    assert stored_set(ctx, own.id) == own


def test_delete_an_unused_tag_type_and_undo(ctx: UiContext, dialog: TagSetDialog, own: TagSet):
    gone = own.types[2]
    assert dialog.delete_type(gone.id)
    assert gone.id not in {t.id for t in stored_set(ctx, own.id).types}
    assert dialog.type_list.count() == len(own.types) - 1
    ctx.undo_stack.undo()
    assert stored_set(ctx, own.id).types == own.types  # back with its id, in its place


def _tag_on_a_clip(ctx: UiContext, type_id: int) -> None:
    services = ctx.services
    coachee = services.coachees.add("Ada Lovelace", "Maths", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    observation = services.observations.add(cycle.id, TODAY, ObservationMode.VIDEO).value
    clip = services.clips.add(observation.id, "/lessons/a.mp4", "v1:01", PROBE).value
    services.tags.add_tag(clip.id, type_id, 1_000)


def test_a_tag_type_in_use_is_not_deleted(
    qtbot: QtBot, ctx: UiContext, dialog: TagSetDialog, own: TagSet
):
    _tag_on_a_clip(ctx, own.types[0].id)
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert not dialog.delete_type(own.types[0].id)
    assert "tags reference it (1 tag on clips)" in blocker.args[0]
    assert stored_set(ctx, own.id) == own
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert not dialog.delete_set(own.id)
    assert "tags reference its tag types (1 tag on clips)" in blocker.args[0]
    assert stored_set(ctx, own.id) == own


def test_new_rename_and_delete_a_set(ctx: UiContext, dialog: TagSetDialog):
    made = dialog.new_set("Maths talk")
    assert made is not None
    assert dialog.current_set() == made
    dialog.rename_set(made.id, "Maths discussion")
    assert stored_set(ctx, made.id).name == "Maths discussion"
    ctx.undo_stack.undo()
    assert stored_set(ctx, made.id).name == "Maths talk"
    count = len(ctx.services.tags.tag_sets())
    assert dialog.delete_set(made.id)
    assert len(ctx.services.tags.tag_sets()) == count - 1
    assert all(s.id != made.id for s in dialog.sets)


def test_a_blank_name_is_refused(qtbot: QtBot, ctx: UiContext, dialog: TagSetDialog, own: TagSet):
    with qtbot.waitSignal(ctx.problem):
        dialog.rename_set(own.id, "   ")
    assert stored_set(ctx, own.id).name == own.name
    assert dialog.name_edit.text() == own.name


def test_deleting_a_set_clears_it_from_observations(
    ctx: UiContext, dialog: TagSetDialog, own: TagSet
):
    services = ctx.services
    coachee = services.coachees.add("Ada Lovelace", "Maths", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    observation = services.observations.add(cycle.id, TODAY, tag_set_id=own.id).value
    assert dialog.delete_set(own.id)
    assert services.observations.get(observation.id).tag_set_id is None


def test_export_and_import_a_tag_set_file(
    tmp_path: Path, ctx: UiContext, dialog: TagSetDialog, own: TagSet
):
    target = tmp_path / "questioning.json"
    assert dialog.export_path(own.id, target) == target
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["format"] == "coachdesk-tagset"
    assert [t["hotkey"] for t in doc["tag_types"]] == [t.hotkey for t in own.types]

    assert dialog.delete_set(own.id)
    imported = dialog.import_path(target)

    assert imported is not None
    assert imported.name == own.name
    assert [(t.label, t.hotkey, t.lead_s) for t in imported.types] == [
        (t.label, t.hotkey, t.lead_s) for t in own.types
    ]
    assert dialog.current_set() == imported
    assert "Imported" in dialog.message.text()


def test_a_malformed_file_imports_nothing(
    qtbot: QtBot, tmp_path: Path, ctx: UiContext, dialog: TagSetDialog
):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "coachdesk-tagset", "version": 1, "name": "X"}', encoding="utf-8")
    count = len(ctx.services.tags.tag_sets())
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert dialog.import_path(bad) is None
    assert "was not imported" in blocker.args[0]
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert dialog.import_path(tmp_path / "missing.json") is None
    assert "Could not read" in blocker.args[0]
    assert len(ctx.services.tags.tag_sets()) == count
