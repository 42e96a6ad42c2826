"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coachdesk.core.errors import CoachDeskError


class ExportError(CoachDeskError):
    """A file could not be written; nothing was left behind."""


@contextlib.contextmanager
def atomic_file(target: Path, mode: int = 0o600) -> Iterator[BinaryIO]:
    """Yield a temporary file beside ``target``; on success it replaces ``target`` in one step."""
    folder = target.parent
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
