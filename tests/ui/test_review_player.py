"""The player: it plays, and a seek to t shows the frame on screen at t — on MJPEG and H.264.

Frames carry their own number as a barcode (tests/video/conftest.py), so each test reads back
which frame Qt Multimedia actually delivered to the video sink.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QElapsedTimer, QObject, Slot
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoSink
from pytestqt.qtbot import QtBot

from coachdesk.ui.review.player import Player
from tests.video.conftest import MadeClip, read_frame_number, write_cfr, write_h264

# With no sound card and no GPU, Qt Multimedia warns while it falls back; that is expected.
QUIET_MULTIMEDIA = pytest.mark.qt_log_ignore("PulseAudioService", "No RHI backend", "audio device")
pytestmark = QUIET_MULTIMEDIA


def frame_number(frame: QVideoFrame) -> int | None:
    """Return the number drawn in a frame Qt delivered."""
    image = frame.toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, stride)
    rgb = rows[:, : width * 3].reshape(height, width, 3)
    return read_frame_number(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))


@pytest.fixture(scope="module")
def mjpeg_clip(tmp_path_factory: pytest.TempPathFactory) -> MadeClip:
    """4 s at 25 fps, MJPEG in AVI."""
    return write_cfr(tmp_path_factory.mktemp("player") / "lesson.avi", 100)


@pytest.fixture(scope="module")
def h264_clip(tmp_path_factory: pytest.TempPathFactory) -> MadeClip:
    """6 s of H.264 at 25 fps, long GOP with B-frames: the one-frame-early seek shows here."""
    folder = tmp_path_factory.mktemp("player")
    return write_h264(folder / "lesson.mp4", [(150, 40)], "-g", "250", "-bf", "3")


@pytest.fixture(scope="module")
def vfr_clip(tmp_path_factory: pytest.TempPathFactory) -> MadeClip:
    """H.264 at 25, then 10, then 50 fps: seeks and steps must follow the real frame times."""
    folder = tmp_path_factory.mktemp("player")
    return write_h264(folder / "vfr.mp4", [(25, 40), (10, 100), (25, 20)])


class FrameLog(QObject):
    """Collects shown frames on the GUI thread.

    The sink emits from the decoder's thread. A plain Python callable would be called there,
    directly, needing the GIL while the GUI thread holds it inside QMediaPlayer.setSource() —
    a deadlock at teardown. A QObject's slot is queued to the GUI thread instead.
    """

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[QVideoFrame] = []

    @Slot(QVideoFrame)
    def add(self, frame: QVideoFrame) -> None:
        self.frames.append(frame)


class Rig:
    """A player feeding a video sink, and the frames it has shown."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.sink = QVideoSink()
        self.player = Player(self.sink)
        self.log = FrameLog()
        self.frames = self.log.frames
        self.sink.videoFrameChanged.connect(self.log.add)

    def load(self, clip: MadeClip, fps: float = 25.0, variable: bool = False) -> None:
        with self.qtbot.waitSignal(self.sink.videoFrameChanged, timeout=10_000):
            assert self.player.load(clip.path, fps, variable)
        self.qtbot.waitUntil(lambda: self.player.duration_ms > 0, timeout=10_000)

    def shown_after(self, action: Callable[[], object]) -> int | None:
        """Run ``action`` and return the number of the frame shown once it has settled."""
        with self.qtbot.waitSignal(self.sink.videoFrameChanged, timeout=10_000):
            action()
        return frame_number(self.sink.videoFrame())

    def close(self) -> None:
        self.player.unload()


@pytest.fixture
def rig(qtbot: QtBot) -> Iterator[Rig]:
    made = Rig(qtbot)
    yield made
    made.close()


def test_play_advances_and_pause_stops(qtbot: QtBot, rig: Rig, mjpeg_clip: MadeClip):
    rig.load(mjpeg_clip)
    assert rig.player.duration_ms == 4000
    seen: list[int] = []
    rig.player.position_changed.connect(seen.append)
    with qtbot.waitSignal(rig.player.playing_changed, check_params_cb=lambda on: on):
        rig.player.play()
    qtbot.waitUntil(lambda: rig.player.position_ms > 500, timeout=10_000)
    with qtbot.waitSignal(rig.player.playing_changed, check_params_cb=lambda on: not on):
        rig.player.pause()
    stopped_at = rig.player.position_ms
    assert seen == sorted(seen)
    assert len(seen) >= 3
    # ~15 Hz: never more than one position per 66 ms tick (allow for the start and the pause)
    assert len(seen) <= stopped_at / 50 + 3
    qtbot.wait(200)
    assert rig.player.position_ms == stopped_at


@pytest.mark.parametrize("clip_name", ["mjpeg_clip", "h264_clip"])
def test_seek_shows_the_frame_on_screen_at_that_time(
    rig: Rig, clip_name: str, request: pytest.FixtureRequest
):
    clip: MadeClip = request.getfixturevalue(clip_name)
    rig.load(clip)
    # on a frame's start, just after it, mid-frame, just before the next; backwards too
    for ms in (2000, 2001, 2020, 2039, 1000, 3960, 1500, 40):
        number = rig.shown_after(lambda ms=ms: rig.player.seek(ms))
        assert number == clip.shown_at(ms), f"seek to {ms} ms"
        assert rig.player.position_ms == ms


