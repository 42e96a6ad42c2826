"""How busy each second of a clip is, to jump to the liveliest moments of a lesson.

Activity is the mean absolute difference between small greyscale samples taken a quarter
second apart, averaged per second and scaled so the busiest second is 1.0. One sequential pass:
every frame is grabbed (decoded), only the sampled ones are converted; no seeking.
"""

from __future__ import annotations

import contextlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from coachdesk.core.atomic import private_folder, write_atomically
from coachdesk.core.errors import CoachDeskError
from coachdesk.video.capture import claimed_frames, grabbed_pts_ms, open_capture
from coachdesk.video.errors import VideoError
from coachdesk.video.jobs import CancelToken, Job, Progress, run_job

SAMPLE_MS = 250
SAMPLE_WIDTH = 64
PROGRESS_EVERY = 250  # frames
CACHE_VERSION = 1


@dataclass(frozen=True)
class ActivityCurve:
    """Activity per second of the clip, 0.0 (still) .. 1.0 (the busiest second)."""

    values: tuple[float, ...]
    raw_max: float  # the busiest second's mean grey-level difference (0..255), for comparing

    def __len__(self) -> int:
        return len(self.values)

    def at(self, second: int) -> float:
        """Return the activity of ``second`` (0.0 outside the clip)."""
        return self.values[second] if 0 <= second < len(self.values) else 0.0


def activity(path: Path) -> ActivityCurve:
    """Return the activity curve of the clip at ``path`` (runs the whole job here)."""
    return run_job(activity_job(path))


def activity_job(path: Path, cancel: CancelToken | None = None) -> Job[ActivityCurve]:
    """Compute the activity curve in one sequential pass, reporting progress."""
    if cancel is not None:
        cancel.check()
    cap = open_capture(path)
    try:
        total = claimed_frames(cap)
        yield Progress(0, total, "Measuring activity")
        sums: dict[int, float] = {}
        counts: dict[int, int] = {}
        previous: npt.NDArray[np.float32] | None = None
        next_sample = 0.0
        grabbed = 0
        last_second = 0
        while cap.grab():
            grabbed += 1
            pts = grabbed_pts_ms(cap)
            if grabbed % PROGRESS_EVERY == 0:
                if cancel is not None:
                    cancel.check()
                yield Progress(grabbed, max(total, grabbed), "Measuring activity")
            if pts < next_sample:
                continue
            next_sample = (math.floor(pts / SAMPLE_MS) + 1) * SAMPLE_MS
            ok, frame = cap.retrieve()
            if not ok or frame is None:
                continue
            sample = _small_grey(frame)
            second = int(pts // 1000)
            last_second = max(last_second, second)
            if previous is not None:
                sums[second] = sums.get(second, 0.0) + float(np.mean(np.abs(sample - previous)))
                counts[second] = counts.get(second, 0) + 1
            previous = sample
    finally:
        cap.release()
    if grabbed == 0:
        raise VideoError(f"No picture in “{path.name}” could be decoded to measure activity.")
    raw = [sums[s] / counts[s] if counts.get(s) else 0.0 for s in range(last_second + 1)]
    return curve_from_raw(raw)


def curve_from_raw(raw: list[float]) -> ActivityCurve:
    """Scale raw per-second differences so the busiest second is 1.0."""
    top = max(raw, default=0.0)
    values = tuple(round(v / top, 4) if top > 0 else 0.0 for v in raw)
    return ActivityCurve(values, round(top, 4))


def _small_grey(frame: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    height, width = frame.shape[:2]
    size = (SAMPLE_WIDTH, max(1, round(height * SAMPLE_WIDTH / width)))
    grey = cv2.cvtColor(cv2.resize(frame, size, interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
    result: npt.NDArray[np.float32] = grey.astype(np.float32)
    return result


def peaks(curve: ActivityCurve, n: int, min_gap_s: int = 10) -> list[int]:
    """Return up to ``n`` busiest seconds, at least ``min_gap_s`` apart, in time order."""
    order = sorted(range(len(curve)), key=lambda s: (-curve.values[s], s))
    chosen: list[int] = []
    for second in order:
        if len(chosen) >= n or curve.values[second] <= 0:
            break
        if all(abs(second - other) >= min_gap_s for other in chosen):
            chosen.append(second)
    return sorted(chosen)


def next_peak(peak_seconds: list[int], now_ms: int) -> int | None:
    """Return the first peak (in seconds) after ``now_ms``, or None."""
    return next((s for s in peak_seconds if s * 1000 > now_ms), None)


class ActivityCache:
    """Activity curves on disk, one small JSON file per clip fingerprint."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, fingerprint: str) -> Path:
        return self.folder / f"{fingerprint.replace(':', '-')}.activity.json"

    def load(self, fingerprint: str) -> ActivityCurve | None:
        """Return the cached curve, or None (a damaged cache file is dropped)."""
        file = self._file(fingerprint)
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
            if doc.get("version") != CACHE_VERSION:
                return None
            return ActivityCurve(tuple(float(v) for v in doc["values"]), float(doc["raw_max"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            file.unlink(missing_ok=True)
            return None

    def save(self, fingerprint: str, curve: ActivityCurve) -> None:
        """Store ``curve`` for ``fingerprint`` (a cache that cannot be written only costs time)."""
        doc = {"version": CACHE_VERSION, "values": list(curve.values), "raw_max": curve.raw_max}
        private_folder(self.folder)
        with contextlib.suppress(CoachDeskError):
            write_atomically(self._file(fingerprint), json.dumps(doc).encode("utf-8"))

    def forget(self, fingerprint: str) -> None:
        """Delete the clip's cached curve."""
        self._file(fingerprint).unlink(missing_ok=True)

    def job(
        self, path: Path, fingerprint: str, cancel: CancelToken | None = None
    ) -> Job[ActivityCurve]:
        """Return the cached curve, or compute it (as a job) and cache it."""
        cached = self.load(fingerprint)
        if cached is not None:
            return cached
        curve = yield from activity_job(path, cancel)
        self.save(fingerprint, curve)
        return curve
