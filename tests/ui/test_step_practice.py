"""The strategy checklist shows deliberate practice: rounds, the secure badge, smaller steps
indented under their step, breaking a step up, and editing or deleting smaller steps (undoably)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from coachdesk.core.cycles import Cycle
from coachdesk.core.sessions import CoachingSession
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.step_practice import SmallerStepsDialog, StepPracticeView
from coachdesk.ui.panes.strategy_panel import StrategyPanel
from tests.ui.test_rehearsal_log import without_rehearsals


@pytest.fixture(autouse=True)
def _without_the_demo_rehearsals(demo_ctx: UiContext) -> None:
    """These tests start from a cycle with no rehearsal (the demo has one in Tom's session)."""
    without_rehearsals(demo_ctx)


def _tom(ctx: UiContext) -> tuple[Cycle, CoachingSession]:
    cycle = next(c for c in ctx.services.cycles.list() if c.title.startswith("Questions"))
    return cycle, ctx.services.sessions.list(cycle.id)[0]


def _panel(qtbot: QtBot, ctx: UiContext) -> StrategyPanel:
    cycle, _session = _tom(ctx)
    ctx.select_cycle(cycle.id)
    panel = StrategyPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _view(panel: StrategyPanel, index: int) -> StepPracticeView:
    view = panel.step_rows[index].findChild(StepPracticeView)
    assert view is not None
    return view


def test_rehearsals_logged_in_a_session_show_in_the_checklist(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    assert len(panel.practice_checklist.views()) == 5
    assert not _view(panel, 1).badge.isVisible()
    assert not _view(panel, 1).facts.isVisible()  # nothing rehearsed yet: only the action

    _cycle, session = _tom(demo_ctx)
    practice = demo_ctx.services.practice
    rehearsal = demo_ctx.run(lambda: practice.add_rehearsal(session.id, 1))
    assert rehearsal is not None
    demo_ctx.run(lambda: practice.add_round(rehearsal.id, "Question first"))
    demo_ctx.run(lambda: practice.add_round(rehearsal.id, "Whole class"))
    view = _view(panel, 1)
    assert view.facts.text() == "Rehearsed: 2 rounds in 1 session · last 25 Oct"
    assert not view.badge.isVisible()
    latest = practice.rehearsals(session.id)[0]
    demo_ctx.run(lambda: practice.save_rehearsal(replace(latest, secure=True)))
    assert _view(panel, 1).badge.isVisible()
    # the existing checklist dates include the session's date
    assert session.held_on in panel.step_rows[1].dates


def test_break_a_step_into_smaller_steps_edit_and_delete_them(
    qtbot: QtBot, demo_ctx: UiContext, monkeypatch
):
    panel = _panel(qtbot, demo_ctx)
    checklist = panel.practice_checklist
    asked: list[tuple[int, str]] = []

    def ask(_parent: QWidget, number: int, text: str) -> list[str]:
        asked.append((number, text))
        return ["Look round the room", "Count three seconds"]

    checklist.ask_texts = ask
    qtbot.mouseClick(_view(panel, 2).split_button, Qt.MouseButton.LeftButton)
    assert asked == [(3, panel.step_rows[2].text.text())]
    cycle, session = _tom(demo_ctx)
    practice = demo_ctx.services.practice
    stored = practice.smaller_steps(cycle.id)
    assert [(s.step_index, s.text) for s in stored] == [
        (2, "Look round the room"),
        (2, "Count three seconds"),
    ]
    view = _view(panel, 2)
    assert [row.text.text() for row in view.smaller_rows] == [s.text for s in stored]
    assert view.split_button.text() == "Add smaller steps…"
    assert view.facts.text() == "Not rehearsed yet"

    # a smaller step that is secure on its own does not make the step secure; all of them do
    for small in stored:
        added = practice.add_rehearsal(session.id, 2, small.id).value
        demo_ctx.run(lambda a=added: practice.save_rehearsal(replace(a, secure=True)))
        if small is stored[0]:
            assert not _view(panel, 2).smaller_rows[0].badge.isHidden()
            assert not _view(panel, 2).badge.isVisible()
    assert _view(panel, 2).badge.isVisible()

    checklist.ask_text = lambda _parent, label, text: f"{text} slowly" if label == "3b" else None
    qtbot.mouseClick(_view(panel, 2).smaller_rows[1].edit_button, Qt.MouseButton.LeftButton)
    assert practice.smaller_steps(cycle.id)[1].text == "Count three seconds slowly"

    qtbot.mouseClick(_view(panel, 2).smaller_rows[0].delete_button, Qt.MouseButton.LeftButton)
    assert [s.text for s in practice.smaller_steps(cycle.id)] == ["Count three seconds slowly"]
    assert [r.text.text() for r in _view(panel, 2).smaller_rows] == ["Count three seconds slowly"]
    assert len(practice.rehearsals(session.id)) == 1  # its rehearsal went with it

    stack = demo_ctx.undo_stack
    stack.undo()  # the deleted smaller step comes back with its rehearsal
    assert len(practice.smaller_steps(cycle.id)) == 2
    assert len(practice.rehearsals(session.id)) == 2
    assert len(_view(panel, 2).smaller_rows) == 2
    stack.undo()  # the edit
    assert practice.smaller_steps(cycle.id)[1].text == "Count three seconds"


def test_undo_of_breaking_up_removes_the_smaller_steps(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    cycle, _session = _tom(demo_ctx)
    added = panel.practice_checklist.split_step(0, ["Say why", "Say how"])
    assert added is not None
    assert len(added) == 2
    demo_ctx.undo_stack.undo()
    assert demo_ctx.services.practice.smaller_steps(cycle.id) == []
    assert _view(panel, 0).smaller_rows == []
    demo_ctx.undo_stack.redo()
    assert demo_ctx.services.practice.smaller_steps(cycle.id) == added


def test_the_dialog_takes_one_smaller_step_per_line(qtbot: QtBot):
    dialog = SmallerStepsDialog(2, "Ask the question to the whole class")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.editor.setPlainText("  Face the class \n\nAsk the question\n")
    assert dialog.ok_button.isEnabled()
    assert dialog.lines() == ["Face the class", "Ask the question"]
    assert "step 2" in dialog.windowTitle()
