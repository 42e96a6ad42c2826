"""Opening a video with OpenCV's FFmpeg backend, quietly, after the file itself is checked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

# FFmpeg and OpenCV print to stderr about every damaged file; the video package reports
# problems itself, in words a coach can act on.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
os.environ.setdefault("OPENCV_LOG_LEVEL", "SILENT")

import cv2

from coachdesk.video.errors import VideoError
from coachdesk.video.source import check_video_file

# A capture is cv2.VideoCapture; cv2 has no type information mypy can use.
Capture = Any


def open_capture(path: Path) -> Capture:
    """Open ``path`` for decoding, or raise ``VideoError`` saying what is wrong with it."""
    path = check_video_file(path)
    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    if not cap.isOpened():
        cap.release()
        raise VideoError(
            f"“{path.name}” is not a video CoachDesk can read: it may not be a video at all, "
            "hold sound only, or be damaged. Check that it is the right file; if it plays in "
            "another player, convert it to MP4 (H.264) and add it again."
        )
    return cap


def grabbed_pts_ms(cap: Capture) -> float:
    """Return the presentation time of the frame just grabbed, in ms (rounded to µs)."""
    return round(float(cap.get(cv2.CAP_PROP_POS_MSEC)), 3)


def claimed_frames(cap: Capture) -> int:
    """Return the frame count the container claims (may be wrong; 0 when unknown)."""
    value = cap.get(cv2.CAP_PROP_FRAME_COUNT)
    return int(value) if value == value and value > 0 else 0


def claimed_fps(cap: Capture) -> float:
    """Return the frame rate the container claims (the average rate; 0.0 when unknown)."""
    value = float(cap.get(cv2.CAP_PROP_FPS))
    return value if value == value and 0 < value < 1000 else 0.0


def fourcc(cap: Capture) -> str:
    """Return the codec's four-character code as OpenCV reports it ("" when unknown)."""
    code = int(cap.get(cv2.CAP_PROP_FOURCC)) & 0xFFFFFFFF
    text = code.to_bytes(4, "little").decode("latin-1").strip("\0 ")
    return text if text.isprintable() else ""


def size_and_rotation(cap: Capture) -> tuple[int, int, int]:
    """Return (width, height) as displayed (after rotation) and the clockwise rotation."""
    width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
    height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    rotation = int(cap.get(cv2.CAP_PROP_ORIENTATION_META)) % 360
    if rotation not in (0, 90, 180, 270):
        rotation = 0  # a slanted claim (45°): OpenCV hands the picture out unturned, so say so
    return width, height, rotation
