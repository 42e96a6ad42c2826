"""A file that is not ours, damaged, newer, or locked is refused with a clear message, untouched."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from coachdesk.core.errors import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    DataDirLockedError,
    NotADatabaseError,
    StorageError,
)
from coachdesk.storage.workspace import DB_NAME, open_workspace


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_text_file_is_not_a_database(tmp_path: Path):
    db = tmp_path / DB_NAME
    db.write_text("shopping list: milk, eggs")
    before = digest(db)
    with pytest.raises(NotADatabaseError, match="not a CoachDesk database") as err:
        open_workspace(tmp_path)
    assert str(db) in str(err.value)
    assert "no backup yet" in str(err.value)
    assert digest(db) == before


def test_foreign_sqlite_file_is_refused(tmp_path: Path):
    db = tmp_path / DB_NAME
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    before = digest(db)
    with pytest.raises(NotADatabaseError):
        open_workspace(tmp_path)
    assert digest(db) == before


def test_newer_database_is_refused_and_names_the_newest_backup(tmp_path: Path):
    open_workspace(tmp_path).close()
    open_workspace(tmp_path).close()  # takes the first daily backup
    db = tmp_path / DB_NAME
    connection = sqlite3.connect(db)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    before = digest(db)
    with pytest.raises(DatabaseTooNewError, match="newer CoachDesk") as err:
        open_workspace(tmp_path)
    assert "newest backup is" in str(err.value)
    assert digest(db) == before


def test_corrupt_database_is_refused(tmp_path: Path):
    ws = open_workspace(tmp_path)
    for i in range(300):
        ws.coachees.add(f"Teacher {i}", "x" * 200)
    ws.close()
    db = tmp_path / DB_NAME
    data = bytearray(db.read_bytes())
    for offset in range(8192, min(len(data), 60000), 4096):  # smash page headers
        data[offset : offset + 64] = b"\xde\xad\xbe\xef" * 16
    db.write_bytes(bytes(data))
    before = digest(db)
    with pytest.raises(DatabaseCorruptError, match="damaged"):
        open_workspace(tmp_path)
    assert digest(db) == before


def _hold_lock(
    data_dir: str,
    ready: multiprocessing.synchronize.Event,  # type: ignore[name-defined]
    done: multiprocessing.synchronize.Event,
) -> None:  # type: ignore[name-defined]
    ws = open_workspace(Path(data_dir))
    ready.set()
    done.wait(30)
    ws.close()


def test_second_instance_is_refused(tmp_path: Path):
    context = multiprocessing.get_context("spawn")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(str(tmp_path), ready, done))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(DataDirLockedError, match="already open") as err:
            open_workspace(tmp_path)
        assert f"process {holder.pid}" in str(err.value)
    finally:
        done.set()
        holder.join(30)
    open_workspace(tmp_path).close()  # free again once the first has gone


def test_read_only_data_folder_is_refused(tmp_path: Path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can write anywhere; the hostile-environment suite covers this")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="read-only"):
            open_workspace(folder)
    finally:
        folder.chmod(0o700)


def test_data_folder_is_private(tmp_path: Path):
    folder = tmp_path / "data"
    open_workspace(folder).close()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / DB_NAME).stat().st_mode & 0o777 == 0o600
