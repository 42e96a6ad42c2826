"""The timestamp index: lookups, rates, and its cache on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from coachdesk.video.index import FrameIndex, IndexCache
from coachdesk.video.probe import probe_report
from tests.video.conftest import MadeClip


def _index(*pts: float) -> FrameIndex:
    return FrameIndex(np.asarray(pts, dtype=np.float64), len(pts), 25.0)


def test_shown_at_is_the_last_frame_not_after_the_time() -> None:
    index = _index(0, 40, 80, 180, 200)
    assert [index.shown_at(ms) for ms in (-5, 0, 39, 40, 179, 180, 10_000)] == [0, 0, 0, 1, 2, 3, 4]
    assert index.end_ms == 220
    assert index.frame_duration_ms == 40  # the median of 40, 40, 100, 20


def test_variable_rate_needs_more_than_jitter() -> None:
    steady = _index(*[i * 33.367 for i in range(300)])
    jitter = _index(*[i * 33 + (i % 3 == 0) for i in range(300)])
    varying = _index(*[i * 40 for i in range(100)], *[4000 + i * 100 for i in range(20)])
    assert not steady.variable
    assert not jitter.variable
    assert varying.variable
    assert round(steady.average_fps, 2) == 29.97


def test_cache_round_trip_and_damage(vfr_clip: MadeClip, tmp_path: Path) -> None:
    index = probe_report(vfr_clip.path).index
    cache = IndexCache(tmp_path / "index")
    assert cache.load("v1:ab") is None
    file = cache.save("v1:ab", index)
    loaded = cache.load("v1:ab")
    assert loaded is not None
    assert loaded.pts_ms.tolist() == list(vfr_clip.pts)
    assert (loaded.claimed_frames, loaded.synthetic) == (index.claimed_frames, False)
    file.write_bytes(file.read_bytes()[:100])
    assert cache.load("v1:ab") is None
    assert not file.exists()
    cache.save("v1:ab", index)
    cache.forget("v1:ab")
    assert cache.load("v1:ab") is None
