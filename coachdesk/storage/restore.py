"""Restoring the database from a backup file, after checking the file is a sound CoachDesk one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coachdesk.core.errors import DatabaseCorruptError, DatabaseTooNewError, NotADatabaseError
from coachdesk.storage.backup import BackupStore
from coachdesk.storage.db import SQLITE_HEADER
from coachdesk.storage.lock import DataDirLock
from coachdesk.storage.schema import KNOWN_REVISIONS
from coachdesk.storage.sqlite import pragmas
from coachdesk.storage.sqlite.backup import restore_database
from coachdesk.storage.workspace import DB_NAME, prepare_data_dir


def check_backup_file(path: Path) -> None:
    """Refuse a file that is not a sound CoachDesk database this version can open."""
    if not path.is_file():
        raise NotADatabaseError(f"There is no file at {path}.")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise NotADatabaseError(f"{path} cannot be read: {exc.strerror}.") from None
    if header != SQLITE_HEADER:
        raise NotADatabaseError(f"{path} is not a CoachDesk backup (not a database file).")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if pragmas.application_id(connection) != pragmas.APPLICATION_ID:
                raise NotADatabaseError(f"{path} is a database, but not a CoachDesk one.")
            problem = pragmas.integrity_check(connection)
            if problem != "ok":
                raise DatabaseCorruptError(f"{path} is damaged ({problem}); pick another backup.")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorruptError(f"{path} cannot be read as a database ({exc}).") from None
    if row is None or row[0] not in KNOWN_REVISIONS:
        raise DatabaseTooNewError(f"{path} was written by a newer CoachDesk; update to restore it.")


def restore_backup(data_dir: Path, backup_file: Path) -> Path | None:
    """Replace the database with ``backup_file``; return the safety copy of what was there."""
    check_backup_file(backup_file)
    prepare_data_dir(data_dir)
    with DataDirLock(data_dir):
        live = data_dir / DB_NAME
        safety = None
        if live.exists() and live.stat().st_size > 0:
            safety = BackupStore(data_dir / "backups").take(live, "prerestore")
        restore_database(backup_file, live)
    return safety
