"""The Strategy tab's sequence part: following a sequence, choosing its next strategy, and
starting the next cycle from it when a cycle ends."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from coachdesk.core.cycles import Outcome, Stage
from coachdesk.core.sequences import ItemState, SequenceDraft, SequenceDraftItem
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.sequence_dialog import SequenceDialog
from coachdesk.ui.dialogs.sequences_dialog import SequencesDialog
from coachdesk.ui.panes.strategy_panel import StrategyPanel
from tests.conftest import TODAY

ROUTINES = "bundled/first-half-term-routines"


def _setup(qtbot, ctx: UiContext) -> tuple[StrategyPanel, int]:
    services = ctx.services
    coachee = services.coachees.add("Sam Okafor", "ECT, Year 8 science", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY - dt.timedelta(days=42)).value
    ctx.select_cycle(cycle.id)
    panel = StrategyPanel(ctx)
    qtbot.addWidget(panel)
    return panel, cycle.id


def _routines(ctx: UiContext) -> int:
    return next(s.id for s in ctx.services.sequences.list() if s.uid == ROUTINES)


def test_following_a_sequence_lists_it_and_offers_its_first_strategy(qtbot, ctx: UiContext):
    panel, cycle_id = _setup(qtbot, ctx)
    seq = panel.sequence_panel
    assert seq.isVisibleTo(panel)
    assert seq.combo.currentData() is None
    seq.combo.setCurrentIndex(seq.combo.findData(_routines(ctx)))
    seq.combo.activated.emit(seq.combo.currentIndex())
    assert ctx.services.cycles.get(cycle_id).sequence_id == _routines(ctx)
    assert len(seq._item_labels) == 7
    assert "Entry routine" in seq._item_labels[0].text()
    assert seq.progress is not None
    assert seq.progress.states[0] is ItemState.NEXT

    assert seq.choose_button.isVisibleTo(panel)
    assert "Entry routine" in seq.choose_button.text()
    qtbot.mouseClick(seq.choose_button, Qt.MouseButton.LeftButton)
    dossier = ctx.services.cycles.dossier(cycle_id)
    assert dossier.strategy is not None
    assert dossier.strategy.strategy.uid == "starter/entry-routine"
    assert panel.cycle_strategy() is not None  # the tab shows the chosen strategy
    assert not seq.choose_button.isVisibleTo(panel)
    assert seq.progress.states[:2] == (ItemState.CURRENT, ItemState.NEXT)

    ctx.undo_stack.undo()  # the choice
    assert ctx.services.cycles.dossier(cycle_id).strategy is None
    ctx.undo_stack.undo()  # following the sequence
    assert ctx.services.cycles.get(cycle_id).sequence_id is None
    assert seq.combo.currentData() is None
    assert not seq._item_labels


def test_suggestion_after_completion_starts_the_next_cycle(qtbot, ctx: UiContext):
    panel, cycle_id = _setup(qtbot, ctx)
    services, seq = ctx.services, panel.sequence_panel
    entry = next(s.id for s in services.playbook.list() if s.uid == "starter/entry-routine")
    services.sequences.follow(cycle_id, _routines(ctx))
    services.cycles.choose_strategy(cycle_id, entry, TODAY - dt.timedelta(days=40))
    seq.refresh()
    assert not seq.next_box.isVisibleTo(panel)  # the cycle has not ended yet

    cycle = services.cycles.get(cycle_id)
    services.cycles.save(replace(cycle, outcome=Outcome.NEW_CYCLE))
    for _ in range(3):
        ctx.broadcast(services.cycles.advance(cycle_id, TODAY, reason="test").changes)
    assert services.cycles.get(cycle_id).stage is Stage.COMPLETE
    assert seq.next_box.isVisibleTo(panel)
    assert "Next in First half-term: routines and relationships" in seq.next_heading.text()
    assert "Threshold greeting" in seq.next_heading.text()

    with qtbot.waitSignal(ctx.cycle_selected) as selected:
        qtbot.mouseClick(seq.start_button, Qt.MouseButton.LeftButton)
    new_id = selected.args[0]
    assert new_id not in (None, cycle_id)
    new = services.cycles.dossier(new_id)
    assert new.cycle.coachee_id == services.cycles.get(cycle_id).coachee_id
    assert new.cycle.sequence_id == _routines(ctx)
    assert new.cycle.started_on == TODAY
    assert new.strategy is not None
    assert new.strategy.strategy.title == "Threshold greeting"
    # The tab now shows the new cycle, its strategy, and the sequence two steps on.
    assert panel.cycle_strategy() is not None
    assert panel.cycle_strategy().cycle_id == new_id
    assert seq.progress is not None
    assert seq.progress.states[:3] == (ItemState.DONE, ItemState.CURRENT, ItemState.NEXT)
    assert not seq.next_box.isVisibleTo(panel)

    ctx.undo_stack.undo()  # takes the new cycle back and returns to the finished one
    assert ctx.cycle_id == cycle_id
    assert [c.id for c in services.cycles.list()] == [cycle_id]
    assert seq.next_box.isVisibleTo(panel)


def test_sequence_editor_builds_an_own_sequence(qtbot, ctx: UiContext):
    strategies = ctx.services.playbook.list()
    dialog = SequenceDialog(strategies)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # a title first
    dialog.title.setText("Our ECTs: first term")
    assert save.isEnabled()
    wanted = ["starter/cold-call", "starter/wait-time", "starter/exit-ticket"]
    by_uid = {s.uid: s.id for s in strategies}
    for uid in wanted:
        dialog.picker.setCurrentIndex(dialog.picker.findData(by_uid[uid]))
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.note, f"why {uid}")
    dialog.items.setCurrentRow(1)  # wait time before cold call
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    dialog.items.setCurrentRow(2)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    draft = dialog.draft()
    assert draft.items == (
        SequenceDraftItem(by_uid["starter/wait-time"], "why starter/wait-time"),
        SequenceDraftItem(by_uid["starter/cold-call"], "why starter/cold-call"),
    )

    manager = SequencesDialog(ctx)
    qtbot.addWidget(manager)
    count = manager.list.count()
    created = manager.create_sequence(draft)
    assert created is not None
    assert manager.list.count() == count + 1
    assert manager.current() == created
    assert manager.delete_button.isEnabled()
    assert manager.delete_current(confirm=False)
    assert manager.list.count() == count
    ctx.undo_stack.undo()  # the delete
    assert ctx.services.sequences.get(created.id).items == created.items


def test_deleting_a_followed_sequence_is_undone_with_its_followers(qtbot, ctx: UiContext):
    panel, cycle_id = _setup(qtbot, ctx)
    wait = next(s.id for s in ctx.services.playbook.list() if s.uid == "starter/wait-time")
    own = ctx.services.sequences.create(
        SequenceDraft("Mine", items=(SequenceDraftItem(wait, "start"),))
    ).value
    panel.sequence_panel.follow(own.id)
    manager = SequencesDialog(ctx)
    qtbot.addWidget(manager)
    manager.refresh(own.id)
    assert manager.delete_current(confirm=False)
    assert ctx.services.cycles.get(cycle_id).sequence_id is None
    assert panel.sequence_panel.combo.currentData() is None
    ctx.undo_stack.undo()
    assert ctx.services.cycles.get(cycle_id).sequence_id == own.id
    assert panel.sequence_panel.combo.currentData() == own.id
