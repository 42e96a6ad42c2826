"""Privacy: no network in a whole session; the data folder is the owner's alone; erasing a
coachee leaves no trace of them in the database, its index, its WAL or the window's settings.

Backups keep an erased coachee until they rotate out (ten copies): that is by design, and the
test below checks the documented behaviour rather than hiding it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from coachdesk.storage.backup import BackupStore
from coachdesk.storage.workspace import DB_NAME
from tests.reliability.support import ROOT, fts_sound, integrity

MARKER = f"zqx{uuid.uuid4().hex[:10]}privacy"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the whole session once, in its own process (an audit hook cannot be removed)."""
    root = tmp_path_factory.mktemp("privacy")
    data_dir, export_dir = root / "data", root / "exports"
    export_dir.mkdir()
    child = [sys.executable, "-m", "tests.reliability.privacy_child"]
    result = subprocess.run(
        [*child, str(data_dir), str(export_dir), MARKER],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": "qt.*=false"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    report["data_dir"], report["export_dir"] = data_dir, export_dir
    return report


def test_a_whole_session_never_touches_the_network(session: dict[str, Any]):
    assert session["hook_works"]  # the control: a lookup after the session was stopped
    assert session["seen"]["blocked"] == []
    assert session["seen"]["sockets"] == []  # not even a socket is made
    assert session["seen"]["processes"] == []  # nor a helper program started


def test_the_data_folder_is_the_owners_alone(session: dict[str, Any]):
    data_dir: Path = session["data_dir"]
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / DB_NAME).stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / "window.ini").stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / "backups").stat().st_mode) == 0o700
    backups = BackupStore(data_dir / "backups").list()
    assert len(backups) >= 2
    for backup in backups:
        assert stat.S_IMODE(backup.path.stat().st_mode) == 0o600
    shared = [
        f"{p.relative_to(data_dir)} {stat.filemode(p.stat().st_mode)}"
        for p in data_dir.rglob("*")
        if p.stat().st_mode & 0o077
    ]
    assert shared == []  # nothing in the folder is readable by anyone else


def test_an_exported_playbook_is_a_file_to_share(session: dict[str, Any]):
    exported = session["export_dir"] / "playbook.json"
    assert stat.S_IMODE(exported.stat().st_mode) == 0o644  # by design: it is meant to be sent
    assert MARKER not in exported.read_text()


def test_the_erased_coachee_left_no_rows(session: dict[str, Any]):
    db = session["data_dir"] / DB_NAME
    assert integrity(db) == "ok"
    assert fts_sound(db)
    connection = sqlite3.connect(db)
    try:
        for table, ids in session["ids"].items():
            assert ids, table
            marks = ",".join("?" * len(ids))
            left = connection.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", ids)
            assert left.fetchall() == [], f"{table} rows survived the erasure"
        hits = connection.execute("SELECT rowid FROM note_fts WHERE note_fts MATCH ?", [MARKER])
        assert hits.fetchall() == []
        coachees = [r[0] for r in connection.execute("SELECT name FROM coachee")]
    finally:
        connection.close()
    assert "Priya Shah" in coachees  # everyone else is still there


def test_the_erased_coachees_words_are_in_no_file(session: dict[str, Any]):
    """secure_delete zeroes freed space; the fix merges the note index and empties the WAL."""
    before, after = session["before"], session["after_delete"]
    assert sum(before.values()) > 30, "the marker was written"
    in_data = {name: n for name, n in after.items() if n and not name.startswith("backups/")}
    assert in_data == {}, "still in the database, its WAL or another file while CoachDesk runs"
    after_close = session["after_close"]
    assert {n: c for n, c in after_close.items() if c and not n.startswith("backups/")} == {}


def test_backups_keep_an_erased_coachee_until_they_rotate_out(session: dict[str, Any]):
    """Documented in docs/reliability.md: a backup is a copy from before the erasure."""
    kept = [name for name, n in session["after_close"].items() if n and name.startswith("backups/")]
    assert len(kept) == 1
