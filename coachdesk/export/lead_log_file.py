"""The coaching-log file for the lead: gathered through the services, written atomically."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from coachdesk.core.atomic import write_atomically
from coachdesk.core.coaching_log_file import (
    CoachIdentity,
    CoachingLogFile,
    build_log_file,
    encode,
)
from coachdesk.core.services import Services, SettingsService

WORKSPACE_UID = "workspace_uid"


def workspace_uid(settings: SettingsService) -> str:
    """Return this workspace's stable id, made (and kept) the first time it is asked for.

    The lead's CoachDesk tells coaches apart by it, so a coach who renames herself is still
    one coach, and two coaches of one name are still two.
    """
    held = settings.get(WORKSPACE_UID)
    if isinstance(held, str) and held:
        return held
    made = str(uuid.uuid4())
    settings.put(WORKSPACE_UID, made)
    return made


def gather_log_file(
    services: Services, school_year: int, term: int, now: dt.datetime | None = None
) -> CoachingLogFile:
    """Return this coach's log of ``term`` (1..3) of ``school_year``, ready to write."""
    coachees = services.coachees.list(include_archived=True)
    dossiers = [
        services.cycles.dossier(cycle.id)
        for coachee in coachees
        for cycle in services.cycles.list(coachee.id)
    ]
    coach = CoachIdentity(workspace_uid(services.settings), services.settings.coach_name())
    return build_log_file(
        coach,
        services.settings.calendar(),
        school_year,
        term,
        coachees,
        dossiers,
        now or dt.datetime.now(dt.UTC),
    )


def write_log_file(log: CoachingLogFile, target: Path) -> Path:
    """Write ``log`` to ``target`` in one step (never half a file); return the path."""
    return write_atomically(target, encode(log))
