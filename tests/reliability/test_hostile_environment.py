"""A hostile environment: a read-only data folder, a full disk, a newer or foreign database,
two CoachDesks on one folder. Each: a clear message (no traceback) and no data lost.

tests/storage/test_refusals.py covers the refusals at the store level; here they go through the
command line and real processes. Root ignores file permissions, so the read-only cases run the
child as ``nobody`` (setpriv) or on a read-only bind mount (``unshare -rm``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk.__main__ import main as cli
from coachdesk.core.errors import DataDirLockedError
from coachdesk.core.observations import ObservationMode
from coachdesk.storage.restore import restore_backup
from coachdesk.storage.workspace import DB_NAME, open_workspace
from tests.reliability.support import ROOT, bulk_notes, content_digest, integrity, time_limit

NOBODY = 65534


def python(*args: str, user: str = "", env: dict[str, str] | None = None, timeout: float = 60):
    """Run ``python -m <args>`` from the repository, as ``nobody`` when ``user`` says so."""
    prefix: list[str] = []
    if user == "nobody":
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _can_run_as_nobody() -> str:
    """Return why the tests cannot run a child as nobody, or '' if they can."""
    if os.geteuid() != 0:
        return "not root: the current user is already unprivileged (see test_refusals)"
    if shutil.which("setpriv") is None:
        return "setpriv is not installed"
    probe = python("coachdesk", "--version", user="nobody")
    return "" if probe.returncode == 0 else f"nobody cannot run this Python: {probe.stderr[-200:]}"


@pytest.fixture(scope="module")
def shared_tmp() -> Iterator[Path]:
    """A temporary folder other users may enter (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="coachdesk-hostile-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def make_workspace(folder: Path, notes: int = 3) -> str:
    """Create a workspace with a coachee, a cycle, an observation and notes; return its digest."""
    ws = open_workspace(folder, daily_backup=False)
    coachee = ws.coachees.add("Safe Keeping").value
    cycle = ws.cycles.start(coachee.id, dt.date(2025, 11, 12)).value
    observation = ws.observations.add(cycle.id, cycle.started_on, ObservationMode.LIVE).value
    bulk_notes(ws, observation.id, notes, "Earlier note")
    ws.close()
    return content_digest(folder / DB_NAME)


def assert_clear_refusal(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.startswith("coachdesk: "), result.stderr
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


# -- a read-only data folder ------------------------------------------------------------------


@pytest.fixture(scope="module")
def as_nobody() -> None:
    reason = _can_run_as_nobody()
    if reason:
        pytest.skip(reason)


def test_a_folder_of_another_account_is_refused(as_nobody: None, shared_tmp: Path):
    folder = shared_tmp / "root's folder"
    digest = make_workspace(folder)
    folder.chmod(0o755)  # readable by nobody, writable by root only
    result = python("coachdesk", "--data-dir", str(folder), "backup", user="nobody")
    assert_clear_refusal(result, "cannot use the data folder", "Operation not permitted")
    assert content_digest(folder / DB_NAME) == digest


def test_a_database_of_another_account_is_refused(as_nobody: None, shared_tmp: Path):
    """Before the fix: a PermissionError traceback from chmod."""
    folder = shared_tmp / "nobody's folder"
    digest = make_workspace(folder)
    for path in (folder, folder / "coachdesk.lock"):
        os.chown(path, NOBODY, NOBODY)
    (folder / DB_NAME).chmod(0o644)  # the database stays root's: readable, not writable
    for command in (["backup"], ["--smoke-test"]):
        result = python(
            "coachdesk", "--data-dir", str(folder), *command, user="nobody", env=_qt_env(folder)
        )
        assert_clear_refusal(result, "cannot write the database", "another account")
    assert content_digest(folder / DB_NAME) == digest


def test_a_lock_file_of_another_account_is_refused(as_nobody: None, shared_tmp: Path):
    """Before the fix: a PermissionError traceback from opening the lock file."""
    folder = shared_tmp / "locked by root"
    digest = make_workspace(folder)
    os.chown(folder, NOBODY, NOBODY)
    os.chown(folder / DB_NAME, NOBODY, NOBODY)
    result = python("coachdesk", "--data-dir", str(folder), "backup", user="nobody")
    assert_clear_refusal(result, "cannot open its lock file", "Permission denied")
    assert content_digest(folder / DB_NAME) == digest


def test_an_unreadable_backup_is_refused(as_nobody: None, shared_tmp: Path):
    """Before the fix: a PermissionError traceback from open()."""
    folder = shared_tmp / "restorer"
    make_workspace(folder)
    backup = shared_tmp / "secret backup.sqlite3"
    shutil.copy(folder / DB_NAME, backup)
    backup.chmod(0o600)  # root's
    shutil.chown(folder, NOBODY, NOBODY)
    for path in folder.rglob("*"):
        shutil.chown(path, NOBODY, NOBODY)
    digest = content_digest(folder / DB_NAME)
    result = python("coachdesk", "--data-dir", str(folder), "restore", str(backup), user="nobody")
    assert_clear_refusal(result, "cannot be read", "Permission denied")
    assert content_digest(folder / DB_NAME) == digest


def _qt_env(folder: Path) -> dict[str, str]:
    return {"QT_QPA_PLATFORM": "offscreen", "HOME": str(folder), "XDG_RUNTIME_DIR": str(folder)}


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="unshare -rm (user namespaces) is not available")
def test_a_read_only_file_system_is_refused(tmp_path: Path):
    """A write-protected stick or a read-only share: mounted read-only, not just chmodded."""
    folder = tmp_path / "data"
    digest = make_workspace(folder)
    backup = tmp_path / "backup.sqlite3"
    shutil.copy(folder / DB_NAME, backup)
    script = (
        'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && '
        'exec "$@" 2>&1'  # stderr into stdout: unshare's own messages stay apart
    )
    unshare = ["unshare", "-rm", "sh", "-c", script, "sh", str(folder), sys.executable, "-m"]
    for command in (["backup"], ["restore", str(backup)]):
        result = subprocess.run(
            [*unshare, "coachdesk", "--data-dir", str(folder), *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stdout.startswith("coachdesk: "), result.stdout
        assert "Read-only file system" in result.stdout
        assert "Traceback" not in result.stdout
    assert content_digest(folder / DB_NAME) == digest


def test_a_read_only_folder_of_ones_own_is_made_private_and_used(tmp_path: Path):
    """CoachDesk owns its data folder: a 0500 folder of the coach's is set back to 0700."""
    folder = tmp_path / "data"
    make_workspace(folder)
    folder.chmod(0o500)
    ws = open_workspace(folder)
    ws.coachees.add("Still writable")
    ws.close()
    assert folder.stat().st_mode & 0o777 == 0o700


# -- a full disk ----------------------------------------------------------------------------


def disk_full(folder: Path, work: str, file: Path | None = None) -> dict[str, list[str]]:
    result = python(
        "tests.reliability.disk_full_child", str(folder), work, *([str(file)] if file else [])
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        word, _, rest = line.partition(" ")
        lines.setdefault(word, []).append(rest)
    return lines


def note_ids(db: Path) -> set[int]:
    connection = sqlite3.connect(db)
    try:
        return {r[0] for r in connection.execute("SELECT id FROM note")}
    finally:
        connection.close()


def test_a_full_disk_while_writing_notes_loses_nothing_saved(tmp_path: Path):
    folder = tmp_path / "data"
    make_workspace(folder)
    out = disk_full(folder, "notes")
    (refusal,) = out["REFUSED"]
    assert refusal.startswith("StorageError: CoachDesk could not write"), refusal
    assert "Is the disk full?" in refusal
    assert "everything saved before it is safe" in refusal
    acked = {int(a) for a in out["ACK"]}
    assert len(acked) >= 1
    assert out["RECOVERED"], "CoachDesk carries on once there is room again"
    db = folder / DB_NAME
    assert integrity(db) == "ok"
    assert acked | {int(out["RECOVERED"][0])} <= note_ids(db)
    ws = open_workspace(folder)
    assert "Written after the disk had room again" in {c.name for c in ws.coachees.list()}
    ws.close()


def test_a_full_disk_during_an_import_imports_nothing(tmp_path: Path):
    from tests.reliability.crash_child import playbook_file

    folder = tmp_path / "data"
    make_workspace(folder)
    file = tmp_path / "big playbook.json"
    file.write_bytes(playbook_file("full", 0))
    before = content_digest(folder / DB_NAME, with_fts=False)
    out = disk_full(folder, "import", file)
    assert "ACK" not in out
    assert out["REFUSED"][0].startswith("StorageError: CoachDesk could not write")
    assert integrity(folder / DB_NAME) == "ok"
    connection = sqlite3.connect(folder / DB_NAME)
    imported = connection.execute("SELECT count(*) FROM strategy WHERE uid LIKE 'crash-full-%'")
    assert imported.fetchone()[0] == 0
    connection.close()
    assert before != content_digest(folder / DB_NAME, with_fts=False)  # the recovery writes


def test_a_full_disk_during_a_backup_leaves_no_half_copy(tmp_path: Path):
    """Before the fix: an sqlite3.OperationalError traceback, and a .partial file left."""
    folder = tmp_path / "data"
    make_workspace(folder)
    out = disk_full(folder, "backup")
    assert out["REFUSED"][0].startswith("StorageError: The backup could not be written")
    assert "database itself is unchanged" in out["REFUSED"][0]
    assert not list((folder / "backups").glob("*.partial"))
    assert integrity(folder / DB_NAME) == "ok"


def test_a_full_disk_during_cli_backup_gives_a_message(tmp_path: Path):
    folder = tmp_path / "data"
    digest = make_workspace(folder)
    result = python("tests.reliability.disk_full_child", str(folder), "cli-backup")
    assert "EXIT 2" in result.stdout, result.stdout + result.stderr
    assert result.stderr.startswith("coachdesk: The backup could not be written")
    assert "Traceback" not in result.stderr
    assert content_digest(folder / DB_NAME) == digest


def test_a_full_disk_during_a_restore_changes_nothing(tmp_path: Path):
    big = tmp_path / "big"
    make_workspace(big, notes=3000)
    backup = tmp_path / "big backup.sqlite3"
    ws = open_workspace(big)
    shutil.copy(ws.take_now(), backup)
    ws.close()
    folder = tmp_path / "data"
    digest = make_workspace(folder)
    out = disk_full(folder, "restore", backup)
    assert out["REFUSED"][0].startswith("StorageError: The backup could not be restored")
    assert "the database is as it was" in out["REFUSED"][0]
    assert integrity(folder / DB_NAME) == "ok"
    assert content_digest(folder / DB_NAME) == digest


# -- a newer, foreign or damaged database -------------------------------------------------------


def _newer(db: Path) -> None:
    connection = sqlite3.connect(db)
    connection.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    connection.commit()
    connection.close()


def _half(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _replace_with_dir(db: Path) -> None:
    db.unlink()
    db.mkdir()


def _state(path: Path) -> tuple[int, bytes | None]:
    return path.stat().st_mode, None if path.is_dir() else path.read_bytes()


DAMAGE = {
    "from a newer CoachDesk": (_newer, "newer CoachDesk"),
    "a text file": (lambda db: db.write_text("Dear diary"), "not a CoachDesk database"),
    "random bytes": (lambda db: db.write_bytes(os.urandom(8192)), "not a CoachDesk database"),
    "cut in half": (_half, "damaged"),
    "a folder in its place": (_replace_with_dir, "cannot be read"),
}


@pytest.mark.parametrize(("damage", "phrase"), DAMAGE.values(), ids=DAMAGE.keys())
def test_a_database_that_will_not_do_is_refused_untouched(
    qapp: object, tmp_path: Path, damage: object, phrase: str, capsys: pytest.CaptureFixture[str]
):
    folder = tmp_path / "data"
    make_workspace(folder, notes=400)
    db = folder / DB_NAME
    ws = open_workspace(folder)  # checkpoint, so halving the file really cuts into content
    ws.close()
    damage(db)  # type: ignore[operator]
    snapshot = {p.name: _state(p) for p in folder.iterdir()}
    for command in (["backup"], ["--smoke-test"]):
        with time_limit(30):
            code = cli(["--data-dir", str(folder), *command])
        err = capsys.readouterr().err
        assert code == 2
        assert err.startswith("coachdesk: ")
        assert phrase in err, err
        assert "has not changed the file" in err, err
    after = {p.name: _state(p) for p in folder.iterdir()}
    assert {name: after[name] for name in snapshot} == snapshot  # byte for byte, no chmod
    new = set(after) - set(snapshot)  # a read-only look at a WAL database may leave these
    assert new <= {f"{DB_NAME}-wal", f"{DB_NAME}-shm"}
    assert (
        not (folder / f"{DB_NAME}-wal").is_file() or (folder / f"{DB_NAME}-wal").stat().st_size == 0
    )


# -- two CoachDesks on one folder -------------------------------------------------------------


@contextlib.contextmanager
def writer(folder: Path) -> Iterator[subprocess.Popen[str]]:
    """The durability suite's writer child, committing tags and notes until killed."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.storage.writer_child", str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline(), "the writer did not start"
    try:
        yield child
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)


def test_a_second_coachdesk_is_refused_while_the_first_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    folder = tmp_path / "data"
    make_workspace(folder)
    with writer(folder) as first:
        with pytest.raises(DataDirLockedError, match=f"already open.*process {first.pid}"):
            open_workspace(folder)
        for command in (["backup"], ["--smoke-test"], ["restore", str(folder / DB_NAME)]):
            assert cli(["--data-dir", str(folder), *command]) == 2
            assert "already open" in capsys.readouterr().err
        with pytest.raises(DataDirLockedError):
            restore_backup(folder, folder / DB_NAME)
    assert integrity(folder / DB_NAME) == "ok"
    assert not (folder / "backups").exists() or not [
        b for b in (folder / "backups").iterdir() if "prerestore" in b.name
    ]
    open_workspace(folder).close()  # free once the first has gone


def test_a_lock_left_by_a_killed_coachdesk_does_not_block(tmp_path: Path):
    folder = tmp_path / "data"
    make_workspace(folder)
    with writer(folder):
        pass  # SIGKILLed: its lock file stays, with its pid in it
    assert (folder / "coachdesk.lock").read_text().isdigit()
    ws = open_workspace(folder)
    assert (folder / "coachdesk.lock").read_text() == str(os.getpid())
    ws.close()


def test_a_data_folder_with_spaces_and_accents(tmp_path: Path):
    folder = tmp_path / "Données de l’école" / "Coach Zoë (2025–26)"
    make_workspace(folder)
    result = python("coachdesk", "--data-dir", str(folder), "backup", env={"LC_ALL": "C"})
    assert result.returncode == 0, result.stderr
    assert "Backup written to" in result.stdout
