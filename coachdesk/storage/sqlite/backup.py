"""Consistent copies of a live database through SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from coachdesk.core.errors import StorageError


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` atomically, even while others write to the source."""
    partial = target.with_name(target.name + ".partial")
    try:
        _copy(source, target, partial)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            f"The backup could not be written to {target.parent} ({_reason(exc)}). "
            "The database itself is unchanged; free some space and try again."
        ) from None


def _copy(source: Path, target: Path, partial: Path) -> None:
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600))  # private from its first byte
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(partial, 0o600)
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    _fsync_dir(target.parent)


def restore_database(backup: Path, live: Path) -> None:
    """Replace the live database's content with ``backup``'s, through the backup API."""
    try:
        _restore(backup, live)
    except (sqlite3.Error, OSError) as exc:  # the copy is one transaction: nothing was replaced
        raise StorageError(
            f"The backup could not be restored into {live} ({_reason(exc)}); "
            "the database is as it was. Free some space and try again."
        ) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _restore(backup: Path, live: Path) -> None:
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(live)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
