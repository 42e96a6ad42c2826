"""The frame shown at a media time, exactly, on constant-rate, variable-rate and rotated video.

OpenCV's seeks (by time or by frame number) convert with the *average* frame rate, so on
variable-frame-rate video they land somewhere near, not on, the wanted frame. A seek is used
here only to get close: the timestamps read while decoding decide, and decoding steps forward
from a frame at or before the wanted time. With a timestamp index (``FrameIndex``) the wanted
frame is known in advance; without one the reader finds it by looking one frame ahead.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

import cv2
import numpy as np
import numpy.typing as npt

from coachdesk.video.capture import Capture, claimed_fps, grabbed_pts_ms, open_capture
from coachdesk.video.errors import VideoError
from coachdesk.video.index import STALL_LIMIT, FrameIndex

Image = npt.NDArray[np.uint8]

STEP_MS = 4000.0  # step forward rather than seek, until seeks and grabs have been timed
MIN_TIMED_GRABS = 30
WINDOW_MS = 250.0  # without an index, convert frames this close to the wanted time
SEEK_ATTEMPTS = 8
TOLERANCE_MS = 0.5


class ClipReader:
    """An open clip that hands out the frame shown at a media time.

    Keep one per clip while the coach scrubs or thumbnails are made: nearby requests decode
    forward instead of seeking. Use it from one thread at a time. The images handed out may be
    handed out again: copy one before drawing on it.
    """

    def __init__(self, path: Path, index: FrameIndex | None = None) -> None:
        self.path = path
        self.index = index
        self._cap: Capture = open_capture(path)
        self._fps = claimed_fps(self._cap) or 25.0
        self._pts: float | None = None  # time of the frame last grabbed (None: unknown)
        self._image: Image | None = None  # that frame, once converted
        self._shown: tuple[float, Image] | None = None  # the frame handed out last...
        self._shown_until = 0.0  # ...and the time of the frame after it
        self._grabs = 0  # grabs and seeks made, and the time they took,
        self._grab_s = 0.0  # to choose between decoding forward and seeking
        self._seeks = 0
        self._seek_s = 0.0
        self._stalled = 0  # grabs in a row whose time did not move on

    def close(self) -> None:
        """Release the decoder."""
        self._cap.release()

    def __enter__(self) -> ClipReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def frame_at(self, ms: float) -> Image:
        """Return the frame shown at ``ms`` (BGR): the last one whose time is <= ms."""
        shown = self._shown
        if shown is not None and shown[0] <= ms + 1e-3 < self._shown_until:
            return shown[1]
        index = self.index
        if index is not None and len(index):
            position = index.shown_at(ms)
            image: Image | None
            if index.synthetic:
                image = self._by_frame_number(position)
            else:
                image = self._exact(index.pts(position))
            if image is not None:
                following = index.pts(position + 1) if position + 1 < len(index) else math.inf
                return self._hand_out(index.pts(position), image, following)
        return self._discover(ms)

    def _exact(self, target: float) -> Image | None:
        """Return the frame whose time is ``target``; None if the file has no such frame."""
        if not self._worth_stepping(target):
            self._seek_at_or_before(target)
        while self._pts is not None and self._pts < target - TOLERANCE_MS:
            self._grab()
        if self._pts is None or abs(self._pts - target) > TOLERANCE_MS:
            return None  # the file does not match its index: find the frame the slow way
        return self._convert()

    def _by_frame_number(self, position: int) -> Image:
        self._cap.set(cv2.CAP_PROP_POS_FRAMES, position)
        self._pts = None
        self._image = None
        self._grab()
        return self._convert()

    def _discover(self, ms: float) -> Image:
        """Without an index: step forward until the next frame is later than ``ms``."""
        if not self._worth_stepping(ms):
            self._seek_at_or_before(ms)
        while True:
            current = self._pts
            assert current is not None
            image = self._convert() if ms - current < WINDOW_MS else None
            more = self._grab(must=False)
            if more and self._pts is not None and self._pts <= ms + 1e-3:
                continue
            following = self._pts if more and self._pts is not None else math.inf
            if image is None:  # it was long before the wanted time: go back for it
                image = self._exact(current)
                if image is None:
                    raise self._damaged()
            return self._hand_out(current, image, following)

    def _hand_out(self, pts: float, image: Image, following: float) -> Image:
        self._shown = (pts, image)
        self._shown_until = following
        return image

    # -- decoding ------------------------------------------------------------------------------

    def _worth_stepping(self, target: float) -> bool:
        """Return whether decoding forward to ``target`` is likely cheaper than seeking."""
        if self._pts is None or self._pts > target + 1e-3:
            return False
        if self._grabs < MIN_TIMED_GRABS or not self._seeks:
            return target - self._pts <= STEP_MS
        frame_ms = self.index.frame_duration_ms if self.index is not None else 1000 / self._fps
        frames = (target - self._pts) / max(frame_ms, 1.0)
        return frames * self._grab_s / self._grabs <= self._seek_s / self._seeks

    def _seek_at_or_before(self, target: float) -> None:
        """Leave a frame grabbed whose time is <= target (or the first frame)."""
        started = time.perf_counter()
        try:
            self._seek(target)
        finally:
            self._seeks += 1
            self._seek_s += time.perf_counter() - started

    def _seek(self, target: float) -> None:
        back = 0.0
        for _ in range(SEEK_ATTEMPTS):
            guess = target - back
            if guess <= 0:
                break
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, int(guess * self._fps / 1000.0))
            if self._cap.grab():
                pts = grabbed_pts_ms(self._cap)
                if pts <= target + 1e-3:
                    self._landed(pts)
                    return
            back = back * 2 + 1000.0
        self._rewind()

    def _rewind(self) -> None:
        self._cap.release()
        self._cap = open_capture(self.path)
        if not self._cap.grab():
            self._pts = None
            raise self._damaged()
        self._landed(grabbed_pts_ms(self._cap))

    def _landed(self, pts: float) -> None:
        self._pts = pts
        self._image = None

    def _grab(self, *, must: bool = True) -> bool:
        started = time.perf_counter()
        grabbed = self._cap.grab()
        self._grabs += 1
        self._grab_s += time.perf_counter() - started
        if not grabbed:
            self._pts = None  # at the end (or stuck): the next request seeks
            if must:
                raise self._damaged()
            return False
        pts = grabbed_pts_ms(self._cap)
        self._stalled = self._stalled + 1 if self._pts is not None and pts <= self._pts else 0
        if self._stalled > STALL_LIMIT:  # time stands still: never loop for ever
            self._pts = None
            raise self._damaged()
        self._pts = pts
        self._image = None
        return True

    def _convert(self) -> Image:
        if self._image is None:
            ok, image = self._cap.retrieve()
            if not ok or image is None:
                raise self._damaged()
            self._image = image
        return self._image

    def _damaged(self) -> VideoError:
        return VideoError(
            f"A frame of “{self.path.name}” could not be decoded: the file is damaged there. "
            "Try a slightly different time, or copy the video again from the device."
        )


def frame_at(path: Path, ms: float, index: FrameIndex | None = None) -> Image:
    """Return the frame (BGR) shown at media time ``ms`` in the clip at ``path``."""
    with ClipReader(path, index) as reader:
        return reader.frame_at(ms)


def frames_at(path: Path, times: Sequence[float], index: FrameIndex | None = None) -> list[Image]:
    """Return the frames shown at each of ``times`` (in the given order), in one pass."""
    with ClipReader(path, index) as reader:
        return read_frames(reader, times)


def read_frames(reader: ClipReader, times: Iterable[float]) -> list[Image]:
    """Return ``reader``'s frames at ``times``, visiting them in time order."""
    wanted = list(times)
    found: dict[float, Image] = {}
    for ms in sorted(set(wanted)):
        found[ms] = reader.frame_at(ms)
    return [found[ms] for ms in wanted]
