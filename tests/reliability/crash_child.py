"""Workers that do real work until they are SIGKILLed, forked from one warm "zygote" process.

The zygote imports CoachDesk once and reads commands on stdin: ``RUN <scenario> <json args>``.
For each it forks a worker, says ``FORKED <pid>``, waits for it and says ``REAPED <pid> <status>``.
A worker writes ``READY <pid>`` when the work to be interrupted begins, ``START <pid> <what>``
before an operation and ``ACK <pid> <what>`` only after the call returned. Every line is one
``os.write`` to the shared stdout pipe, so a kill never leaves half a line, and everything a
worker wrote is in the pipe before the zygote reports it reaped. The zygote never opens a
database, so a forked worker shares no SQLite state with anyone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import os
import random
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coachdesk.core.goals import PeersCriterion
from coachdesk.core.playbook import Category, StrategyDraft
from coachdesk.core.playbook_file import dump_playbook
from coachdesk.core.problems import PersistentProblem
from coachdesk.storage import db as db_module
from coachdesk.storage.restore import restore_backup
from coachdesk.storage.workspace import open_workspace

IMPORT_SIZE = 150  # strategies per imported playbook file


def say(word: str, *parts: object) -> None:
    line = " ".join([word, str(os.getpid()), *map(str, parts)]) + "\n"
    os.write(1, line.encode())


# -- what the workers do ------------------------------------------------------------------


def goal_revision(text: str) -> int:
    return int(text.rsplit(" ", 1)[1]) if text.startswith("Goal revision ") else 0


def goal_fields(n: int) -> dict[str, Any]:
    """The goal as revision ``n`` writes it: every field says ``n``, so a torn write shows."""
    return dict(
        text=f"Goal revision {n}",
        measure=f"Measure {n}",
        unit=f"u{n % 97}",
        baseline=float(n),
        target=float(n + 100),
        checks=frozenset(list(PeersCriterion)[: n % 6]),
    )


def edit_goal(args: dict[str, Any]) -> None:
    """Save the goal and add a measurement, over and over."""
    ws = open_workspace(Path(args["data_dir"]), daily_backup=False)
    cycle = ws.cycles.list()[0]
    goal = ws.cycles.goal(cycle.id)
    n = goal_revision(goal.text)
    say("READY")
    while True:
        n += 1
        say("START", n)
        goal = ws.cycles.save_goal(dataclasses.replace(goal, **goal_fields(n))).value
        ws.cycles.add_measurement(cycle.id, dt.date(2025, 10, 1), float(n), note=f"m{n}")
        say("ACK", n)


def playbook_file(token: str, k: int) -> bytes:
    """A playbook file of IMPORT_SIZE strategies whose uids say which file they came from."""
    problems = list(PersistentProblem)
    drafts = [
        StrategyDraft(
            title=f"Imported {token} {k}.{i}",
            category=list(Category)[i % len(Category)],
            purpose=f"Purpose of strategy {k}.{i}, written at length. " * 4,
            wrong_choice_when="When the class needs something else entirely.",
            steps=tuple(f"Step {s} of {k}.{i}" for s in range(1, 6)),
            look_fors=(f"Look-for of {k}.{i}",),
            problems=frozenset({problems[i % len(problems)]}),
            uid=f"crash-{token}-{k}-{i}",
        )
        for i in range(IMPORT_SIZE)
    ]
    return dump_playbook(f"Crash file {k}", drafts)


def import_playbooks(args: dict[str, Any]) -> None:
    """Import one playbook file after another."""
    ws = open_workspace(Path(args["data_dir"]), daily_backup=False)
    files = [playbook_file(args["token"], k) for k in range(args["files"])]
    say("READY")
    for k, data in enumerate(files):
        say("START", k)
        ws.playbook.import_file(data)
        say("ACK", k)


def die_at(statement: str) -> None:
    """SIGKILL this worker when the migration is about to run ``statement``."""
    upgrade = db_module.migrate.upgrade

    def dying_upgrade(connection: Any, revision: str = "head") -> None:
        def trace(sql: str) -> None:
            if statement in sql:
                os.kill(os.getpid(), signal.SIGKILL)

        connection.connection.driver_connection.set_trace_callback(trace)
        upgrade(connection, revision)

    db_module.migrate.upgrade = dying_upgrade  # type: ignore[assignment]


def first_start(args: dict[str, Any]) -> None:
    """Start CoachDesk on an empty folder: create the schema, install the bundled content."""
    if args.get("die_at"):
        die_at(args["die_at"])
    say("READY")
    ws = open_workspace(Path(args["data_dir"]))
    say("ACK", "opened")
    ws.close()


def forced_upgrade(args: dict[str, Any]) -> None:
    """Open a database at the head revision as if a newer schema were due, and migrate it.

    The pretend migration does what a real one does on SQLite: Alembic's batch mode rebuilds
    tables (create a copy, move the rows, drop the old, rename), then the note index is rebuilt.
    """
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    real_upgrade = db_module.migrate.upgrade

    def upgrade(connection: Any, revision: str = "head") -> None:
        real_upgrade(connection, revision)
        ops = Operations(MigrationContext.configure(connection, opts={"render_as_batch": True}))
        for table in ("coachee", "cycle", "observation"):  # (a rebuild drops triggers: not note)
            with ops.batch_alter_table(table, recreate="always"):
                pass
        connection.exec_driver_sql("INSERT INTO note_fts(note_fts) VALUES('rebuild')")

    db_module.migrate.upgrade = upgrade  # type: ignore[assignment]
    db_module.HEAD_REVISION = "0002_pretend"  # type: ignore[misc]
    if args.get("die_at"):
        die_at(args["die_at"])
    say("READY")
    ws = open_workspace(Path(args["data_dir"]), daily_backup=False)
    say("ACK", "migrated")
    ws.close()


def restore_backups(args: dict[str, Any]) -> None:
    """Restore backup A, then B, then A… (each restore also takes a safety copy first)."""
    data_dir = Path(args["data_dir"])
    choices = sorted(args["backups"].items())
    say("READY")
    for name, path in itertools.cycle(choices[args["first"] :] + choices[: args["first"]]):
        say("START", name)
        restore_backup(data_dir, Path(path))
        say("ACK", name)


def take_backups(args: dict[str, Any]) -> None:
    """Add a coachee, take a backup, again and again."""
    ws = open_workspace(Path(args["data_dir"]), daily_backup=False)
    say("READY")
    for n in itertools.count(args["start"]):
        ws.coachees.add(f"Backed up {n}")
        path = ws.take_now()
        say("ACK", n, path)


def tag_burst(args: dict[str, Any]) -> None:
    """Tag as fast as a coach pressing keys can: add a tag, and every fourth one edit its note
    (as the tag table does), each committed on its own."""
    ws = open_workspace(Path(args["data_dir"]), daily_backup=False)
    clip_id, type_ids = args["clip_id"], args["type_ids"]
    say("READY")
    for n in itertools.count(args["start"]):
        say("START", n)
        tag = ws.tags.add_tag(clip_id, type_ids[n % len(type_ids)], n * 40, note=f"burst {n}")
        if n % 4 == 0:
            ws.tags.save_tag(dataclasses.replace(tag.value, note=f"burst {n} edited"))
        say("ACK", n)


EXPORT_PADDING = "A long reflection, to give the exported file some weight. " * 8_000
WRITE_POINTS = {  # where inside core/atomic.py a chosen kill lands: (os call, after it returns)
    "mid-write": ("fsync", False),  # the temporary file is written, not yet on disk or renamed
    "before-replace": ("replace", False),  # complete and synced, not yet in the target's place
    "after-replace": ("replace", True),  # in place; the worker never said so
}


def die_in_write(point: str) -> dict[str, bool]:
    """SIGKILL this worker at ``point`` of the next file write once the returned flag is set."""
    name, after = WRITE_POINTS[point]
    real = getattr(os, name)
    armed = {"on": False}

    def call(*args: Any, **kwargs: Any) -> Any:
        if armed["on"] and not after:
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if armed["on"] and after:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(os, name, call)
    return armed


def export_summaries(args: dict[str, Any]) -> None:
    """Change the session's notes, then export its summary over the same file, again and again."""
    from coachdesk.core.jobs import run_job
    from coachdesk.export.gather import gather_summary
    from coachdesk.export.summary import SummaryParts
    from coachdesk.ui.export_jobs import summary_work

    data_dir, target = Path(args["data_dir"]), Path(args["target"])
    ws = open_workspace(data_dir, daily_backup=False)
    services = ws.services()
    session = ws.sessions.get(args["session_id"])
    parts = SummaryParts(thumbnails=False)
    armed = die_in_write(args["die_at"]) if args.get("die_at") else {}
    say("READY")
    for n in itertools.count(args["start"]):
        notes = f"Export revision {n}.\n{EXPORT_PADDING}Export revision {n} ends."
        session = ws.sessions.save(dataclasses.replace(session, notes=notes)).value
        data = gather_summary(services, session.id)
        armed["on"] = n > args["start"]  # the first write completes: there is an old file
        say("START", n)
        run_job(summary_work(data, parts, target, "html", data_dir))
        say("ACK", n)


WORKERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "goal": edit_goal,
    "import": import_playbooks,
    "first-start": first_start,
    "upgrade": forced_upgrade,
    "restore": restore_backups,
    "backup": take_backups,
    "tags": tag_burst,
    "export": export_summaries,
}


# -- the zygote ------------------------------------------------------------------------------


def _work(scenario: str, args: dict[str, Any]) -> None:
    random.seed()
    try:
        WORKERS[scenario](args)
    except BaseException:
        import traceback

        os.write(2, traceback.format_exc().encode())
        os._exit(1)
    os._exit(0)


def main() -> None:
    # Warm: the migrations import these late.
    import alembic.command
    import alembic.operations  # noqa: F401

    say("ZYGOTE")
    for line in sys.stdin:
        command, scenario, raw = line.rstrip("\n").split(" ", 2)
        assert command == "RUN", command
        args = json.loads(raw)
        pid = os.fork()
        if pid == 0:
            _work(scenario, args)
        say("FORKED", pid)
        _, status = os.waitpid(pid, 0)
        say("REAPED", pid, status)


if __name__ == "__main__":
    main()
