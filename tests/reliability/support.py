"""Shared checks for the reliability suite: content digests, integrity, and time limits."""

from __future__ import annotations

import contextlib
import hashlib
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FTS_TABLES = ("strategy_fts", "note_fts")


def _connect(db: Path) -> sqlite3.Connection:
    # Read-write open (not mode=ro) so SQLite can read a WAL beside the file, as the app does.
    return sqlite3.connect(db, timeout=10)


def table_names(db: Path, *, with_fts: bool = True) -> list[str]:
    connection = _connect(db)
    try:
        names = [
            str(r[0])
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
    finally:
        connection.close()
    if with_fts:
        return names
    return [n for n in names if not n.startswith(FTS_TABLES)]


def content_digest(db: Path, *, with_fts: bool = True) -> str:
    """Return a digest of every row of every table (not the file's bytes, which WAL moves)."""
    digest = hashlib.sha256()
    connection = _connect(db)
    try:
        for name in table_names(db, with_fts=with_fts):
            if name in FTS_TABLES:
                continue  # virtual tables: their content is the shadow tables, hashed below
            digest.update(f"\x00table {name}\x00".encode())
            rows = connection.execute(f'SELECT * FROM "{name}"').fetchall()
            for row in sorted(rows, key=repr):
                digest.update(repr(row).encode())
    finally:
        connection.close()
    return digest.hexdigest()


def row_counts(db: Path) -> dict[str, int]:
    connection = _connect(db)
    try:
        return {
            name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in table_names(db, with_fts=False)
        }
    finally:
        connection.close()


def integrity(db: Path) -> str:
    """Return SQLite's full integrity check: 'ok' or the first problems found."""
    connection = _connect(db)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


def fts_sound(db: Path) -> bool:
    """Return True if both full-text indexes agree with the tables they index."""
    connection = _connect(db)
    try:
        for name in FTS_TABLES:
            connection.execute(f"INSERT INTO {name}({name}) VALUES('integrity-check')")
        connection.rollback()
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()
    return True


def bulk_notes(workspace: Any, observation_id: int, count: int, text: str = "Noted") -> None:
    """Add ``count`` notes in one transaction (the stores commit, and fsync, one by one)."""
    from coachdesk.storage import rows

    with workspace.db.session() as s:
        for i in range(count):
            s.add(rows.NoteRow(observation_id=observation_id, at_ms=i * 1000, text=f"{text} {i}"))


class TimeLimitError(AssertionError):
    """A case ran longer than its bound: CoachDesk must not hang on hostile input."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail the block if it runs longer than ``seconds`` (interrupts it; main thread only)."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeLimitError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
