"""Video review as a whole: hotkeys pressed while the clip plays make the right tags."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.core.observations import ObservationMode
from coachdesk.core.services import Services
from coachdesk.core.tags import TagKind
from coachdesk.core.tagset_file import TagTypeDraft
from coachdesk.ui.context import UiContext
from coachdesk.ui.review.review_workspace import ReviewWorkspace
from coachdesk.video.demo_clip import write_demo_lesson
from coachdesk.video.fingerprint import fingerprint
from coachdesk.video.probe import probe
from tests.conftest import TODAY

pytestmark = pytest.mark.qt_log_ignore("PulseAudio", "No audio", "pipewire", "RHI")


@pytest.fixture
def reviewing(qtbot: QtBot, services: Services, tmp_path: Path) -> ReviewWorkspace:
    coachee = services.coachees.add("Tom").value
    cycle = services.cycles.start(coachee.id, TODAY).value
    tag_set = services.tags.create(
        "Moments",
        [
            TagTypeDraft("Question", "#1e88e5", "Q", lead_s=1.0),
            TagTypeDraft("Group work", "#43a047", "W", kind=TagKind.DURATION),
        ],
    ).value
    observation = services.observations.add(
        cycle.id, TODAY, ObservationMode.VIDEO, tag_set_id=tag_set.id
    ).value
    clip_path = write_demo_lesson(tmp_path / "lesson.avi", seconds=12)
    services.clips.add(observation.id, str(clip_path), fingerprint(clip_path), probe(clip_path))
    ctx = UiContext(services, today=lambda: TODAY)
    review = ReviewWorkspace(ctx)
    qtbot.addWidget(review)
    review.resize(1200, 700)
    review.show()
    qtbot.waitExposed(review)
    ctx.select_cycle(cycle.id)
    ctx.select_observation(observation.id)
    qtbot.waitUntil(lambda: review.pane.player.duration_ms > 0, timeout=10_000)
    return review


def test_hotkeys_while_playing_make_tags_at_the_right_times(
    qtbot: QtBot, reviewing: ReviewWorkspace, services: Services
):
    player = reviewing.pane.player
    player.play()
    qtbot.waitUntil(lambda: player.position_ms >= 2500, timeout=10_000)
    before = player.position_ms
    qtbot.keyClick(reviewing.pane, Qt.Key.Key_Q)
    after = player.position_ms
    qtbot.keyClick(reviewing.pane, Qt.Key.Key_W)  # open a duration tag
    qtbot.waitUntil(lambda: player.position_ms >= after + 1500, timeout=10_000)
    qtbot.keyClick(reviewing.pane, Qt.Key.Key_W)  # and close it
    player.pause()

    tags = reviewing.controller.tags()
    assert len(tags) == 2
    question = next(t for t in tags if t.end_ms is None or t.end_ms == t.at_ms)
    assert before - 1000 - 100 <= question.at_ms <= after - 1000 + 100  # lead time of 1 s
    span = next(t for t in tags if t is not question)
    assert span.end_ms is not None
    assert span.end_ms - span.at_ms >= 1400
    # Committed at once, seen by the table and the track.
    clip = reviewing.pane.current_clip()
    assert clip is not None
    stored = services.tags.tags(clip.id)
    assert {t.id for t in stored} == {t.id for t in tags}
    assert reviewing.table.model.rowCount() == 2
    assert reviewing.pane.scrubber.tag_count() == 2


def test_note_key_writes_on_the_last_tag(qtbot: QtBot, reviewing: ReviewWorkspace):
    reviewing.pane.player.seek(4000)
    qtbot.keyClick(reviewing.pane, Qt.Key.Key_Q)
    reviewing.note_action.trigger()
    assert reviewing.quick_note.isVisible()
    qtbot.keyClicks(reviewing.quick_note, "Asked Ben to explain")
    qtbot.keyClick(reviewing.quick_note, Qt.Key.Key_Return)
    (tag,) = reviewing.controller.tags()
    assert tag.note == "Asked Ben to explain"
    assert dt.datetime.now() - (tag.created_at or dt.datetime.min) < dt.timedelta(minutes=1)
