"""What the export dialogs share: file names, the last folder used, and running a save."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from coachdesk.core import file_names
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.jobs import CancelToken
from coachdesk.ui import jobs
from coachdesk.ui.context import UiContext

FOLDER_KEY = "export.last_folder"


def safe_file_name(name: str) -> str:
    """Return ``name`` as a file name every system accepts (``core/file_names.py``)."""
    return file_names.safe_file_name(name, "CoachDesk export")


def export_folder(ctx: UiContext) -> Path:
    """Return the folder the coach last exported to, else Documents (or home)."""
    try:
        saved = ctx.services.settings.get(FOLDER_KEY)
    except CoachDeskError:
        saved = None
    if isinstance(saved, str) and Path(saved).is_dir():
        return Path(saved)
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def ask_save_path(
    parent: QWidget, ctx: UiContext, title: str, file_name: str, fmt: str
) -> Path | None:
    """Ask where to save; return the path (with its suffix) or None if the coach cancelled."""
    filters = {
        "html": "Web page (*.html)",
        "pdf": "PDF document (*.pdf)",
        "csv": "CSV for a spreadsheet (*.csv)",
        "json": "JSON (*.json)",
        "vtt": "WebVTT captions (*.vtt)",
    }
    start = export_folder(ctx) / f"{safe_file_name(file_name)}.{fmt}"
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters[fmt])
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")


def run_in_pool(job: jobs.Job) -> None:
    """Run ``job`` on the thread pool; connect its signals first, or a quick result is lost."""
    QThreadPool.globalInstance().start(job.run)


class ExportRunner(QObject):
    """Runs one export at a time off the GUI thread, with progress after a moment.

    ``saved(Path)`` when the file is written (the coach is told where), ``failed(str)`` with
    the reason otherwise (also sent to ``ctx.problem``); a cancelled export leaves nothing.
    """

    saved = Signal(object)  # Path
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self.job: jobs.Job | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None and not self.job.done

    def start(self, title: str, work: Callable[[CancelToken], Any]) -> jobs.Job | None:
        """Start ``work(token)``, which returns the path written; None if one is running."""
        if self.busy:
            return None
        job = jobs.Job(work, self)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        dialog = jobs.with_progress_dialog(job, self._parent, title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.job = job
        run_in_pool(job)
        return job

    def cancel(self) -> None:
        if self.job is not None and not self.job.done:
            self.job.cancel()

    def _on_job_finished(self, path: object) -> None:
        assert isinstance(path, Path)
        with contextlib.suppress(CoachDeskError):  # remembering it is only a convenience
            self._ctx.services.settings.put(FOLDER_KEY, str(path.parent))
        self._ctx.status.emit(f"Saved to {path}")
        self.saved.emit(path)

    def _on_job_cancelled(self) -> None:
        self._ctx.status.emit("Cancelled; nothing was saved.")
        self.failed.emit("Cancelled; nothing was saved.")

    def _on_job_failed(self, message: str) -> None:
        self._ctx.problem.emit(message)
        self.failed.emit(message)
