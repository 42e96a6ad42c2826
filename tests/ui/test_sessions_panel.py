"""The sessions panel: sessions, their fields, next meeting and actions — saved and undoable."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.core.cycles import Cycle
from coachdesk.core.sessions import ActionOwner, CoachingSession, SessionKind
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.action_table_model import DONE, DUE, OWNER, TEXT
from coachdesk.ui.panes.sessions_panel import EMPTY, LIST, SessionsPanel
from tests.conftest import TODAY


def _tom(ctx: UiContext) -> Cycle:
    return next(c for c in ctx.services.cycles.list() if c.title.startswith("Questions"))


def _panel(qtbot: QtBot, ctx: UiContext) -> SessionsPanel:
    ctx.select_cycle(_tom(ctx).id)
    panel = SessionsPanel(ctx)
    qtbot.addWidget(panel)
    return panel


def _stored(ctx: UiContext, session_id: int) -> CoachingSession:
    return ctx.services.sessions.get(session_id)


def test_lists_sessions_newest_first(qtbot: QtBot, demo_ctx: UiContext, qtmodeltester: ModelTester):
    panel = _panel(qtbot, demo_ctx)
    assert panel.stack.currentIndex() == LIST
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 1).data() == "Feedback conversation"
    assert panel.model.index(0, 3).data() == "1 (1 open)"
    assert panel.editor.notes.value().startswith("Looked at the tally")
    panel.new_session()
    assert [panel.model.session_at(panel.model.index(r, 0)).held_on for r in range(2)] == [
        TODAY,
        TODAY - dt.timedelta(days=18),
    ]
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.editor.agreed_actions.model)


def test_empty_states(qtbot: QtBot, ctx: UiContext):
    panel = SessionsPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.stack.currentIndex() == EMPTY
    assert not panel.new_button.isEnabled()
    coachee = ctx.services.coachees.add("Ada", today=TODAY).value
    ctx.select_cycle(ctx.services.cycles.start(coachee.id, TODAY).value.id)
    assert "No coaching sessions" in panel.empty.text()
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.stack.currentIndex() == LIST
    assert len(ctx.services.sessions.list(ctx.cycle_id or 0)) == 1


def test_new_session_and_each_field_persist_and_undo(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    editor = panel.editor
    added = panel.new_session()
    assert added is not None
    assert panel.selected_session() is not None
    assert panel.selected_session().id == added.id  # type: ignore[union-attr]
    assert _stored(demo_ctx, added.id).held_on == TODAY

    review = editor.kind.findData(SessionKind.REVIEW)
    editor.kind.setCurrentIndex(review)
    editor.kind.activated.emit(review)
    editor.held_on.setDate(QDate(2025, 11, 11))
    editor.held_on.editingFinished.emit()
    editor.duration.setValue(45)
    editor.duration.editingFinished.emit()
    editor.notes.setPlainText("Watched the clip together.")
    editor.notes.flush()  # what leaving the field does
    editor.habit.setPlainText("Steps 1–3 every lesson.")
    editor.habit.flush()
    editor.understanding.setPlainText("Right when he needs to hear from everyone.")
    editor.understanding.flush()

    stored = _stored(demo_ctx, added.id)
    assert stored.kind is SessionKind.REVIEW
    assert stored.held_on == dt.date(2025, 11, 11)
    assert stored.duration_min == 45
    assert stored.notes == "Watched the clip together."
    assert stored.habit_reflection == "Steps 1–3 every lesson."
    assert stored.understanding_reflection == "Right when he needs to hear from everyone."
    assert demo_ctx.undo_stack.undoText() == "Edit session understanding reflection"

    undone = []
    for _ in range(6):
        demo_ctx.undo_stack.undo()
        undone.append(_stored(demo_ctx, added.id))
    assert undone[0].understanding_reflection == ""
    assert undone[1].habit_reflection == ""
    assert undone[2].notes == ""
    assert undone[3].duration_min == 30
    assert undone[4].held_on == TODAY
    assert undone[5].kind is SessionKind.FEEDBACK
    assert editor.kind.currentData() is SessionKind.FEEDBACK
    assert editor.notes.value() == ""

    demo_ctx.undo_stack.undo()  # the new session itself
    assert [s.id for s in demo_ctx.services.sessions.list(_tom(demo_ctx).id)] != [added.id]
    assert panel.model.rowCount() == 1
    while demo_ctx.undo_stack.canRedo():
        demo_ctx.undo_stack.redo()
    assert _stored(demo_ctx, added.id) == stored  # same id, same fields


def test_typing_is_saved_after_a_pause(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    session = panel.selected_session()
    assert session is not None
    with qtbot.waitSignal(panel.editor.notes.edited, timeout=5000):
        panel.editor.notes.setPlainText("Typed, then paused.")
    assert _stored(demo_ctx, session.id).notes == "Typed, then paused."


def test_pending_typing_is_kept_when_switching_sessions(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    old = panel.selected_session()
    assert old is not None
    panel.editor.habit.setPlainText("Half-written")  # not yet settled
    assert panel.editor.habit.pending
    added = panel.new_session()
    assert added is not None
    assert _stored(demo_ctx, old.id).habit_reflection == "Half-written"
    assert panel.editor.habit.value() == ""


def test_next_meeting_set_changed_and_cleared(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    editor = panel.editor
    session = panel.selected_session()
    assert session is not None
    assert session.next_meeting is None
    assert editor.book_meeting.isVisibleTo(panel)

    qtbot.mouseClick(editor.book_meeting, Qt.MouseButton.LeftButton)
    booked = dt.datetime.combine(TODAY + dt.timedelta(days=7), dt.time(15, 30))
    assert _stored(demo_ctx, session.id).next_meeting == booked
    assert editor.next_meeting.isVisibleTo(panel)
    assert not editor.book_meeting.isVisibleTo(panel)

    editor.next_meeting.setDateTime(QDateTime(QDate(2025, 11, 20), QTime(8, 15)))
    editor.next_meeting.editingFinished.emit()
    assert _stored(demo_ctx, session.id).next_meeting == dt.datetime(2025, 11, 20, 8, 15)

    qtbot.mouseClick(editor.clear_meeting, Qt.MouseButton.LeftButton)
    assert _stored(demo_ctx, session.id).next_meeting is None
    assert editor.book_meeting.isVisibleTo(panel)
    demo_ctx.undo_stack.undo()
    assert _stored(demo_ctx, session.id).next_meeting == dt.datetime(2025, 11, 20, 8, 15)
    assert editor.next_meeting.value() == dt.datetime(2025, 11, 20, 8, 15)


def test_actions_add_edit_done_delete_and_undo(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    actions = panel.editor.agreed_actions
    model = actions.model
    session = panel.selected_session()
    assert session is not None
    panel.editor.set_next_meeting(dt.datetime(2025, 11, 19, 15, 30))

    actions.new_text.setText("Film Thursday's lesson")
    qtbot.keyClick(actions.new_text, Qt.Key.Key_Return)
    assert actions.new_text.text() == ""
    stored = _stored(demo_ctx, session.id).actions
    assert [a.text for a in stored] == [
        "Plan three cold-call questions into Thursday's lesson",
        "Film Thursday's lesson",
    ]
    added = stored[1]
    assert added.due_on == dt.date(2025, 11, 19)  # due at the next meeting
    assert model.rowCount() == 2

    row = model.row_of(added.id)
    assert model.setData(model.index(row, TEXT), "Film Thursday's lesson (period 2)")
    assert model.setData(model.index(row, OWNER), ActionOwner.COACH)
    assert model.setData(model.index(row, DUE), dt.date(2025, 11, 14))
    assert model.setData(
        model.index(row, DONE), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    edited = _stored(demo_ctx, session.id).actions[1]
    assert edited.text == "Film Thursday's lesson (period 2)"
    assert edited.owner is ActionOwner.COACH
    assert edited.due_on == dt.date(2025, 11, 14)
    assert edited.done_on == TODAY
    assert model.index(row, DONE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    actions.table.setCurrentIndex(model.index(row, TEXT))
    qtbot.mouseClick(actions.delete_button, Qt.MouseButton.LeftButton)
    assert [a.id for a in _stored(demo_ctx, session.id).actions] == [stored[0].id]
    assert model.rowCount() == 1

    demo_ctx.undo_stack.undo()  # the deletion: back with the same id
    assert _stored(demo_ctx, session.id).actions[1] == edited
    demo_ctx.undo_stack.undo()  # ticked off
    assert _stored(demo_ctx, session.id).actions[1].done_on is None
    for _ in range(3):  # due date, owner, text
        demo_ctx.undo_stack.undo()
    assert _stored(demo_ctx, session.id).actions[1] == added
    demo_ctx.undo_stack.undo()  # added
    assert len(_stored(demo_ctx, session.id).actions) == 1
    demo_ctx.undo_stack.redo()
    assert _stored(demo_ctx, session.id).actions[1] == added


def test_action_needs_words(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    actions = panel.editor.agreed_actions
    with qtbot.waitSignal(demo_ctx.problem) as blocker:
        assert actions.add_action("   ") is None
    assert "needs some words" in blocker.args[0]
    assert not actions.model.setData(actions.model.index(0, TEXT), "  ")
    session = panel.selected_session()
    assert session is not None
    assert len(_stored(demo_ctx, session.id).actions) == 1


def test_owner_is_chosen_with_the_cell_editor(qtbot: QtBot, demo_ctx: UiContext):
    from PySide6.QtWidgets import QComboBox

    panel = _panel(qtbot, demo_ctx)
    panel.show()
    actions = panel.editor.agreed_actions
    index = actions.model.index(0, OWNER)
    actions.table.setCurrentIndex(index)
    actions.table.edit(index)
    combo = actions.table.viewport().findChild(QComboBox)
    assert combo is not None
    coach = combo.findData(ActionOwner.COACH)
    combo.setCurrentIndex(coach)
    combo.activated.emit(coach)
    session = panel.selected_session()
    assert session is not None
    assert _stored(demo_ctx, session.id).actions[0].owner is ActionOwner.COACH


def test_delete_session_and_undo(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    session = panel.selected_session()
    assert session is not None
    cycle_id = _tom(demo_ctx).id
    panel.delete_session()
    assert demo_ctx.services.sessions.list(cycle_id) == []
    assert panel.stack.currentIndex() == EMPTY
    demo_ctx.undo_stack.undo()
    assert demo_ctx.services.sessions.list(cycle_id) == [session]  # with its action
    assert panel.selected_session() == session


def test_follows_the_selected_cycle(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    hannah = next(c for c in demo_ctx.services.cycles.list() if c.title.startswith("Calm"))
    demo_ctx.select_cycle(hannah.id)
    session = panel.selected_session()
    assert session is not None
    assert session.kind is SessionKind.REVIEW
    assert panel.editor.next_meeting.value() == dt.datetime.combine(
        TODAY + dt.timedelta(days=5), dt.time(8, 15)
    )
    assert panel.editor.agreed_actions.empty.isVisibleTo(panel)
