"""A coach's workspace: the data folder, its lock, the database and every store over it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from coachdesk.core.errors import StorageError
from coachdesk.core.services import Services
from coachdesk.storage import clip_files
from coachdesk.storage.backup import BackupStore
from coachdesk.storage.clips import ClipStore
from coachdesk.storage.coachees import CoacheeStore
from coachdesk.storage.cycles import CycleStore
from coachdesk.storage.db import Database
from coachdesk.storage.lead_logs import LeadLogStore
from coachdesk.storage.lock import DataDirLock
from coachdesk.storage.model_clips import ModelClipStore
from coachdesk.storage.observations import ObservationStore
from coachdesk.storage.playbook import PlaybookStore
from coachdesk.storage.practice import PracticeStore
from coachdesk.storage.resources import ResourceStore
from coachdesk.storage.sequences import SequenceStore
from coachdesk.storage.sessions import SessionStore
from coachdesk.storage.settings import SettingsStore
from coachdesk.storage.tags import TagStore
from coachdesk.storage.timeline import TimelineStore

DB_NAME = "coachdesk.sqlite3"


def prepare_data_dir(data_dir: Path) -> Path:
    """Create the data folder readable by its owner only, or explain why it cannot be used."""
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(data_dir, 0o700)
    except OSError as exc:
        raise StorageError(
            f"CoachDesk cannot use the data folder {data_dir}: {exc.strerror}. "
            "Choose another folder with --data-dir, or fix its permissions."
        ) from None
    if not os.access(data_dir, os.W_OK):
        raise StorageError(
            f"The data folder {data_dir} is read-only, so nothing you write could be saved. "
            "Choose another folder with --data-dir, or make it writable."
        )
    return data_dir


@dataclass
class Workspace:
    """Everything a running CoachDesk reads and writes, built once by the composition root."""

    data_dir: Path
    db: Database
    lock: DataDirLock
    coachees: CoacheeStore = field(init=False)
    cycles: CycleStore = field(init=False)
    sessions: SessionStore = field(init=False)
    playbook: PlaybookStore = field(init=False)
    observations: ObservationStore = field(init=False)
    tags: TagStore = field(init=False)
    clips: ClipStore = field(init=False)
    model_clips: ModelClipStore = field(init=False)
    sequences: SequenceStore = field(init=False)
    resources: ResourceStore = field(init=False)
    settings: SettingsStore = field(init=False)
    timeline: TimelineStore = field(init=False)
    practice: PracticeStore = field(init=False)
    lead_logs: LeadLogStore = field(init=False)

    def __post_init__(self) -> None:
        self.coachees = CoacheeStore(self.db)
        self.cycles = CycleStore(self.db)
        self.sessions = SessionStore(self.db)
        self.playbook = PlaybookStore(self.db)
        self.observations = ObservationStore(self.db)
        self.settings = SettingsStore(self.db)
        self.tags = TagStore(self.db, author=self.settings.coach_name() or "coach")
        self.clips = ClipStore(self.db)
        self.model_clips = ModelClipStore(self.db)
        self.sequences = SequenceStore(self.db)
        self.resources = ResourceStore(self.db, self.data_dir)
        self.timeline = TimelineStore(self.db)
        self.practice = PracticeStore(self.db)
        self.lead_logs = LeadLogStore(self.db)

    def tidy_files(self) -> None:
        """Delete files nothing in the database uses any more: caches of erased clips (a kill
        between the erasure and the file removal leaves them), resource copies set aside."""
        clip_files.sweep_unused(self.db, self.data_dir)
        self.resources.sweep_copies()

    @property
    def backups(self) -> BackupStore:
        return self.db.backups

    def take_now(self) -> Path:
        """Take a backup now (File ▸ Back up now)."""
        return self.backups.take(self.data_dir / DB_NAME, "manual")

    def describe_newest(self) -> str:
        return self.backups.describe_newest()

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def services(self) -> Services:
        """Hand the stores out as the service interfaces the UI, exports and CLI know."""
        return Services(
            coachees=self.coachees,
            cycles=self.cycles,
            sessions=self.sessions,
            playbook=self.playbook,
            observations=self.observations,
            tags=self.tags,
            clips=self.clips,
            model_clips=self.model_clips,
            sequences=self.sequences,
            resources=self.resources,
            settings=self.settings,
            timeline=self.timeline,
            backups=self,
            practice=self.practice,
            lead_logs=self.lead_logs,
            data_dir=self.data_dir,
        )

    def close(self) -> None:
        self.db.close()
        self.lock.release()


def open_workspace(
    data_dir: Path,
    *,
    install_bundled: bool = True,
    daily_backup: bool = True,
    check_integrity: bool = True,
    tidy_files: bool = True,
) -> Workspace:
    """Lock the data folder, open (and migrate) the database, install bundled content.

    ``check_integrity=False`` and ``tidy_files=False`` leave the full quick check and the
    sweep of unused files to the caller (the window runs ``db.verify_integrity()`` and
    ``tidy_files()`` in the background after its first paint).
    """
    prepare_data_dir(data_dir)
    lock = DataDirLock(data_dir)
    lock.acquire()
    try:
        path = data_dir / DB_NAME
        existed = path.exists() and path.stat().st_size > 0
        if existed and path.is_file():
            _keep_private(path)
        elif not os.path.lexists(path):
            _create_private(path)  # SQLite gives the WAL the database's mode: 0600 from the start
        backups = BackupStore(data_dir / "backups")
        backups.discard_partials()  # left by a backup that was cut off; we hold the lock
        db = Database(path, backups, check_integrity=check_integrity)
        _keep_private(path)
        workspace = Workspace(data_dir, db, lock)
        if tidy_files:
            workspace.tidy_files()
        if install_bundled:
            _install_bundled(workspace)
        if daily_backup and existed:
            db.backups.take_daily_if_due(path, dt.datetime.now())
    except BaseException:
        lock.release()
        raise
    return workspace


def _create_private(path: Path) -> None:
    """Create the empty database file readable by its owner only (``Database`` explains errors)."""
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _keep_private(path: Path) -> None:
    """Make the database readable by its owner only, or explain why it cannot be written."""
    if os.name != "posix":
        return
    try:
        os.chmod(path, 0o600)
    except OSError as exc:
        if os.access(path, os.W_OK):
            return  # e.g. a FAT-formatted stick, which has no owners to restrict
        raise StorageError(
            f"CoachDesk cannot write the database {path}: {exc.strerror}. It belongs to another "
            "account or is read-only. Fix its permissions, or choose another folder with "
            "--data-dir."
        ) from None


def _install_bundled(workspace: Workspace) -> None:
    from coachdesk import resources

    version = f"{resources.content_version()}"
    if workspace.settings.get("bundled_version") == version:
        return  # already in: skip the parsing on every start
    workspace.playbook.install_bundled(resources.starter_playbook())
    workspace.sequences.install_bundled(resources.bundled_sequences())  # after the playbook
    workspace.tags.install_bundled(resources.default_tag_sets())
    workspace.settings.put("bundled_version", version)
