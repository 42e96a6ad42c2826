"""The review pane: attach (by reference or a copy), bad files, relink, keys, notes offset."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QHBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from coachdesk.core.observations import ObservationMode
from coachdesk.ui.context import UiContext
from coachdesk.ui.review.review_pane import NO_CLIP, ReviewPane
from tests.conftest import TODAY
from tests.ui.test_review_player import QUIET_MULTIMEDIA, frame_number
from tests.video.conftest import MadeClip, write_cfr, write_h264

pytestmark = QUIET_MULTIMEDIA


@pytest.fixture(scope="module")
def lesson_clip(tmp_path_factory: pytest.TempPathFactory) -> MadeClip:
    """12 s at 25 fps, MJPEG in AVI."""
    return write_cfr(tmp_path_factory.mktemp("review") / "lesson.avi", 300)


@pytest.fixture
def clip_file(tmp_path: Path, lesson_clip: MadeClip) -> Path:
    """A fresh copy of the lesson clip the test may move or delete."""
    folder = tmp_path / "camera"
    folder.mkdir()
    return Path(shutil.copy(lesson_clip.path, folder / "8X2 fractions.avi"))


@pytest.fixture
def observation_id(ctx: UiContext) -> int:
    services = ctx.services
    coachee = services.coachees.add("Priya Shah", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    observation = services.observations.add(cycle.id, TODAY, ObservationMode.VIDEO).value
    ctx.select_cycle(cycle.id)
    ctx.select_observation(observation.id)
    return observation.id


@pytest.fixture
def pane(qtbot: QtBot, ctx: UiContext, observation_id: int) -> Iterator[ReviewPane]:
    widget = ReviewPane(ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    yield widget
    widget.player.unload()


def attach(qtbot: QtBot, pane: ReviewPane, path: Path, copy_in: bool = False) -> None:
    with qtbot.waitSignal(pane.attacher.attached, timeout=20_000):
        assert pane.attach_file(path, copy_in) is not None
    qtbot.waitUntil(lambda: pane.player.duration_ms > 0, timeout=10_000)


def focus(qtbot: QtBot, pane: ReviewPane, widget: QWidget) -> None:
    """Show the pane active, with ``widget`` focused (the video surface grabs focus first)."""
    with qtbot.waitActive(pane):
        pane.show()
        pane.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_empty_states(qtbot: QtBot, ctx: UiContext, pane: ReviewPane):
    assert pane.message.text() == NO_CLIP
    assert not pane.transport.isEnabled()
    assert not pane.transport.actions_by_name["play_pause"].isEnabled()
    ctx.select_observation(None)
    assert "No observation open" in pane.message.text()
    assert not pane.attach_button.isEnabled()


def test_attach_a_clip_and_play_it(qtbot: QtBot, ctx: UiContext, pane: ReviewPane, clip_file):
    attach(qtbot, pane, clip_file)
    [clip] = ctx.services.clips.list(ctx.observation_id)
    assert clip.path == str(clip_file)
    assert clip.fingerprint.startswith("v1:")
    assert clip.probe.frame_count == 300
    assert not clip.copied_in
    assert pane.current_clip() == clip
    assert pane.stack.currentWidget() is pane.video
    assert pane.transport.isEnabled()
    # the picture reaches the pane's video widget, and seeks land on the frame at the time
    sink = pane.player.video_sink()
    assert sink is not None
    with qtbot.waitSignal(sink.videoFrameChanged, timeout=10_000):
        pane.player.seek(2020)
    assert frame_number(sink.videoFrame()) == 50
    assert pane.scrubber.position() == 2020


def test_a_bad_file_is_explained_and_nothing_saved(
    qtbot: QtBot, ctx: UiContext, pane: ReviewPane, tmp_path: Path
):
    bad = tmp_path / "lesson.mp4"
    bad.write_text("Lesson plan, not a video.\n" * 200, encoding="utf-8")
    with qtbot.waitSignal(ctx.problem, timeout=20_000) as blocker:
        pane.attach_file(bad)
    assert "lesson.mp4" in blocker.args[0]
    assert ctx.services.clips.list(ctx.observation_id) == []
    assert pane.current_clip() is None
    qtbot.waitUntil(lambda: not pane.attacher.busy)


def test_copy_into_coachdesk(qtbot: QtBot, ctx: UiContext, pane: ReviewPane, clip_file: Path):
    attach(qtbot, pane, clip_file, copy_in=True)
    [clip] = ctx.services.clips.list(ctx.observation_id)
    copy = Path(clip.path)
    assert copy.parent == ctx.services.data_dir / "clips"
    assert copy.read_bytes() == clip_file.read_bytes()
    assert clip.copied_in
    assert clip_file.exists()
    assert not list(copy.parent.glob("*.partial"))


def test_relink_a_moved_clip(qtbot: QtBot, ctx: UiContext, pane: ReviewPane, clip_file, tmp_path):
    attach(qtbot, pane, clip_file)
    [clip] = ctx.services.clips.list(ctx.observation_id)
    moved = tmp_path / "USB stick" / "Autumn" / "renamed.avi"
    moved.parent.mkdir(parents=True)
    (tmp_path / "USB stick" / "other.avi").write_bytes(b"\0" * 5000)
    shutil.move(clip_file, moved)
    pane.show_observation(ctx.observation_id)
    assert "not where it was" in pane.message.text()
    assert pane.relink_button.isVisibleTo(pane)
    assert not pane.transport.isEnabled()

    with qtbot.waitSignal(pane.attacher.relinked, timeout=20_000):
        pane.relink_in(tmp_path / "USB stick")
    assert ctx.services.clips.get(clip.id).path == str(moved)
    assert pane.stack.currentWidget() is pane.video
    ctx.undo_stack.undo()
    assert ctx.services.clips.get(clip.id).path == str(clip_file)


def test_relink_finds_nothing(qtbot: QtBot, ctx: UiContext, pane: ReviewPane, clip_file, tmp_path):
    attach(qtbot, pane, clip_file)
    [clip] = ctx.services.clips.list(ctx.observation_id)
    clip_file.unlink()
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    with qtbot.waitSignal(ctx.problem, timeout=20_000) as blocker:
        pane.relink_in(empty)
    assert "No video in" in blocker.args[0]
    assert ctx.services.clips.get(clip.id).path == str(clip_file)


def test_drop_a_video_on_the_pane(qtbot: QtBot, ctx: UiContext, pane: ReviewPane, clip_file):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(clip_file))])
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(pane.attacher.attached, timeout=20_000):
        pane.dropEvent(drop)
    assert [c.path for c in ctx.services.clips.list(ctx.observation_id)] == [str(clip_file)]


def test_keys_move_the_playhead(qtbot: QtBot, pane: ReviewPane, clip_file: Path):
    attach(qtbot, pane, clip_file)
    focus(qtbot, pane, pane.scrubber)
    player = pane.player
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_L)
    assert player.position_ms == 5000
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_Right)
    assert player.position_ms == 6000
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_Period)
    assert player.position_ms == 6040
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_Comma)
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_Comma)
    assert player.position_ms == 5960
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_J)
    assert player.position_ms == 960
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_Left)
    assert player.position_ms == 0
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_Equal)
    assert player.speed == 1.25
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_Minus)
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_Minus)
    assert player.speed == 0.75
    assert pane.transport.speed.currentText() == "0.75×"
    qtbot.keyClick(pane.scrubber, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: player.muted)
    assert pane.transport.mute_button.isChecked()
    with qtbot.waitSignal(player.playing_changed, check_params_cb=lambda on: on, timeout=5000):
        qtbot.keyClick(pane.scrubber, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.position_ms > 200, timeout=10_000)
    with qtbot.waitSignal(player.playing_changed, check_params_cb=lambda on: not on):
        qtbot.keyClick(pane.scrubber, Qt.Key.Key_K)
    assert "/ 0:12" in pane.transport.time_label.text()


def test_keys_act_only_in_the_pane_with_focus(
    qtbot: QtBot, ctx: UiContext, observation_id: int, clip_file: Path
):
    window = QWidget()  # two panes with the same keys in one window, as in the main window
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    pane, other = ReviewPane(ctx, window), ReviewPane(ctx, window)
    layout.addWidget(pane)
    layout.addWidget(other)
    try:
        attach(qtbot, pane, clip_file)
        qtbot.waitUntil(lambda: other.player.duration_ms > 0, timeout=10_000)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        pane.transport.speed.setFocus()
        qtbot.waitUntil(pane.transport.speed.hasFocus)
        qtbot.keyClick(pane.transport.speed, Qt.Key.Key_L)
        assert (pane.player.position_ms, other.player.position_ms) == (5000, 0)
        other.scrubber.setFocus()
        qtbot.waitUntil(other.scrubber.hasFocus)
        qtbot.keyClick(other.scrubber, Qt.Key.Key_L)
        qtbot.keyClick(other.scrubber, Qt.Key.Key_L)
        assert (pane.player.position_ms, other.player.position_ms) == (5000, 10_000)
    finally:
        pane.player.unload()
        other.player.unload()


def test_next_and_previous_tag_keys(qtbot: QtBot, pane: ReviewPane, clip_file: Path):
    attach(qtbot, pane, clip_file)
    pane.scrubber.set_tags(
        [
            (1000, None, "#1f77b4", "Praise"),
            (4000, 6000, "#d62728", "Wait time"),
            (9000, None, "#2ca02c", "Cold call"),
        ]
    )
    actions = pane.transport.actions_by_name
    actions["next_tag"].trigger()
    assert pane.player.position_ms == 1000
    actions["next_tag"].trigger()
    assert pane.player.position_ms == 4000
    assert pane.scrubber.current_tag() == 1
    actions["next_tag"].trigger()
    actions["next_tag"].trigger()
    assert pane.player.position_ms == 9000
    actions["previous_tag"].trigger()
    assert pane.player.position_ms == 4000


def test_live_notes_offset(qtbot: QtBot, ctx: UiContext, pane: ReviewPane, clip_file: Path):
    observations = ctx.services.observations
    oid = ctx.observation_id
    first = ctx.run(lambda: observations.add_note(oid, 2000, "Students start the task"))
    ctx.run(lambda: observations.add_note(oid, 7000, "Cold call: Sam"))
    assert first is not None
    attach(qtbot, pane, clip_file)
    sync = pane.notes_sync
    assert sync.track_notes() == []  # not until the offset is set
    assert "set the offset" in sync.state.text()

    sync.offset.setValue(1.5)
    sync.offset.editingFinished.emit()
    assert observations.get(oid).clip_offset_ms == 1500
    assert sync.track_notes() == [(3500, "Students start the task"), (8500, "Cold call: Sam")]
    assert pane.scrubber.tooltip_at(
        pane.scrubber._current_view().x_of(3500), pane.scrubber.lanes().notes.center().y()
    ).endswith("Students start the task")

    pane.player.seek(1200)
    sync.note_choice.setCurrentIndex(sync.note_choice.findData(first.id))
    sync.happened_here.click()
    assert observations.get(oid).clip_offset_ms == -800
    assert sync.offset.value() == pytest.approx(-0.8)
    assert sync.track_notes() == [(1200, "Students start the task"), (6200, "Cold call: Sam")]

    ctx.undo_stack.undo()
    assert observations.get(oid).clip_offset_ms == 1500
    assert sync.offset.value() == pytest.approx(1.5)
    ctx.undo_stack.undo()
    assert observations.get(oid).clip_offset_ms is None
    assert sync.track_notes() == []


def test_variable_frame_rate_clip_seeks_by_its_frame_times(
    qtbot: QtBot, pane: ReviewPane, tmp_path: Path
):
    clip = write_h264(tmp_path / "phone.mp4", [(25, 40), (10, 100), (25, 20)], "-bf", "2")
    attach(qtbot, pane, clip.path)
    current = pane.current_clip()
    assert current is not None
    assert current.probe.variable_fps
    # the frame times cached when the clip was attached reach the player in the background
    qtbot.waitUntil(lambda: pane.player.frame_times_known, timeout=10_000)
    sink = pane.player.video_sink()
    assert sink is not None
    for ms in (999, 1050, 2020, 2041, 300):
        with qtbot.waitSignal(sink.videoFrameChanged, timeout=10_000):
            pane.player.seek(ms)
        assert frame_number(sink.videoFrame()) == clip.shown_at(ms), f"seek to {ms} ms"


def test_the_coach_can_change_the_keys(pane: ReviewPane):
    assert {"Space", "K", "J", "L", "M", "[", "]"} <= pane.transport.reserved_keys()
    pane.transport.set_keymap({"mute": ["Ctrl+M"]})
    assert "M" not in pane.transport.reserved_keys()
    assert "Ctrl+M" in pane.transport.reserved_keys()
    assert "Ctrl+M" in pane.transport.actions_by_name["mute"].toolTip()


def test_choose_between_clips(qtbot: QtBot, ctx: UiContext, pane: ReviewPane, clip_file, tmp_path):
    attach(qtbot, pane, clip_file)
    second = Path(shutil.copy(clip_file, tmp_path / "second half.avi"))
    attach(qtbot, pane, second)
    assert pane.clip_choice.isVisibleTo(pane)
    assert pane.clip_choice.count() == 2
    assert Path(pane.current_clip().path).name == "second half.avi"
    pane.clip_choice.setCurrentIndex(0)
    pane.clip_choice.activated.emit(0)
    assert Path(pane.current_clip().path).name == "8X2 fractions.avi"
