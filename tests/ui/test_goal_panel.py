"""The goal panel: PEERS goal fields and checks, measurements, the table model and the chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QDate, QRectF, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.core.cycles import Cycle
from coachdesk.core.goals import Measurement, MeasurementSource, PeersCriterion
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.measurement_table_model import (
    DATE,
    NOTE,
    SOURCE,
    VALUE,
    MeasurementTableModel,
)
from coachdesk.ui.panes.goal_measurements import progress_text
from coachdesk.ui.panes.goal_panel import GoalPanel
from coachdesk.ui.widgets.fields import OptionalNumberValidator
from coachdesk.ui.widgets.progress_chart import (
    ProgressChart,
    chart_geometry,
    format_value,
    with_unit,
)
from tests.conftest import TODAY

PLOT = QRectF(10, 20, 300, 100)  # left 10, top 20, right 310, bottom 120


def new_cycle(ctx: UiContext) -> Cycle:
    coachee = ctx.services.coachees.add("Ada Lovelace", "Computing", today=TODAY).value
    return ctx.services.cycles.start(coachee.id, TODAY, "Pair programming").value


def panel_on(qtbot: QtBot, ctx: UiContext, cycle_id: int | None) -> GoalPanel:
    panel = GoalPanel(ctx)
    qtbot.addWidget(panel)
    ctx.select_cycle(cycle_id)
    return panel


def hannah_cycle(ctx: UiContext) -> Cycle:
    hannah = next(c for c in ctx.services.coachees.list() if c.name == "Hannah Lewis")
    return ctx.services.cycles.list(hannah.id)[0]


# -- goal fields ---------------------------------------------------------------------------


def test_empty_state_without_a_cycle(qtbot: QtBot, ctx: UiContext):
    panel = panel_on(qtbot, ctx, None)
    assert panel.stack.currentWidget() is panel.empty
    assert panel.goal is None
    assert panel.measurements.chart.points == ()


def test_demo_goal_is_shown(qtbot: QtBot, demo_ctx: UiContext):
    panel = panel_on(qtbot, demo_ctx, hannah_cycle(demo_ctx).id)
    assert panel.stack.currentWidget() is panel.content
    assert panel.text.text().startswith("Students are working on the starter")
    assert (panel.baseline.text(), panel.target.text(), panel.unit.text()) == ("8", "2", "min")
    assert all(box.isChecked() for box in panel.checks.values())
    assert panel.direction.text() == "Lower is better"
    assert [v for _d, v in panel.measurements.chart.points] == [8, 5, 3, 2.5]
    assert panel.measurements.model.rowCount() == 4
    assert "92% of the way" in panel.measurements.progress.text()


def test_goal_fields_persist_one_undo_step_each(qtbot: QtBot, ctx: UiContext):
    cycle = new_cycle(ctx)
    panel = panel_on(qtbot, ctx, cycle.id)
    cycles = ctx.services.cycles

    panel.text.setPlainText("Both partners type in every lesson. ")
    panel.text.commit()
    assert cycles.goal(cycle.id).text == "Both partners type in every lesson."
    assert ctx.undo_stack.undoText() == "Edit goal text"

    panel.measure.setText("% of pairs who swap roles on the timer")
    panel.measure.editingFinished.emit()
    panel.unit.setText("%")
    panel.unit.editingFinished.emit()
    panel.baseline.setText("20")
    panel.baseline.editingFinished.emit()
    panel.target.setText("85.5")
    panel.target.editingFinished.emit()
    goal = cycles.goal(cycle.id)
    assert (goal.measure, goal.unit, goal.baseline, goal.target) == (
        "% of pairs who swap roles on the timer",
        "%",
        20,
        85.5,
    )
    assert goal.is_written
    assert ctx.undo_stack.count() == 5
    assert panel.direction.text() == "Higher is better"

    panel.baseline.setText("")  # not known after all
    panel.baseline.editingFinished.emit()
    assert cycles.goal(cycle.id).baseline is None

    ctx.undo_stack.undo()
    assert cycles.goal(cycle.id).baseline == 20
    assert panel.baseline.text() == "20"
    ctx.undo_stack.undo()
    assert cycles.goal(cycle.id).target is None
    assert panel.target.text() == ""
    for _ in range(4):
        ctx.undo_stack.undo()
    goal = cycles.goal(cycle.id)
    assert (goal.text, goal.measure, goal.unit, goal.baseline) == ("", "", "", None)
    assert panel.text.text() == ""


def test_peers_checks_persist_and_undo(qtbot: QtBot, ctx: UiContext):
    cycle = new_cycle(ctx)
    panel = panel_on(qtbot, ctx, cycle.id)
    cycles = ctx.services.cycles
    panel.checks[PeersCriterion.POWERFUL].setChecked(True)
    panel.checks[PeersCriterion.STUDENT_FOCUSED].click()
    assert cycles.goal(cycle.id).checks == {PeersCriterion.POWERFUL, PeersCriterion.STUDENT_FOCUSED}
    assert ctx.undo_stack.undoText() == "Tick PEERS check “Student-focused”"
    assert "2 of 5" in panel.checks_caption.text()
    panel.checks[PeersCriterion.POWERFUL].setChecked(False)
    assert cycles.goal(cycle.id).checks == {PeersCriterion.STUDENT_FOCUSED}

    ctx.undo_stack.undo()
    assert cycles.goal(cycle.id).checks == {PeersCriterion.POWERFUL, PeersCriterion.STUDENT_FOCUSED}
    assert panel.checks[PeersCriterion.POWERFUL].isChecked()
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert cycles.goal(cycle.id).checks == frozenset()
    assert not any(box.isChecked() for box in panel.checks.values())
    assert ctx.undo_stack.count() == 3  # refreshing the boxes saved nothing


def test_checkboxes_show_guidance(qtbot: QtBot, ctx: UiContext):
    panel = panel_on(qtbot, ctx, new_cycle(ctx).id)
    for criterion, box in panel.checks.items():
        assert box.text() == criterion.label
        assert box.toolTip() == criterion.guidance


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_refresh_does_not_clobber_typing(qtbot: QtBot, ctx: UiContext):
    cycle = new_cycle(ctx)
    panel = panel_on(qtbot, ctx, cycle.id)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.measure.setFocus()
    qtbot.waitUntil(panel.measure.hasFocus)
    panel.measure.setText("% of pairs who")
    panel.checks[PeersCriterion.EASY].setChecked(True)  # saves the goal and refreshes
    assert panel.measure.text() == "% of pairs who"
    assert ctx.services.cycles.goal(cycle.id).measure == ""


# -- measurements --------------------------------------------------------------------------


def test_add_edit_delete_measurements_with_undo(qtbot: QtBot, ctx: UiContext):
    cycle = new_cycle(ctx)
    panel = panel_on(qtbot, ctx, cycle.id)
    cycles = ctx.services.cycles
    panel.set_baseline(20)

    added = panel.measurements.add_measurement()
    assert added is not None
    assert (added.taken_on, added.value) == (TODAY, 20)  # today and the baseline by default
    assert panel.measurements.model.rowCount() == 1
    assert panel.measurements.selected_measurement() == added
    earlier = panel.measurements.add_measurement(
        dt.date(2025, 10, 1), 12.5, MeasurementSource.VIDEO, "Clip"
    )
    assert earlier is not None
    assert [m.value for m in cycles.goal(cycle.id).measurements] == [12.5, 20]
    assert panel.measurements.chart.points == ((dt.date(2025, 10, 1), 12.5), (TODAY, 20))

    edited = replace(added, value=35, note="Tally in period 3")
    panel.measurements.save_measurement(edited)
    assert cycles.goal(cycle.id).measurements[-1] == edited
    assert panel.measurements.model.data(panel.measurements.model.index(1, VALUE)) == "35"

    panel.measurements.delete_measurement(earlier.id)
    assert [m.id for m in cycles.goal(cycle.id).measurements] == [added.id]
    assert panel.measurements.chart.points == ((TODAY, 35),)

    ctx.undo_stack.undo()  # the delete: back with the same id
    assert cycles.goal(cycle.id).measurements[0] == earlier
    ctx.undo_stack.undo()  # the edit
    assert cycles.goal(cycle.id).measurements[-1] == added
    ctx.undo_stack.undo()  # the second add
    ctx.undo_stack.undo()  # the first add
    assert cycles.goal(cycle.id).measurements == ()
    assert panel.measurements.model.rowCount() == 0
    ctx.undo_stack.redo()
    assert cycles.goal(cycle.id).measurements == (added,)


def test_table_edits_are_saved(qtbot: QtBot, demo_ctx: UiContext):
    cycle = hannah_cycle(demo_ctx)
    panel = panel_on(qtbot, demo_ctx, cycle.id)
    cycles = demo_ctx.services.cycles
    model = panel.measurements.model
    first = cycles.goal(cycle.id).measurements[0]

    assert model.setData(model.index(0, VALUE), "7.5")
    assert model.setData(model.index(0, SOURCE), MeasurementSource.STUDENT_VOICE.value)
    assert model.setData(model.index(0, NOTE), "  Timed with a stopwatch ")
    assert model.setData(model.index(0, DATE), QDate(2025, 9, 4))
    stored = next(m for m in cycles.goal(cycle.id).measurements if m.id == first.id)
    assert stored == replace(
        first,
        value=7.5,
        source=MeasurementSource.STUDENT_VOICE,
        note="Timed with a stopwatch",
        taken_on=dt.date(2025, 9, 4),
    )
    assert demo_ctx.undo_stack.count() == 4
    assert not model.setData(model.index(0, VALUE), "lots")
    assert not model.setData(model.index(0, DATE), "yesterday")
    assert demo_ctx.undo_stack.count() == 4
    for _ in range(4):
        demo_ctx.undo_stack.undo()
    assert cycles.goal(cycle.id).measurements[0] == first


def test_table_editors_commit_through_the_delegate(qtbot: QtBot, demo_ctx: UiContext):
    cycle = hannah_cycle(demo_ctx)
    panel = panel_on(qtbot, demo_ctx, cycle.id)
    table, model = panel.measurements.table, panel.measurements.model
    index = model.index(3, VALUE)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index)
    assert editor is not None
    editor.setProperty("text", "1.75")  # type: ignore[union-attr]
    table.commitData(editor)
    table.closeEditor(editor, table.itemDelegate().EndEditHint.NoHint)
    goal = demo_ctx.services.cycles.goal(cycle.id)
    assert goal.measurements[-1].value == 1.75
    assert goal.is_met
    assert "target reached" in panel.measurements.progress.text()


def test_delete_button_deletes_the_selected_row(qtbot: QtBot, demo_ctx: UiContext):
    cycle = hannah_cycle(demo_ctx)
    panel = panel_on(qtbot, demo_ctx, cycle.id)
    assert not panel.measurements.delete_button.isEnabled()
    panel.measurements.table.selectRow(1)
    assert panel.measurements.delete_button.isEnabled()
    qtbot.mouseClick(panel.measurements.delete_button, Qt.MouseButton.LeftButton)
    values = [m.value for m in demo_ctx.services.cycles.goal(cycle.id).measurements]
    assert values == [8, 3, 2.5]


def test_add_button_adds_today_and_opens_the_value_for_typing(qtbot: QtBot, demo_ctx: UiContext):
    cycle = hannah_cycle(demo_ctx)
    panel = panel_on(qtbot, demo_ctx, cycle.id)
    section = panel.measurements
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    latest = demo_ctx.services.cycles.goal(cycle.id).latest
    assert latest is not None
    assert (latest.taken_on, latest.value) == (TODAY, 2.5)
    assert section.table.state() == section.table.State.EditingState
    assert section.table.currentIndex() == section.model.index(4, VALUE)
    assert demo_ctx.undo_stack.undoText() == "Add measurement"


def test_measurement_model(qtmodeltester: ModelTester):
    model = MeasurementTableModel()
    measurements = [
        Measurement(2, 1, dt.date(2025, 10, 1), 5, MeasurementSource.VIDEO, "Clip 2"),
        Measurement(1, 1, dt.date(2025, 9, 1), 8),
    ]
    model.set_measurements(measurements, "min")
    qtmodeltester.check(model)
    assert model.headerData(VALUE, Qt.Orientation.Horizontal) == "Value (min)"
    assert model.data(model.index(0, DATE)) == "1 Sep 2025"
    assert model.data(model.index(0, DATE), Qt.ItemDataRole.EditRole) == QDate(2025, 9, 1)
    assert model.data(model.index(1, SOURCE)) == "Video"
    assert model.data(model.index(1, NOTE)) == "Clip 2"
    with_edit = []
    model.measurement_edited.connect(lambda before, after: with_edit.append((before, after)))
    assert model.setData(model.index(1, DATE), "2025-10-02")
    assert with_edit[0][1].taken_on == dt.date(2025, 10, 2)
    assert model.setData(model.index(1, SOURCE), "Student work")
    assert with_edit[1][1].source is MeasurementSource.STUDENT_WORK
    model.set_measurements(measurements[:1])
    qtmodeltester.check(model)
    assert model.rowCount() == 1


# -- chart ---------------------------------------------------------------------------------


def test_chart_geometry_for_a_rising_goal():
    data = [(dt.date(2025, 9, 1), 35.0), (dt.date(2025, 10, 1), 52.0), (dt.date(2025, 9, 16), 40)]
    geo = chart_geometry(data, baseline=35, target=80, plot=PLOT)
    assert [p.value for p in geo.points] == [35, 40, 52]  # in date order
    xs = [p.x for p in geo.points]
    assert xs[0] == pytest.approx(PLOT.left())
    assert xs[-1] == pytest.approx(PLOT.right())
    assert xs[1] == pytest.approx(PLOT.left() + PLOT.width() * 15 / 30)
    ys = [p.y for p in geo.points]
    assert ys[0] > ys[1] > ys[2]  # rising values go up the screen
    assert geo.target_y is not None
    assert geo.baseline_y is not None
    assert geo.target_y < geo.baseline_y
    assert geo.baseline_y == pytest.approx(ys[0])
    assert all(PLOT.top() < y < PLOT.bottom() for y in [*ys, geo.target_y])
    assert geo.low < 35
    assert geo.high > 80


def test_chart_geometry_for_a_falling_goal():
    data = [(dt.date(2025, 9, 3), 8.0), (dt.date(2025, 9, 23), 5.0), (dt.date(2025, 11, 3), 2.5)]
    geo = chart_geometry(data, baseline=8, target=2, plot=PLOT)
    ys = [p.y for p in geo.points]
    assert ys[0] < ys[1] < ys[2]  # lower is better: the line falls towards the target
    assert geo.target_y is not None
    assert geo.baseline_y is not None
    assert geo.baseline_y < geo.target_y
    assert ys[-1] < geo.target_y  # 2.5 is just above the target of 2
    assert all(PLOT.top() < y < PLOT.bottom() for y in [*ys, geo.target_y, geo.baseline_y])


def test_chart_geometry_edge_cases():
    empty = chart_geometry([], None, None, PLOT)
    assert empty.points == ()
    assert empty.baseline_y is None
    one = chart_geometry([(dt.date(2025, 9, 1), 4.0)], None, None, PLOT)
    assert one.points[0].x == pytest.approx(PLOT.left())
    assert PLOT.top() < one.points[0].y < PLOT.bottom()
    lines_only = chart_geometry([], 10, 10, PLOT)
    assert lines_only.baseline_y == lines_only.target_y == pytest.approx(PLOT.center().y())


def test_chart_widget_keeps_its_data(qtbot: QtBot, demo_ctx: UiContext):
    panel = panel_on(qtbot, demo_ctx, hannah_cycle(demo_ctx).id)
    assert (panel.measurements.chart.baseline, panel.measurements.chart.target) == (8, 2)
    goal = demo_ctx.services.cycles.goal(hannah_cycle(demo_ctx).id)
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.set_data(goal.measurements, goal.baseline, goal.target, goal.unit)
    chart.resize(420, 200)
    geo = chart.geometry_now()
    assert len(geo.points) == 4
    assert chart.plot_rect().contains(geo.points[0].x, geo.points[0].y)
    assert chart.grab().width() == 420  # paints without error
    assert "2.5" in chart.accessibleDescription()
    chart.set_data([], None, None)
    assert chart.points == ()
    assert chart.grab().width() == 420  # the empty state paints too


def test_values_and_validation():
    assert [format_value(v) for v in (8, 2.5, 61.25, 0.125, -3.0)] == [
        "8",
        "2.5",
        "61.25",
        "0.12",
        "-3",
    ]
    assert [with_unit(2.5, "min"), with_unit(52, "%"), with_unit(7, "")] == ["2.5 min", "52%", "7"]
    validator = OptionalNumberValidator()
    acceptable = OptionalNumberValidator.State.Acceptable
    assert validator.validate("", 0)[0] == acceptable
    assert validator.validate("12.5", 0)[0] == acceptable
    assert validator.validate("-", 0)[0] == OptionalNumberValidator.State.Intermediate
    assert validator.validate("abc", 0)[0] == OptionalNumberValidator.State.Invalid
    assert validator.validate("1e5", 0)[0] == OptionalNumberValidator.State.Invalid


def test_progress_text(demo_ctx: UiContext):
    goal = demo_ctx.services.cycles.goal(hannah_cycle(demo_ctx).id)
    assert progress_text(goal) == (
        "Latest: 2.5 min on 3 Nov 2025 — 92% of the way from baseline to target."
    )
    assert progress_text(replace(goal, measurements=())).startswith("No measurements yet")
    assert "Set a baseline" in progress_text(replace(goal, target=None))
