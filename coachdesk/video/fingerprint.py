"""Content fingerprints, so a clip that was moved or renamed can be found again."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from coachdesk.video.errors import VideoError
from coachdesk.video.source import check_video_file

CHUNK = 1024 * 1024
VIDEO_EXTENSIONS = frozenset(
    {
        ".mp4",
        ".m4v",
        ".mov",
        ".avi",
        ".mkv",
        ".webm",
        ".mts",
        ".m2ts",
        ".ts",
        ".3gp",
        ".wmv",
        ".mpg",
        ".mpeg",
        ".ogv",
        ".flv",
    }
)
MAX_FILES_WALKED = 200_000  # a search through a whole drive still ends


def fingerprint(path: Path) -> str:
    """Return "v1:<hex>": the size (16 hex digits) then sha256 of the first, middle, last MiB."""
    path = check_video_file(path)
    size = path.stat().st_size
    digest = hashlib.sha256(size.to_bytes(8, "little"))
    with path.open("rb") as handle:
        if size <= 3 * CHUNK:
            digest.update(handle.read())
        else:
            for offset in (0, (size - CHUNK) // 2, size - CHUNK):
                handle.seek(offset)
                digest.update(handle.read(CHUNK))
    return f"v1:{size:016x}{digest.hexdigest()}"


def fingerprint_size(fp: str) -> int | None:
    """Return the file size recorded in a v1 fingerprint, or None for another kind."""
    if not fp.startswith("v1:") or len(fp) != 3 + 16 + 64:
        return None
    try:
        return int(fp[3:19], 16)
    except ValueError:
        return None


def find_by_fingerprint(folder: Path, fp: str) -> Path | None:
    """Return a video under ``folder`` (searched recursively) whose fingerprint is ``fp``."""
    size = fingerprint_size(fp)
    seen = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            seen += 1
            if seen > MAX_FILES_WALKED:
                return None
            candidate = Path(root) / name
            if candidate.suffix.lower() not in VIDEO_EXTENSIONS:
                continue
            try:
                if size is not None and candidate.stat().st_size != size:
                    continue
                if fingerprint(candidate) == fp:
                    return candidate
            except (OSError, VideoError):  # unreadable, a broken link, vanished meanwhile
                continue
    return None
