"""Connection pragmas: durability, integrity and privacy settings for every connection."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection, Engine, event

# 'CDK1': marks a file as a CoachDesk database, so a stranger's SQLite file is refused.
APPLICATION_ID = 0x43444B31

CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",  # deleted text is overwritten, not left in free pages
    "PRAGMA busy_timeout = 5000",
)


def install(engine: Engine) -> None:
    """Apply the pragmas to every new connection of ``engine``."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for pragma in CONNECTION_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()


def prepare_new_file(connection: sqlite3.Connection) -> None:
    """Mark a brand-new database file as CoachDesk's and switch it to WAL."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA journal_mode = WAL")


def application_id(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA application_id").fetchone()[0])


def quick_check(connection: sqlite3.Connection) -> str:
    """Return 'ok' or the first problem SQLite's quick integrity check finds."""
    rows = connection.execute("PRAGMA quick_check").fetchall()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


def integrity_check(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


def empty_wal(connection: Connection) -> None:
    """Copy the WAL into the database file and truncate it, so old page versions leave it."""
    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
