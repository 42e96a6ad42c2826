"""What ``ffprobe`` (when installed) says about a file: audio, rotation, codec, damage."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachdesk.video.errors import VideoError

FFPROBE_TIMEOUT_S = 30.0
PACKETS_TIMEOUT_S = 300.0  # listing packets reads the whole file: ~1 s per 10 min of 720p


@dataclass(frozen=True)
class StreamFacts:
    """The facts ffprobe gives about a file's first video stream (and whether it has sound)."""

    has_video: bool
    has_audio: bool
    codec: str = ""
    rotation: int = 0  # clockwise degrees applied for display, as OpenCV reports it
    duration_ms: float = 0.0
    frame_count: int = 0
    start_s: float = 0.0  # the stream's start time; OpenCV counts media time from it


def ffprobe_available() -> bool:
    """Return whether ``ffprobe`` is on PATH."""
    return shutil.which("ffprobe") is not None


def run_ffprobe(path: Path, timeout_s: float = FFPROBE_TIMEOUT_S) -> StreamFacts | None:
    """Return ffprobe's facts about ``path`` (absolute), None without ffprobe, or explain."""
    exe = shutil.which("ffprobe")
    if exe is None:
        return None
    command = [
        exe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_streams",
        "-show_format",
        "-i",
        f"file:{path}",
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return None  # a slow share or a strange file: fall back to OpenCV alone
    except OSError:
        return None
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise VideoError(_failure_message(path, stderr))
    try:
        doc = json.loads(done.stdout.decode("utf-8", "replace") or "{}")
    except json.JSONDecodeError:
        return None
    return facts_from_json(doc, path)


def facts_from_json(doc: dict[str, Any], path: Path) -> StreamFacts:
    """Interpret ffprobe's JSON, or raise ``VideoError`` for a file without a picture."""
    streams = [s for s in doc.get("streams", []) if isinstance(s, dict)]
    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
    ]
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    if not videos:
        if has_audio:
            raise VideoError(
                f"“{path.name}” holds sound only, no picture. Choose the video file of the lesson."
            )
        raise VideoError(f"“{path.name}” has no video in it. Check that it is the right file.")
    video = videos[0]
    duration = _number(video.get("duration")) or _number((doc.get("format") or {}).get("duration"))
    return StreamFacts(
        has_video=True,
        has_audio=has_audio,
        codec=str(video.get("codec_name") or ""),
        rotation=_rotation(video),
        duration_ms=duration * 1000.0,
        frame_count=int(_number(video.get("nb_frames"))),
        start_s=_number(video.get("start_time")),
    )


def packet_times_ms(
    path: Path, start_s: float, timeout_s: float = PACKETS_TIMEOUT_S
) -> list[float] | None:
    """Return the sorted presentation times (ms) of the first video stream's packets.

    Reading the container only (no decoding) is ~80x faster than decoding, and gives the same
    times OpenCV reports while decoding; it cannot tell whether each frame would decode.
    None when ffprobe is missing, too slow, or the file has no usable packet times.
    """
    exe = shutil.which("ffprobe")
    if exe is None:
        return None
    command = [
        exe,
        "-v",
        "error",
        "-select_streams",
        "v:0",
        "-show_entries",
        "packet=pts_time",
        "-of",
        "csv=p=0",
        "-i",
        f"file:{path}",
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
    except (subprocess.TimeoutExpired, OSError):
        return None
    if done.returncode != 0:
        return None
    times: list[float] = []
    for line in done.stdout.decode("ascii", "replace").split():
        value = line.strip().rstrip(",")
        if not value or value == "N/A":
            return None  # a stream without timestamps: decode instead
        try:
            times.append(round((float(value) - start_s) * 1000.0, 3))
        except ValueError:
            return None
    return sorted(times) or None


def _rotation(video: dict[str, Any]) -> int:
    """Return the clockwise display rotation from the display matrix or the old "rotate" tag."""
    for side in video.get("side_data_list") or []:
        if isinstance(side, dict) and "rotation" in side:
            # The display matrix turns counter-clockwise; OpenCV reports clockwise degrees.
            return round(-_number(side["rotation"])) % 360
    tag = (video.get("tags") or {}).get("rotate")
    return round(_number(tag)) % 360 if tag is not None else 0


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if number == number and abs(number) != float("inf") else 0.0


def _looks_like_mp4(path: Path) -> bool:
    """Return whether the file starts like an MP4/MOV (a box such as "ftyp" or "mdat")."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return head[4:8] in {b"ftyp", b"mdat", b"wide", b"free", b"skip", b"moov"}


def _failure_message(path: Path, stderr: str) -> str:
    lowered = stderr.lower()
    if "moov atom not found" in lowered and _looks_like_mp4(path):
        return (
            f"“{path.name}” is an unfinished recording: the index that is written when a "
            "recording stops (the “moov” part) is missing, so no player can open it. Copy it "
            "again from the device; if the recording was cut off, a repair tool such as "
            "untrunc may recover it."
        )
    if "permission denied" in lowered:
        return (
            f"CoachDesk is not allowed to read {path}. Check the file's permissions, or copy "
            "the video somewhere you can read it and add the copy."
        )
    return (
        f"“{path.name}” is not a video CoachDesk can read (it may be another kind of file, or "
        "damaged). Check that it is the right file; if it plays in another player, convert it "
        "to MP4 (H.264) and add it again."
    )
