"""Writing excerpts and review packages off the GUI thread (see ``core.jobs``).

Each ``*_work`` function is a generator of ``Progress`` that returns what it wrote; the
dialogs run it with ``ui.jobs.start``. It takes plain values read from the database before
(on the GUI thread) and touches no widget. A batch is all or nothing: on an error or a
cancel, the excerpts it had already written are removed again.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from coachdesk.core.jobs import CancelToken, Job, Progress
from coachdesk.core.tags import Tag, TagType
from coachdesk.export.review_package import (
    PackageResult,
    PackageVideo,
    ReviewPackage,
    build_job,
    with_videos,
)
from coachdesk.ui.dialogs.excerpt_parts import Chosen
from coachdesk.video.excerpts import excerpt_job
from coachdesk.video.privacy import PrivacyOptions

T = TypeVar("T")
STEPS = 1000  # progress units per excerpt (and for the package itself)


def free_name(folder: Path, name: str, taken: set[str]) -> Path:
    """Return ``folder / name``, or "stem (2).mp4"… if a file (or one just planned) has it."""
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in range(1, 1000):
        candidate = name if number == 1 else f"{stem} ({number}){suffix}"
        if candidate not in taken and not (folder / candidate).exists():
            taken.add(candidate)
            return folder / candidate
    return folder / name


def _part(job: Job[T], index: int, parts: int, message: str) -> Job[T]:
    """Run ``job``, reporting its progress as part ``index`` of ``parts``."""
    while True:
        try:
            step = next(job)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        done = index * STEPS + round(step.fraction * STEPS)
        yield Progress(done, parts * STEPS, message)


def excerpts_work(
    clip_path: Path,
    chosen: Sequence[Chosen],
    folder: Path,
    privacy: PrivacyOptions | None,
    token: CancelToken | None = None,
) -> Job[list[Path]]:
    """Write one excerpt per chosen stretch into ``folder``; return their paths."""
    taken: set[str] = set()
    targets = [free_name(folder, item.file_name, taken) for item in chosen]
    written: list[Path] = []
    try:
        for index, (item, target) in enumerate(zip(chosen, targets, strict=True)):
            message = f"Excerpt {index + 1} of {len(chosen)}: {item.title}"
            job = excerpt_job(clip_path, target, item.span, privacy, token)
            written.append((yield from _part(job, index, len(chosen), message)))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def package_work(
    clip_path: Path,
    chosen: Sequence[Chosen],
    privacy: PrivacyOptions | None,
    base: ReviewPackage,
    tags: Sequence[Tag],
    types: Mapping[int, TagType],
    target: Path,
    make_zip: bool = True,
    token: CancelToken | None = None,
) -> Job[PackageResult]:
    """Write the excerpts (or the whole clip) and build the review package ``target``."""
    parts = len(chosen) + 1
    staging = Path(tempfile.mkdtemp(prefix=".excerpts.", dir=target.parent))
    try:
        videos = []
        for index, item in enumerate(chosen):
            path = staging / f"{index:02d}.mp4"
            message = f"Video {index + 1} of {len(chosen)}: {item.title}"
            job = excerpt_job(clip_path, path, item.span, privacy, token)
            yield from _part(job, index, parts, message)
            duration = None if item.whole else item.span.duration_ms
            videos.append(PackageVideo(path, item.title, item.span.start_ms, duration))
        package = with_videos(base, videos, tags, types)
        build = build_job(package, target, make_zip=make_zip, move=True, token=token)
        return (yield from _part(build, parts - 1, parts, "Building the review package"))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
