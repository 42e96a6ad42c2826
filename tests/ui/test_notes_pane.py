"""Observation notes: stamped as typing starts, category keys, edits, undo, following selection."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.core.observations import EvidenceKind, Note, Observation
from coachdesk.core.services import Services
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.note_table_model import CATEGORY, TEXT, TIME
from coachdesk.ui.panes.notes_pane import NotesPane
from tests.conftest import TODAY
from tests.ui.test_live_clock import FakeTime

# The offscreen platform warns when a top-level widget is shown; these tests show the pane so
# that focus and shortcuts behave as in the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _observation(
    services: Services,
    *,
    tag_set: str | None = "Participation and talk",
    evidence: EvidenceKind = EvidenceKind.OBSERVATION,
    context: str = "8X2 fractions, period 3",
) -> Observation:
    coachee = services.coachees.add("Ada Lovelace", "Maths", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    tag_set_id = (
        next(s.id for s in services.tags.tag_sets() if s.name == tag_set) if tag_set else None
    )
    return services.observations.add(
        cycle.id, TODAY, context=context, tag_set_id=tag_set_id, evidence_kind=evidence
    ).value


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def observation(ctx: UiContext) -> Observation:
    return _observation(ctx.services)


@pytest.fixture
def pane(qtbot: QtBot, ctx: UiContext, time: FakeTime, observation: Observation) -> NotesPane:
    widget = NotesPane(ctx, now=time)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    ctx.select_observation(observation.id)
    return widget


def _notes(ctx: UiContext, observation: Observation) -> list[Note]:
    return ctx.services.observations.notes(observation.id)


def _type_and_enter(qtbot: QtBot, pane: NotesPane, text: str) -> None:
    qtbot.keyClicks(pane.entry, text)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)


def test_empty_state_without_an_observation(qtbot: QtBot, ctx: UiContext):
    pane = NotesPane(ctx)
    qtbot.addWidget(pane)
    assert pane.stack.currentWidget() is pane.empty
    assert "Select or add an observation" in pane.empty.text()
    assert pane.submit_entry() is None
    assert pane.press_category("Teacher talk") is None


def test_enter_saves_the_note_stamped_when_typing_began(
    qtbot: QtBot, ctx: UiContext, pane: NotesPane, time: FakeTime, observation: Observation
):
    pane.toggle_clock()
    time.advance(65)
    qtbot.keyClicks(pane.entry, "Hands up from the same table")
    assert pane.stamp_label.text() == "at 1:05"
    time.advance(20)  # typing takes a while; the moment was when it began
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    [note] = _notes(ctx, observation)
    assert (note.at_ms, note.text, note.category) == (65_000, "Hands up from the same table", "")
    assert pane.entry.text() == ""
    assert pane.stamp_label.text() == ""
    assert pane.entry.hasFocus()
    assert pane.model.rowCount() == 1
    assert pane.model.index(0, TIME).data() == "1:05"


def test_each_note_takes_a_fresh_stamp(
    qtbot: QtBot, ctx: UiContext, pane: NotesPane, time: FakeTime, observation: Observation
):
    pane.toggle_clock()
    time.advance(10)
    _type_and_enter(qtbot, pane, "first")
    time.advance(10)
    qtbot.keyClicks(pane.entry, "oops")
    for _ in range(4):  # emptying the line forgets the stamp
        qtbot.keyClick(pane.entry, Qt.Key.Key_Backspace)
    time.advance(5)
    _type_and_enter(qtbot, pane, "second")
    assert [(n.at_ms, n.text) for n in _notes(ctx, observation)] == [
        (10_000, "first"),
        (25_000, "second"),
    ]


def test_text_set_without_typing_is_stamped_at_enter(
    ctx: UiContext, pane: NotesPane, time: FakeTime, observation: Observation
):
    pane.toggle_clock()
    time.advance(42)
    pane.entry.setText("Pasted by the program, not typed")
    pane.submit_entry()
    assert _notes(ctx, observation)[0].at_ms == 42_000


def test_empty_note_is_refused(
    qtbot: QtBot, ctx: UiContext, pane: NotesPane, observation: Observation
):
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    qtbot.keyClicks(pane.entry, "   ")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    assert _notes(ctx, observation) == []
    assert ctx.undo_stack.count() == 0


def test_adding_a_note_is_undoable(
    qtbot: QtBot, ctx: UiContext, pane: NotesPane, time: FakeTime, observation: Observation
):
    pane.toggle_clock()
    time.advance(3)
    _type_and_enter(qtbot, pane, "Starter on the board")
    [note] = _notes(ctx, observation)
    ctx.undo_stack.undo()
    assert _notes(ctx, observation) == []
    assert pane.model.rowCount() == 0
    ctx.undo_stack.redo()
    assert _notes(ctx, observation) == [note]


def test_category_key_attaches_to_the_note_being_typed(
    qtbot: QtBot, ctx: UiContext, pane: NotesPane, time: FakeTime, observation: Observation
):
    pane.toggle_clock()
    time.advance(30)
    qtbot.keyClicks(pane.entry, "Pairs explain their method")
    pane.press_category("Pair/group talk")
    assert pane.selected_category() == "Pair/group talk"
    assert pane.category_keys.buttons["Pair/group talk"].isChecked()
    pane.press_category("Student talk")  # another key: changes the choice
    assert pane.selected_category() == "Student talk"
    qtbot.keyClick(pane.entry, Qt.Key.Key_Return)
    time.advance(5)
    _type_and_enter(qtbot, pane, "No category on this one")
    first, second = _notes(ctx, observation)
    assert (first.text, first.category, first.at_ms) == (
        "Pairs explain their method",
        "Student talk",
        30_000,
    )
    assert second.category == ""
    assert not pane.category_keys.buttons["Student talk"].isChecked()
    assert pane.model.index(0, CATEGORY).data() == "Student talk"


def test_category_key_on_an_empty_line_tallies(
    ctx: UiContext, pane: NotesPane, time: FakeTime, observation: Observation
):
    pane.toggle_clock()
    time.advance(90)
    pane.press_category("Student question")
    time.advance(4)
    pane.category_keys.buttons["Student question"].click()
    notes = _notes(ctx, observation)
    assert [(n.at_ms, n.text, n.category) for n in notes] == [
        (90_000, "Student question", "Student question"),
        (94_000, "Student question", "Student question"),
    ]
    assert pane.selected_category() is None


def test_category_buttons_come_from_the_tag_set(pane: NotesPane):
    assert list(pane.category_keys.buttons) == [
        "Teacher talk",
        "Student talk",
        "Pair/group talk",
        "Independent practice",
        "Student question",
        "Extended answer",
        "Low participation",
    ]
    shortcuts = {a.shortcut().toString() for a in pane.actions()}
    assert {"Alt+1", "Alt+7", "Ctrl+Space"} <= shortcuts


def test_alt_hotkey_tallies_and_ctrl_space_toggles_the_clock(
    qtbot: QtBot, ctx: UiContext, pane: NotesPane, time: FakeTime, observation: Observation
):
    pane.activateWindow()
    pane.entry.setFocus()
    qtbot.waitUntil(pane.entry.hasFocus)
    qtbot.keyClick(pane.entry, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    clock = pane.clock()
    assert clock is not None
    assert clock.running
    time.advance(12)
    qtbot.keyClick(pane.entry, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    [note] = _notes(ctx, observation)
    assert (note.at_ms, note.category) == (12_000, "Teacher talk")
    qtbot.keyClick(pane.entry, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert not clock.running


def test_changing_the_tag_set_changes_the_keys(
    ctx: UiContext, pane: NotesPane, observation: Observation
):
    questioning = next(s for s in ctx.services.tags.tag_sets() if s.name == "Questioning")
    pane.use_tag_set(questioning.id)
    assert ctx.services.observations.get(observation.id).tag_set_id == questioning.id
    assert "Cold call" in pane.category_keys.buttons
    ctx.undo_stack.undo()
    assert "Teacher talk" in pane.category_keys.buttons
    pane.use_tag_set(None)
    assert pane.category_keys.buttons == {}
    assert not pane.category_keys.isVisibleTo(pane)


def test_evidence_kind_defaults_from_the_observation_and_is_saved(
    qtbot: QtBot, ctx: UiContext, time: FakeTime
):
    observation = _observation(ctx.services, evidence=EvidenceKind.STUDENT_WORK)
    pane = NotesPane(ctx, now=time)
    qtbot.addWidget(pane)
    ctx.select_observation(observation.id)
    assert pane.evidence_kind() is EvidenceKind.STUDENT_WORK
    pane.entry.setText("Half the books show working")
    pane.submit_entry()
    pane.evidence_combo.setCurrentIndex(pane.evidence_combo.findData(EvidenceKind.STUDENT_VOICE))
    pane.entry.setText("'I never get picked'")
    pane.submit_entry()
    kinds = [n.evidence_kind for n in _notes(ctx, observation)]
    assert kinds == [EvidenceKind.STUDENT_WORK, EvidenceKind.STUDENT_VOICE]


def _three_notes(ctx: UiContext, observation: Observation) -> list[Note]:
    store = ctx.services.observations
    return [
        store.add_note(observation.id, ms, text).value
        for ms, text in ((120_000, "two"), (360_000, "six"), (660_000, "eleven"))
    ]


def test_editing_a_time_reorders_by_time(
    ctx: UiContext, pane: NotesPane, observation: Observation, qtmodeltester: ModelTester
):
    two, six, eleven = _three_notes(ctx, observation)
    pane.refresh()
    pane.table.selectRow(0)
    assert pane.model.setData(pane.model.index(0, TIME), "7:30")
    assert [n.text for n in _notes(ctx, observation)] == ["six", "two", "eleven"]
    assert [pane.model.index(r, TEXT).data() for r in range(3)] == ["six", "two", "eleven"]
    assert pane.model.index(1, TIME).data() == "7:30"
    assert pane.selected_notes()[0].id == two.id  # the selection followed the note
    qtmodeltester.check(pane.model)
    ctx.undo_stack.undo()
    assert _notes(ctx, observation) == [two, six, eleven]
    assert [pane.model.index(r, TEXT).data() for r in range(3)] == ["two", "six", "eleven"]


def test_editing_accepts_hours_and_refuses_nonsense(
    qtbot: QtBot, ctx: UiContext, pane: NotesPane, observation: Observation
):
    _three_notes(ctx, observation)
    pane.refresh()
    assert pane.model.setData(pane.model.index(2, TIME), "1:02:03")
    assert _notes(ctx, observation)[-1].at_ms == 3_723_000
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert not pane.model.setData(pane.model.index(0, TIME), "soon")
    assert "M:SS" in blocker.args[0]
    assert _notes(ctx, observation)[0].at_ms == 120_000


def test_editing_text_persists_and_is_undoable(
    ctx: UiContext, pane: NotesPane, observation: Observation
):
    _two, six, _eleven = _three_notes(ctx, observation)
    pane.refresh()
    assert pane.model.setData(pane.model.index(1, TEXT), "Six pupils still unpacking")
    assert ctx.services.observations.notes(observation.id)[1] == replace(
        six, text="Six pupils still unpacking"
    )
    ctx.undo_stack.undo()
    assert ctx.services.observations.notes(observation.id)[1] == six
    assert not pane.model.setData(pane.model.index(1, TEXT), "  ")  # empty text refused
    assert ctx.services.observations.notes(observation.id)[1] == six


def test_delete_key_deletes_selected_notes_and_undo_restores_them(
    qtbot: QtBot, ctx: UiContext, pane: NotesPane, observation: Observation
):
    two, six, eleven = _three_notes(ctx, observation)
    pane.refresh()
    pane.table.selectRow(0)
    pane.table.selectionModel().select(
        pane.model.index(2, 0),
        pane.table.selectionModel().SelectionFlag.Select
        | pane.table.selectionModel().SelectionFlag.Rows,
    )
    pane.activateWindow()
    pane.table.setFocus()
    qtbot.waitUntil(pane.table.hasFocus)
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)
    assert _notes(ctx, observation) == [six]
    assert pane.model.rowCount() == 1
    ctx.undo_stack.undo()
    assert _notes(ctx, observation) == [two, six, eleven]  # same ids, times, text
    ctx.undo_stack.redo()
    assert _notes(ctx, observation) == [six]


def test_switching_observation_shows_its_notes_and_keeps_each_clock(
    ctx: UiContext, pane: NotesPane, time: FakeTime, observation: Observation
):
    other = ctx.services.observations.add(observation.cycle_id, TODAY, context="8X2 again").value
    ctx.services.observations.add_note(other.id, 300_000, "Exit ticket handed out")
    pane.toggle_clock()
    time.advance(100)
    pane.entry.setText("In the first lesson")
    pane.submit_entry()
    ctx.select_observation(other.id)
    assert pane.title.text() == "Ada Lovelace — 8X2 again"
    assert [pane.model.index(r, TEXT).data() for r in range(pane.model.rowCount())] == [
        "Exit ticket handed out"
    ]
    other_clock = pane.clock()
    assert other_clock is not None
    assert other_clock.elapsed_ms() == 300_000  # carries on from the last note
    assert pane.clock_bar.toggle_button.text() == "Resume"
    pane.reset_clock()
    assert other_clock.elapsed_ms() == 0
    assert pane.clock_bar.toggle_button.text() == "Start"
    time.advance(20)
    ctx.select_observation(observation.id)
    clock = pane.clock()
    assert clock is not None
    assert clock.running
    assert clock.elapsed_ms() == 120_000  # the first lesson's clock ran on meanwhile
    assert pane.model.index(0, TEXT).data() == "In the first lesson"
    ctx.select_observation(None)
    assert pane.stack.currentWidget() is pane.empty


def test_half_typed_note_is_saved_to_its_observation_on_switching(
    qtbot: QtBot, ctx: UiContext, pane: NotesPane, time: FakeTime, observation: Observation
):
    other = ctx.services.observations.add(observation.cycle_id, TODAY).value
    pane.toggle_clock()
    time.advance(7)
    qtbot.keyClicks(pane.entry, "Teacher circulates")
    ctx.select_observation(other.id)
    assert [(n.at_ms, n.text) for n in _notes(ctx, observation)] == [(7_000, "Teacher circulates")]
    assert ctx.services.observations.notes(other.id) == []
    assert pane.entry.text() == ""


def test_notes_added_elsewhere_appear(ctx: UiContext, pane: NotesPane, observation: Observation):
    ctx.run(lambda: ctx.services.observations.add_note(observation.id, 1_000, "From the review"))
    assert pane.model.rowCount() == 1
    assert pane.table.isVisibleTo(pane)
    assert not pane.no_notes.isVisibleTo(pane)


def test_demo_observation_of_priya(qtbot: QtBot, demo_ctx: UiContext, qtmodeltester: ModelTester):
    services = demo_ctx.services
    priya = next(c for c in services.coachees.list() if c.name == "Priya Shah")
    cycle = services.cycles.list(priya.id)[0]
    observation = services.observations.list(cycle.id)[0]
    pane = NotesPane(demo_ctx, now=FakeTime())
    qtbot.addWidget(pane)
    demo_ctx.select_cycle(cycle.id)
    demo_ctx.select_observation(observation.id)
    assert pane.title.text() == "Priya Shah — 4P maths, column subtraction"
    assert "Live in the room · 3 notes" in pane.subtitle.text()
    assert [pane.model.index(r, TIME).data() for r in range(3)] == ["2:00", "6:00", "11:00"]
    assert pane.clock_bar.display.text() == "11:00"
    assert pane.category_keys.buttons == {}
    qtmodeltester.check(pane.model)
