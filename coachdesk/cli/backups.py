"""``coachdesk backup``, ``backups`` and ``restore``."""

from __future__ import annotations

from pathlib import Path

from coachdesk.storage.restore import restore_backup
from coachdesk.storage.workspace import DB_NAME, open_workspace


def backup(data_dir: Path) -> int:
    workspace = open_workspace(data_dir, daily_backup=False)
    try:
        path = workspace.backups.take(data_dir / DB_NAME, "manual")
    finally:
        workspace.close()
    print(f"Backup written to {path}")
    return 0


def list_backups(data_dir: Path) -> int:
    from coachdesk.storage.backup import BackupStore

    found = BackupStore(data_dir / "backups").list()
    if not found:
        print(f"No backups yet in {data_dir / 'backups'}")
    for item in found:
        print(f"{item.taken_at:%Y-%m-%d %H:%M:%S}  {item.reason:<12} {item.path}")
    return 0


def restore(data_dir: Path, backup_file: Path) -> int:
    safety = restore_backup(data_dir, backup_file.expanduser().resolve())
    workspace = open_workspace(data_dir, daily_backup=False)  # migrates an older backup
    workspace.close()
    print(f"Restored {backup_file} into {data_dir / DB_NAME}.")
    if safety:
        print(f"What was there before is kept in {safety}")
    return 0
