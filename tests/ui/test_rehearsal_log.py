"""The rehearsal section of a session: pick a step, Enter logs a round, Secure now, delete —
saved through the practice service, undoable, and refused clearly without a strategy."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.core.cycles import Cycle
from coachdesk.core.sessions import SessionKind
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.sessions_panel import SessionsPanel
from tests.conftest import TODAY


def _tom(ctx: UiContext) -> Cycle:
    return next(c for c in ctx.services.cycles.list() if c.title.startswith("Questions"))


def _panel(qtbot: QtBot, ctx: UiContext) -> SessionsPanel:
    ctx.select_cycle(_tom(ctx).id)
    panel = SessionsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    return panel


@pytest.fixture(autouse=True)
def _without_the_demo_rehearsals(demo_ctx: UiContext) -> None:
    """These tests start from a cycle with no rehearsal (the demo has one in Tom's session)."""
    without_rehearsals(demo_ctx)


def without_rehearsals(ctx: UiContext) -> None:
    for session in ctx.services.sessions.list(_tom(ctx).id):
        for rehearsal in ctx.services.practice.rehearsals(session.id):
            ctx.services.practice.delete_rehearsal(rehearsal.id)


def test_enter_logs_rounds_of_the_picked_step(
    qtbot: QtBot, demo_ctx: UiContext, qtmodeltester: ModelTester
):
    panel = _panel(qtbot, demo_ctx)
    log = panel.editor.rehearsal
    session = panel.editor.session
    assert session is not None
    assert log.entry.isVisible()
    assert not log.body.isVisible()  # no rehearsal yet: just the line to log a round
    assert log.model.rowCount() == 0
    assert log.step.count() == 5  # the five steps of Cold call
    log.pick_step(2)
    qtbot.keyClicks(log.feedback, "Named after one second - count in your head")
    qtbot.keyClick(log.feedback, Qt.Key.Key_Return)
    assert log.feedback.text() == ""
    qtbot.keyClicks(log.feedback, "Three full seconds")
    qtbot.keyClick(log.feedback, Qt.Key.Key_Enter)

    practice = demo_ctx.services.practice
    (stored,) = practice.rehearsals(session.id)
    assert stored.step_index == 2
    assert stored.split_id is None
    assert stored.rounds == ("Named after one second - count in your head", "Three full seconds")
    assert log.model.rowCount() == 1
    assert log.body.isVisible()
    qtmodeltester.check(log.model)
    assert log.model.index(0).data().startswith("Step 3 — 2 rounds")
    assert log.rounds.rowCount() == 2
    assert log.rounds.item(1, 1).text() == "Three full seconds"
    assert "round 3" in log.feedback.placeholderText()

    qtbot.mouseClick(log.secure, Qt.MouseButton.LeftButton)
    assert practice.rehearsals(session.id)[0].secure
    assert "secure" in log.model.index(0).data()
    progress = practice.progress(session.cycle_id)
    assert progress.steps[2].secure
    assert progress.steps[2].practice.rounds == 2

    # logging the rehearsal recorded the step as practised on the session's date
    strategy = demo_ctx.services.cycles.dossier(session.cycle_id).strategy
    assert strategy is not None
    assert session.held_on in strategy.practised_dates(2)

    # another step starts its own rehearsal in the same session
    log.pick_step(0)
    assert log.selected_rehearsal() is None
    qtbot.keyClick(log.feedback, Qt.Key.Key_Return)  # a round without feedback
    assert [r.step_index for r in practice.rehearsals(session.id)] == [2, 0]
    assert practice.rehearsals(session.id)[1].rounds == ("",)


def test_rounds_are_edited_and_removed_and_every_edit_undoes(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    log, practice = panel.editor.rehearsal, demo_ctx.services.practice
    session = panel.editor.session
    assert session is not None
    strategy = demo_ctx.services.cycles.dossier(session.cycle_id).strategy
    assert strategy is not None
    assert session.held_on not in strategy.practised_dates(4)
    log.pick_step(4)
    log.add_round("First go")
    log.add_round("Second go")
    log.rounds.item(0, 1).setText("First go: built on Sam's answer")
    assert practice.rehearsals(session.id)[0].rounds[0] == "First go: built on Sam's answer"
    log.rounds.setCurrentCell(1, 1)
    panel.activateWindow()
    log.rounds.setFocus()
    qtbot.waitUntil(log.rounds.hasFocus)
    qtbot.keyClick(log.rounds, Qt.Key.Key_Delete)
    assert practice.rehearsals(session.id)[0].rounds == ("First go: built on Sam's answer",)

    stack = demo_ctx.undo_stack
    stack.undo()  # the deleted round comes back
    assert practice.rehearsals(session.id)[0].round_count == 2
    stack.undo()  # the edit
    assert practice.rehearsals(session.id)[0].rounds == ("First go", "Second go")
    stack.undo()  # the second round
    stack.undo()  # the first round and the rehearsal itself, with its practice date
    assert practice.rehearsals(session.id) == []
    strategy = demo_ctx.services.cycles.dossier(session.cycle_id).strategy
    assert strategy is not None
    assert session.held_on not in strategy.practised_dates(4)
    assert log.model.rowCount() == 0
    stack.redo()
    assert practice.rehearsals(session.id)[0].rounds == ("First go",)
    assert log.model.rowCount() == 1


def test_delete_rehearsal_and_undo(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    log, practice = panel.editor.rehearsal, demo_ctx.services.practice
    session = panel.editor.session
    assert session is not None
    log.pick_step(1)
    log.add_round("Question to everyone first")
    before = practice.rehearsals(session.id)
    qtbot.mouseClick(log.delete_button, Qt.MouseButton.LeftButton)
    assert practice.rehearsals(session.id) == []
    assert not log.delete_button.isEnabled()
    demo_ctx.undo_stack.undo()
    assert practice.rehearsals(session.id) == before
    assert log.selected_rehearsal() == before[0]


def test_deleting_the_session_and_undo_keeps_its_rehearsals(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    log, practice = panel.editor.rehearsal, demo_ctx.services.practice
    session = panel.editor.session
    assert session is not None
    log.pick_step(1)
    log.add_round("Good")
    kept = practice.rehearsals(session.id)
    panel.delete_session()
    assert demo_ctx.services.sessions.list(session.cycle_id) == []
    demo_ctx.undo_stack.undo()
    assert practice.rehearsals(session.id) == kept


def test_smaller_steps_can_be_rehearsed(qtbot: QtBot, demo_ctx: UiContext):
    cycle = _tom(demo_ctx)
    parts = demo_ctx.services.practice.split_step(cycle.id, 2, ["Look round", "Count three"])
    panel = _panel(qtbot, demo_ctx)
    log = panel.editor.rehearsal
    assert log.step.count() == 7
    assert log.step.itemText(4).strip() == "3b. Count three"
    log.pick_step(2, parts.value[1].id)
    log.add_round("Counted to two")
    session = panel.editor.session
    assert session is not None
    (stored,) = demo_ctx.services.practice.rehearsals(session.id)
    assert (stored.step_index, stored.split_id) == (2, parts.value[1].id)
    assert log.model.index(0).data().startswith("Step 3b — 1 round")


def test_a_cycle_without_a_strategy_says_to_choose_one(qtbot: QtBot, ctx: UiContext):
    coachee = ctx.services.coachees.add("Ada", today=TODAY).value
    cycle = ctx.services.cycles.start(coachee.id, TODAY - dt.timedelta(days=3)).value
    ctx.services.sessions.add(cycle.id, TODAY, SessionKind.IDENTIFY)
    ctx.select_cycle(cycle.id)
    panel = SessionsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    log = panel.editor.rehearsal
    assert not log.body.isVisible()
    assert not log.entry.isVisible()
    assert "choose a strategy first" in log.hint.text()
    assert log.add_round("x") is None
