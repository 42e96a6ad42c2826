"""Checking a file before decoding it: missing, a dangling link, a folder, unreadable, empty."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from coachdesk.video.errors import VideoError


def check_video_file(path: Path) -> Path:
    """Return ``path`` made absolute if it is a readable, non-empty regular file; else explain."""
    path = Path(os.path.abspath(os.fspath(path)))
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            raise VideoError(
                f"“{path.name}” is a link to {target}, which no longer exists. Find the video "
                "it pointed to (it may have been moved or deleted) and add that file instead."
            ) from None
        raise VideoError(
            f"There is no file at {path}. It may have been moved, renamed or deleted; find the "
            "video again and point CoachDesk to it."
        ) from None
    except PermissionError:
        raise VideoError(_not_allowed(path)) from None
    except OSError as exc:
        raise VideoError(
            f"CoachDesk cannot look at {path}: {exc.strerror}. If it is on a removable drive or "
            "a network share, check that it is connected."
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise VideoError(f"“{path.name}” is a folder, not a video file. Choose a video inside it.")
    if not stat.S_ISREG(info.st_mode):
        # Opening a pipe or a device could block for ever; never try.
        raise VideoError(
            f"“{path.name}” is not an ordinary file (it is a pipe, socket or device). "
            "Choose a video file."
        )
    if info.st_size == 0:
        raise VideoError(
            f"“{path.name}” is empty (0 bytes): the recording or the copy did not finish. "
            "Copy the video again from the camera, phone or tablet."
        )
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except PermissionError:
        raise VideoError(_not_allowed(path)) from None
    except OSError as exc:
        raise VideoError(
            f"CoachDesk cannot read “{path.name}”: {exc.strerror}. Check the drive, or copy "
            "the video to this computer and add the copy."
        ) from None
    return path


def _not_allowed(path: Path) -> str:
    return (
        f"CoachDesk is not allowed to read {path}. Check the file's permissions, or copy the "
        "video somewhere you can read it and add the copy."
    )
