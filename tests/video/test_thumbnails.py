"""Thumbnails: the right frame (VFR, rotated), cached on disk by fingerprint, made as a job."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import pytest

from coachdesk.video.fingerprint import fingerprint
from coachdesk.video.index import IndexCache
from coachdesk.video.jobs import CancelledError, CancelToken, Progress
from coachdesk.video.probe import probe_report
from coachdesk.video.thumbnails import ThumbnailCache
from tests.video.conftest import HEIGHT, WIDTH, MadeClip, read_frame_number, upright


def _number_in(thumbnail: Path, rotation: int) -> int | None:
    image = upright(cv2.imread(str(thumbnail)), rotation)
    return read_frame_number(cv2.resize(image, (WIDTH, HEIGHT), interpolation=cv2.INTER_LINEAR))


@pytest.mark.parametrize("name", ["vfr_clip", "rotated_clip", "cfr_clip"])
def test_thumbnail_shows_the_frame_on_screen(
    request: pytest.FixtureRequest, name: str, tmp_path: Path
) -> None:
    clip: MadeClip = request.getfixturevalue(name)
    rotation = probe_report(clip.path).probe.rotation
    cache = ThumbnailCache(tmp_path / "thumbs")
    fp = fingerprint(clip.path)
    for ms in (0, 1999, 2150, 3333, 4990):
        file = cache.thumbnail(clip.path, fp, ms)
        assert file.suffix == ".jpg"
        assert _number_in(file, rotation) == clip.shown_at(ms), ms


def test_thumbnail_keeps_the_shape_as_shown(rotated_clip: MadeClip, tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path)
    file = cache.thumbnail(rotated_clip.path, fingerprint(rotated_clip.path), 1000, width=120)
    height, width = cv2.imread(str(file)).shape[:2]
    assert (width, height) == (120, round(120 * 192 / 112))


def test_a_made_thumbnail_is_served_from_disk(cfr_clip: MadeClip, tmp_path: Path) -> None:
    moved = tmp_path / "clip.avi"
    shutil.copy(cfr_clip.path, moved)
    fp = fingerprint(moved)
    cache = ThumbnailCache(tmp_path / "thumbs")
    assert cache.cached(fp, 1000) is None
    first = cache.thumbnail(moved, fp, 1000)
    moved.unlink()  # the video is gone; the thumbnail still comes
    assert cache.thumbnail(moved, fp, 1000) == first == cache.cached(fp, 1000)
    assert cache.cached(fp, 1000, width=80) is None


def test_thumbnails_job_makes_all_with_progress(vfr_clip: MadeClip, tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path)
    fp = fingerprint(vfr_clip.path)
    job = cache.thumbnails(vfr_clip.path, fp, [4000, 0, 2100, 2100, 3000])
    progress: list[Progress] = []
    while True:
        try:
            progress.append(next(job))
        except StopIteration as stop:
            made: dict[int, Path] = stop.value
            break
    assert [(p.done, p.total) for p in progress] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert sorted(made) == [0, 2100, 3000, 4000]
    assert all(_number_in(made[ms], 0) == vfr_clip.shown_at(ms) for ms in made)


def test_thumbnails_job_stops_when_cancelled(vfr_clip: MadeClip, tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path / "thumbs")
    fp = fingerprint(vfr_clip.path)
    token = CancelToken()
    job = cache.thumbnails(vfr_clip.path, fp, range(0, 5000, 500), token)
    next(job)
    next(job)
    token.cancel()
    with pytest.raises(CancelledError):
        next(job)
    made = sorted(p.name for p in (tmp_path / "thumbs").rglob("*") if p.is_file())
    assert made == ["0000000000-w160.jpg", "0000000500-w160.jpg"]  # nothing half-written


def test_thumbnails_use_the_cached_index(vfr_clip: MadeClip, tmp_path: Path) -> None:
    fp = fingerprint(vfr_clip.path)
    indexes = IndexCache(tmp_path / "index")
    indexes.save(fp, probe_report(vfr_clip.path).index)
    cache = ThumbnailCache(tmp_path / "thumbs", indexes)
    assert _number_in(cache.thumbnail(vfr_clip.path, fp, 2299), 0) == vfr_clip.shown_at(2299)


def test_forget_removes_a_clips_thumbnails(cfr_clip: MadeClip, tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path)
    fp = fingerprint(cfr_clip.path)
    file = cache.thumbnail(cfr_clip.path, fp, 0)
    cache.forget(fp)
    assert not file.exists()
    assert cache.cached(fp, 0) is None
