"""The command line: version, smoke test, demo, backups, and refusals with clear messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coachdesk import __version__
from coachdesk.storage.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_smoke_test_with_demo_in_env_data_dir(tmp_path: Path):
    result = run("--demo", "--smoke-test", env={"COACHDESK_DATA_DIR": str(tmp_path / "d")})
    assert result.returncode == 0, result.stderr
    ws = open_workspace(tmp_path / "d")
    names = {c.name for c in ws.coachees.list()}
    stages = {c.stage.value for c in ws.cycles.list()}
    ws.close()
    assert len(names) >= 4
    assert stages == {"identify", "learn", "improve", "complete"}


def test_demo_is_not_added_to_a_workspace_in_use(tmp_path: Path):
    ws = open_workspace(tmp_path)
    ws.coachees.add("Real colleague")
    ws.close()
    result = run("--data-dir", str(tmp_path), "--demo", "--smoke-test")
    assert result.returncode == 0
    assert "demo was not added" in result.stderr
    ws = open_workspace(tmp_path)
    assert [c.name for c in ws.coachees.list()] == ["Real colleague"]
    ws.close()


def test_backup_list_and_restore(tmp_path: Path):
    ws = open_workspace(tmp_path)
    ws.coachees.add("Kept")
    ws.close()
    result = run("--data-dir", str(tmp_path), "backup")
    assert result.returncode == 0, result.stderr
    backup_path = Path(result.stdout.strip().split("Backup written to ")[1])
    ws = open_workspace(tmp_path)
    ws.coachees.add("Added later")
    ws.close()
    listing = run("--data-dir", str(tmp_path), "backups")
    assert "manual" in listing.stdout
    result = run("--data-dir", str(tmp_path), "restore", str(backup_path))
    assert result.returncode == 0, result.stderr
    ws = open_workspace(tmp_path)
    assert [c.name for c in ws.coachees.list()] == ["Kept"]
    ws.close()


def test_bad_database_gives_a_message_not_a_traceback(tmp_path: Path):
    (tmp_path / "coachdesk.sqlite3").write_text("not a database")
    result = run("--data-dir", str(tmp_path), "--smoke-test")
    assert result.returncode == 2
    assert "not a CoachDesk database" in result.stderr
    assert "Traceback" not in result.stderr


def test_second_app_is_refused_while_first_holds_the_folder(tmp_path: Path):
    ws = open_workspace(tmp_path)
    try:
        result = run("--data-dir", str(tmp_path), "--smoke-test")
    finally:
        ws.close()
    assert result.returncode == 2
    assert "already open" in result.stderr
