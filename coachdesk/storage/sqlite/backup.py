"""Consistent copies of a live database through SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` atomically, even while others write to the source."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
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
