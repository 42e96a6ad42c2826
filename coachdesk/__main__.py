"""The ``coachdesk`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from coachdesk import __version__
from coachdesk.core.errors import CoachDeskError


def _parser(with_export: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coachdesk",
        description="CoachDesk: coaching cycles, goals, playbook and lesson video, offline.",
    )
    parser.add_argument("--version", action="version", version=f"CoachDesk {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="data folder (default: the platform's user data folder, or $COACHDESK_DATA_DIR)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="fill an empty data folder with a demo workspace"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start, build the main window offscreen, and quit with 0",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("backup", help="take a backup of the database now")
    restore = commands.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("file", type=Path, help="a backup file (see the backups folder)")
    commands.add_parser("backups", help="list the backups")
    probe = commands.add_parser("probe", help="print what CoachDesk finds in a video file (JSON)")
    probe.add_argument("file", type=Path)
    frame = commands.add_parser("frame", help="save the frame shown at a media time as a PNG")
    frame.add_argument("file", type=Path)
    frame.add_argument("--at", type=int, required=True, metavar="MS", help="media time in ms")
    frame.add_argument("--out", type=Path, required=True, help="the PNG to write")
    if with_export:
        # Its choices come from the export package; starting the window need not import it.
        from coachdesk.cli.export import add_export_parser

        add_export_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    with_export = "export" in raw or "-h" in raw or "--help" in raw
    args = _parser(with_export).parse_args(raw)
    from coachdesk.app import default_data_dir

    data_dir: Path = args.data_dir or default_data_dir()
    try:
        if args.command == "probe":
            from coachdesk.cli.video import probe_command

            return probe_command(args.file)
        if args.command == "frame":
            from coachdesk.cli.video import frame_command

            return frame_command(args.file, args.at, args.out)
        if args.command == "export":
            from coachdesk.cli.export import run_export

            return run_export(args, data_dir)
        if args.command == "backup":
            from coachdesk.cli.backups import backup

            return backup(data_dir)
        if args.command == "backups":
            from coachdesk.cli.backups import list_backups

            return list_backups(data_dir)
        if args.command == "restore":
            from coachdesk.cli.backups import restore

            return restore(data_dir, args.file)
        from coachdesk.app import launch

        return launch(data_dir, demo=args.demo, smoke_test=args.smoke_test)
    except CoachDeskError as exc:
        print(f"coachdesk: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    sys.exit(main())
