"""``coachdesk export summary|log|tags|list``: the exports of the window, from the command line.

The lead wires two lines into ``__main__``: ``add_export_parser(commands)`` when building the
parser, and ``return run_export(args, data_dir)`` when ``args.command == "export"``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from coachdesk.core.errors import CoachDeskError, ValidationError
from coachdesk.core.jobs import run_job
from coachdesk.core.services import Services
from coachdesk.export.coaching_log import PERIOD_NAMES, Period, custom_period, period_named
from coachdesk.export.summary import SummaryParts
from coachdesk.export.tags import TAG_FORMATS

SUMMARY_FORMATS = ("html", "pdf")
LOG_FORMATS = ("csv", "pdf")


@contextmanager
def _services(data_dir: Path) -> Iterator[Services]:
    """Open the workspace and hand out its stores as the services the exports read."""
    from coachdesk.storage.workspace import open_workspace

    workspace = open_workspace(data_dir, daily_backup=False)
    try:
        yield workspace.services()
    finally:
        workspace.close()


def _run(action: Callable[[], str]) -> int:
    """Run ``action``; print where the file went (0), or why nothing was written (2)."""
    try:
        print(action())
    except CoachDeskError as exc:
        print(f"coachdesk: {exc}", file=sys.stderr)
        return 2
    return 0


def _format(out: Path | None, fmt: str | None, allowed: tuple[str, ...]) -> str:
    """Return ``fmt``, or the one the file name suggests, or the first allowed."""
    if fmt:
        if fmt not in allowed:
            raise ValidationError(f"“{fmt}” is not one of {', '.join(allowed)}.")
        return fmt
    suffix = out.suffix.lower().lstrip(".") if out else ""
    suffix = "html" if suffix == "htm" else suffix
    return suffix if suffix in allowed else allowed[0]


def export_summary(
    data_dir: Path,
    session_id: int,
    out: Path,
    fmt: str | None = None,
    leave_out: tuple[str, ...] = (),
) -> int:
    """Write the summary of session ``session_id`` to ``out`` as HTML or PDF."""
    from coachdesk.export.gather import gather_summary
    from coachdesk.ui.export_jobs import summary_work

    def act() -> str:
        chosen = _format(out, fmt, SUMMARY_FORMATS)
        parts = SummaryParts(**{name: False for name in leave_out})
        with _services(data_dir) as services:
            data = gather_summary(services, session_id)
        path = run_job(summary_work(data, parts, out.expanduser(), chosen, data_dir))
        return f"The session summary for {data.coachee.name} is in {path}"

    return _run(act)


def export_log(
    data_dir: Path,
    period: str | tuple[dt.date, dt.date],
    out: Path,
    fmt: str | None = None,
    today: dt.date | None = None,
) -> int:
    """Write the coaching log of ``period`` (a name or two dates) to ``out`` as CSV or PDF."""
    from coachdesk.export.gather import gather_log
    from coachdesk.ui.export_jobs import log_work

    def act() -> str:
        chosen = _format(out, fmt, LOG_FORMATS)
        with _services(data_dir) as services:
            span: Period = (
                period_named(period, services.settings.calendar(), today or dt.date.today())
                if isinstance(period, str)
                else custom_period(*period)
            )
            log = gather_log(services, span)
        path = run_job(log_work(log, out.expanduser(), chosen, data_dir))
        count = len(log.rows)
        return (
            f"The coaching log for {span.label} ({count} contact{'s' * (count != 1)}) is in {path}"
        )

    return _run(act)


def export_tags(
    data_dir: Path,
    clip_id: int | None = None,
    observation_id: int | None = None,
    out: Path | None = None,
    fmt: str | None = None,
) -> int:
    """Write the tags of a clip or an observation as CSV, JSON or WebVTT."""
    from coachdesk.export.gather import clip_tags, observation_tags
    from coachdesk.export.tags import write_tag_files

    def act() -> str:
        chosen = _format(out, fmt, TAG_FORMATS)
        with _services(data_dir) as services:
            if clip_id is not None:
                clips = clip_tags(services, clip_id)
                source: dict[str, object] = {"kind": "clip", "id": clip_id}
            elif observation_id is not None:
                clips = observation_tags(services, observation_id)
                source = {"kind": "observation", "id": observation_id}
            else:
                raise ValidationError("Say which tags to export: --clip ID or --observation ID.")
            tag_sets = services.tags.tag_sets()
        if chosen == "vtt" and not clips:
            raise ValidationError("That observation has no clips, so there is no video to caption.")
        target = out.expanduser() if out else None
        written = write_tag_files(clips, tag_sets, chosen, target, source)
        count = sum(len(tags) for _, tags in clips)
        where = "\n".join(f"  {path}" for path in written)
        return f"{count} tag{'s' * (count != 1)} written to:\n{where}"

    return _run(act)


def list_exportable(data_dir: Path) -> int:
    """Print the sessions, observations and clips with the ids the other commands take."""

    def act() -> str:
        lines = []
        with _services(data_dir) as services:
            for coachee in services.coachees.list(include_archived=True):
                for cycle in services.cycles.list(coachee.id):
                    dossier = services.cycles.dossier(cycle.id)
                    title = cycle.title or f"cycle started {cycle.started_on.isoformat()}"
                    lines.append(f"{coachee.name} — {title}")
                    for s in sorted(dossier.sessions, key=lambda s: s.held_on):
                        lines.append(f"  session {s.id}  {s.held_on.isoformat()}  {s.kind.label}")
                    for o in sorted(dossier.observations, key=lambda o: o.observed_on):
                        context = f"  {o.context}" if o.context else ""
                        lines.append(f"  observation {o.id}  {o.observed_on.isoformat()}{context}")
                        for clip in services.clips.list(o.id):
                            lines.append(f"    clip {clip.id}  {Path(clip.path).name}")
        return "\n".join(lines) or "Nothing to export yet: no coachee has a cycle."

    return _run(act)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date; write it as 2025-11-12."
        ) from None


def add_export_parser(commands: Any) -> None:
    """Add ``export`` and its sub-commands to the ``coachdesk`` sub-parsers ``commands``."""
    export = commands.add_parser(
        "export", help="export a session summary, a coaching log or tag data"
    )
    kinds = export.add_subparsers(dest="export_kind", metavar="WHAT", required=True)

    summary = kinds.add_parser("summary", help="a session summary to hand to the coachee")
    summary.add_argument("--session", type=int, required=True, metavar="ID", help="session id")
    summary.add_argument("--out", type=Path, required=True, metavar="FILE")
    summary.add_argument("--format", choices=SUMMARY_FORMATS, help="default: from FILE, or html")
    summary.add_argument(
        "--leave-out",
        action="append",
        default=[],
        choices=SummaryParts.names(),
        metavar="ITEM",
        help=f"leave an item out (repeatable): {', '.join(SummaryParts.names())}",
    )

    log = kinds.add_parser("log", help="the coaching log of a half-term, a term or a year")
    when = log.add_mutually_exclusive_group(required=True)
    when.add_argument("--period", choices=PERIOD_NAMES, help="the period that today falls in")
    when.add_argument("--from", dest="start", type=_iso_date, metavar="DATE", help="first day")
    log.add_argument("--to", dest="end", type=_iso_date, metavar="DATE", help="last day")
    log.add_argument("--out", type=Path, required=True, metavar="FILE")
    log.add_argument("--format", choices=LOG_FORMATS, help="default: from FILE, or csv")

    tags = kinds.add_parser("tags", help="the tags of a clip or an observation")
    which = tags.add_mutually_exclusive_group(required=True)
    which.add_argument("--clip", type=int, metavar="ID")
    which.add_argument("--observation", type=int, metavar="ID")
    tags.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="the file to write (for vtt: default beside each clip as <clip>.coachdesk.vtt)",
    )
    tags.add_argument("--format", choices=TAG_FORMATS, help="default: from FILE, or csv")

    kinds.add_parser("list", help="list the sessions, observations and clips with their ids")
    from coachdesk.cli.logfile import add_logfile_parser

    add_logfile_parser(kinds)


def run_export(args: argparse.Namespace, data_dir: Path) -> int:
    """Run the ``export`` sub-command parsed into ``args``; return the exit code."""
    if args.export_kind == "logfile":
        from coachdesk.cli.logfile import run_logfile

        return run_logfile(args, data_dir)
    if args.export_kind == "summary":
        return export_summary(data_dir, args.session, args.out, args.format, tuple(args.leave_out))
    if args.export_kind == "log":
        if args.start is not None:
            if args.end is None:
                print("coachdesk: --from needs --to (the last day of the log).", file=sys.stderr)
                return 2
            return export_log(data_dir, (args.start, args.end), args.out, args.format)
        if args.end is not None:
            print("coachdesk: --to goes with --from, not with --period.", file=sys.stderr)
            return 2
        return export_log(data_dir, args.period, args.out, args.format)
    if args.export_kind == "tags":
        fmt = _format(args.out, args.format, TAG_FORMATS)
        if fmt != "vtt" and args.out is None:
            print(f"coachdesk: --out FILE is needed for {fmt}.", file=sys.stderr)
            return 2
        return export_tags(data_dir, args.clip, args.observation, args.out, args.format)
    return list_exportable(data_dir)
