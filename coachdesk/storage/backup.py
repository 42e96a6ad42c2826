"""Rotating backups of the database: before a migration, once a day, and on request."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from coachdesk.storage.sqlite.backup import copy_database

KEEP = 10  # at least seven daily copies survive, plus room for migration/manual ones
_NAME = re.compile(r"^coachdesk-(\d{8}-\d{6})-(\w+)\.sqlite3$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    reason: str


class BackupStore:
    """The ``backups`` folder beside the database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def list(self) -> list[BackupFile]:
        """Return the backups, newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            match = _NAME.match(path.name)
            if match:
                taken = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
                found.append(BackupFile(path, taken, match.group(2)))
        return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)

    def newest(self) -> BackupFile | None:
        backups = self.list()
        return backups[0] if backups else None

    def take(self, database: Path, reason: str, now: dt.datetime | None = None) -> Path:
        """Copy ``database`` into a new backup file and drop the oldest beyond KEEP."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        now = now or dt.datetime.now()
        stamp = now.strftime("%Y%m%d-%H%M%S")
        target = self.folder / f"coachdesk-{stamp}-{reason}.sqlite3"
        n = 1
        while target.exists():
            later = now + dt.timedelta(seconds=n)
            target = self.folder / f"coachdesk-{later:%Y%m%d-%H%M%S}-{reason}.sqlite3"
            n += 1
        copy_database(database, target)
        self.rotate()
        return target

    def take_daily_if_due(self, database: Path, now: dt.datetime | None = None) -> Path | None:
        """Take the day's backup unless one was already taken today."""
        now = now or dt.datetime.now()
        newest = self.newest()
        if newest is not None and newest.taken_at.date() == now.date():
            return None
        return self.take(database, "daily", now)

    def rotate(self) -> None:
        for old in self.list()[KEEP:]:
            old.path.unlink(missing_ok=True)

    def discard_partials(self) -> None:
        """Delete copies a cut-off backup left behind: never valid, and never rotated away."""
        if self.folder.is_dir():
            for partial in self.folder.glob("*.partial"):
                partial.unlink(missing_ok=True)

    def describe_newest(self) -> str:
        newest = self.newest()
        if newest is None:
            return "There is no backup yet."
        return f"The newest backup is {newest.path} ({newest.taken_at:%d %b %Y %H:%M})."
