"""A child process that commits tags and notes, acknowledging each on stdout (killed by tests)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from coachdesk.core.clips import ClipProbe
from coachdesk.core.observations import ObservationMode
from coachdesk.storage.workspace import open_workspace


def main(data_dir: str) -> None:
    ws = open_workspace(Path(data_dir), install_bundled=True, daily_backup=False)
    coachee = ws.coachees.list()[0] if ws.coachees.list() else ws.coachees.add("Durable").value
    cycles = ws.cycles.list(coachee.id)
    cycle = cycles[0] if cycles else ws.cycles.start(coachee.id, dt.date(2025, 9, 1)).value
    observations = ws.observations.list(cycle.id)
    obs = (
        observations[0]
        if observations
        else ws.observations.add(cycle.id, dt.date(2025, 9, 2), ObservationMode.VIDEO).value
    )
    clips = ws.clips.list(obs.id)
    probe = ClipProbe(3_600_000, 30.0, False, 108_000, 1280, 720, 0, "h264", True)
    clip = clips[0] if clips else ws.clips.add(obs.id, "/lesson.mp4", "v1:abc", probe).value
    type_id = ws.tags.tag_sets()[0].types[0].id
    at = 0
    while True:
        at += 1000
        tag = ws.tags.add_tag(clip.id, type_id, at, note=f"moment {at}").value
        note = ws.observations.add_note(obs.id, at, f"note {at}").value
        sys.stdout.write(f"{tag.id} {note.id}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
