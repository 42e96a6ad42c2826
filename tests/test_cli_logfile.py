"""``coachdesk export logfile``: the coaching-log file for the lead, from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coachdesk.core.coaching_log_file import parse
from coachdesk.storage.workspace import open_workspace
from tests.e2e.lead_coaches import open_coach
from tests.test_cli import run


def test_writes_the_term_into_a_folder_under_the_suggested_name(tmp_path: Path):
    open_coach(tmp_path, "ruth").close()
    out = tmp_path / "out"
    out.mkdir()
    result = run("--data-dir", str(tmp_path / "ruth"), "export", "logfile", "--term", "1",
                 "--year", "2025", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = out / "coaching-log Ruth Evans 2025 T1.coachlog.json"
    assert str(written) in result.stdout
    assert "(1 cycle, 3 contacts)" in result.stdout
    assert "give it only to your coaching lead" in result.stdout
    log = parse(written.read_bytes())
    assert (log.school_year, log.term, log.coach.name) == (2025, 1, "Ruth Evans")
    assert [c.name for c in log.colleagues] == ["Dan Smith", "Priya Shah", "Tom Okafor"]
    assert written.stat().st_mode & 0o777 == 0o600
    assert not list(out.glob("*.partial"))

    # The next export of the same workspace keeps the same coach id.
    again = tmp_path / "again.json"
    assert run("--data-dir", str(tmp_path / "ruth"), "export", "logfile", "--term", "2",
               "--year", "2025", str(again)).returncode == 0  # fmt: skip
    assert parse(again.read_bytes()).coach.uid == log.coach.uid


def test_the_year_defaults_to_the_current_school_year(tmp_path: Path):
    ws = open_workspace(tmp_path)
    ws.settings.put("coach_name", "Sam Lee")
    year = ws.settings.calendar().academic_year_of(dt.date.today())
    ws.close()
    target = tmp_path / "log.json"
    result = run("--data-dir", str(tmp_path), "export", "logfile", "--term", "3", str(target))
    assert result.returncode == 0, result.stderr
    assert (parse(target.read_bytes()).school_year, parse(target.read_bytes()).term) == (year, 3)


def test_a_coach_without_a_name_is_asked_for_one_and_nothing_is_written(tmp_path: Path):
    open_workspace(tmp_path / "data").close()
    target = tmp_path / "log.json"
    result = run("--data-dir", str(tmp_path / "data"), "export", "logfile", "--term", "1",
                 str(target))  # fmt: skip
    assert result.returncode == 2
    assert "Write your name first" in result.stderr
    assert not target.exists()

    named = run("--data-dir", str(tmp_path / "data"), "export", "logfile", "--term", "1",
                "--coach-name", "Ada  King", str(target))  # fmt: skip
    assert named.returncode == 0, named.stderr
    assert parse(target.read_bytes()).coach.name == "Ada King"
    ws = open_workspace(tmp_path / "data")
    assert ws.settings.coach_name() == "Ada King"  # kept for next time
    ws.close()


def test_a_term_outside_one_to_three_is_refused(tmp_path: Path):
    result = run("--data-dir", str(tmp_path), "export", "logfile", "--term", "4", "x.json")
    assert result.returncode == 2
    assert "invalid choice: 4" in result.stderr


def test_an_unwritable_folder_is_reported(tmp_path: Path):
    ws = open_workspace(tmp_path / "data")
    ws.settings.put("coach_name", "Sam Lee")
    ws.close()
    result = run("--data-dir", str(tmp_path / "data"), "export", "logfile", "--term", "1",
                 str(tmp_path / "no-such-folder" / "log.json"))  # fmt: skip
    assert result.returncode == 2
    assert "Cannot write in" in result.stderr
