"""``coachdesk probe FILE`` and ``coachdesk frame FILE --at MS --out PNG``."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from coachdesk.core.atomic import write_atomically
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.media_time import format_ms, media_time


def probe_command(path: Path) -> int:
    """Print the probe of the video at ``path`` as JSON; exit code 2 for a file that won't do."""
    from coachdesk.video.probe import probe_report

    try:
        report = probe_report(path)
    except CoachDeskError as exc:
        print(f"coachdesk: {exc}", file=sys.stderr)
        return 2
    facts = dataclasses.asdict(report.probe)
    facts["warnings"] = list(report.warnings)
    print(json.dumps(facts, indent=2, ensure_ascii=False))
    for warning in report.warnings:
        print(f"coachdesk: warning: {warning}", file=sys.stderr)
    return 0


def frame_command(path: Path, at_ms: int, out: Path) -> int:
    """Write the frame shown at ``at_ms`` in the video at ``path`` to the PNG file ``out``."""
    from coachdesk.video.frames import frame_at
    from coachdesk.video.thumbnails import encode_png

    try:
        when = media_time(at_ms)
        image = frame_at(path, when)
        write_atomically(out, encode_png(image), mode=0o644)
    except CoachDeskError as exc:
        print(f"coachdesk: {exc}", file=sys.stderr)
        return 2
    height, width = image.shape[:2]
    print(f"The frame at {format_ms(when, tenths=True)} ({width}×{height}) is in {out}")
    return 0
