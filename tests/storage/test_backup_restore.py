"""Backups: daily and pre-migration copies, rotation, and a restore round trip."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from coachdesk.core.errors import NotADatabaseError
from coachdesk.storage.backup import KEEP, BackupStore
from coachdesk.storage.restore import restore_backup
from coachdesk.storage.workspace import DB_NAME, open_workspace


def test_restore_round_trip(tmp_path: Path):
    ws = open_workspace(tmp_path)
    ws.coachees.add("Before the backup")
    backup = ws.backups.take(tmp_path / DB_NAME, "manual")
    ws.coachees.add("After the backup")
    ws.close()
    safety = restore_backup(tmp_path, backup)
    ws = open_workspace(tmp_path)
    assert [c.name for c in ws.coachees.list()] == ["Before the backup"]
    ws.close()
    assert safety is not None
    restore_backup(tmp_path, safety)  # the safety copy brings the later state back
    ws = open_workspace(tmp_path)
    assert sorted(c.name for c in ws.coachees.list()) == ["After the backup", "Before the backup"]
    ws.close()


def test_backup_is_a_self_contained_private_file(tmp_path: Path):
    ws = open_workspace(tmp_path)
    ws.coachees.add("Someone")
    path = ws.backups.take(tmp_path / DB_NAME, "manual")
    ws.close()
    assert path.stat().st_mode & 0o777 == 0o600
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert connection.execute("SELECT name FROM coachee").fetchall() == [("Someone",)]
    connection.close()


def test_rotation_keeps_the_newest(tmp_path: Path):
    ws = open_workspace(tmp_path)
    store = BackupStore(tmp_path / "backups")
    start = dt.datetime(2025, 1, 1, 9, 0)
    for day in range(KEEP + 5):
        store.take(tmp_path / DB_NAME, "daily", start + dt.timedelta(days=day))
    ws.close()
    kept = store.list()
    assert len(kept) == KEEP >= 7
    assert kept[0].taken_at == start + dt.timedelta(days=KEEP + 4)


def test_daily_backup_once_a_day(tmp_path: Path):
    ws = open_workspace(tmp_path)
    store = ws.backups
    now = dt.datetime(2025, 3, 3, 8, 0)
    assert store.take_daily_if_due(tmp_path / DB_NAME, now) is not None
    assert store.take_daily_if_due(tmp_path / DB_NAME, now + dt.timedelta(hours=5)) is None
    assert store.take_daily_if_due(tmp_path / DB_NAME, now + dt.timedelta(days=1)) is not None
    ws.close()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path):
    ws = open_workspace(tmp_path)
    ws.coachees.add("Keep me")
    ws.close()
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database at all")
    with pytest.raises(NotADatabaseError):
        restore_backup(tmp_path, bogus)
    ws = open_workspace(tmp_path)
    assert [c.name for c in ws.coachees.list()] == ["Keep me"]
    ws.close()


def test_migration_takes_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    ws = open_workspace(tmp_path)
    ws.coachees.add("Present before the upgrade")
    ws.close()
    from coachdesk.storage import db as db_module

    seen: list[list[str]] = []

    def fake_upgrade(connection: object, revision: str = "head") -> None:
        seen.append([b.reason for b in BackupStore(tmp_path / "backups").list()])

    # Pretend this CoachDesk has a newer schema than the file: opening must back up, then migrate.
    monkeypatch.setattr(db_module, "HEAD_REVISION", "0002_pretend")
    monkeypatch.setattr(db_module.migrate, "upgrade", fake_upgrade)
    open_workspace(tmp_path, daily_backup=False).close()
    assert seen == [["premigration"]]
    backup = BackupStore(tmp_path / "backups").list()[0].path
    connection = sqlite3.connect(backup)
    assert connection.execute("SELECT name FROM coachee").fetchall() == [
        ("Present before the upgrade",)
    ]
    connection.close()
