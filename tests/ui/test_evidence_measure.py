"""Computing the goal's measure from an observation's tags and adding it as video evidence."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.core.clips import ClipProbe
from coachdesk.core.goal_measures import MeasureDefinition, MeasureKind
from coachdesk.core.goals import MeasurementSource
from coachdesk.core.observations import Observation, ObservationMode
from coachdesk.core.services import Services
from coachdesk.core.tags import TagSet
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.evidence_measure import NO_CYCLE_TEXT, NO_VIDEO_TEXT, EvidenceMeasurePanel
from tests.conftest import TODAY

TEN_MINUTES = ClipProbe(600_000, 30.0, False, 18_000, 1280, 720, 0, "h264", True)


@dataclass
class Lessons:
    cycle_id: int
    first: Observation
    latest: Observation
    tag_set: TagSet


def tag_set_named(services: Services, name: str) -> TagSet:
    return next(s for s in services.tags.tag_sets() if s.name == name)


def two_lessons(services: Services) -> Lessons:
    """Two 10-minute lessons tagged with Questioning: 2 open questions, then 5."""
    coachee = services.coachees.add("Ada Lovelace", "Maths", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    tag_set = tag_set_named(services, "Questioning")
    open_q, closed_q = tag_set.types[0], tag_set.types[1]
    made = []
    for day, opens in ((TODAY.replace(day=3), 2), (TODAY, 5)):
        observation = services.observations.add(
            cycle.id, day, ObservationMode.VIDEO, f"8X2 lesson {opens}", tag_set_id=tag_set.id
        ).value
        clip = services.clips.add(observation.id, f"/v/{opens}.mp4", f"v1:{opens}", TEN_MINUTES)
        for i in range(opens):
            services.tags.add_tag(clip.value.id, open_q.id, 10_000 + i * 60_000)
        services.tags.add_tag(clip.value.id, closed_q.id, 300_000)
        made.append(observation)
    return Lessons(cycle.id, made[0], made[1], tag_set)


def make_panel(qtbot: QtBot, ctx: UiContext) -> EvidenceMeasurePanel:
    panel = EvidenceMeasurePanel(ctx)
    qtbot.addWidget(panel)
    return panel


def test_without_a_cycle_or_video_it_says_what_to_do(qtbot: QtBot, ctx: UiContext):
    panel = make_panel(qtbot, ctx)
    assert panel.empty.text() == NO_CYCLE_TEXT
    coachee = ctx.services.coachees.add("Ada", today=TODAY).value
    cycle = ctx.services.cycles.start(coachee.id, TODAY).value
    ctx.select_cycle(cycle.id)
    assert panel.empty.text() == NO_VIDEO_TEXT
    assert panel.observation() is None
    assert panel.value() is None


def test_the_value_follows_the_definition(qtbot: QtBot, ctx: UiContext):
    lessons = two_lessons(ctx.services)
    panel = make_panel(qtbot, ctx)
    ctx.select_cycle(lessons.cycle_id)
    assert panel.observation() == lessons.latest  # the latest by default
    assert panel.type_list.count() == len(lessons.tag_set.types)
    open_q = lessons.tag_set.types[0].id
    panel.set_definition(MeasureDefinition(MeasureKind.RATE, (open_q,)))
    assert panel.value() == 5.0  # 5 open questions in 10 minutes
    assert "5.0" in panel.value_label.text()
    panel.set_observation(lessons.first.id)
    assert panel.definition().tag_type_ids == (open_q,)  # the ticks stay
    assert panel.value() == 2.0
    panel.set_definition(
        MeasureDefinition(MeasureKind.STEPS, (open_q, lessons.tag_set.types[2].id))
    )
    assert panel.value() == 50.0  # open questions seen, probing follow-ups not


def test_ticking_a_tag_by_hand_updates_the_value(qtbot: QtBot, ctx: UiContext):
    lessons = two_lessons(ctx.services)
    panel = make_panel(qtbot, ctx)
    ctx.select_cycle(lessons.cycle_id)
    assert not panel.compute_button.isEnabled()
    panel.type_list.item(1).setCheckState(Qt.CheckState.Checked)  # Closed question
    assert panel.value() == 1.0
    assert panel.compute_button.isEnabled()


def test_compute_adds_a_video_measurement_linked_to_its_evidence(qtbot: QtBot, ctx: UiContext):
    lessons = two_lessons(ctx.services)
    panel = make_panel(qtbot, ctx)
    ctx.select_cycle(lessons.cycle_id)
    panel.set_definition(MeasureDefinition(MeasureKind.RATE, (lessons.tag_set.types[0].id,)))
    with qtbot.waitSignal(panel.measurement_added):
        qtbot.mouseClick(panel.compute_button, Qt.MouseButton.LeftButton)
    goal = ctx.services.cycles.goal(lessons.cycle_id)
    (measurement,) = goal.measurements
    assert measurement.value == 5.0
    assert measurement.source is MeasurementSource.VIDEO
    assert measurement.taken_on == lessons.latest.observed_on
    assert "Open question per 10 minutes" in measurement.note
    assert f"[observation {lessons.latest.id}]" in measurement.note
    ctx.undo_stack.undo()
    assert ctx.services.cycles.goal(lessons.cycle_id).measurements == ()
    ctx.undo_stack.redo()
    assert ctx.services.cycles.goal(lessons.cycle_id).measurements == (measurement,)


def test_nothing_ticked_adds_nothing_and_says_why(qtbot: QtBot, ctx: UiContext):
    lessons = two_lessons(ctx.services)
    panel = make_panel(qtbot, ctx)
    ctx.select_cycle(lessons.cycle_id)
    with qtbot.waitSignal(ctx.problem):
        assert panel.add_measurement() is None
    assert ctx.services.cycles.goal(lessons.cycle_id).measurements == ()


def test_the_definition_is_kept_on_the_goal_and_undoable(qtbot: QtBot, ctx: UiContext):
    lessons = two_lessons(ctx.services)
    panel = make_panel(qtbot, ctx)
    ctx.select_cycle(lessons.cycle_id)
    open_q = lessons.tag_set.types[0].id
    panel.type_list.item(0).setCheckState(Qt.CheckState.Checked)  # ticking saves at once
    goal = ctx.services.cycles.goal(lessons.cycle_id)
    assert (goal.measure_kind, goal.measure_tag_types) == ("rate", (open_q,))
    panel.kind_choice.setCurrentIndex(panel.kind_choice.findData(MeasureKind.STEPS))
    assert ctx.services.cycles.goal(lessons.cycle_id).measure_kind == "steps"
    ctx.undo_stack.undo()
    assert ctx.services.cycles.goal(lessons.cycle_id).measure_kind == "rate"
    assert panel.definition() == MeasureDefinition(MeasureKind.RATE, (open_q,))
    assert panel.kind_choice.currentData() is MeasureKind.RATE

    again = make_panel(qtbot, ctx)  # a new panel reads the definition back from the goal
    assert again.definition() == MeasureDefinition(MeasureKind.RATE, (open_q,))
    assert again.type_list.item(0).checkState() == Qt.CheckState.Checked
    assert again.value() == 5.0
