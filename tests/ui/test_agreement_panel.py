"""Calibration between two observers: kappa per tag, the bin width, the moments they differ."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.core.clips import ClipProbe
from coachdesk.core.observations import ObservationMode
from coachdesk.ui.context import UiContext
from coachdesk.ui.review.agreement_panel import ONE_OBSERVER_TEXT, AgreementPanel
from coachdesk.ui.review.tagging import TagController
from tests.conftest import TODAY

MINUTE = ClipProbe(60_000, 30.0, False, 1_800, 1280, 720, 0, "h264", True)


def tagged_clip(ctx: UiContext, passes: dict[str, list[int]]) -> TagController:
    """A 60-second clip with Open question tags by each author at the given times."""
    services = ctx.services
    coachee = services.coachees.add("Ada", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    tag_set = next(s for s in services.tags.tag_sets() if s.name == "Questioning")
    observation = services.observations.add(
        cycle.id, TODAY, ObservationMode.VIDEO, tag_set_id=tag_set.id
    ).value
    clip = services.clips.add(observation.id, "/v/a.mp4", "v1:a", MINUTE).value
    for author, times in passes.items():
        rows = [(tag_set.types[0].id, at, None, "") for at in times]
        services.tags.add_tags(clip.id, rows, author)
    controller = TagController(ctx, lambda: 0)
    controller.set_clip(clip.id, tag_set)
    return controller


def make_panel(qtbot: QtBot, controller: TagController) -> AgreementPanel:
    panel = AgreementPanel(controller)
    qtbot.addWidget(panel)
    panel.set_clip_duration(60_000)
    return panel


def test_kappa_per_tag_and_the_moments_they_differ(
    qtbot: QtBot, ctx: UiContext, qtmodeltester: ModelTester
):
    # Bins of 10 s. Coach: bins 0, 2, 3, 5 → [1 0 1 1 0 1]; Sam: 0, 2, 4, 5 → [1 0 1 0 1 1]
    # p_o = 4/6, p_e = 5/9, kappa = 0.25 (worked in tests/core/test_evidence.py)
    controller = tagged_clip(
        ctx, {"coach": [5_000, 20_000, 35_000, 50_000], "Sam": [6_000, 25_000, 41_000, 55_000]}
    )
    panel = make_panel(qtbot, controller)
    panel.set_observers("coach", "Sam", 10_000)
    qtmodeltester.check(panel.model)
    row = [panel.model.index(0, c).data() for c in range(5)]
    assert row == ["Open question", "0.25", "67 %", "4", "4"]
    assert "6 bins of 10 s" in panel.reason.text()
    moments = [panel.moments.index(r, 0).data() for r in range(panel.moments.rowCount())]
    assert moments == ["0:30 — Open question: only coach", "0:40 — Open question: only Sam"]
    with qtbot.waitSignal(panel.seek_requested) as blocker:
        panel.moment_view.activated.emit(panel.moments.index(1, 0))
    assert blocker.args == [40_000]


def test_perfect_agreement_and_a_wider_bin(qtbot: QtBot, ctx: UiContext):
    controller = tagged_clip(ctx, {"coach": [5_000, 45_000], "Sam": [8_000, 40_000]})
    panel = make_panel(qtbot, controller)
    panel.set_observers("coach", "Sam", 30_000)  # bins 0–30 s and 30–60 s: both tagged both
    assert panel.model.index(0, 1).data() == "n/a"  # no variability: kappa undefined
    assert panel.model.index(0, 2).data() == "100 %"
    panel.set_observers("coach", "Sam", 10_000)  # [1 0 0 0 1 0] both → kappa 1
    assert panel.model.index(0, 1).data() == "1.00"
    assert panel.moments.rowCount() == 0


def test_one_observer_only_says_what_is_needed(qtbot: QtBot, ctx: UiContext):
    controller = tagged_clip(ctx, {"coach": [5_000]})
    panel = make_panel(qtbot, controller)
    assert panel.reason.text() == ONE_OBSERVER_TEXT
    assert panel.model.rowCount() == 0
    assert panel.result is None
    panel.grab()
