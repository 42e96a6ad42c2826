"""Migrations: from empty to head, the model matches the migrated schema, revisions are known."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from coachdesk.storage import migrate
from coachdesk.storage.rows import Base
from coachdesk.storage.schema import HEAD_REVISION, KNOWN_REVISIONS
from coachdesk.storage.workspace import DB_NAME, open_workspace


def test_known_revisions_match_the_scripts():
    assert migrate.script_revisions() == list(KNOWN_REVISIONS)
    assert KNOWN_REVISIONS[-1] == HEAD_REVISION


def test_model_matches_migrated_schema(tmp_path: Path):
    ws = open_workspace(tmp_path, install_bundled=False)
    ws.close()
    engine = create_engine(f"sqlite:///{tmp_path / DB_NAME}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = [
            d
            for d in compare_metadata(context, Base.metadata)
            if not (d[0] == "remove_table" and "_fts" in d[1].name)
        ]
    engine.dispose()
    assert diff == []


def test_new_database_is_marked_and_in_wal(tmp_path: Path):
    ws = open_workspace(tmp_path)
    ws.close()
    connection = sqlite3.connect(tmp_path / DB_NAME)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == 0x43444B31
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
        HEAD_REVISION
    )
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert {"strategy_fts", "note_fts", "coachee", "tag"} <= tables
    connection.close()


def test_reopening_does_not_migrate_or_back_up(tmp_path: Path):
    open_workspace(tmp_path).close()
    open_workspace(tmp_path).close()
    assert [b.reason for b in open_workspace_backups(tmp_path)] == ["daily"]


def open_workspace_backups(folder: Path) -> list:  # type: ignore[type-arg]
    from coachdesk.storage.backup import BackupStore

    return BackupStore(folder / "backups").list()
