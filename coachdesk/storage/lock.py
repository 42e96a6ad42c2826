"""A lock on the data folder, so a second CoachDesk cannot write beside the first."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from coachdesk.core.errors import DataDirLockedError, StorageError

LOCK_NAME = "coachdesk.lock"


class DataDirLock:
    """An exclusive OS lock on ``<data dir>/coachdesk.lock``; released when the process ends."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StorageError(
                f"CoachDesk cannot open its lock file {self.path}: {exc.strerror}. It belongs to "
                "another account or the folder is read-only; fix its permissions, or choose "
                "another folder with --data-dir."
            ) from None
        try:
            _lock(fd)
        except OSError:
            holder = _read_holder(fd)
            os.close(fd)
            raise DataDirLockedError(
                f"CoachDesk is already open on this data folder ({self.path.parent}){holder}. "
                "Switch to that window, or close it and try again."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        pid = os.read(fd, 32).decode(errors="replace").strip()
    except OSError:
        return ""
    return f" by process {pid}" if pid.isdigit() else ""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows laptops only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
