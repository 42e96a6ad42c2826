"""Activity per second, its peaks, cancelling, and its cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from coachdesk.video import activity as activity_module
from coachdesk.video.activity import (
    ActivityCache,
    ActivityCurve,
    activity,
    activity_job,
    next_peak,
    peaks,
)
from coachdesk.video.jobs import CancelledError, CancelToken, run_job

FPS = 10


@pytest.fixture(scope="session")
def busy_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """8 s, still except for flickering noise in second 2 and a moving block in second 5."""
    path = tmp_path_factory.mktemp("activity") / "busy.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (160, 96))
    rng = np.random.default_rng(1)
    for number in range(8 * FPS):
        frame = np.full((96, 160, 3), 90, np.uint8)
        second = number // FPS
        if second == 2:
            frame[:] = rng.integers(0, 256, (96, 160, 1), dtype=np.uint8)
        elif second == 5:
            x = (number % FPS) * 14
            frame[20:76, x : x + 30] = 255
        writer.write(frame)
    writer.release()
    return path


def test_busiest_seconds_are_found(busy_clip: Path) -> None:
    curve = activity(busy_clip)
    assert len(curve) == 8
    assert max(curve.values) == 1.0
    assert all(0.0 <= v <= 1.0 for v in curve.values)
    assert curve.at(2) == 1.0
    assert curve.at(0) == curve.at(7) == 0.0
    assert curve.at(99) == 0.0
    assert peaks(curve, 2, min_gap_s=2) == [2, 5]


def test_job_reports_progress_and_honours_cancel(
    monkeypatch: pytest.MonkeyPatch, busy_clip: Path
) -> None:
    monkeypatch.setattr(activity_module, "PROGRESS_EVERY", 20)
    done: list[int] = []
    run_job(activity_job(busy_clip), lambda p: done.append(p.done))
    assert done == [0, 20, 40, 60, 80]
    token = CancelToken()
    job = activity_job(busy_clip, token)
    next(job)
    token.cancel()
    with pytest.raises(CancelledError):
        run_job(job)


def test_curve_is_cached_by_fingerprint(busy_clip: Path, tmp_path: Path) -> None:
    copy = tmp_path / "lesson.avi"
    shutil.copy(busy_clip, copy)
    cache = ActivityCache(tmp_path / "activity")
    curve = run_job(cache.job(copy, "v1:abc"))
    copy.unlink()  # from now on only the cache can answer
    assert run_job(cache.job(copy, "v1:abc")) == curve == cache.load("v1:abc")
    cache.forget("v1:abc")
    assert cache.load("v1:abc") is None


def test_a_damaged_cache_file_is_dropped(tmp_path: Path) -> None:
    cache = ActivityCache(tmp_path)
    cache.save("v1:abc", ActivityCurve((0.0, 1.0), 12.5))
    (tmp_path / "v1-abc.activity.json").write_text("{not json", encoding="utf-8")
    assert cache.load("v1:abc") is None
    assert not (tmp_path / "v1-abc.activity.json").exists()


def test_peaks_keep_apart_and_come_in_time_order() -> None:
    curve = ActivityCurve((0.1, 0.9, 1.0, 0.2, 0.0, 0.5, 0.8, 0.0, 0.3), 40.0)
    assert peaks(curve, 3, min_gap_s=2) == [2, 6, 8]
    assert peaks(curve, 10, min_gap_s=1) == [0, 1, 2, 3, 5, 6, 8]  # never a still second
    assert peaks(curve, 1) == [2]
    assert peaks(ActivityCurve((0.0, 0.0), 0.0), 3) == []


def test_next_peak() -> None:
    assert next_peak([12, 40, 95], 0) == 12
    assert next_peak([12, 40, 95], 12_000) == 40
    assert next_peak([12, 40, 95], 95_000) is None
