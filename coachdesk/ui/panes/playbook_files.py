"""Importing and exporting playbook files: read, hand to the playbook service, report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from coachdesk.core.atomic import write_atomically
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.file_names import safe_file_name
from coachdesk.core.files import MAX_FILE_BYTES
from coachdesk.core.playbook import Strategy
from coachdesk.core.playbook_file import ImportReport
from coachdesk.ui.context import UiContext

FILE_FILTER = "CoachDesk playbook (*.json)"


def import_playbook(ctx: UiContext, path: Path) -> ImportReport | None:
    """Import ``path``; a file that cannot be read or is refused changes nothing."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            ctx.problem.emit(
                f"“{path.name}” was not imported: it is {size / 2**20:.0f} MB, larger than any "
                f"playbook file ({MAX_FILE_BYTES // 2**20} MB at most). Nothing was changed."
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        ctx.problem.emit(
            f"Could not read “{path.name}”: {exc.strerror or exc}. "
            "Check that the file is still there and you may open it."
        )
        return None
    try:
        result = ctx.services.playbook.import_file(data)
    except CoachDeskError as exc:
        ctx.problem.emit(f"“{path.name}” was not imported: {exc} Nothing was changed.")
        return None
    ctx.broadcast(result.changes)
    ctx.status.emit(f"Imported {result.value.describe()}")
    return result.value


def export_playbook(
    ctx: UiContext,
    path: Path,
    strategy_ids: list[int] | None = None,
) -> Path | None:
    """Write the playbook (or just ``strategy_ids``) to ``path`` atomically; return the path."""
    services = ctx.services
    coach = services.settings.coach_name().strip()
    name = f"{coach}'s playbook" if coach else "CoachDesk playbook"
    count = len(services.playbook.list()) if strategy_ids is None else len(strategy_ids)
    try:
        data = services.playbook.export_file(strategy_ids, name=name)
        write_atomically(path, data, mode=0o644)  # a file to share, not private data
    except CoachDeskError as exc:
        ctx.problem.emit(str(exc))
        return None
    noun = "strategy" if count == 1 else "strategies"
    ctx.status.emit(f"Exported {count} {noun} to {path.name}.")
    return path


def with_json_suffix(path: Path) -> Path:
    """Add ``.json`` when the coach typed a name without it."""
    return path if path.suffix.lower() == ".json" else path.with_name(path.name + ".json")


def file_name_for(title: str) -> str:
    """Return a file name made from a strategy title, e.g. ``cold-call.json``."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in title.casefold()).split())
    return f"{safe_file_name(slug, 'strategy', limit=60)}.json"


def ask_import_path(parent: QWidget) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent, "Import a playbook", str(Path.home()), FILE_FILTER
    )
    return Path(name) if name else None


def ask_export_path(parent: QWidget, strategy: Strategy | None) -> Path | None:
    """Ask where to save the whole playbook, or just ``strategy`` when given."""
    suggested = file_name_for(strategy.title) if strategy is not None else "playbook.json"
    title = f"Export “{strategy.title}”" if strategy is not None else "Export the playbook"
    name, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / suggested), FILE_FILTER
    )
    return with_json_suffix(Path(name)) if name else None
