"""The real main window through a whole cycle, then a restart on the same data folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.app import build_services
from coachdesk.core.cycles import Outcome, Stage
from coachdesk.core.goals import MeasurementSource, PeersCriterion
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.sessions import SessionKind
from coachdesk.storage.workspace import open_workspace
from coachdesk.ui.context import UiContext
from coachdesk.ui.main_window import MainWindow
from tests.conftest import TODAY


def open_window(qtbot: QtBot, data_dir: Path) -> tuple[MainWindow, object]:
    workspace = open_workspace(data_dir)
    services = build_services(workspace)
    ctx = UiContext(services, today=lambda: TODAY)
    window = MainWindow(services, ctx)
    qtbot.addWidget(window)
    return window, workspace


def test_a_whole_cycle_survives_a_restart(qtbot: QtBot, tmp_path: Path):
    window, workspace = open_window(qtbot, tmp_path)
    ctx = window.ctx
    services = ctx.services

    # Add a coachee and start a cycle.
    coachee = window.coachees_pane.create_coachee("Ada Lovelace", "Computing, Year 9")
    assert coachee is not None
    window.coachees_pane.start_cycle()
    cycle_id = ctx.cycle_id
    assert cycle_id is not None
    assert window.centre.currentWidget() is window.workspace

    # Identify: problem, current reality, PEERS goal with its measure, a strategy, modelled.
    stage = window.workspace.stage_panel
    stage.set_problem(PersistentProblem.EXPOSING_THINKING)
    stage.set_current_reality("Hands up only; 6 of 30 answer in a lesson.")
    goal = window.workspace.goal_panel
    goal.set_text("Every student explains their method at least once a week.")
    goal.set_measure("Students who explain their method in a lesson (of 30)")
    goal.set_baseline(6)
    goal.set_target(27)
    for criterion in PeersCriterion:
        goal.set_check(criterion, True)
    playbook = window.playbook_pane
    playbook.set_filters("whiteboard", None, None)
    strategy = playbook.selected_strategy() or services.playbook.search("whiteboard")[0]
    playbook.use_in_cycle(strategy.id)
    window.workspace.strategy_panel.set_modelled(TODAY)
    assert stage.advance() is not None
    assert services.cycles.get(cycle_id).stage is Stage.LEARN

    # Learn: practise steps, hold a session with actions and a next meeting.
    window.workspace.strategy_panel.set_practised(0, TODAY)
    window.workspace.strategy_panel.set_practised(1, TODAY)
    session = window.workspace.sessions_panel.new_session()
    assert session is not None
    editor = window.workspace.sessions_panel.editor
    editor.save_changes(
        kind=SessionKind.FEEDBACK,
        duration_min=25,
        notes="Looked at the whiteboards photo together.",
        habit_reflection="Steps 1 and 2 every lesson.",
        understanding_reflection="Right when she needs everyone's answer.",
    )
    editor.set_next_meeting(dt.datetime(2025, 11, 19, 15, 30))
    editor.agreed_actions.add_action(
        "Try whiteboards in the Thursday lesson", TODAY + dt.timedelta(days=2)
    )

    # Observe live: take notes with the clock running.
    observation = window.workspace.observations_panel.new_observation(context="9C algorithms")
    assert observation is not None
    assert ctx.observation_id == observation.id
    notes = window.notes_pane
    notes.toggle_clock()
    clock = notes.clock()
    assert clock is not None
    assert clock.running
    notes.add_note("All boards up within 10 seconds", 90_000)
    qtbot.keyClicks(notes.entry, "Two students copied a neighbour")
    qtbot.keyClick(notes.entry, Qt.Key.Key_Return)
    assert notes.entry.text() == ""
    assert stage.advance() is not None

    # Improve: record progress, decide the outcome, complete the cycle.
    goal.measurements.add_measurement(TODAY, 22, MeasurementSource.OBSERVATION)
    stage.set_outcome(Outcome.CONTINUE)
    assert stage.advance() is not None
    assert services.cycles.get(cycle_id).stage is Stage.COMPLETE

    window.close()
    workspace.close()  # type: ignore[attr-defined]

    # Restart on the same data folder: everything is there.
    window, workspace = open_window(qtbot, tmp_path)
    services = window.ctx.services
    dossier = services.cycles.dossier(cycle_id)
    assert dossier.cycle.stage is Stage.COMPLETE
    assert dossier.cycle.problem is PersistentProblem.EXPOSING_THINKING
    assert dossier.cycle.outcome is Outcome.CONTINUE
    assert dossier.cycle.skips == ()
    assert dossier.goal is not None
    assert dossier.goal.text.startswith("Every student explains")
    assert dossier.goal.is_checked
    assert [m.value for m in dossier.goal.measurements] == [22]
    assert dossier.strategy is not None
    assert dossier.strategy.strategy.id == strategy.id
    assert dossier.strategy.modelled_on == TODAY
    assert dossier.strategy.practised_dates(1) == (TODAY,)
    (saved,) = dossier.sessions
    assert saved.duration_min == 25
    assert saved.understanding_reflection.startswith("Right when")
    assert saved.next_meeting == dt.datetime(2025, 11, 19, 15, 30)
    assert [a.text for a in saved.actions] == ["Try whiteboards in the Thursday lesson"]
    (obs,) = dossier.observations
    saved_notes = services.observations.notes(obs.id)
    assert {n.text for n in saved_notes} == {
        "All boards up within 10 seconds",
        "Two students copied a neighbour",
    }
    assert [n.at_ms for n in saved_notes] == sorted(n.at_ms for n in saved_notes)
    model = window.coachees_pane.model
    assert model.data(model.index(0, 0)) == "Ada Lovelace"
    window.close()
    workspace.close()  # type: ignore[attr-defined]
