"""The work the crash suite interrupts, and what must hold after each SIGKILL.

After every kill: the file passes ``PRAGMA integrity_check``, CoachDesk opens it, and every
change the worker acknowledged (printed after the call returned) is there.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from coachdesk import resources
from coachdesk.app import build_services
from coachdesk.core.clips import ClipProbe
from coachdesk.core.observations import ObservationMode
from coachdesk.demo import fill_demo
from coachdesk.storage.backup import BackupStore
from coachdesk.storage.restore import check_backup_file
from coachdesk.storage.workspace import DB_NAME, open_workspace
from tests.reliability.crash_child import IMPORT_SIZE, goal_fields, goal_revision
from tests.reliability.crash_harness import Run, Scenario
from tests.reliability.support import (
    bulk_notes,
    content_digest,
    fts_sound,
    integrity,
    table_names,
)

TODAY = dt.date(2025, 11, 12)


def _sound(db: Path) -> None:
    problem = integrity(db)
    assert problem == "ok", f"integrity_check: {problem}"


def _opens(folder: Path) -> None:
    """CoachDesk opens the folder (full checks on) and can write to it."""
    ws = open_workspace(folder, daily_backup=False)
    try:
        ws.settings.put("last_crash_check", dt.datetime.now().isoformat())
    finally:
        ws.close()
    assert not list((folder / "backups").glob("*.partial")), "a cut-off backup was left behind"


def _fill(folder: Path, notes: int) -> None:
    """A demo workspace plus ``notes`` observation notes, to give the work some weight."""
    ws = open_workspace(folder, daily_backup=False)
    services = build_services(ws)
    fill_demo(services, today=TODAY)
    cycle = ws.cycles.list()[0]
    obs = ws.observations.add(cycle.id, TODAY, ObservationMode.LIVE, "Crash-test lesson").value
    bulk_notes(ws, obs.id, notes, "Noted quietly")
    ws.close()


class EditGoal(Scenario):
    name = "goal"
    max_delay = 0.3

    def prepare(self) -> None:
        ws = open_workspace(self.folder, daily_backup=False)
        coachee = ws.coachees.add("Goal Setter").value
        ws.cycles.start(coachee.id, TODAY)
        ws.close()
        self.acked: set[int] = set()
        self.revision = 0

    def args(self, number: int) -> dict[str, Any]:
        return {"data_dir": str(self.folder)}

    def verify(self, run: Run) -> None:
        db = self.folder / DB_NAME
        _sound(db)
        self.acked |= {int(a) for a in run.acks}
        started = [int(n) for kind, n in run.events if kind == "START"]
        ws = open_workspace(self.folder, daily_backup=False)
        try:
            cycle = ws.cycles.list()[0]
            goal = ws.cycles.goal(cycle.id)
        finally:
            ws.close()
        n = goal_revision(goal.text)
        newest = max(self.acked, default=0)
        # A revision saved but not yet acknowledged when the kill came may be there, or not.
        highest = max([self.revision, *started])
        assert newest <= n <= highest, (
            f"goal revision {n}: acknowledged {newest}, at most {highest}"
        )
        self.revision = n
        expected = goal_fields(n)
        found = {key: getattr(goal, key) for key in expected}
        assert found == expected, f"a torn goal write: {found}"
        notes = [m.note for m in goal.measurements]
        assert len(notes) == len(set(notes)), "a measurement was written twice"
        lost = {f"m{a}" for a in self.acked} - set(notes)
        assert not lost, f"acknowledged measurements lost: {sorted(lost)[:5]}"
        _opens(self.folder)


class ImportPlaybook(Scenario):
    name = "import"
    max_delay = 0.8

    def prepare(self) -> None:
        open_workspace(self.folder).close()
        self.tokens: list[str] = []
        self.acked: set[tuple[str, int]] = set()

    def args(self, number: int) -> dict[str, Any]:
        self.tokens.append(uuid.uuid4().hex[:8])
        return {"data_dir": str(self.folder), "token": self.tokens[-1], "files": 20}

    def verify(self, run: Run) -> None:
        db = self.folder / DB_NAME
        _sound(db)
        token = self.tokens[-1]
        self.acked |= {(token, int(k)) for k in run.acks}
        connection = sqlite3.connect(db)
        try:
            counts: dict[tuple[str, int], int] = {}
            for (uid,) in connection.execute("SELECT uid FROM strategy WHERE uid LIKE 'crash-%'"):
                _, tok, k, _i = uid.split("-")
                counts[(tok, int(k))] = counts.get((tok, int(k)), 0) + 1
        finally:
            connection.close()
        partial = {key: n for key, n in counts.items() if n != IMPORT_SIZE}
        assert not partial, f"half-imported files (file: strategies): {partial}"
        lost = self.acked - set(counts)
        assert not lost, f"acknowledged imports lost: {sorted(lost)}"
        _opens(self.folder)


class FirstStart(Scenario):
    """The schema migration from nothing to head, and the bundled content, on a first start."""

    name = "first-start"
    finite = True

    def prepare(self) -> None:
        self.current = self.folder
        self.bundled = len(resources.starter_playbook())

    def args(self, number: int) -> dict[str, Any]:
        self.current = self.folder / f"start-{number}"
        return {"data_dir": str(self.current)}

    def verify(self, run: Run) -> None:
        db = self.current / DB_NAME
        if db.exists() and db.stat().st_size:
            _sound(db)
        if run.acks:
            connection = sqlite3.connect(db)
            try:
                (n,) = connection.execute(
                    "SELECT count(*) FROM strategy WHERE source = 'bundled'"
                ).fetchone()
            finally:
                connection.close()
            assert n == self.bundled, f"acknowledged start, but {n} of {self.bundled} strategies"
        _opens(self.current)
        ws = open_workspace(self.current, daily_backup=False)
        try:
            assert len(ws.playbook.list()) == self.bundled
        finally:
            ws.close()


class ForcedUpgrade(Scenario):
    """A migration that rebuilds tables (Alembic batch mode) on a database full of work."""

    name = "upgrade"
    finite = True

    def prepare(self) -> None:
        _fill(self.folder, notes=3000)
        self.digest = content_digest(self.folder / DB_NAME, with_fts=False)

    def args(self, number: int) -> dict[str, Any]:
        return {"data_dir": str(self.folder)}

    def verify(self, run: Run) -> None:
        db = self.folder / DB_NAME
        _sound(db)
        leftovers = [t for t in table_names(db) if t.startswith("_alembic_tmp")]
        assert not leftovers, f"half-done table rebuilds: {leftovers}"
        after = content_digest(db, with_fts=False)
        if after != self.digest:  # the settings row of _opens below is the one allowed change
            self.digest = after
            raise AssertionError("rows changed or were lost in the migration")
        assert fts_sound(db), "the note index disagrees with the notes"
        for backup in BackupStore(self.folder / "backups").list():
            check_backup_file(backup.path)  # every pre-migration copy is a sound database
        _opens(self.folder)
        self.digest = content_digest(db, with_fts=False)


class RestoreBackup(Scenario):
    name = "restore"
    max_delay = 0.6

    def prepare(self) -> None:
        self.states: dict[str, str] = {}
        keep = self.folder.parent / f"{self.folder.name}-states"
        keep.mkdir(exist_ok=True)
        self.backups: dict[str, str] = {}
        for name, notes in (("A", 2000), ("B", 2500)):
            shutil.rmtree(self.folder, ignore_errors=True)
            _fill(self.folder, notes)
            ws = open_workspace(self.folder, daily_backup=False)
            ws.coachees.add(f"Only in state {name}")
            path = ws.take_now()
            ws.close()
            target = keep / f"state {name} été.sqlite3"
            shutil.copy2(path, target)
            self.backups[name] = str(target)
            self.states[content_digest(target)] = name
        self.allowed = {content_digest(self.folder / DB_NAME)}

    def args(self, number: int) -> dict[str, Any]:
        return {"data_dir": str(self.folder), "backups": self.backups, "first": number % 2}

    def verify(self, run: Run) -> None:
        db = self.folder / DB_NAME
        _sound(db)
        by_name = {name: digest for digest, name in self.states.items()}
        allowed = set(self.allowed)
        for kind, name in run.events:
            allowed = {by_name[name]} if kind == "ACK" else allowed | {by_name[name]}
        found = content_digest(db)
        described = self.states.get(found, "something else")
        assert found in allowed, f"the database holds {described}, not what was restored"
        self.allowed = {found}
        _opens(self.folder)
        self.allowed = {content_digest(db)}


class TakeBackup(Scenario):
    name = "backup"
    max_delay = 0.5

    def prepare(self) -> None:
        _fill(self.folder, notes=2000)
        self.acked: dict[int, str] = {}

    def args(self, number: int) -> dict[str, Any]:
        return {"data_dir": str(self.folder), "start": 1000 * (number + 1)}

    def verify(self, run: Run) -> None:
        db = self.folder / DB_NAME
        _sound(db)
        for ack in run.acks:
            n, path = ack.split(" ", 1)
            self.acked[int(n)] = path
        connection = sqlite3.connect(db)
        try:
            names = {r[0] for r in connection.execute("SELECT name FROM coachee")}
        finally:
            connection.close()
        lost = [n for n in self.acked if f"Backed up {n}" not in names]
        assert not lost, f"acknowledged coachees lost: {lost[:5]}"
        for n, path in self.acked.items():
            backup = Path(path)
            if not backup.exists():
                continue  # rotated out
            check_backup_file(backup)
            connection = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
            try:
                inside = {r[0] for r in connection.execute("SELECT name FROM coachee")}
            finally:
                connection.close()
            assert f"Backed up {n}" in inside, f"backup {backup.name} misses coachee {n}"
        _opens(self.folder)


class TagBurst(Scenario):
    """Tags added (and some edited) one commit at a time, as fast as the store takes them."""

    name = "tags"
    max_delay = 0.4

    def prepare(self) -> None:
        ws = open_workspace(self.folder, daily_backup=False)
        coachee = ws.coachees.add("Tagged Teacher").value
        cycle = ws.cycles.start(coachee.id, TODAY).value
        obs = ws.observations.add(cycle.id, TODAY, ObservationMode.VIDEO, "Tagged lesson").value
        probe = ClipProbe(600_000, 25.0, False, 15_000, 1280, 720, 0, "h264", False)
        self.clip_id = ws.clips.add(obs.id, "/videos/lesson.mp4", "v1:" + "ab" * 40, probe)
        self.clip_id = self.clip_id.value.id
        self.type_ids = [t.id for t in ws.tags.tag_sets()[0].types]
        ws.close()
        self.acked: set[int] = set()

    def args(self, number: int) -> dict[str, Any]:
        return {
            "data_dir": str(self.folder),
            "clip_id": self.clip_id,
            "type_ids": self.type_ids,
            "start": 100_000 * number,
        }

    def verify(self, run: Run) -> None:
        db = self.folder / DB_NAME
        _sound(db)
        self.acked |= {int(a) for a in run.acks}
        connection = sqlite3.connect(db)
        try:
            notes = [
                r[0]
                for r in connection.execute(
                    "SELECT note FROM tag WHERE clip_id = ?", (self.clip_id,)
                )
            ]
        finally:
            connection.close()
        numbers = [int(note.split()[1]) for note in notes]
        assert len(numbers) == len(set(numbers)), "a tag was written twice"
        found = dict(zip(numbers, notes, strict=True))
        lost = self.acked - set(found)
        assert not lost, f"acknowledged tags lost: {sorted(lost)[:5]}"
        unedited = [n for n in self.acked if n % 4 == 0 and not found[n].endswith("edited")]
        assert not unedited, f"acknowledged edits lost: {unedited[:5]}"
        _opens(self.folder)


class ExportSummary(Scenario):
    """A session summary exported over the same file again and again (a 0.5 MB page)."""

    name = "export"
    max_delay = 1.2

    def prepare(self) -> None:
        _fill(self.folder, notes=50)
        ws = open_workspace(self.folder, daily_backup=False)
        self.session_id = ws.sessions.list(ws.cycles.list()[0].id)[0].id
        ws.close()
        self.target = self.folder.parent / "exports" / "Coaching summary.html"
        self.target.parent.mkdir(exist_ok=True)
        self.revision = -1  # what the file holds: none yet
        self.acked: set[int] = set()
        self.aged: list[Path] = []
        self.cut_writes = 0  # kills that landed inside a file write (a temporary file was left)

    def args(self, number: int) -> dict[str, Any]:
        return {
            "data_dir": str(self.folder),
            "target": str(self.target),
            "session_id": self.session_id,
            "start": 1000 * number,
        }

    def verify(self, run: Run) -> None:
        _sound(self.folder / DB_NAME)
        self.acked |= {int(a) for a in run.acks}
        started = [int(n) for kind, n in run.events if kind == "START"]
        newest = max(self.acked, default=-1)
        if not self.target.exists():
            assert newest == -1, "an acknowledged export is missing"
            return
        text = self.target.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), "the export is cut off"
        found = {int(m) for m in re.findall(r"Export revision (\d+)\.", text)}
        ends = {int(m) for m in re.findall(r"Export revision (\d+) ends\.", text)}
        assert len(found) == 1, f"a torn export: revisions {found}"
        assert found == ends, f"a torn export: begins as {found}, ends as {ends}"
        (n,) = found
        # The one being written when a kill came may have replaced the file, or not: in this
        # run, or in an earlier one when this run was killed before it wrote anything.
        unacknowledged = n in started or n == self.revision
        assert n == newest or (n > newest and unacknowledged), (
            f"the export holds revision {n}; acknowledged {newest}; events {run.events}"
        )
        self.revision = n
        # A write cut off leaves its hidden temporary file (holding part of the summary); the
        # next write of the same file removes those nobody has touched for ten minutes.
        if run.acks:
            still = [p.name for p in self.aged if p.exists()]
            assert not still, f"cut-off temporary files were left: {still}"
        self.aged = list(self.target.parent.glob(".*.partial"))
        self.cut_writes += len(self.aged)
        for partial in self.aged:
            os.utime(partial, (0, 0))  # as if ten minutes had passed


SCENARIOS: tuple[type[Scenario], ...] = (
    EditGoal,
    ImportPlaybook,
    FirstStart,
    ForcedUpgrade,
    RestoreBackup,
    TakeBackup,
    TagBurst,
    ExportSummary,
)
