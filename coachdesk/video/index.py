"""The timestamp index of a clip: the presentation time of every decodable frame, in order.

Built once by decoding the whole clip sequentially with ``grab()`` (no colour conversion), which
is the only way to know the true frame count and the true timestamps of a variable-frame-rate
or damaged file. Cached on disk by clip fingerprint (``IndexCache``).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coachdesk.core.atomic import private_folder, write_atomically
from coachdesk.core.errors import CoachDeskError
from coachdesk.video.capture import (
    Capture,
    claimed_fps,
    claimed_frames,
    grabbed_pts_ms,
    open_capture,
)
from coachdesk.video.jobs import CancelToken, Job, Progress

PROGRESS_EVERY = 250  # frames between progress reports and cancel checks
STALL_LIMIT = 2_000  # grabs in a row whose timestamp does not move: the file is broken
MAX_FRAMES_UNKNOWN = 12 * 3600 * 60  # twelve hours at 60 fps, when the file claims nothing

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class FrameIndex:
    """Presentation times (ms, non-decreasing) of every frame that decodes, and what was claimed."""

    pts_ms: FloatArray
    claimed_frames: int
    claimed_fps: float
    synthetic: bool = False  # the file had no usable timestamps; times are frame / fps

    def __len__(self) -> int:
        return int(self.pts_ms.shape[0])

    def shown_at(self, ms: float) -> int:
        """Return the index of the frame shown at ``ms``: the last one whose time is <= ms."""
        position = int(np.searchsorted(self.pts_ms, ms + 1e-6, side="right")) - 1
        return max(0, min(position, len(self) - 1))

    def pts(self, index: int) -> float:
        """Return the presentation time of frame ``index``, in ms."""
        return float(self.pts_ms[index])

    @property
    def frame_duration_ms(self) -> float:
        """Return the typical time between frames (the median), in ms."""
        if len(self) >= 2:
            deltas = np.diff(self.pts_ms)
            positive = deltas[deltas > 0]
            if positive.size:
                return float(np.median(positive))
        return 1000.0 / self.claimed_fps if self.claimed_fps > 0 else 40.0

    @property
    def end_ms(self) -> float:
        """Return when the last frame stops being shown (its time plus a frame's duration)."""
        if not len(self):
            return 0.0
        last = self.frame_duration_ms
        if len(self) >= 2 and self.pts_ms[-1] > self.pts_ms[-2]:
            last = float(self.pts_ms[-1] - self.pts_ms[-2])
        return float(self.pts_ms[-1]) + last

    @property
    def average_fps(self) -> float:
        """Return frames per second averaged over the decoded frames."""
        if len(self) >= 2 and self.pts_ms[-1] > self.pts_ms[0]:
            return (len(self) - 1) * 1000.0 / float(self.pts_ms[-1] - self.pts_ms[0])
        return self.claimed_fps

    @property
    def variable(self) -> bool:
        """Return whether frames come at a varying rate (more than 1 % of gaps differ clearly)."""
        if len(self) < 3 or self.synthetic:
            return False
        deltas = np.diff(self.pts_ms)
        median = float(np.median(deltas))
        tolerance = max(1.5, 0.05 * median)
        odd = int(np.count_nonzero(np.abs(deltas - median) > tolerance))
        return odd > max(1, len(deltas) // 100)


def build_index_job(
    path: Path, cancel: CancelToken | None = None, cap: Capture | None = None
) -> Job[FrameIndex]:
    """Decode ``path`` from start to end with grab() and return its timestamp index."""
    if cancel is not None:
        cancel.check()
    own = cap is None
    capture = open_capture(path) if cap is None else cap
    try:
        claimed = claimed_frames(capture)
        fps = claimed_fps(capture)
        limit = 2 * claimed + 10_000 if claimed else MAX_FRAMES_UNKNOWN
        times: list[float] = []
        stalled = 0
        while len(times) < limit and capture.grab():
            pts = grabbed_pts_ms(capture)
            if times and pts <= times[-1]:
                stalled += 1
                if stalled >= STALL_LIMIT:
                    break
            else:
                stalled = 0
            times.append(pts)
            if len(times) % PROGRESS_EVERY == 0:
                if cancel is not None:
                    cancel.check()
                yield Progress(len(times), max(claimed, len(times)), "Reading the video")
        return _index_from(times, claimed, fps)
    finally:
        if own:
            capture.release()


def _index_from(times: list[float], claimed: int, fps: float) -> FrameIndex:
    pts = np.asarray(times, dtype=np.float64)
    synthetic = False
    if pts.size >= 2 and float(pts[-1]) <= float(pts[0]):
        # No usable timestamps (a raw stream): fall back to a constant rate.
        rate = fps if fps > 0 else 25.0
        pts = np.arange(pts.size, dtype=np.float64) * (1000.0 / rate)
        synthetic = True
    elif pts.size:
        pts = np.maximum.accumulate(pts)  # a glitch backwards must not break the search
    return FrameIndex(pts, claimed, fps, synthetic)


class IndexCache:
    """Timestamp indexes on disk, one small file per clip fingerprint."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, fingerprint: str) -> Path:
        return self.folder / f"{fingerprint.replace(':', '-')}.index.npz"

    def load(self, fingerprint: str) -> FrameIndex | None:
        """Return the cached index for ``fingerprint``, or None (a damaged cache is dropped)."""
        file = self._file(fingerprint)
        if not file.is_file():
            return None
        try:
            with file.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
                pts = np.asarray(data["pts"], dtype=np.float64)
                meta = np.asarray(data["meta"], dtype=np.float64)
            return FrameIndex(pts, int(meta[0]), float(meta[1]), bool(meta[2]))
        except (OSError, EOFError, KeyError, ValueError, IndexError, zipfile.BadZipFile):
            file.unlink(missing_ok=True)
            return None

    def save(self, fingerprint: str, index: FrameIndex) -> Path:
        """Store ``index`` for ``fingerprint`` and return the file."""
        private_folder(self.folder)
        buffer = io.BytesIO()
        meta = np.array([index.claimed_frames, index.claimed_fps, float(index.synthetic)])
        np.savez(buffer, pts=index.pts_ms, meta=meta)
        try:
            return write_atomically(self._file(fingerprint), buffer.getvalue())
        except CoachDeskError:
            return self._file(fingerprint)  # a cache that cannot be written only costs time

    def forget(self, fingerprint: str) -> None:
        """Delete the clip's cached index."""
        self._file(fingerprint).unlink(missing_ok=True)
