"""Export work shared by the dialogs and the command line: pictures, rendering, writing.

Each ``*_work`` function is a generator of ``Progress`` (see ``core.jobs``) that returns the
path it wrote: the dialogs run it with ``ui.jobs.start`` (off the GUI thread, cancellable);
the command line drives it with ``run_to_end``. Reading the database happens before, on the
caller's thread — these functions take core objects and touch no widget and no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from coachdesk.core.atomic import write_atomically
from coachdesk.core.clips import Clip
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.jobs import CancelledError, CancelToken, Job, Progress
from coachdesk.core.tags import Tag
from coachdesk.export import EXPORT_MODE
from coachdesk.export.coaching_log import CoachingLog, log_csv, render_log_html
from coachdesk.export.gather import with_thumbnails
from coachdesk.export.pdf import LOG_PAGE, SUMMARY_PAGE, write_pdf
from coachdesk.export.summary import SummaryData, SummaryParts, render_summary_html
from coachdesk.ui.pdf import html_to_pdf

PICTURE_WIDTH = 320  # prints at about 4 cm wide, sharp
T = TypeVar("T")


def template_dirs(data_dir: Path) -> list[Path]:
    """Return the folders searched for templates before the bundled ones."""
    return [data_dir / "templates"]


def cached_pictures(data_dir: Path, moments: Iterable[tuple[Clip, Tag]]) -> dict[int, bytes]:
    """Return the pictures of ``moments`` already made (tag id -> JPEG); no video is decoded."""
    from coachdesk.video.thumbnails import ThumbnailCache

    cache = ThumbnailCache(data_dir / "cache" / "thumbnails")
    found: dict[int, bytes] = {}
    for clip, tag in moments:
        file = cache.cached(clip.fingerprint, tag.at_ms, PICTURE_WIDTH)
        if file is not None:
            found[tag.id] = file.read_bytes()
    return found


def moment_pictures(
    data_dir: Path, moments: Sequence[tuple[Clip, Tag]], token: CancelToken | None = None
) -> Job[dict[int, bytes]]:
    """Make (or find) a picture of each tagged moment; a clip that cannot be read has none."""
    from coachdesk.video.index import IndexCache
    from coachdesk.video.thumbnails import ThumbnailCache

    cache = ThumbnailCache(
        data_dir / "cache" / "thumbnails", IndexCache(data_dir / "cache" / "index")
    )
    by_clip: dict[int, tuple[Clip, list[Tag]]] = {}
    for clip, tag in moments:
        by_clip.setdefault(clip.id, (clip, []))[1].append(tag)
    pictures: dict[int, bytes] = {}
    done, total = 0, len(moments)
    for clip, tags in by_clip.values():
        path = Path(clip.path)
        if not path.is_file():
            done += len(tags)
            continue  # a moved clip: its moments are listed without pictures
        job = cache.thumbnails(
            path, clip.fingerprint, [t.at_ms for t in tags], cancel=token, width=PICTURE_WIDTH
        )
        try:
            files = yield from _counted_from(job, done, total)
        except CancelledError:
            raise
        except CoachDeskError:
            done += len(tags)
            continue  # an unreadable clip: its moments are listed without pictures
        for tag in tags:
            if tag.at_ms in files:
                pictures[tag.id] = files[tag.at_ms].read_bytes()
        done += len(tags)
    return pictures


def _counted_from(job: Job[T], done: int, total: int) -> Job[T]:
    """Run ``job``, reporting its steps as part of ``total`` after the ``done`` before it."""
    while True:
        try:
            step = next(job)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        yield Progress(done + step.done, total, "Making pictures of the tagged moments")


def summary_footer(data: SummaryData) -> str:
    day = data.session.held_on
    return f"Coaching summary · {data.coachee.name} · {day.day} {day:%b %Y}"


def summary_work(
    data: SummaryData,
    parts: SummaryParts,
    target: Path,
    fmt: str,
    data_dir: Path,
    token: CancelToken | None = None,
) -> Job[Path]:
    """Write the session summary as ``fmt`` ("html" or "pdf") to ``target``."""
    if parts.evidence and parts.thumbnails:
        missing = [(c, t) for c, t in data.tagged_moments() if t.id not in data.thumbnails]
        if missing:
            pictures = yield from moment_pictures(data_dir, missing, token)
            data = with_thumbnails(data, pictures)
    yield Progress(0, 0, "Writing the summary")
    if token is not None:
        token.check()
    html = render_summary_html(data, parts, template_dirs(data_dir))
    if fmt == "pdf":
        page = replace(SUMMARY_PAGE, title=f"Coaching summary — {data.coachee.name}")
        return write_pdf(html, target, html_to_pdf, replace(page, footer=summary_footer(data)))
    return write_atomically(target, html.encode("utf-8"), mode=EXPORT_MODE)


def log_work(log: CoachingLog, target: Path, fmt: str, data_dir: Path) -> Job[Path]:
    """Write the coaching log as ``fmt`` ("csv" or "pdf") to ``target``."""
    yield Progress(0, 0, "Writing the coaching log")
    if fmt == "pdf":
        html = render_log_html(log, template_dirs(data_dir))
        footer = f"Coaching log · {log.period.label}"
        page = replace(LOG_PAGE, title=f"Coaching log — {log.period.label}", footer=footer)
        return write_pdf(html, target, html_to_pdf, page)
    return write_atomically(target, log_csv(log), mode=EXPORT_MODE)
