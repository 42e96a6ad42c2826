"""The clip statistics panel: follows the controller's tags, strips per type, seek to a type."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.ui.context import UiContext
from coachdesk.ui.models.clip_stats_model import COUNT, DENSITY, RATE, SHARE, TAG
from coachdesk.ui.review.clip_stats import NO_CLIP_TEXT, NO_TAGS_TEXT, ClipStatsPanel
from coachdesk.ui.review.density_strip import DENSITY_ROLE
from coachdesk.ui.review.tagging import TagController
from tests.ui.test_tagging import Review, make_review, press_key

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_panel(qtbot: QtBot, ctx: UiContext, review: Review) -> ClipStatsPanel:
    panel = ClipStatsPanel(ctx, review.controller)
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def column(panel: ClipStatsPanel, col: int) -> list[str]:
    model = panel.model
    return [model.index(row, col).data() for row in range(model.rowCount())]


def test_counts_rates_and_balance_follow_the_tags(
    qtbot: QtBot, ctx: UiContext, qtmodeltester: ModelTester
):
    review = make_review(qtbot, ctx)
    panel = make_panel(qtbot, ctx, review)
    assert panel.empty.text() == NO_TAGS_TEXT
    assert not panel.view.isVisible()
    press_key(qtbot, review, Qt.Key.Key_1, 20_000)  # Open question (positive) at 0:15
    press_key(qtbot, review, Qt.Key.Key_2, 80_000)  # Closed question (neutral) at 1:15
    press_key(qtbot, review, Qt.Key.Key_7, 200_000)  # Teacher answers own Q (negative) at 3:12
    qtmodeltester.check(panel.model)
    assert panel.view.isVisible()
    # Questioning's seven types in tag-set order, with no tags shown as 0.
    assert column(panel, TAG)[:2] == ["Open question (+)", "Closed question"]
    assert column(panel, TAG)[6] == "Teacher answers own Q (−)"
    assert column(panel, COUNT) == ["1", "1", "0", "0", "0", "0", "1"]
    # one tag in a 60-minute clip: 1 / 6 per 10 minutes = 0.17 → "0.2"
    assert column(panel, RATE)[0] == "0.2"
    assert column(panel, SHARE) == ["—"] * 7  # point tags have no share of time
    assert "3 tags" in panel.summary.text()
    assert "1 positive : 1 negative (50 % positive)" in panel.summary.text()
    review.controller.delete_tags([review.controller.tags()[0].id])
    assert column(panel, COUNT)[0] == "0"
    assert panel.stats is not None
    assert panel.stats.total == 2


def test_density_strip_per_type_and_bin_width(qtbot: QtBot, ctx: UiContext):
    review = make_review(qtbot, ctx)
    panel = make_panel(qtbot, ctx, review)
    press_key(qtbot, review, Qt.Key.Key_1, 20_000)  # 0:15 → bin 0 of 1 minute
    press_key(qtbot, review, Qt.Key.Key_1, 400_000)  # 6:35 → bin 6
    counts, colour, _scale = panel.model.index(0, DENSITY).data(DENSITY_ROLE)
    assert len(counts) == 60  # a 60-minute clip in bins of 1 minute
    assert (counts[0], counts[6], sum(counts)) == (1, 1, 2)
    assert colour == review.controller.tag_set.types[0].colour
    panel.set_bin_ms(300_000)
    counts, _colour, _scale = panel.model.index(0, DENSITY).data(DENSITY_ROLE)
    assert counts[:2] == (1, 1)  # 0:15 in 0–5 min, 6:35 in 5–10 min
    assert len(counts) == 12
    panel.grab()  # paints the strips without a warning


def test_share_of_time_for_duration_tags(qtbot: QtBot, ctx: UiContext):
    review = make_review(qtbot, ctx, "Participation and talk")
    panel = make_panel(qtbot, ctx, review)
    press_key(qtbot, review, Qt.Key.Key_1, 62_000)  # Teacher talk starts at 1:00 (lead 2 s)
    press_key(qtbot, review, Qt.Key.Key_1, 180_000)  # …and ends at 3:00
    # 120 000 ms of 3 600 000 = 3.3 % → "3 %"
    assert column(panel, SHARE)[0] == "3 %"
    assert column(panel, TAG)[0] == "Teacher talk"


def test_double_click_goes_to_the_first_moment_of_a_type(qtbot: QtBot, ctx: UiContext):
    review = make_review(qtbot, ctx)
    panel = make_panel(qtbot, ctx, review)
    press_key(qtbot, review, Qt.Key.Key_2, 90_000)
    press_key(qtbot, review, Qt.Key.Key_2, 30_000)
    view = panel.view
    rect = view.visualRect(panel.model.index(1, COUNT))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.seek_requested) as blocker:  # a double-click follows a press
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [25_000]


def test_no_clip_says_so(qtbot: QtBot, ctx: UiContext):
    controller = TagController(ctx, lambda: 0)
    panel = ClipStatsPanel(ctx, controller)
    qtbot.addWidget(panel)
    assert panel.empty.text() == NO_CLIP_TEXT
    assert panel.model.rowCount() == 0
    assert panel.stats is None
