"""The cycle timeline: layout maths, clicks and keys that select, badges, filters, refresh."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from coachdesk.core.calendar import SchoolCalendar
from coachdesk.core.changes import Changes, Entity
from coachdesk.core.coachees import Coachee, CoacheeId
from coachdesk.core.cycles import Stage
from coachdesk.core.timeline import (
    AttentionKind,
    CycleBar,
    Lane,
    Marker,
    MarkerKind,
    OpenAction,
    TimelineData,
)
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.timeline_pane import TimelinePane
from coachdesk.ui.timeline.canvas import TimelineCanvas
from coachdesk.ui.timeline.layout import (
    HEADER_HEIGHT,
    NAME_WIDTH,
    HitKind,
    LaneGeometry,
    Rect,
    build_layout,
)
from coachdesk.ui.timeline.span import TimeAxis, Zoom, step_view, view_for
from coachdesk.ui.timeline.texts import lane_hint
from tests.conftest import TODAY

CALENDAR = SchoolCalendar()


def _lane(
    coachee_id: int,
    name: str,
    *bars: CycleBar,
    markers: tuple[Marker, ...] = (),
    actions: tuple[OpenAction, ...] = (),
) -> Lane:
    return Lane(Coachee(CoacheeId(coachee_id), name), bars, markers, actions)


def _pane(qtbot: QtBot, ctx: UiContext) -> TimelinePane:
    pane = TimelinePane(ctx)
    qtbot.addWidget(pane)
    pane.resize(1400, 500)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def _lane_of(pane: TimelinePane, name: str) -> LaneGeometry:
    return next(g for g in pane.canvas.timeline_layout.lanes if g.lane.coachee.name == name)


def _centre(rect: Rect) -> QPoint:
    x, y = rect.centre
    return QPoint(round(x), round(y))


# -- layout maths (no widgets) -------------------------------------------------------------


def test_date_to_x_is_monotonic_and_round_trips():
    view = view_for(CALENDAR, Zoom.YEAR, TODAY)
    axis = TimeAxis(view.start, view.end, NAME_WIDTH, 1500)
    days = [view.start + dt.timedelta(days=n) for n in range(axis.days)]
    xs = [axis.x_of(d) for d in days]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)
    assert xs[0] == NAME_WIDTH
    assert axis.x_after(view.end) == pytest.approx(1500)
    assert all(axis.date_at(axis.x_mid(d)) == d for d in days)


def test_views_tile_the_year_and_step():
    year = view_for(CALENDAR, Zoom.YEAR, TODAY)
    assert (year.start, year.end, year.label) == (
        dt.date(2025, 9, 1),
        dt.date(2026, 8, 31),
        "2025/26",
    )
    term = view_for(CALENDAR, Zoom.TERM, TODAY)
    assert term.label == "Autumn term 2025/26"
    assert term.contains(TODAY)
    spring = step_view(CALENDAR, term, 1)
    summer = step_view(CALENDAR, spring, 1)
    assert spring.start == term.end + dt.timedelta(days=1)
    assert summer.end == year.end
    assert step_view(CALENDAR, summer, -2) == term
    assert step_view(CALENDAR, year, -1).label == "2024/25"


def test_bars_span_their_days_and_running_ones_reach_today():
    done = CycleBar(1, "Calm starts", Stage.COMPLETE, dt.date(2025, 9, 8), dt.date(2025, 10, 17))
    running = CycleBar(2, "Cold call", Stage.LEARN, dt.date(2025, 10, 20), None)
    older = CycleBar(3, "Last year", Stage.COMPLETE, dt.date(2025, 5, 1), dt.date(2025, 9, 20))
    data = TimelineData((_lane(1, "Ada", older, done, running), _lane(2, "Ben")))
    view = view_for(CALENDAR, Zoom.YEAR, TODAY)
    layout = build_layout(data, CALENDAR, TODAY, view, 1600, 700)
    first, second = layout.lanes
    assert first.rect.y == HEADER_HEIGHT
    assert second.rect.y == HEADER_HEIGHT + layout.lane_height
    by_id = {b.bar.cycle_id: b for b in first.bars}
    assert by_id[1].rect.x == pytest.approx(layout.axis.x_of(dt.date(2025, 9, 8)))
    assert by_id[1].rect.right == pytest.approx(layout.axis.x_after(dt.date(2025, 10, 17)))
    assert by_id[2].running
    assert by_id[2].rect.right == pytest.approx(layout.today_x)
    assert by_id[3].cut_left
    assert by_id[3].rect.x == layout.axis.left
    hit = layout.hit_test(*by_id[2].rect.centre)
    assert hit.kind is HitKind.BAR
    assert hit.cycle_id == 2
    assert layout.hit_test(20, second.rect.y + 5).kind is HitKind.NAME
    assert second.bars == ()
    assert second.earlier is None


def test_markers_on_the_same_day_are_nudged_apart_and_overdue_actions_ticked():
    day = dt.date(2025, 11, 3)
    bar = CycleBar(1, "Cold call", Stage.LEARN, dt.date(2025, 10, 1), None)
    markers = (
        Marker(MarkerKind.SESSION, day, 1, "feedback"),
        Marker(MarkerKind.OBSERVATION, day, 1, "live"),
    )
    overdue = OpenAction("Plan questions", dt.date(2025, 11, 5), 1)
    later = OpenAction("Not yet due", dt.date(2025, 11, 30), 1)
    data = TimelineData((_lane(1, "Ada", bar, markers=markers, actions=(overdue, later)),))
    layout = build_layout(data, CALENDAR, TODAY, view_for(CALENDAR, Zoom.YEAR, TODAY), 1600, 700)
    lane = layout.lanes[0]
    a, b = lane.markers
    assert b.x - a.x >= 10
    assert [t.action for t in lane.due_ticks] == [overdue]
    assert [badge.kind for badge in lane.badges] == [AttentionKind.ACTION_OVERDUE]
    hit = layout.hit_test(b.x, b.y)
    assert hit.kind is HitKind.MARKER
    assert hit.marker is not None
    assert hit.marker.marker.kind is MarkerKind.OBSERVATION


def test_canvas_takes_data_directly_and_paints(qtbot: QtBot):
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(1200, 400)
    bar = CycleBar(7, "Cold call", Stage.IDENTIFY, dt.date(2025, 10, 1), None)
    canvas.set_data(TimelineData((_lane(1, "Ada", bar),)), CALENDAR, TODAY)
    bar_shape = canvas.timeline_layout.bar_of(7)
    assert bar_shape is not None
    assert not canvas.grab().isNull()
    tip = canvas.tooltip_at(_centre(bar_shape.rect))
    assert "Cold call" in tip
    assert "Identify" in tip


# -- the pane over the demo workspace ----------------------------------------------------


def test_clicking_a_bar_selects_its_cycle(qtbot: QtBot, demo_ctx: UiContext):
    pane = _pane(qtbot, demo_ctx)
    tom = _lane_of(pane, "Tom Okafor")
    (bar,) = tom.bars
    with qtbot.waitSignal(demo_ctx.cycle_selected) as blocker:
        qtbot.mouseClick(pane.canvas, Qt.MouseButton.LeftButton, pos=_centre(bar.rect))
    assert blocker.args == [bar.bar.cycle_id]
    assert demo_ctx.coachee_id == tom.coachee_id
    assert demo_ctx.services.cycles.get(bar.bar.cycle_id).coachee_id == tom.coachee_id
    assert pane.canvas.selected_cycle() == bar.bar.cycle_id


def test_clicking_a_name_selects_the_coachee(qtbot: QtBot, demo_ctx: UiContext):
    pane = _pane(qtbot, demo_ctx)
    hannah = _lane_of(pane, "Hannah Lewis")
    qtbot.mouseClick(
        pane.canvas, Qt.MouseButton.LeftButton, pos=QPoint(30, round(hannah.rect.y + 10))
    )
    assert demo_ctx.coachee_id == hannah.coachee_id
    assert "Hannah Lewis" in pane.canvas.accessibleDescription()


def test_attention_badges_for_the_demo(qtbot: QtBot, demo_ctx: UiContext):
    pane = _pane(qtbot, demo_ctx)
    tom = _lane_of(pane, "Tom Okafor")
    priya = _lane_of(pane, "Priya Shah")
    marcus = _lane_of(pane, "Marcus Bell")
    assert AttentionKind.ACTION_OVERDUE in {b.kind for b in tom.badges}
    assert len(tom.due_ticks) == 1
    assert AttentionKind.MEETING_SOON in {b.kind for b in priya.badges}
    assert marcus.badges == ()
    overdue = next(b for b in tom.badges if b.kind is AttentionKind.ACTION_OVERDUE)
    tip = pane.canvas.tooltip_at(_centre(overdue.rect))
    assert "Action overdue by 10 days" in tip
    assert "cold-call" in tip
    assert "Next meeting" in pane.canvas.tooltip_at(QPoint(30, round(priya.rect.y + 10)))


def test_archived_coachees_only_when_asked(qtbot: QtBot, demo_ctx: UiContext):
    pane = _pane(qtbot, demo_ctx)
    names = {g.lane.coachee.name for g in pane.canvas.timeline_layout.lanes}
    assert "Grace Adeyemi" not in names
    assert len(names) == 4
    pane.show_archived.setChecked(True)
    grace = _lane_of(pane, "Grace Adeyemi")
    assert grace.lane.coachee.archived
    assert grace.badges == ()
    pane.show_archived.setChecked(False)
    assert len(pane.canvas.timeline_layout.lanes) == 4


def test_zoom_and_navigation_change_the_span(qtbot: QtBot, demo_ctx: UiContext):
    pane = _pane(qtbot, demo_ctx)
    year = pane.view()
    assert year.zoom is Zoom.YEAR
    assert (year.end - year.start).days >= 364
    tom_bar = _lane_of(pane, "Tom Okafor").bars[0].rect.w
    qtbot.mouseClick(pane.term_button, Qt.MouseButton.LeftButton)
    term = pane.view()
    assert term.zoom is Zoom.TERM
    assert term.contains(TODAY)
    assert (term.end - term.start).days < 130
    assert _lane_of(pane, "Tom Okafor").bars[0].rect.w > 2 * tom_bar  # zoomed in
    assert pane.span_label.text() == "Autumn term 2025/26"
    assert not pane.today_button.isEnabled()
    qtbot.mouseClick(pane.next_button, Qt.MouseButton.LeftButton)
    assert pane.span_label.text() == "Spring term 2025/26"
    tom = _lane_of(pane, "Tom Okafor")
    assert tom.bars == ()  # a running cycle is drawn up to today, not into the future
    assert lane_hint(tom, TODAY) == "‹ Cycle running since 3 Oct 2025"
    assert pane.today_button.isEnabled()
    pane.set_zoom(Zoom.YEAR)
    pane.show_previous()
    assert pane.span_label.text() == "2024/25"
    marcus = _lane_of(pane, "Marcus Bell")
    assert [b.bar.title for b in marcus.bars] == ["Worked examples before practice"]
    pane.show_today()
    assert pane.view() == year


def test_a_new_session_appears_after_the_change(qtbot: QtBot, demo_ctx: UiContext):
    pane = _pane(qtbot, demo_ctx)
    tom = _lane_of(pane, "Tom Okafor")
    cycle_id = tom.bars[0].bar.cycle_id
    before = len(tom.markers)
    assert any(a.kind is AttentionKind.NO_SESSION for a in tom.attention)
    sessions = demo_ctx.services.sessions
    demo_ctx.run(lambda: sessions.add(cycle_id, TODAY - dt.timedelta(days=1)))
    tom = _lane_of(pane, "Tom Okafor")
    assert len(tom.markers) == before + 1
    assert not any(a.kind is AttentionKind.NO_SESSION for a in tom.attention)
    added = [m for m in tom.markers if m.marker.on == TODAY - dt.timedelta(days=1)]
    assert "Session" in pane.canvas.tooltip_at(QPoint(round(added[0].x), round(added[0].y)))


def test_unrelated_changes_do_not_reload(qtbot: QtBot, demo_ctx: UiContext):
    pane = _pane(qtbot, demo_ctx)
    layout = pane.canvas.timeline_layout
    demo_ctx.broadcast(Changes.of(Entity.TAG))
    assert pane.canvas.timeline_layout is layout
    demo_ctx.broadcast(Changes.of(Entity.OBSERVATION))
    assert pane.canvas.timeline_layout is not layout


def test_keyboard_moves_between_lanes_and_enter_opens_the_cycle(qtbot: QtBot, demo_ctx: UiContext):
    pane = _pane(qtbot, demo_ctx)
    canvas = pane.canvas
    lanes = canvas.timeline_layout.lanes
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert demo_ctx.coachee_id == lanes[0].coachee_id
    qtbot.keyClick(canvas, Qt.Key.Key_End)
    assert demo_ctx.coachee_id == lanes[-1].coachee_id
    last = lanes[-1].lane
    assert last.coachee.name in canvas.accessibleDescription()
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert demo_ctx.cycle_id == max(last.bars, key=lambda b: b.start).cycle_id
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert demo_ctx.coachee_id == lanes[-2].coachee_id
    qtbot.keyClick(canvas, Qt.Key.Key_PageDown)
    assert pane.span_label.text() == "2026/27"
    assert canvas.accessibleName() == "Cycle timeline"


def test_empty_workspace_says_so(qtbot: QtBot, ctx: UiContext):
    pane = _pane(qtbot, ctx)
    assert pane.canvas.timeline_layout.lanes == ()
    assert pane.canvas.accessibleDescription().startswith("No coachees yet")
    assert not pane.grab().isNull()
    qtbot.keyClick(pane.canvas, Qt.Key.Key_Down)  # nothing to move to, nothing breaks
    assert ctx.coachee_id is None


def test_selection_elsewhere_is_shown(qtbot: QtBot, demo_ctx: UiContext):
    pane = _pane(qtbot, demo_ctx)
    priya = _lane_of(pane, "Priya Shah")
    demo_ctx.select_coachee(priya.coachee_id)
    demo_ctx.select_cycle(priya.bars[0].bar.cycle_id)
    assert pane.canvas.selected_cycle() == priya.bars[0].bar.cycle_id
    current = pane.canvas.current_lane()
    assert current is not None
    assert current.coachee_id == priya.coachee_id
    assert "Priya Shah" in pane.canvas.accessibleDescription()
