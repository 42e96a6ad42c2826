"""The stage panel: the stepper, what a stage needs, the cycle's fields, moving on and back."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.core.cycles import Cycle, Outcome, Stage, StageSkip
from coachdesk.core.goals import PeersCriterion
from coachdesk.core.problems import PersistentProblem
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.move_on_dialog import MoveOnDialog
from coachdesk.ui.panes.stage_panel import StagePanel
from coachdesk.ui.widgets.stage_stepper import StepState, step_states
from tests.conftest import TODAY


def new_cycle(ctx: UiContext) -> Cycle:
    coachee = ctx.services.coachees.add("Ada Lovelace", "Computing", today=TODAY).value
    return ctx.services.cycles.start(coachee.id, TODAY, "Pair programming").value


def ready_cycle(ctx: UiContext) -> Cycle:
    """Return a cycle in Identify with everything the stage needs."""
    services = ctx.services
    cycle = new_cycle(ctx)
    services.cycles.save(
        replace(
            cycle,
            current_reality="Pairs drift apart after five minutes.",
            problem=PersistentProblem.ENLISTING_PARTICIPATION,
        )
    )
    goal = services.cycles.goal(cycle.id)
    services.cycles.save_goal(
        replace(
            goal,
            text="Both partners type in every lesson.",
            measure="% of pairs who swap roles",
            checks=frozenset(PeersCriterion),
        )
    )
    services.cycles.choose_strategy(cycle.id, services.playbook.list()[0].id, TODAY)
    services.cycles.set_modelled(cycle.id, TODAY)
    return services.cycles.get(cycle.id)


def panel_on(qtbot: QtBot, ctx: UiContext, cycle_id: int | None) -> StagePanel:
    panel = StagePanel(ctx)
    qtbot.addWidget(panel)
    ctx.select_cycle(cycle_id)
    return panel


def hannah_cycle(ctx: UiContext) -> Cycle:
    hannah = next(c for c in ctx.services.coachees.list() if c.name == "Hannah Lewis")
    return ctx.services.cycles.list(hannah.id)[0]


def test_empty_state_without_a_cycle(qtbot: QtBot, ctx: UiContext):
    panel = panel_on(qtbot, ctx, None)
    assert panel.stack.currentWidget() is panel.empty
    assert panel.dossier is None


def test_advance_refuses_with_missing_needs_then_moves_on_with_a_reason(
    qtbot: QtBot, ctx: UiContext
):
    cycle = new_cycle(ctx)
    panel = panel_on(qtbot, ctx, cycle.id)
    assert panel.stack.currentWidget() is panel.content
    assert not any(need.met for need in panel.shown_needs())
    assert "✗" in panel.needs_list.text()
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert panel.advance() is None
    assert "still needs" in blocker.args[0]
    assert ctx.services.cycles.get(cycle.id).stage is Stage.IDENTIFY

    moved = panel.advance("Goal agreed in conversation; measure after the next observation")
    assert moved is not None
    stored = ctx.services.cycles.get(cycle.id)
    assert stored.stage is Stage.LEARN
    assert stored.skips == (
        StageSkip(
            Stage.IDENTIFY, "Goal agreed in conversation; measure after the next observation", TODAY
        ),
    )
    assert panel.stepper.stage is Stage.LEARN
    assert "Goal agreed in conversation" in panel.skips.text()
    assert panel.skips.isVisibleTo(panel)

    ctx.undo_stack.undo()
    stored = ctx.services.cycles.get(cycle.id)
    assert (stored.stage, stored.skips) == (Stage.IDENTIFY, ())
    assert panel.stepper.stage is Stage.IDENTIFY
    ctx.undo_stack.redo()
    assert ctx.services.cycles.get(cycle.id).stage is Stage.LEARN
    assert len(ctx.services.cycles.get(cycle.id).skips) == 1


def test_advance_when_all_needs_are_met(qtbot: QtBot, ctx: UiContext):
    cycle = ready_cycle(ctx)
    panel = panel_on(qtbot, ctx, cycle.id)
    assert all(need.met for need in panel.shown_needs())
    assert "✗" not in panel.needs_list.text()
    assert "ready to move on" in panel.needs_heading.text()
    assert panel.advance_button.text() == "&Move on to Learn"

    qtbot.mouseClick(panel.advance_button, Qt.MouseButton.LeftButton)
    stored = ctx.services.cycles.get(cycle.id)
    assert (stored.stage, stored.skips) == (Stage.LEARN, ())
    assert ctx.undo_stack.undoText() == "Move on to Learn"
    assert [need.key for need in panel.shown_needs()] == ["practice"]

    ctx.undo_stack.undo()
    assert ctx.services.cycles.get(cycle.id) == cycle
    assert panel.stepper.stage is Stage.IDENTIFY


def test_step_back_and_undo(qtbot: QtBot, demo_ctx: UiContext):
    cycle = hannah_cycle(demo_ctx)
    panel = panel_on(qtbot, demo_ctx, cycle.id)
    assert cycle.stage is Stage.IMPROVE
    assert panel.outcome.isEnabled()
    assert panel.back_button.isEnabled()
    panel.step_back()
    assert demo_ctx.services.cycles.get(cycle.id).stage is Stage.LEARN
    assert not panel.outcome.isEnabled()
    demo_ctx.undo_stack.undo()
    assert demo_ctx.services.cycles.get(cycle.id).stage is Stage.IMPROVE
    assert panel.outcome.isEnabled()


def test_improve_needs_an_outcome_to_complete(qtbot: QtBot, demo_ctx: UiContext):
    cycle = hannah_cycle(demo_ctx)
    panel = panel_on(qtbot, demo_ctx, cycle.id)
    met = {need.key: need.met for need in panel.shown_needs()}
    assert met == {"progress": True, "outcome": False}
    panel.outcome.setCurrentIndex(panel.outcome.findData(Outcome.CONTINUE.value))
    panel.outcome.activated.emit(panel.outcome.currentIndex())
    assert demo_ctx.services.cycles.get(cycle.id).outcome is Outcome.CONTINUE
    assert all(need.met for need in panel.shown_needs())
    assert panel.advance() is not None
    stored = demo_ctx.services.cycles.get(cycle.id)
    assert (stored.stage, stored.ended_on) == (Stage.COMPLETE, TODAY)
    assert not panel.advance_button.isVisibleTo(panel)
    assert "completed on 12 Nov 2025" in panel.needs_heading.text()
    assert [state for _stage, state in panel.stepper.states()] == [StepState.DONE] * 4


def test_field_edits_persist_and_undo(qtbot: QtBot, ctx: UiContext):
    cycle = new_cycle(ctx)
    panel = panel_on(qtbot, ctx, cycle.id)
    cycles = ctx.services.cycles

    panel.title.setText("  Pairs that both think  ")
    panel.title.editingFinished.emit()
    assert cycles.get(cycle.id).title == "Pairs that both think"
    assert ctx.undo_stack.undoText() == "Edit cycle title"

    panel.problem.setCurrentIndex(panel.problem.findData(PersistentProblem.EXPOSING_THINKING.value))
    panel.problem.activated.emit(panel.problem.currentIndex())
    assert cycles.get(cycle.id).problem is PersistentProblem.EXPOSING_THINKING
    assert panel.problem_hint.text() == PersistentProblem.EXPOSING_THINKING.description

    reality = "Two pupils type, the rest watch.\nNo role swaps."
    panel.reality.setPlainText(reality)
    panel.reality.commit()
    assert cycles.get(cycle.id).current_reality == reality
    assert ctx.undo_stack.count() == 3

    ctx.undo_stack.undo()
    assert cycles.get(cycle.id).current_reality == ""
    assert panel.reality.text() == ""
    ctx.undo_stack.undo()
    assert cycles.get(cycle.id).problem is None
    assert panel.problem.currentIndex() == 0
    ctx.undo_stack.undo()
    assert cycles.get(cycle.id).title == "Pair programming"
    assert panel.title.text() == "Pair programming"
    ctx.undo_stack.redo()
    assert cycles.get(cycle.id).title == "Pairs that both think"


def test_unchanged_field_makes_no_undo_step(qtbot: QtBot, ctx: UiContext):
    cycle = new_cycle(ctx)
    panel = panel_on(qtbot, ctx, cycle.id)
    panel.title.editingFinished.emit()
    panel.reality.commit()
    assert panel.set_problem(None) is None
    assert ctx.undo_stack.count() == 0


def test_problem_items_carry_their_descriptions(qtbot: QtBot, ctx: UiContext):
    panel = panel_on(qtbot, ctx, new_cycle(ctx).id)
    tips = [
        panel.problem.itemData(i, Qt.ItemDataRole.ToolTipRole)
        for i in range(1, panel.problem.count())
    ]
    assert tips == [p.description for p in PersistentProblem]


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_refresh_does_not_clobber_typing(qtbot: QtBot, ctx: UiContext):
    cycle = new_cycle(ctx)
    panel = panel_on(qtbot, ctx, cycle.id)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.title.setFocus()
    qtbot.waitUntil(panel.title.hasFocus)
    panel.title.setText("Half-typed tit")
    # Another pane changes the cycle meanwhile.
    ctx.run(lambda: ctx.services.cycles.save(replace(cycle, current_reality="Seen on Monday")))
    assert panel.title.text() == "Half-typed tit"
    assert panel.reality.text() == "Seen on Monday"


def test_selecting_another_cycle_shows_it(qtbot: QtBot, demo_ctx: UiContext):
    panel = panel_on(qtbot, demo_ctx, hannah_cycle(demo_ctx).id)
    assert panel.title.text() == "Calm starts to lessons"
    priya = next(c for c in demo_ctx.services.coachees.list() if c.name == "Priya Shah")
    demo_ctx.select_cycle(demo_ctx.services.cycles.list(priya.id)[0].id)
    assert panel.title.text() == "Getting everyone answering"
    assert panel.stepper.stage is Stage.IDENTIFY
    assert not panel.back_button.isEnabled()
    assert not panel.outcome.isEnabled()
    demo_ctx.select_cycle(None)
    assert panel.stack.currentWidget() is panel.empty


def test_move_on_dialog_needs_a_reason(qtbot: QtBot):
    dialog = MoveOnDialog("Identify", "Learn", ["strategy modelled", "all five PEERS checks"])
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.reason.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason.setPlainText("Modelled informally at the department meeting")
    assert dialog.ok_button.isEnabled()
    assert dialog.reason_text() == "Modelled informally at the department meeting"


def test_step_states():
    assert [s for _stage, s in step_states(Stage.LEARN)] == [
        StepState.DONE,
        StepState.CURRENT,
        StepState.TO_COME,
        StepState.TO_COME,
    ]
    assert {s for _stage, s in step_states(None)} == {StepState.TO_COME}
