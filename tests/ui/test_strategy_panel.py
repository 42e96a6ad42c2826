"""The strategy panel: practice logged per step, modelling, empty state — saved and undoable."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from coachdesk.core.cycles import Cycle
from coachdesk.core.playbook import CycleStrategy
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.strategy_panel import CHOSEN, EMPTY, StrategyPanel
from tests.conftest import TODAY


def _cycle(ctx: UiContext, title_start: str) -> Cycle:
    return next(c for c in ctx.services.cycles.list() if c.title.startswith(title_start))


def _stored(ctx: UiContext, cycle_id: int) -> CycleStrategy:
    strategy = ctx.services.cycles.dossier(cycle_id).strategy
    assert strategy is not None
    return strategy


def _panel(qtbot: QtBot, ctx: UiContext, title_start: str) -> tuple[StrategyPanel, int]:
    cycle = _cycle(ctx, title_start)
    ctx.select_cycle(cycle.id)
    panel = StrategyPanel(ctx)
    qtbot.addWidget(panel)
    return panel, cycle.id


def test_shows_the_chosen_strategy_and_its_practice(qtbot: QtBot, demo_ctx: UiContext):
    panel, _cycle_id = _panel(qtbot, demo_ctx, "Questions that reach")  # Tom, in Learn
    assert panel.stack.currentIndex() == CHOSEN
    assert panel.title.text() == "Cold call"
    assert panel.category.text() == "Questioning and feedback"
    assert panel.modelled_check.isChecked()
    assert panel.modelled_date.value() == TODAY - dt.timedelta(days=30)
    assert len(panel.step_rows) == 5
    assert panel.step_rows[0].dates == (TODAY - dt.timedelta(days=25),)
    assert panel.step_rows[4].dates == ()
    assert panel.progress.text() == "Steps — 3 of 5 practised"
    assert "The question comes before the name." in panel.look_fors.text()


def test_practised_today_persists_and_undoes(qtbot: QtBot, demo_ctx: UiContext):
    panel, cycle_id = _panel(qtbot, demo_ctx, "Questions that reach")
    button = panel.step_rows[3].today_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert _stored(demo_ctx, cycle_id).practised_dates(3) == (TODAY,)
    assert panel.step_rows[3].today_button.isChecked()
    assert panel.progress.text() == "Steps — 4 of 5 practised"

    demo_ctx.undo_stack.undo()
    assert _stored(demo_ctx, cycle_id).practised_dates(3) == ()
    assert not panel.step_rows[3].today_button.isChecked()
    demo_ctx.undo_stack.redo()
    assert _stored(demo_ctx, cycle_id).practised_dates(3) == (TODAY,)

    qtbot.mouseClick(panel.step_rows[3].today_button, Qt.MouseButton.LeftButton)  # take back
    assert _stored(demo_ctx, cycle_id).practised_dates(3) == ()


def test_practice_on_an_earlier_date_can_be_removed_and_restored(qtbot: QtBot, demo_ctx: UiContext):
    panel, cycle_id = _panel(qtbot, demo_ctx, "Questions that reach")
    earlier = TODAY - dt.timedelta(days=18)
    panel.set_practised(4, earlier)
    assert _stored(demo_ctx, cycle_id).practised_dates(4) == (earlier,)
    panel.step_rows[4].date_removed.emit(4, earlier)  # the chip's "×"
    assert _stored(demo_ctx, cycle_id).practised_dates(4) == ()
    demo_ctx.undo_stack.undo()
    assert _stored(demo_ctx, cycle_id).practised_dates(4) == (earlier,)
    assert panel.step_rows[4].dates == (earlier,)


def test_modelled_date_set_changed_and_cleared(qtbot: QtBot, demo_ctx: UiContext):
    panel, cycle_id = _panel(qtbot, demo_ctx, "Getting everyone")  # Priya: not modelled yet
    assert not panel.modelled_check.isChecked()
    assert not panel.modelled_date.isEnabled()

    qtbot.mouseClick(panel.modelled_check, Qt.MouseButton.LeftButton)
    assert _stored(demo_ctx, cycle_id).modelled_on == TODAY
    assert panel.modelled_date.isEnabled()

    panel.modelled_date.setDate(QDate(2025, 11, 10))
    panel.modelled_date.editingFinished.emit()
    assert _stored(demo_ctx, cycle_id).modelled_on == dt.date(2025, 11, 10)

    qtbot.mouseClick(panel.modelled_check, Qt.MouseButton.LeftButton)
    assert _stored(demo_ctx, cycle_id).modelled_on is None
    demo_ctx.undo_stack.undo()
    assert _stored(demo_ctx, cycle_id).modelled_on == dt.date(2025, 11, 10)
    assert panel.modelled_date.value() == dt.date(2025, 11, 10)
    demo_ctx.undo_stack.undo()
    assert _stored(demo_ctx, cycle_id).modelled_on == TODAY
    demo_ctx.undo_stack.undo()
    assert _stored(demo_ctx, cycle_id).modelled_on is None


def test_modelled_date_saved_after_a_pause(qtbot: QtBot, demo_ctx: UiContext):
    panel, cycle_id = _panel(qtbot, demo_ctx, "Questions that reach")
    with qtbot.waitSignal(panel.modelled_date.edited, timeout=3000):
        panel.modelled_date.setDate(QDate(2025, 10, 20))  # e.g. from the calendar pop-up
    assert _stored(demo_ctx, cycle_id).modelled_on == dt.date(2025, 10, 20)


def test_empty_state_asks_for_a_strategy(qtbot: QtBot, ctx: UiContext):
    panel = StrategyPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.stack.currentIndex() == EMPTY
    assert "Select" in panel.empty.text()
    assert not panel.empty_choose.isVisibleTo(panel)

    coachee = ctx.services.coachees.add("Ada", today=TODAY).value
    cycle = ctx.services.cycles.start(coachee.id, TODAY).value
    ctx.select_cycle(cycle.id)
    assert panel.stack.currentIndex() == EMPTY
    assert "No strategy chosen" in panel.empty.text()
    assert panel.empty_choose.isVisibleTo(panel)
    with qtbot.waitSignal(panel.choose_strategy_requested):
        qtbot.mouseClick(panel.empty_choose, Qt.MouseButton.LeftButton)

    strategy = ctx.services.playbook.list()[0]
    ctx.run(lambda: ctx.services.cycles.choose_strategy(cycle.id, strategy.id, TODAY))
    assert panel.stack.currentIndex() == CHOSEN
    assert panel.title.text() == strategy.title
    with qtbot.waitSignal(panel.choose_strategy_requested):
        qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)


def test_follows_the_selected_cycle(qtbot: QtBot, demo_ctx: UiContext):
    panel, _cycle_id = _panel(qtbot, demo_ctx, "Questions that reach")
    demo_ctx.select_cycle(_cycle(demo_ctx, "Calm starts").id)
    assert panel.title.text() == "Entry routine"
    assert panel.progress.text() == "Steps — 5 of 5 practised"
    demo_ctx.select_cycle(None)
    assert panel.stack.currentIndex() == EMPTY


def test_details_collapse(qtbot: QtBot, demo_ctx: UiContext):
    panel, _cycle_id = _panel(qtbot, demo_ctx, "Questions that reach")
    panel.show()
    assert panel.details.isVisible()
    assert "Why it works" in panel.purpose.text()
    assert "Wrong choice when" in panel.wrong_choice.text()
    qtbot.mouseClick(panel.details_toggle, Qt.MouseButton.LeftButton)
    assert not panel.details.isVisible()