def test_frame_and_second_steps(rig: Rig, h264_clip: MadeClip):
    rig.load(h264_clip)
    rig.shown_after(lambda: rig.player.seek(2000))
    assert rig.shown_after(lambda: rig.player.step_frame(1)) == 51
    assert rig.player.position_ms == 2040
    assert rig.shown_after(lambda: rig.player.step_frame(-1)) == 50
    assert rig.shown_after(lambda: rig.player.step_frame(-1)) == 49
    assert rig.shown_after(lambda: rig.player.step_seconds(1)) == 74
    assert rig.player.position_ms == 2960
    assert rig.shown_after(lambda: rig.player.step_seconds(-5)) == 0
    assert rig.player.position_ms == 0


def test_frame_steps_follow_variable_frame_times(rig: Rig, vfr_clip: MadeClip):
    rig.load(vfr_clip, fps=17.0, variable=True)
    rig.player.set_frame_times(vfr_clip.pts)
    rig.shown_after(lambda: rig.player.seek(960))
    assert rig.shown_after(lambda: rig.player.step_frame(1)) == 25
    assert rig.player.position_ms == 1000
    assert rig.shown_after(lambda: rig.player.step_frame(1)) == 26
    assert rig.player.position_ms == 1100
    assert rig.shown_after(lambda: rig.player.step_frame(-2)) == 24


def test_seek_on_variable_frame_rate_with_frame_times(rig: Rig, vfr_clip: MadeClip):
    rig.load(vfr_clip, fps=23.0, variable=True)
    rig.player.set_frame_times(vfr_clip.pts)
    # Qt alone gets these wrong: it assumes every frame lasts the average frame duration
    for ms in (999, 1000, 1050, 1960, 1999, 2000, 2020, 2030, 2041, 2479, 500, 0):
        number = rig.shown_after(lambda ms=ms: rig.player.seek(ms))
        assert number == vfr_clip.shown_at(ms), f"seek to {ms} ms"


def test_speed_volume_and_mute(qtbot: QtBot, rig: Rig, mjpeg_clip: MadeClip):
    rig.load(mjpeg_clip)
    with qtbot.waitSignal(rig.player.speed_changed, check_params_cb=lambda r: r == 1.25):
        rig.player.faster()
    rig.player.set_speed(5)
    assert rig.player.speed == 2.0
    rig.player.faster()
    assert rig.player.speed == 2.0
    rig.player.set_speed(0.1)
    assert rig.player.speed == 0.5
    rig.player.slower()
    assert rig.player.speed == 0.5
    rig.player.faster()
    assert rig.player.speed == 0.75
    rig.player.set_volume(0.3)
    assert rig.player.volume == pytest.approx(0.3)
    with qtbot.waitSignal(rig.player.muted_changed, check_params_cb=lambda on: on):
        rig.player.toggle_mute()
    assert rig.player.muted


def test_double_speed_plays_faster(qtbot: QtBot, rig: Rig, mjpeg_clip: MadeClip):
    rig.load(mjpeg_clip)
    rig.player.set_speed(2.0)
    clock = QElapsedTimer()
    with qtbot.waitSignal(rig.player.playing_changed, check_params_cb=lambda on: on):
        rig.player.play()
        clock.start()
    qtbot.waitUntil(lambda: rig.player.position_ms >= 1500, timeout=10_000)
    media_ms, wall_ms = rig.player.position_ms, clock.elapsed()
    rig.player.pause()
    # 1.5 s of the lesson in about 0.75 s; well under 1.5 s even on a busy machine
    assert media_ms / max(1, wall_ms) > 1.4


def test_missing_file_is_reported(qtbot: QtBot, rig: Rig, tmp_path: Path):
    with qtbot.waitSignal(rig.player.error) as blocker:
        assert not rig.player.load(tmp_path / "gone.mp4")
    assert "no video file" in blocker.args[0]
    assert "Relink" in blocker.args[0]


def test_not_a_video_is_reported(qtbot: QtBot, rig: Rig, tmp_path: Path):
    junk = tmp_path / "lesson.mp4"
    junk.write_bytes(np.random.default_rng(1).bytes(40_000))
    with qtbot.waitSignal(rig.player.error, timeout=10_000) as blocker:
        rig.player.load(junk)
    assert "lesson.mp4" in blocker.args[0]
    assert "MP4 (H.264)" in blocker.args[0]


PROBLEM_SCRIPT = """
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from coachdesk.ui.review.player import Player
player = Player()
player.error.connect(print)
player.load(Path({clip!r}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses the Linux loader")
@pytest.mark.parametrize(
    ("library", "expected"),
    [
        (
            "libXrandr.so.2",
            "No QtMultimedia backends found. On Linux this means the system "
            "library libxrandr2 is missing",
        ),
        ("libpulse.so.0", "Install libpulse0"),
    ],
)
def test_a_missing_system_library_is_named(
    tmp_path: Path, mjpeg_clip: MadeClip, library: str, expected: str
):
    # An empty file where the library should be: the loader refuses it, as if it were absent.
    (tmp_path / library).touch()
    env = {
        **os.environ,
        "LD_LIBRARY_PATH": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    script = PROBLEM_SCRIPT.format(clip=str(mjpeg_clip.path))
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    assert "sudo apt install" in done.stdout
