"""What the review pane loads beside the clip, off the GUI thread: frame times and activity.

Frame times make seeks and frame steps exact on variable-frame-rate video; they were cached
when the clip was attached (attach.py), and are rebuilt here (by decoding) if missing. The
activity strip is read from its cache, or measured when the coach asks.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from coachdesk.core.clips import Clip
from coachdesk.core.jobs import CancelToken, Progress
from coachdesk.ui.review.attach import index_dir, relay


def activity_dir(data_dir: Path) -> Path:
    """Return the folder of cached activity curves (one per clip fingerprint)."""
    return data_dir / "cache" / "activity"


@dataclass(frozen=True)
class ClipExtras:
    """Frame times (ms, sorted; empty if unknown) and activity per second (empty if unknown)."""

    clip_id: int
    frame_times: tuple[float, ...]
    activity: tuple[float, ...]


def load_extras(
    clip: Clip, data_dir: Path, _token: CancelToken | None = None
) -> Generator[Progress, None, ClipExtras]:
    """Read the clip's cached frame times and activity; rebuild the times of a VFR clip."""
    from coachdesk.video.activity import ActivityCache
    from coachdesk.video.index import IndexCache, build_index_job

    indexes = IndexCache(index_dir(data_dir))
    index = indexes.load(clip.fingerprint)
    if index is None and clip.probe.variable_fps:
        index = yield from relay(build_index_job(Path(clip.path)))
        indexes.save(clip.fingerprint, index)
    curve = ActivityCache(activity_dir(data_dir)).load(clip.fingerprint)
    return ClipExtras(
        clip.id,
        tuple(index.pts_ms.tolist()) if index is not None else (),
        curve.values if curve is not None else (),
    )


def measure_activity(
    clip: Clip, data_dir: Path, _token: CancelToken | None = None
) -> Generator[Progress, None, tuple[float, ...]]:
    """Measure (or read the cached) activity of the clip, per second."""
    from coachdesk.video.activity import ActivityCache

    cache = ActivityCache(activity_dir(data_dir))
    curve = yield from relay(cache.job(Path(clip.path), clip.fingerprint))
    return tuple(curve.values)


def busy_moments(activity: tuple[float, ...], count: int = 30) -> list[int]:
    """Return the busiest seconds (at least 10 s apart), in time order."""
    from coachdesk.video.activity import curve_from_raw, peaks

    return peaks(curve_from_raw(list(activity)), count)
