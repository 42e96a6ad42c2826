"""Playing a lesson clip with sound: Qt Multimedia behind a small, frame-exact API.

Times are integer milliseconds. ``seek(ms)`` shows the frame on screen at ``ms`` (the last
frame whose time is <= ms); ``position_changed`` is throttled to ~15 Hz so the panes that follow
the playhead stay cheap.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtWidgets import QLabel, QWidget

try:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink
    from PySide6.QtMultimediaWidgets import QVideoWidget

    MULTIMEDIA_IMPORT_ERROR = ""
except ImportError as exc:  # a system library is missing; say which instead of crashing
    MULTIMEDIA_IMPORT_ERROR = str(exc)

TICK_MS = 66  # ~15 Hz: smooth enough for a playhead, cheap enough for 5,000 tags
SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
MIN_SPEED, MAX_SPEED = SPEEDS[0], SPEEDS[-1]


@functools.cache
def multimedia_problem() -> str:
    """Return why video cannot be played on this computer, or "" when it can."""
    if MULTIMEDIA_IMPORT_ERROR:
        lib = "libpulse0" if "pulse" in MULTIMEDIA_IMPORT_ERROR else "its system libraries"
        return (
            f"Video playback is not available: Qt Multimedia could not be loaded "
            f"({MULTIMEDIA_IMPORT_ERROR}). Install {lib} (on Debian or Ubuntu: "
            "sudo apt install libpulse0 libxrandr2) and start CoachDesk again."
        )
    if not QMediaPlayer().isAvailable():
        return (
            "Video playback is not available: No QtMultimedia backends found. On Linux this "
            "means the system library libxrandr2 is missing (its FFmpeg backend needs it); "
            "install it (sudo apt install libxrandr2) and start CoachDesk again."
        )
    return ""


def video_and_player(parent: QObject) -> tuple[QWidget, Player]:
    """A video widget and a ``Player`` showing in it; a label saying why when video cannot play."""
    problem = multimedia_problem()
    if problem:
        label = QLabel(problem)
        label.setWordWrap(True)
        return label, Player(None, parent)
    video = QVideoWidget()
    return video, Player(video, parent)


class Player(QObject):
    """One clip at a time: play, pause, exact seeks and steps, speed, volume and mute."""

    position_changed = Signal(int)  # ms, at most ~15 times a second while playing
    duration_changed = Signal(int)  # ms
    playing_changed = Signal(bool)
    speed_changed = Signal(float)
    muted_changed = Signal(bool)
    error = Signal(str)

    def __init__(
        self, output: QVideoWidget | QVideoSink | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.problem = multimedia_problem()
        self._path: Path | None = None
        self._fps = 25.0
        self._variable = False
        self._frame_times: list[float] = []
        self._held: int | None = None  # the time asked for by the last seek, until play
        self._qt_frame_ms = 0.0  # the frame duration Qt assumes (see _position_showing)
        self._last_emitted = -1
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick_timeout)
        if self.problem:
            return
        self._media = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._media.setAudioOutput(self._audio)
        if output is not None:
            self.set_video_output(output)
        self._media.playbackStateChanged.connect(self._on_media_playback_state_changed)
        self._media.durationChanged.connect(lambda ms: self.duration_changed.emit(int(ms)))
        self._media.errorOccurred.connect(self._on_media_error_occurred)
        self._audio.mutedChanged.connect(self.muted_changed)
        self._media.playbackRateChanged.connect(lambda rate: self.speed_changed.emit(float(rate)))

    @property
    def available(self) -> bool:
        return not self.problem

    def set_video_output(self, output: QVideoWidget | QVideoSink) -> None:
        """Show the picture in a QVideoWidget, or hand frames to a QVideoSink (tests)."""
        old = self._media.videoSink()
        if old is not None:
            old.videoFrameChanged.disconnect(self._on_sink_video_frame_changed)
        if isinstance(output, QVideoSink):
            self._media.setVideoSink(output)
        else:
            self._media.setVideoOutput(output)
        self._media.videoSink().videoFrameChanged.connect(self._on_sink_video_frame_changed)

    def video_sink(self) -> QVideoSink | None:
        """Return the sink the frames go to (a QVideoWidget has one too)."""
        return None if self.problem else self._media.videoSink()

    # -- loading -----------------------------------------------------------------------------

    def load(self, path: Path, fps: float = 0.0, variable_fps: bool = False) -> bool:
        """Open ``path`` paused on its first frame; return False (and emit error) if it cannot."""
        self.unload()
        if self.problem:
            self.error.emit(self.problem)
            return False
        if not path.is_file():
            self.error.emit(
                f"There is no video file at {path}. It may have been moved, renamed or "
                "deleted; use Relink… to find it."
            )
            return False
        self._path = path
        self._fps = fps if fps > 0 else 25.0
        self._variable = variable_fps
        self._media.setSource(QUrl.fromLocalFile(str(path)))
        self._media.pause()  # paused, not stopped: a stopped player shows no frame after seeks
        self._emit_position(0)
        return True

    def set_frame_times(self, times: Sequence[float]) -> None:
        """Give the clip's decoded frame times (ms, sorted): exact steps on variable-rate video."""
        self._frame_times = [float(t) for t in times]

    @property
    def frame_times_known(self) -> bool:
        """Return whether the clip's decoded frame times are in hand (exact VFR steps)."""
        return bool(self._frame_times)

    def unload(self) -> None:
        """Stop and let go of the file."""
        self._tick.stop()
        self._path = None
        self._frame_times = []
        self._held = None
        self._qt_frame_ms = 0.0
        self._last_emitted = -1
        if not self.problem:
            self._media.stop()
            self._media.setSource(QUrl())

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def fps(self) -> float:
        return self._fps

    # -- state -------------------------------------------------------------------------------

    @property
    def position_ms(self) -> int:
        if self.problem or self._path is None:
            return 0
        if self._held is not None:
            return self._held
        return int(self._media.position())

    @property
    def duration_ms(self) -> int:
        return 0 if self.problem else int(self._media.duration())

    @property
    def is_playing(self) -> bool:
        if self.problem:
            return False
        return self._media.playbackState() is QMediaPlayer.PlaybackState.PlayingState

    # -- transport ---------------------------------------------------------------------------

    def play(self) -> None:
        if self.problem or self._path is None:
            return
        self._held = None
        self._media.play()

    def pause(self) -> None:
        if self.problem or self._path is None:
            return
        position = self.position_ms
        self._media.pause()
        self._emit_position(position)

    def toggle(self) -> None:
        """Play if paused, pause if playing."""
        if self.is_playing:
            self.pause()
        else:
            self.play()

    def seek(self, ms: int) -> None:
        """Show the frame on screen at ``ms`` (the last frame whose time is <= ms)."""
        if self.problem or self._path is None:
            return
        duration = self.duration_ms
        ms = max(0, min(int(ms), duration - 1 if duration > 0 else int(ms)))
        if self._media.playbackState() is QMediaPlayer.PlaybackState.StoppedState:
            self._media.pause()  # after the end of the clip: show frames again
        self._media.setPosition(self._position_showing(ms))
        self._held = None if self.is_playing else ms
        self._emit_position(ms)

    def step_frame(self, frames: int = 1) -> None:
        """Pause and move ``frames`` frames forward (or back, when negative)."""
        if self.problem or self._path is None or frames == 0:
            return
        if self.is_playing:
            self.pause()
        now = self.position_ms
        if self._frame_times:
            times = self._frame_times
            current = max(0, bisect.bisect_right(times, now + 1e-6) - 1)
            wanted = max(0, min(current + frames, len(times) - 1))
            self.seek(math.ceil(times[wanted] - 1e-6))
        else:
            frame_ms = 1000.0 / self._fps
            current = math.floor(now / frame_ms + 1e-6)
            self.seek(math.ceil(max(0, current + frames) * frame_ms - 1e-6))

    def step_seconds(self, seconds: float) -> None:
        """Move ``seconds`` forward (or back, when negative), playing or not."""
        self.seek(self.position_ms + round(seconds * 1000))

    # -- speed and sound ---------------------------------------------------------------------

    @property
    def speed(self) -> float:
        return 1.0 if self.problem else float(self._media.playbackRate())

    def set_speed(self, rate: float) -> None:
        """Play at ``rate`` times normal speed (0.5–2.0)."""
        if not self.problem:
            self._media.setPlaybackRate(max(MIN_SPEED, min(MAX_SPEED, float(rate))))

    def faster(self) -> None:
        self.set_speed(next((s for s in SPEEDS if s > self.speed + 1e-6), MAX_SPEED))

    def slower(self) -> None:
        self.set_speed(next((s for s in reversed(SPEEDS) if s < self.speed - 1e-6), MIN_SPEED))

    @property
    def volume(self) -> float:
        return 0.0 if self.problem else float(self._audio.volume())

    def set_volume(self, volume: float) -> None:
        """Set the loudness, 0.0–1.0."""
        if not self.problem:
            self._audio.setVolume(max(0.0, min(1.0, float(volume))))

    @property
    def muted(self) -> bool:
        return False if self.problem else bool(self._audio.isMuted())

    def set_muted(self, muted: bool) -> None:
        if not self.problem:
            self._audio.setMuted(muted)

    def toggle_mute(self) -> None:
        self.set_muted(not self.muted)

    # -- internals ---------------------------------------------------------------------------

    def _position_showing(self, ms: int) -> int:
        """Return the position to give Qt so that it shows the frame on screen at ``ms``."""
        # WORKAROUND: Qt 6.11 Multimedia (FFmpeg backend), paused seeks. After setPosition(x)
        # Qt shows the first frame whose start + D >= x, where D is one *nominal* frame
        # duration (from the average rate, the same for every frame; QVideoFrame.endTime()
        # shows it). So on H.264/HEVC/VP9 setPosition(5000) shows the 4967 ms frame, and on
        # variable-rate video it can land a frame early or late. AVI (MJPEG) instead rounds x
        # to the nearest frame. x = max(start + 1, previous start + D + 1) skips the frame
        # before and keeps the wanted one in every case (it is start + 1 on constant-rate
        # video: the "+1 ms" fix).
        nominal = self._qt_frame_ms or 1000.0 / self._fps
        times = self._frame_times
        if times:
            index = max(0, bisect.bisect_right(times, ms + 1e-6) - 1)
            start = times[index]
            previous = times[index - 1] if index > 0 else None
        elif self._variable:
            return ms + 1  # no frame times yet: the +1 ms fix still helps most seeks
        else:
            frame_ms = 1000.0 / self._fps
            number = math.floor(ms / frame_ms + 1e-6)
            start = number * frame_ms
            previous = (number - 1) * frame_ms if number > 0 else None
        target = math.floor(start) + 1
        if previous is not None:
            target = max(target, math.floor(previous + nominal) + 1)
        return target

    def _on_sink_video_frame_changed(self, frame: QVideoFrame) -> None:
        if not self._qt_frame_ms and frame.isValid() and frame.endTime() > frame.startTime():
            self._qt_frame_ms = (frame.endTime() - frame.startTime()) / 1000.0

    def _emit_position(self, ms: int) -> None:
        if ms != self._last_emitted:
            self._last_emitted = ms
            self.position_changed.emit(ms)

    def _on_tick_timeout(self) -> None:
        self._emit_position(int(self._media.position()))

    def _on_media_playback_state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state is QMediaPlayer.PlaybackState.PlayingState
        if playing:
            self._held = None
            self._tick.start()
        else:
            self._tick.stop()
            self._emit_position(self.position_ms)
        self.playing_changed.emit(playing)

    def _on_media_error_occurred(self, kind: QMediaPlayer.Error, text: str) -> None:
        name = self._path.name if self._path is not None else "the video"
        if kind is QMediaPlayer.Error.FormatError:
            message = (
                f"CoachDesk cannot play “{name}”: its video format is not supported or the "
                "file is damaged. Convert it to MP4 (H.264) and attach it again."
            )
        elif kind is QMediaPlayer.Error.ResourceError:
            message = (
                f"CoachDesk cannot open “{name}” for playing ({text}). Check that the file "
                "is still there and readable; if it plays elsewhere, convert it to MP4 (H.264)."
            )
        else:
            message = f"Playing “{name}” stopped: {text or kind.name}."
        self.error.emit(message)
