"""Erasing a coachee erases the files made from their clips: thumbnails, the frame-time index,
the activity curve (all kept by clip fingerprint under ``<data_dir>/cache``) and the videos
copied into CoachDesk for them — unless another clip still uses the same video.

Each case attaches a generated clip the way the review pane does (``prepare_clip``, then
``clips.add``), builds every cache the app builds, erases the coachee through the service, and
then looks at every file under the data folder.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coachdesk.core.clips import Clip
from coachdesk.core.jobs import run_job
from coachdesk.core.observations import ObservationMode
from coachdesk.storage import clip_files
from coachdesk.storage.workspace import Workspace, open_workspace
from coachdesk.ui.review.attach import index_dir, prepare_clip
from coachdesk.ui.review.clip_extras import activity_dir
from coachdesk.ui.review.review_workspace import thumbnail_dir
from coachdesk.video.activity import ActivityCache
from coachdesk.video.index import IndexCache
from coachdesk.video.thumbnails import ThumbnailCache
from tests.video.conftest import write_cfr

TODAY = dt.date(2025, 11, 12)


@dataclass
class Folder:
    root: Path
    data_dir: Path
    videos: Path
    ws: Workspace


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Folder]:
    data_dir, videos = tmp_path / "data", tmp_path / "videos"
    videos.mkdir()
    ws = open_workspace(data_dir, daily_backup=False)
    yield Folder(tmp_path, data_dir, videos, ws)
    ws.close()


def video(folder: Folder, name: str, frames: int) -> Path:
    """A small MJPEG clip (no ffmpeg needed); ``frames`` makes its content, so its fingerprint."""
    return write_cfr(folder.videos / name, frames).path


def attach(folder: Folder, coachee: str, path: Path, *, copy_in: bool) -> Clip:
    """Attach ``path`` to a new observation of ``coachee`` and build every cache of it."""
    ws = folder.ws
    found = [c for c in ws.coachees.list() if c.name == coachee]
    person = found[0] if found else ws.coachees.add(coachee, today=TODAY).value
    cycles = ws.cycles.list(person.id)
    cycle = cycles[0] if cycles else ws.cycles.start(person.id, TODAY).value
    obs = ws.observations.add(cycle.id, TODAY, ObservationMode.VIDEO, "Lesson").value
    prepared = run_job(prepare_clip(path, folder.data_dir, copy_in))
    clip = ws.clips.add(
        obs.id, str(prepared.path), prepared.fingerprint, prepared.probe, copied_in=copy_in
    ).value
    build_caches(folder.data_dir, clip)
    return clip


def build_caches(data_dir: Path, clip: Clip) -> None:
    indexes = IndexCache(index_dir(data_dir))
    thumbs = ThumbnailCache(thumbnail_dir(data_dir), indexes)
    run_job(thumbs.thumbnails(Path(clip.path), clip.fingerprint, [0, 1000, 2000]))
    thumbs.thumbnail(Path(clip.path), clip.fingerprint, 500, width=320)
    run_job(ActivityCache(activity_dir(data_dir)).job(Path(clip.path), clip.fingerprint))
    key = clip_files.cache_key(clip.fingerprint)
    kinds = {p.relative_to(data_dir / "cache").parts[0] for p in named_by(data_dir, key)}
    assert kinds == {"thumbnails", "index", "activity"}, kinds  # the test builds them all


def named_by(data_dir: Path, key: str) -> list[Path]:
    """Every file or folder under ``data_dir`` whose name holds ``key``."""
    return [p for p in data_dir.rglob("*") if key in p.name]


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def coachee_id(ws: Workspace, name: str) -> int:
    return next(c.id for c in ws.coachees.list() if c.name == name)


def test_erasing_a_coachee_deletes_every_file_made_from_their_clips(folder: Folder):
    theirs = attach(folder, "Ada Lovelace", video(folder, "ada lesson.avi", 60), copy_in=True)
    by_reference = attach(folder, "Ada Lovelace", video(folder, "ada 2.avi", 40), copy_in=False)
    others = attach(folder, "Grace Hopper", video(folder, "grace.avi", 50), copy_in=True)
    copy = Path(theirs.path)
    assert copy.parent == folder.data_dir / "clips"
    assert copy.is_file()
    keep = files_under(folder.data_dir / "cache") & {
        *named_by(folder.data_dir, clip_files.cache_key(others.fingerprint)),
        *(p for d in named_by(folder.data_dir, clip_files.cache_key(others.fingerprint))
          if d.is_dir() for p in d.rglob("*")),
    }  # fmt: skip

    folder.ws.coachees.delete(coachee_id(folder.ws, "Ada Lovelace"))

    for clip in (theirs, by_reference):
        key = clip_files.cache_key(clip.fingerprint)
        assert named_by(folder.data_dir, key) == []
        assert named_by(folder.root, key) == []  # nor a temporary file beside one
    assert not copy.exists()  # the copy CoachDesk made of their video
    assert Path(by_reference.path).is_file()  # the coach's own file, outside, is left alone
    assert (folder.videos / "ada lesson.avi").is_file()  # so is the original of the copy
    assert Path(others.path).is_file()  # another coachee's copy and caches stay
    assert keep
    assert keep <= files_under(folder.data_dir / "cache")
    assert folder.ws.clips.get(others.id).fingerprint == others.fingerprint


def test_a_video_another_clip_still_uses_keeps_its_files(folder: Folder):
    lesson = video(folder, "shared lesson.avi", 70)
    first = attach(folder, "Ada Lovelace", lesson, copy_in=True)
    second = attach(folder, "Grace Hopper", lesson, copy_in=True)  # the same copy is reused
    assert first.path == second.path
    assert first.fingerprint == second.fingerprint
    key = clip_files.cache_key(first.fingerprint)
    before = files_under(folder.data_dir / "cache")

    folder.ws.coachees.delete(coachee_id(folder.ws, "Ada Lovelace"))
    assert Path(second.path).is_file()  # Grace's clip still plays
    assert files_under(folder.data_dir / "cache") == before

    folder.ws.coachees.delete(coachee_id(folder.ws, "Grace Hopper"))
    assert named_by(folder.data_dir, key) == []
    assert not Path(second.path).exists()


def test_the_same_video_attached_by_reference_elsewhere_keeps_the_caches(folder: Folder):
    lesson = video(folder, "lesson.avi", 55)
    attach(folder, "Ada Lovelace", lesson, copy_in=True)
    other = attach(folder, "Grace Hopper", lesson, copy_in=False)
    folder.ws.coachees.delete(coachee_id(folder.ws, "Ada Lovelace"))
    key = clip_files.cache_key(other.fingerprint)
    assert list((folder.data_dir / "clips").iterdir()) == []  # only Ada's copy used it
    assert named_by(folder.data_dir, key)  # Grace's clip still has its thumbnails
    assert Path(other.path).is_file()


def test_a_copied_in_clip_that_is_a_link_is_removed_not_followed(folder: Folder):
    """A copy replaced by a link (or a row pointing outside the clips folder) never makes
    CoachDesk delete a file of the coach's elsewhere."""
    clip = attach(folder, "Ada Lovelace", video(folder, "lesson.avi", 45), copy_in=True)
    outside = video(folder, "precious.avi", 30)
    copy = Path(clip.path)
    copy.unlink()
    copy.symlink_to(outside)
    stray = attach(folder, "Ada Lovelace", video(folder, "their own.avi", 35), copy_in=False)
    with folder.ws.db.session() as s:  # as if the row said "copied in" for an outside file
        from coachdesk.storage import rows

        s.get_one(rows.ClipRow, stray.id).copied_in = True

    folder.ws.coachees.delete(coachee_id(folder.ws, "Ada Lovelace"))
    assert not os.path.lexists(copy)
    assert outside.is_file()
    assert Path(stray.path).is_file()


