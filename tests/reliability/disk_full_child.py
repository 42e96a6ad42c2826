"""A child that runs into a full disk: a file-size limit (RLIMIT_FSIZE), with SIGXFSZ ignored so
the write fails with EFBIG instead of killing the process, as ENOSPC would on a full disk.

Usage: python -m tests.reliability.disk_full_child DATA_DIR WORK [FILE]
WORK: notes | import | backup | restore | cli-backup. Prints ``ACK <id>`` after each write that
returned, ``REFUSED <error class>: <message>`` when CoachDesk refused, ``RECOVERED <id>`` once a
write succeeds after the space came back. Any other exception is a traceback and exit code 1.
"""

from __future__ import annotations

import datetime as dt
import resource
import signal
import sys
from pathlib import Path

from coachdesk.core.errors import CoachDeskError
from coachdesk.storage.workspace import DB_NAME, Workspace, open_workspace

MARGIN = 64 * 1024


def say(*parts: object) -> None:
    print(*parts, flush=True)


def limit_writes(limit: int) -> None:
    """Let no file be written past ``limit`` bytes from now on."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))


def size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def free_space() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def add_note(ws: Workspace, n: int) -> int:
    cycle = ws.cycles.list()[0]
    observation = ws.observations.list(cycle.id)[0]
    text = f"Note {n}: " + "what the class did next, in detail. " * 500
    return ws.observations.add_note(observation.id, n * 1000, text).value.id


def main(data_dir: Path, work: str, file: Path | None) -> None:
    if work == "cli-backup":
        from coachdesk.__main__ import main as cli

        limit_writes(size(data_dir / DB_NAME) // 2)  # no room for a copy of the database
        say("EXIT", cli(["--data-dir", str(data_dir), "backup"]))
        return
    if work == "restore":
        from coachdesk.storage.restore import restore_backup

        assert file is not None
        limit_writes(size(data_dir / DB_NAME))  # room for the safety copy, not the bigger backup
        try:
            restore_backup(data_dir, file)
        except CoachDeskError as exc:
            say(f"REFUSED {type(exc).__name__}: {exc}")
        return
    ws = open_workspace(data_dir, daily_backup=False)
    if work == "backup":
        limit_writes(size(data_dir / DB_NAME) // 2)
    else:  # the WAL may grow by MARGIN more
        limit_writes(size(data_dir / f"{DB_NAME}-wal") + MARGIN)
    try:
        if work == "notes":
            for n in range(1, 10_000):
                say("ACK", add_note(ws, n))
        elif work == "import":
            assert file is not None
            ws.playbook.import_file(file.read_bytes())
            say("ACK", "imported")
        elif work == "backup":
            say("ACK", ws.take_now())
    except CoachDeskError as exc:
        say(f"REFUSED {type(exc).__name__}: {exc}")
    free_space()
    say("RECOVERED", add_note(ws, 99_999))
    ws.coachees.add("Written after the disk had room again", today=dt.date(2025, 11, 12))
    ws.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]) if len(sys.argv) > 3 else None)
