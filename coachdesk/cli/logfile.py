"""``coachdesk export logfile --term N [--year Y] OUT``: the coaching-log file for the lead."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from coachdesk.core.errors import CoachDeskError


def add_logfile_parser(kinds: Any) -> None:
    """Add ``logfile`` to the ``export`` sub-parsers ``kinds``."""
    logfile = kinds.add_parser(
        "logfile", help="a term's coaching-log file for the school's coaching lead (JSON)"
    )
    logfile.add_argument("--term", type=int, choices=(1, 2, 3), required=True, help="1, 2 or 3")
    logfile.add_argument(
        "--year",
        type=int,
        metavar="Y",
        help="the year the school year starts in (2025 for 2025/26; default: this one)",
    )
    logfile.add_argument(
        "--coach-name", metavar="NAME", help="your name as the lead sees it (kept for next time)"
    )
    logfile.add_argument(
        "out", type=Path, metavar="OUT", help="the file to write, or a folder to write it in"
    )


def run_logfile(args: argparse.Namespace, data_dir: Path) -> int:
    """Run ``export logfile``; return the exit code."""
    return export_logfile(data_dir, args.term, args.year, args.out, args.coach_name)


def export_logfile(
    data_dir: Path,
    term: int,
    year: int | None,
    out: Path,
    coach_name: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Write the coaching-log file of ``term`` to ``out``; print where it went."""
    from coachdesk.core.coaching_log_file import suggested_file_name
    from coachdesk.export.lead_log_file import gather_log_file, write_log_file
    from coachdesk.storage.workspace import open_workspace

    try:
        workspace = open_workspace(data_dir, daily_backup=False)
        try:
            services = workspace.services()
            if coach_name is not None and coach_name.strip():
                services.settings.put("coach_name", " ".join(coach_name.split()))
            school_year = year
            if school_year is None:
                school_year = services.settings.calendar().academic_year_of(dt.date.today())
            log = gather_log_file(services, school_year, term, now)
        finally:
            workspace.close()
        target = out.expanduser()
        if target.is_dir():
            target = target / suggested_file_name(log)
        path = write_log_file(log, target)
    except CoachDeskError as exc:
        print(f"coachdesk: {exc}", file=sys.stderr)
        return 2
    cycles, contacts = len(log.cycles), len(log.contacts)
    print(
        f"The coaching-log file for {log.term_label} ({cycles} cycle{'s' * (cycles != 1)}, "
        f"{contacts} contact{'s' * (contacts != 1)}) is in {path}\n"
        "It names your colleagues: give it only to your coaching lead."
    )
    return 0
