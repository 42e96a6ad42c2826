"""Opening the database file: refuse what is not ours, back up, migrate, then hand out sessions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from coachdesk.core.errors import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    NotADatabaseError,
    StorageError,
)
from coachdesk.storage import migrate
from coachdesk.storage.backup import BackupStore
from coachdesk.storage.schema import HEAD_REVISION, KNOWN_REVISIONS
from coachdesk.storage.sqlite import errors, pragmas

SQLITE_HEADER = b"SQLite format 3\x00"


class Database:
    """The CoachDesk database file, opened, checked and migrated to the current schema."""

    def __init__(self, path: Path, backups: BackupStore, *, check_integrity: bool = True) -> None:
        self.path = path
        self.backups = backups
        self._check_file(check_integrity)
        self.engine: Engine = create_engine(f"sqlite:///{path}")
        pragmas.install(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._bring_up_to_date()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a short session that commits on success and rolls back on error."""
        with errors.explained(self.path), self._sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """Yield a session for reading only."""
        with errors.explained(self.path, writing=False), self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # -- opening -------------------------------------------------------------------------

    def _refuse(self, error: type[StorageError], what: str) -> StorageError:
        return error(
            f"{what} ({self.path}). {self.backups.describe_newest()} "
            "CoachDesk has not changed the file."
        )

    def verify_integrity(self) -> None:
        """Run SQLite's quick check on a separate read-only connection; raise if damaged.

        The window runs this in the background after its first paint (it reads the whole file:
        ~20 ms on a 50,000-tag database), and stops before anything is written if it fails.
        """
        try:
            connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                problem = pragmas.quick_check(connection)
            finally:
                connection.close()
        except sqlite3.DatabaseError as exc:
            problem = str(exc)
        if problem != "ok":
            raise self._refuse(DatabaseCorruptError, f"The database is damaged: {problem}")

    def _check_file(self, check_integrity: bool) -> None:
        if not self.path.exists():
            return
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise self._refuse(
                StorageError, f"The database cannot be read: {exc.strerror}"
            ) from None
        if header == b"" and self.path.stat().st_size == 0:
            return  # an empty file (e.g. a crash before the first write): treat as new
        if header != SQLITE_HEADER:
            raise self._refuse(NotADatabaseError, "This file is not a CoachDesk database")
        try:
            connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise self._refuse(
                DatabaseCorruptError, f"The database cannot be opened: {exc}"
            ) from None
        try:
            app_id = pragmas.application_id(connection)
            empty = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
            if app_id != pragmas.APPLICATION_ID and not empty:
                raise self._refuse(
                    NotADatabaseError, "This SQLite file is not a CoachDesk database"
                )
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # parses schema
            if check_integrity:
                problem = pragmas.quick_check(connection)
                if problem != "ok":
                    raise self._refuse(DatabaseCorruptError, f"The database is damaged: {problem}")
            revision = self._stored_revision(connection)
        except sqlite3.DatabaseError as exc:
            raise self._refuse(DatabaseCorruptError, f"The database is damaged: {exc}") from None
        finally:
            connection.close()
        if revision is None and not empty:
            raise self._refuse(
                DatabaseCorruptError,
                "The database has lost the record of its schema version (was CoachDesk stopped "
                "while setting it up?). Restore a backup with `coachdesk restore`, or, if it "
                "holds nothing yet, move the file aside to start afresh",
            )
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise self._refuse(
                DatabaseTooNewError,
                "This database was written by a newer CoachDesk; update CoachDesk to open it",
            )

    @staticmethod
    def _stored_revision(connection: sqlite3.Connection) -> str | None:
        has_table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None

    def _bring_up_to_date(self) -> None:
        raw = self.engine.raw_connection()
        try:
            dbapi = raw.driver_connection
            assert isinstance(dbapi, sqlite3.Connection)
            revision = self._stored_revision(dbapi)
            if revision is None:
                pragmas.prepare_new_file(dbapi)
        finally:
            raw.close()
        if revision == HEAD_REVISION:
            return
        if revision is not None:
            self.backups.take(self.path, "premigration")
        with self.engine.connect() as connection, migrate.all_or_nothing(connection):
            migrate.upgrade(connection)
