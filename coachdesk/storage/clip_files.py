"""Files CoachDesk keeps in the data folder because of a clip, and their removal.

A clip leaves two kinds of file in the data folder:

- caches under ``cache/<kind>/`` named by the clip's fingerprint ("v1:ab…" is written
  "v1-ab…"): ``thumbnails/<key>/``, ``index/<key>.index.npz``,
  ``activity/<key>.activity.json`` (``coachdesk/video`` makes them; this module knows only the
  naming rule, since storage must not import video);
- the copy of the video under ``clips/``, when the coach asked for it to be copied in.

When a coachee is erased, the files of their clips go too, unless another clip (or a resource)
still has the same fingerprint, or the same copied-in file. A cache that could not be removed
then (or whose removal a crash cut short) is removed at the next start by ``sweep_caches``,
which drops every cache entry named by a fingerprint no clip or resource has.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.storage import rows
from coachdesk.storage.db import Database

CACHE = "cache"
CLIPS = "clips"
_CACHE_ENTRY = re.compile(r"\.?(v[0-9]+-[0-9a-fA-F]+)(?:\..*)?", re.DOTALL)


def cache_key(fingerprint: str) -> str:
    """Return the form of ``fingerprint`` that cache files are named by."""
    return fingerprint.replace(":", "-")


@dataclass
class ClipTraces:
    """The fingerprints and copied-in files some clips leave in the data folder."""

    fingerprints: set[str] = field(default_factory=set)
    copies: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.fingerprints or self.copies)


def traces_of(s: Session, clip_ids: Iterable[int]) -> ClipTraces:
    """Return the fingerprints and copied-in paths of ``clip_ids`` (read before a delete)."""
    ids = list(clip_ids)
    traces = ClipTraces()
    if not ids:
        return traces
    query = select(rows.ClipRow.fingerprint, rows.ClipRow.path, rows.ClipRow.copied_in).where(
        rows.ClipRow.id.in_(ids)
    )
    for fingerprint, path, copied_in in s.execute(query):
        if fingerprint:
            traces.fingerprints.add(fingerprint)
        if copied_in and path:
            traces.copies.add(path)
    return traces


def orphans(s: Session, traces: ClipTraces) -> ClipTraces:
    """Return the part of ``traces`` no clip or resource still uses (read after a delete)."""
    used = used_fingerprints(s)
    still = {
        path
        for (path,) in s.execute(
            select(rows.ClipRow.path).where(rows.ClipRow.path.in_(list(traces.copies)))
        )
    }
    return ClipTraces(traces.fingerprints - used, traces.copies - still)


def used_fingerprints(s: Session) -> set[str]:
    """Return every fingerprint a clip or a resource of the database has."""
    clips = select(rows.ClipRow.fingerprint).distinct()
    resources = select(rows.ResourceRow.fingerprint).where(
        rows.ResourceRow.fingerprint.is_not(None)
    )
    return {str(fp) for (fp,) in s.execute(clips.union(resources)) if fp}


def erase(data_dir: Path, traces: ClipTraces) -> list[Path]:
    """Delete the caches of ``traces.fingerprints`` and the copies in ``clips/`` among
    ``traces.copies``; return what could not be deleted (``sweep_caches`` tries again)."""
    left: list[Path] = []
    keys = {cache_key(fp) for fp in traces.fingerprints}
    for entry in _cache_entries(data_dir / CACHE):
        if any(key in entry.name for key in keys) and not _remove(entry):
            left.append(entry)
    for copy in traces.copies:
        path = Path(copy)
        if _inside(path, data_dir / CLIPS) and not _remove(path):
            left.append(path)
    return left


def sweep_caches(data_dir: Path, used: set[str]) -> list[Path]:
    """Delete every cache entry named by a fingerprint not in ``used``; return what is left.

    Run at start-up, under the data folder's lock, when nothing is being attached.
    """
    keys = {cache_key(fp) for fp in used}
    left: list[Path] = []
    for entry in _cache_entries(data_dir / CACHE):
        match = _CACHE_ENTRY.fullmatch(entry.name)
        if match is not None and match.group(1) not in keys and not _remove(entry):
            left.append(entry)
    return left


def _cache_entries(cache: Path) -> list[Path]:
    """Return the entries of every folder directly inside ``cache`` (never following links)."""
    entries: list[Path] = []
    with contextlib.suppress(OSError):
        for kind in cache.iterdir():
            if kind.is_dir() and not kind.is_symlink():
                with contextlib.suppress(OSError):
                    entries.extend(kind.iterdir())
    return entries


def _inside(path: Path, folder: Path) -> bool:
    """Return True if ``path`` is in ``folder`` (by the real folder; the file itself may be a
    link, which is then removed, never what it points to)."""
    try:
        real_parent = path.parent.resolve(strict=True)
        return real_parent == folder.resolve(strict=True) or folder.resolve() in real_parent.parents
    except OSError:
        return False


def _remove(path: Path) -> bool:
    """Delete a file, link or folder (a link is removed, never followed); True if gone."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        return not os.path.lexists(path)
    return True


def sweep_unused(db: Database, data_dir: Path) -> list[Path]:
    """Delete the caches of clips no longer in the database (see ``sweep_caches``)."""
    with db.read() as s:
        used = used_fingerprints(s)
    return sweep_caches(data_dir, used)
