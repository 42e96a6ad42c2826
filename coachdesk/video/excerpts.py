"""Clip excerpts: an MP4 with sound of a tag (with its lead and lag) or of a range.

Without blurring, H.264 video and AAC/MP3 sound are copied as they are — a 30 s excerpt of an
hour-long lesson takes a fraction of a second — and the start and end are exact all the same:
the file holds the group of pictures around each cut, and its edit lists say where play starts
and stops (``excerpt_streams``, ``mp4_edits``). With blurring, or from another codec, the video
is decoded, turned upright, blurred (``privacy``) and encoded as H.264; sound the MP4 cannot
carry is encoded as AAC. The original file is only read. The excerpt is written to a hidden
file beside the target and renamed into place when complete; on an error or a cancel, nothing
is left behind. PyAV (FFmpeg's libraries, in its wheel) does the reading and writing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av

from coachdesk.core.atomic import ExportError
from coachdesk.core.file_names import safe_file_name
from coachdesk.core.media_time import format_ms
from coachdesk.core.tags import Tag, TagType
from coachdesk.video.errors import VideoError
from coachdesk.video.excerpt_cut import cut_job
from coachdesk.video.jobs import CancelToken, Job, Progress, run_job
from coachdesk.video.mp4_edits import trim_to
from coachdesk.video.privacy import FaceDetector, PrivacyOptions
from coachdesk.video.source import check_video_file

POINT_PAD_MS = 5_000  # a point tag with no lag: this long after the press...
MIN_EXCERPT_MS = 1_000  # ...and no excerpt shorter than this
EXCERPT_MODE = 0o644  # an excerpt is meant to be opened by other people and programs
_WRITE_ERRORS = {errno.ENOSPC, errno.EPERM, errno.EACCES, errno.EROFS}


@dataclass(frozen=True)
class Span:
    """A stretch of a clip in media milliseconds, start inclusive, end exclusive."""

    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    def label(self) -> str:
        return f"{format_ms(self.start_ms)}–{format_ms(self.end_ms)}"


def clamp_span(start_ms: int, end_ms: int, clip_ms: int | None = None) -> Span:
    """Return the span start..end kept inside the clip, or raise ``VideoError`` if nothing is."""
    start = max(0, start_ms)
    end = end_ms if clip_ms is None else min(end_ms, clip_ms)
    if end - start < 1:
        raise VideoError(
            f"{format_ms(max(0, start_ms))}–{format_ms(max(0, end_ms))} is not inside the clip "
            f"({format_ms(clip_ms or 0)} long): choose a start before the end of the clip."
        )
    return Span(start, end)


def span_for_tag(tag: Tag, tag_type: TagType | None, clip_ms: int | None = None) -> Span:
    """Return the stretch an excerpt of ``tag`` shows.

    A tag is stored with its lead already applied (``tag_start_for_press``), so it starts at
    ``at_ms``. A span tag ends at ``end_ms`` (its lag applied when it was closed); a point tag
    was pressed ``lead_s`` after its start and shows ``lag_s`` after the press, or
    ``POINT_PAD_MS`` when it has no lag.
    """
    lead_ms = round((tag_type.lead_s if tag_type else 0) * 1000)
    lag_ms = round((tag_type.lag_s if tag_type else 0) * 1000)
    if tag.end_ms is not None and tag.end_ms > tag.at_ms:
        end = tag.end_ms
    else:
        end = tag.at_ms + lead_ms + (lag_ms or POINT_PAD_MS)
    end = max(end, tag.at_ms + MIN_EXCERPT_MS)
    return clamp_span(tag.at_ms, end, clip_ms)


def excerpt_name(clip_path: Path | str, span: Span, label: str = "") -> str:
    """Return a file name for an excerpt: "<clip> 12m05s Praise.mp4" (safe on every system)."""
    stem = Path(clip_path).stem
    total_s = span.start_ms // 1000
    hours, rest = divmod(total_s, 3600)
    when = (
        f"{hours}h{rest // 60:02d}m{rest % 60:02d}s" if hours else f"{rest // 60}m{rest % 60:02d}s"
    )
    name = " ".join(part for part in (stem, when, label) if part)
    return f"{safe_file_name(name, 'Excerpt', limit=120)}.mp4"


def write_excerpt(
    source: Path,
    target: Path,
    span: Span,
    privacy: PrivacyOptions | None = None,
    *,
    detector: FaceDetector | None = None,
) -> Path:
    """Write the excerpt ``span`` of ``source`` to ``target`` (MP4) in the foreground."""
    return run_job(excerpt_job(source, target, span, privacy, detector=detector))


def excerpt_job(
    source: Path,
    target: Path,
    span: Span,
    privacy: PrivacyOptions | None = None,
    cancel: CancelToken | None = None,
    *,
    detector: FaceDetector | None = None,
) -> Job[Path]:
    """Write the excerpt as a job: yields Progress, honours ``cancel``, returns ``target``."""
    source = check_video_file(source)
    if source == Path(os.path.abspath(target)):
        raise ExportError("An excerpt cannot replace its own clip: choose another file name.")
    blur = privacy if privacy is not None and privacy.active else None
    yield Progress(0, span.duration_ms, "Preparing the excerpt")
    with _atomic_target(Path(target)) as temp:
        try:
            copy = blur is None
            try:
                seconds = yield from cut_job(
                    source, temp, span.start_ms, span.end_ms, blur, detector, cancel, copy=copy
                )
            except av.FFmpegError as exc:
                if exc.errno in _WRITE_ERRORS:
                    raise
                # A stream the MP4 muxer will not take as it is (ADTS sound from an AVI, an
                # odd H.264 stream): decode and encode everything instead.
                seconds = yield from cut_job(
                    source, temp, span.start_ms, span.end_ms, blur, detector, cancel,
                    copy=False, copy_sound=False,
                )  # fmt: skip
            trim_to(temp, seconds)
        except av.FFmpegError as exc:
            raise _explain(exc, source, Path(target)) from None
    return Path(target)


def _explain(exc: av.FFmpegError, source: Path, target: Path) -> Exception:
    """Return the error to show for FFmpeg's ``exc``: a full or read-only disk, or the clip."""
    if exc.errno == errno.ENOSPC:
        return ExportError(
            f"Could not write {target.name}: the disk is full. Nothing was saved there; free "
            "some space or choose another folder."
        )
    if exc.errno in _WRITE_ERRORS:
        return ExportError(
            f"Could not write {target.name}: {exc.strerror}. Nothing was saved there; choose "
            "another folder."
        )
    return VideoError(
        f"The excerpt of “{source.name}” could not be made ({exc.strerror or exc}). The file "
        "may be damaged there: try a slightly different range, or copy the video again."
    )


@contextlib.contextmanager
def _atomic_target(target: Path) -> Iterator[Path]:
    """Yield a hidden temporary path beside ``target``; rename it into place on success."""
    folder = target.parent
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    except OSError as exc:
        raise ExportError(
            f"Cannot write in {folder}: {exc.strerror}. Choose another folder."
        ) from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(temp, EXCERPT_MODE)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        reason = "the disk is full" if exc.errno == 28 else (exc.strerror or str(exc))
        raise ExportError(
            f"Could not write {target.name}: {reason}. Nothing was saved there; free some "
            "space or choose another folder."
        ) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
