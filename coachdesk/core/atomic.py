"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coachdesk.core.errors import CoachDeskError

STALE_PARTIAL_S = 600  # a temporary file untouched this long belongs to a write that died


class ExportError(CoachDeskError):
    """A file could not be written; nothing was left behind."""


def discard_stale_partials(target: Path, older_than_s: float = STALE_PARTIAL_S) -> None:
    """Delete the temporary files of earlier writes of ``target`` that were cut off.

    A write killed mid-way (power cut, SIGKILL) cannot clean up after itself: its hidden
    ``.name.xxxx.partial`` stays beside the target, holding part of what was exported. The next
    write of the same target removes those that nobody has touched for ``older_than_s``.
    """
    now = time.time()
    with contextlib.suppress(OSError):
        for temp in target.parent.glob(f".{glob.escape(target.name)}.*.partial"):
            with contextlib.suppress(OSError):
                if now - temp.lstat().st_mtime > older_than_s and not temp.is_dir():
                    temp.unlink()


@contextlib.contextmanager
def atomic_file(target: Path, mode: int = 0o600) -> Iterator[BinaryIO]:
    """Yield a temporary file beside ``target``; on success it replaces ``target`` in one step."""
    folder = target.parent
    discard_stale_partials(target)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    except OSError as exc:
        raise ExportError(
            f"Cannot write in {folder}: {exc.strerror}. Choose another folder."
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        reason = "the disk is full" if exc.errno == 28 else (exc.strerror or str(exc))
        raise ExportError(
            f"Could not write {target.name}: {reason}. Nothing was saved "
            "there; free some space or choose another folder."
        ) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, data: bytes, mode: int = 0o600) -> Path:
    """Write ``data`` to ``target`` atomically and return the path."""
    with atomic_file(target, mode) as handle:
        handle.write(data)
    return target


def private_folder(folder: Path) -> Path:
    """Create ``folder`` and any missing parents readable by their owner only; return it.

    (``Path.mkdir(parents=True, mode=...)`` gives the parents the default mode, 0755.)
    """
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
    return folder
