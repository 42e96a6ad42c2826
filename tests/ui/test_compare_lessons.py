"""Comparing two lessons: rates side by side, changes called out, jump to an example."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.core.observations import ObservationMode
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.lesson_compare_model import (
    BETTER,
    CHANGE,
    RATE_A,
    RATE_B,
    STRIP_A,
    TAG,
)
from coachdesk.ui.panes.compare_lessons import (
    FIRST,
    LATER,
    NO_CYCLE_TEXT,
    TOO_FEW_TEXT,
    CompareLessonsPanel,
)
from coachdesk.ui.review.density_strip import DENSITY_ROLE
from tests.conftest import TODAY
from tests.ui.test_evidence_measure import TEN_MINUTES, two_lessons


def make_panel(qtbot: QtBot, ctx: UiContext) -> CompareLessonsPanel:
    panel = CompareLessonsPanel(ctx)
    qtbot.addWidget(panel)
    return panel


def column(panel: CompareLessonsPanel, col: int) -> list[str]:
    return [panel.model.index(r, col).data() for r in range(panel.model.rowCount())]


def test_first_and_latest_side_by_side(qtbot: QtBot, ctx: UiContext, qtmodeltester: ModelTester):
    lessons = two_lessons(ctx.services)
    panel = make_panel(qtbot, ctx)
    ctx.select_cycle(lessons.cycle_id)
    qtmodeltester.check(panel.model)
    assert (panel.observation(FIRST), panel.observation(LATER)) == (lessons.first, lessons.latest)
    assert column(panel, TAG)[:2] == ["Open question (+)", "Closed question"]
    # 2 then 5 open questions in 10 minutes; 1 closed question in each
    assert column(panel, RATE_A)[:2] == ["2.0", "1.0"]
    assert column(panel, RATE_B)[:2] == ["5.0", "1.0"]
    assert column(panel, CHANGE)[:3] == ["▲ +3.0", "= same", "= same"]
    assert panel.model.index(0, CHANGE).data(Qt.ItemDataRole.ForegroundRole) == BETTER
    counts, _colour, _scale = panel.model.index(0, STRIP_A).data(DENSITY_ROLE)
    assert sum(counts) == 2
    assert "3 tags in 10:00" in panel.summaries[FIRST].text()
    assert sum(panel.strips[LATER].counts()) == 6
    panel.grab()


def test_choosing_other_lessons(qtbot: QtBot, ctx: UiContext):
    lessons = two_lessons(ctx.services)
    panel = make_panel(qtbot, ctx)
    ctx.select_cycle(lessons.cycle_id)
    panel.set_lessons(lessons.latest.id, lessons.first.id)
    assert column(panel, CHANGE)[0] == "▼ -3.0"
    panel.choices[LATER].setCurrentIndex(1)  # the latest again: the same lesson twice
    assert column(panel, CHANGE)[0] == "= same"


def test_double_click_asks_for_the_first_example(qtbot: QtBot, ctx: UiContext):
    lessons = two_lessons(ctx.services)
    panel = make_panel(qtbot, ctx)
    ctx.select_cycle(lessons.cycle_id)
    panel.resize(900, 400)
    panel.show()
    qtbot.waitExposed(panel)
    later_clip = ctx.services.clips.list(lessons.latest.id)[0]
    view = panel.view
    rect = view.visualRect(panel.model.index(0, TAG))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.jump_requested) as blocker:  # a double-click follows a press
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [lessons.latest.id, later_clip.id, 10_000]
    first_clip = ctx.services.clips.list(lessons.first.id)[0]
    with qtbot.waitSignal(panel.jump_requested) as blocker:
        assert panel.jump(0, RATE_A)
    assert blocker.args == [lessons.first.id, first_clip.id, 10_000]
    with qtbot.waitSignal(ctx.status):
        assert not panel.jump(2, RATE_B)  # no probing follow-up in the later lesson


def test_tags_added_elsewhere_update_the_comparison(qtbot: QtBot, ctx: UiContext):
    lessons = two_lessons(ctx.services)
    panel = make_panel(qtbot, ctx)
    ctx.select_cycle(lessons.cycle_id)
    clip = ctx.services.clips.list(lessons.latest.id)[0]
    probing = lessons.tag_set.types[2].id
    ctx.run(lambda: ctx.services.tags.add_tag(clip.id, probing, 5_000))
    assert column(panel, RATE_B)[2] == "1.0"


def test_empty_states(qtbot: QtBot, ctx: UiContext):
    panel = make_panel(qtbot, ctx)
    assert panel.empty.text() == NO_CYCLE_TEXT
    coachee = ctx.services.coachees.add("Ada", today=TODAY).value
    cycle = ctx.services.cycles.start(coachee.id, TODAY).value
    observation = ctx.services.observations.add(cycle.id, TODAY, ObservationMode.VIDEO).value
    ctx.services.clips.add(observation.id, "/v/a.mp4", "v1:a", TEN_MINUTES)
    ctx.select_cycle(cycle.id)
    assert panel.empty.text() == TOO_FEW_TEXT
    assert not panel.body.isVisibleTo(panel)
    assert panel.model.rowCount() == 0
