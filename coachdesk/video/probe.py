"""Probing a video file: the facts a clip is stored with, warnings, and its timestamp index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coachdesk.core.clips import ClipProbe
from coachdesk.core.media_time import format_ms
from coachdesk.video.capture import claimed_fps, claimed_frames, fourcc, size_and_rotation
from coachdesk.video.capture import open_capture as _open_capture
from coachdesk.video.errors import VideoError
from coachdesk.video.ffprobe import StreamFacts, packet_times_ms, run_ffprobe
from coachdesk.video.index import FrameIndex, build_index_job
from coachdesk.video.jobs import CancelToken, Job, Progress, run_job
from coachdesk.video.source import check_video_file


@dataclass(frozen=True, eq=False)
class ProbeReport:
    """A probe, what the coach should know about the file, and the index built on the way."""

    probe: ClipProbe
    warnings: tuple[str, ...]
    index: FrameIndex
    decoded: bool = True  # every frame was decoded (else the index came from the container)


def probe(path: Path, *, decode: bool = True) -> ClipProbe:
    """Return the facts about the video at ``path``, or raise ``VideoError``."""
    return run_job(probe_job(path, decode=decode)).probe


def probe_report(path: Path, *, decode: bool = True) -> ProbeReport:
    """Return the probe of ``path`` with its warnings and timestamp index."""
    return run_job(probe_job(path, decode=decode))


def probe_job(
    path: Path, cancel: CancelToken | None = None, *, decode: bool = True
) -> Job[ProbeReport]:
    """Probe ``path`` as a job, reporting progress.

    With ``decode`` (the default) every frame is decoded once (grab only): the frame count is
    what really decodes, and damage in the middle is found — about as long as FFmpeg takes to
    decode the file (10 min of 720p30: ~75 s on two cores). Without it, and with ffprobe
    installed, frame times come from the container alone (~1 s for the same file): a cut-off
    file is still noticed, damage inside it is not.
    """
    path = check_video_file(path)
    yield Progress(0, 0, "Checking the video")
    facts = run_ffprobe(path)
    try:
        cap = _open_capture(path)
    except VideoError:
        if facts is not None and facts.codec:
            raise VideoError(
                f"“{path.name}” uses the {facts.codec} video format, which CoachDesk cannot "
                "decode. Convert it to MP4 (H.264) and add it again."
            ) from None
        raise
    try:
        width, height, rotation = size_and_rotation(cap)
        code = fourcc(cap)
        frames_claimed = claimed_frames(cap)
        fps_claimed = claimed_fps(cap)
        times = None if decode or facts is None else packet_times_ms(path, facts.start_s)
        if times is not None and len(times) < frames_claimed // 2:
            times = None  # far fewer than claimed: cut off, or not the stream OpenCV reads
        if times is not None:
            index = FrameIndex(np.asarray(times, dtype=np.float64), frames_claimed, fps_claimed)
        else:
            index = yield from build_index_job(path, cancel, cap)
    finally:
        cap.release()
    if not len(index):
        raise VideoError(
            f"“{path.name}” has a video track but not one picture in it could be decoded: it is "
            "damaged, or in a format CoachDesk cannot decode. Copy it again from the device, or "
            "convert it to MP4 (H.264)."
        )
    result = ClipProbe(
        duration_ms=round(index.end_ms),
        fps=round(index.average_fps, 3),
        variable_fps=index.variable,
        frame_count=len(index),
        width=width,
        height=height,
        rotation=rotation,
        codec=(facts.codec if facts is not None and facts.codec else code.lower()) or "unknown",
        has_audio=facts.has_audio if facts is not None else False,
    )
    warnings = _warnings(path, index, facts, frames_claimed, fps_claimed)
    return ProbeReport(result, warnings, index, decoded=times is None)


def _warnings(
    path: Path,
    index: FrameIndex,
    facts: StreamFacts | None,
    frames_claimed: int,
    fps_claimed: float,
) -> tuple[str, ...]:
    claimed_ms = facts.duration_ms if facts is not None else 0.0
    if claimed_ms <= 0 and frames_claimed and fps_claimed:
        claimed_ms = frames_claimed * 1000.0 / fps_claimed
    shortfall = claimed_ms - index.end_ms
    if claimed_ms > 0 and shortfall > max(1000.0, 3 * index.frame_duration_ms):
        readable = format_ms(round(index.end_ms))
        whole = format_ms(round(claimed_ms))
        return (
            f"Only the first {readable} of “{path.name}” ({whole} long) could be read: the rest "
            "of the file is missing or damaged (was the copy or the recording interrupted?). "
            "You can review and tag what is there; for the whole lesson, copy the video again "
            "from the device.",
        )
    return ()
