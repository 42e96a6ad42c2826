"""The coachee list: add, edit, archive, delete; the tree model follows the database."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.coachees_pane import CoacheesPane


def test_add_coachee_and_start_cycle(qtbot: QtBot, ctx: UiContext, qtmodeltester: ModelTester):
    pane = CoacheesPane(ctx)
    qtbot.addWidget(pane)
    assert pane.empty.isVisibleTo(pane)
    created = pane.create_coachee("Ada Lovelace", "Computing")
    assert created is not None
    assert [c.name for c in ctx.services.coachees.list()] == ["Ada Lovelace"]
    assert pane.model.rowCount() == 1
    pane.start_cycle()
    cycles = ctx.services.cycles.list(created.id)
    assert len(cycles) == 1
    assert ctx.cycle_id == cycles[0].id
    assert pane.model.rowCount(pane.model.index(0, 0)) == 1
    qtmodeltester.check(pane.model)


def test_edit_is_undoable(qtbot: QtBot, ctx: UiContext):
    pane = CoacheesPane(ctx)
    qtbot.addWidget(pane)
    coachee = pane.create_coachee("Tom")
    assert coachee is not None
    pane.save_coachee(replace(coachee, name="Tom Okafor"))
    assert ctx.services.coachees.get(coachee.id).name == "Tom Okafor"
    ctx.undo_stack.undo()
    assert ctx.services.coachees.get(coachee.id).name == "Tom"
    ctx.undo_stack.redo()
    assert ctx.services.coachees.get(coachee.id).name == "Tom Okafor"


def test_archive_hides_unless_shown(qtbot: QtBot, ctx: UiContext):
    pane = CoacheesPane(ctx)
    qtbot.addWidget(pane)
    pane.create_coachee("Grace")
    pane.tree.setCurrentIndex(pane.model.index(0, 0))
    pane.set_archived(True)
    assert ctx.services.coachees.list()[0].archived
    assert pane.model.rowCount() == 0
    pane.show_archived.setChecked(True)
    assert pane.model.rowCount() == 1


def test_delete_erases_everything(qtbot: QtBot, demo_ctx: UiContext):
    pane = CoacheesPane(demo_ctx)
    qtbot.addWidget(pane)
    services = demo_ctx.services
    tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
    pane.tree.setCurrentIndex(pane.model.index_of_coachee(tom.id))
    summary = services.coachees.erasure_summary(tom.id)
    assert summary.cycles == 1
    assert summary.sessions == 1
    assert summary.notes == 1
    assert pane.delete_coachee(confirm=False)
    assert tom.id not in {c.id for c in services.coachees.list()}
    assert services.cycles.list(tom.id) == []


def test_empty_name_is_refused(qtbot: QtBot, ctx: UiContext):
    pane = CoacheesPane(ctx)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert pane.create_coachee("   ") is None
    assert "needs a name" in blocker.args[0]
    assert ctx.services.coachees.list() == []