def test_caches_an_erasure_left_are_swept_at_the_next_start(
    folder: Folder, monkeypatch: pytest.MonkeyPatch
):
    """A kill between the erasure's commit and the file removal, or a file that could not be
    removed then: the next start removes the caches of clips that are no longer there."""
    gone = attach(folder, "Ada Lovelace", video(folder, "ada.avi", 60), copy_in=False)
    kept = attach(folder, "Grace Hopper", video(folder, "grace.avi", 50), copy_in=False)
    monkeypatch.setattr(clip_files, "erase", lambda data_dir, traces: [])
    folder.ws.coachees.delete(coachee_id(folder.ws, "Ada Lovelace"))
    assert named_by(folder.data_dir, clip_files.cache_key(gone.fingerprint))
    monkeypatch.undo()
    (folder.data_dir / "cache" / "notes.txt").write_text("not a cache entry")
    folder.ws.close()

    folder.ws = open_workspace(folder.data_dir, daily_backup=False)
    assert named_by(folder.data_dir, clip_files.cache_key(gone.fingerprint)) == []
    assert named_by(folder.data_dir, clip_files.cache_key(kept.fingerprint))
    assert (folder.data_dir / "cache" / "notes.txt").is_file()  # only cache entries go


def test_what_the_caches_hold_is_the_owners_alone(folder: Folder):
    attach(folder, "Ada Lovelace", video(folder, "ada.avi", 40), copy_in=True)
    shared = [
        f"{p.relative_to(folder.data_dir)} {stat.filemode(p.stat().st_mode)}"
        for p in folder.data_dir.rglob("*")
        if p.stat().st_mode & 0o077
    ]
    assert shared == []  # thumbnails of children and their copied-in video included
