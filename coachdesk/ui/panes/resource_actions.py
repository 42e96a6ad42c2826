"""What the cycle's and the strategy's resource lists share: add, open, find, remove.

Every edit goes through ``ctx`` (undoable where it can be). Opening hands the file or link to
the system's default program; CoachDesk itself never fetches anything. Copying a file into
CoachDesk runs as a job on the thread pool (``ui/jobs.py``), with a cancellable progress
dialog; only the service call that records the copy runs on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget
from shiboken6 import isValid

from coachdesk.core.changes import Changed
from coachdesk.core.errors import CoachDeskError, ValidationError
from coachdesk.core.resources import FileState, Resource, clean_link
from coachdesk.ui import jobs
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.link_dialog import LinkDialog

FILE_FILTER = (
    "Documents, slides and images (*.pdf *.doc *.docx *.odt *.rtf *.txt *.md *.ppt *.pptx *.odp"
    " *.key *.xls *.xlsx *.ods *.csv *.png *.jpg *.jpeg *.gif *.webp *.svg *.heic);;All files (*)"
)


def with_states(ctx: UiContext, resources: list[Resource]) -> list[tuple[Resource, FileState]]:
    """Pair each resource with whether its file is still where it was, unchanged."""
    checks = ctx.services.resources
    rows = []
    for resource in resources:
        try:
            state = checks.check(resource.id)
        except CoachDeskError:
            state = FileState.MISSING
        rows.append((resource, state))
    return rows


def ask_file(parent: QWidget, start: str = "") -> str | None:
    name, _filter = QFileDialog.getOpenFileName(parent, "Add a file", start, FILE_FILTER)
    return name or None


def ask_link(parent: QWidget, for_whom: str = "") -> tuple[str, str, str] | None:
    dialog = LinkDialog(parent, for_whom)
    if dialog.exec() != LinkDialog.DialogCode.Accepted:
        return None
    return dialog.values()


def added(ctx: UiContext, text: str, add: Callable[[], Changed[Resource]]) -> Resource | None:
    """Run ``add`` with a busy cursor (a fingerprint reads the file); undo removes it again."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        resource = ctx.run(add)
    finally:
        QGuiApplication.restoreOverrideCursor()
    if resource is None:
        return None
    service = ctx.services.resources
    ctx.push_done(text, lambda: service.restore(resource), lambda: service.delete(resource.id))
    return resource


_RUNNING: set[jobs.Job] = set()  # copies under way, kept alive until every handler has run


def copy_then_add(
    ctx: UiContext,
    parent: QWidget,
    path: str,
    text: str,
    record: Callable[[str], Changed[Resource]],
    then: Callable[[Resource | None], object],
) -> jobs.Job:
    """Copy ``path`` into CoachDesk on the thread pool, then ``record(copy)`` (undoable).

    ``then`` gets the resource added, or None if the copy failed (the reason went to
    ``ctx.problem``) or was cancelled (nothing was kept). The GUI stays responsive meanwhile.
    """
    service = ctx.services.resources
    name = Path(path).name

    def done(resource: Resource | None) -> None:
        if isValid(parent):  # the pane may have closed meanwhile; the record is kept anyway
            then(resource)

    def finished(copy: str) -> None:
        done(added(ctx, text, lambda: record(copy)))

    def failed(message: str) -> None:
        ctx.problem.emit(message)
        done(None)

    def cancelled() -> None:
        ctx.status.emit(f"Copying “{name}” was cancelled; nothing was added.")
        done(None)

    job = jobs.Job(lambda token: service.prepare_copy(path, token))
    job.finished.connect(finished)
    job.failed.connect(failed)
    job.cancelled.connect(cancelled)
    dialog = jobs.with_progress_dialog(job, parent, f"Copying “{name}” into CoachDesk…")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _RUNNING.add(job)
    for signal in (job.finished, job.failed, job.cancelled):  # after the handlers above
        signal.connect(lambda *_: QTimer.singleShot(0, lambda: _RUNNING.discard(job)))
    ctx.status.emit(f"Copying “{name}” into CoachDesk…")
    # Connected first, then run: a copy that ends at once still reaches its handlers.
    QThreadPool.globalInstance().start(job.run)
    return job


def remove(ctx: UiContext, resource: Resource) -> bool:
    """Remove a resource (its copy goes too unless another uses it); Undo brings both back."""
    service = ctx.services.resources
    try:
        before = service.get(resource.id)
    except CoachDeskError as exc:
        ctx.problem.emit(str(exc))
        return False
    done = ctx.do(
        f"Remove “{before.title}”",
        lambda: service.delete(before.id),
        lambda: service.restore(before),
    )
    if done is not None:
        ctx.status.emit(f"Removed “{before.title}” — Undo brings it back.")
    return done is not None


def url_of(resource: Resource) -> QUrl:
    """Return what to hand the system: the file's URL, or the (checked again) link."""
    if resource.is_link:
        return QUrl(clean_link(resource.location), QUrl.ParsingMode.StrictMode)
    return QUrl.fromLocalFile(resource.location)


def open_resource(ctx: UiContext, resource: Resource) -> bool:
    """Open a file or link with the system's default program; say why when it cannot."""
    try:
        state = ctx.services.resources.check(resource.id)
        url = url_of(resource)
    except (CoachDeskError, ValidationError) as exc:
        ctx.problem.emit(str(exc))
        return False
    if state is FileState.MISSING:
        ctx.problem.emit(
            f"“{resource.title}” is no longer at {resource.location}; it was moved, renamed or "
            "deleted. Use Find it… to show CoachDesk where it is now."
        )
        return False
    if not url.isValid() or not QDesktopServices.openUrl(url):
        what = "web browser or mail program" if resource.is_link else "program for this file"
        ctx.problem.emit(
            f"CoachDesk could not open “{resource.title}”: no {what} answered on this computer."
        )
        return False
    if state is FileState.CHANGED:
        ctx.status.emit(f"“{resource.title}” has changed since it was added.")
    return True


def find_again(ctx: UiContext, parent: QWidget, resource: Resource) -> Resource | None:
    """Ask where a moved file is now and point the resource there."""
    start = str(Path(resource.location).parent)
    name, _filter = QFileDialog.getOpenFileName(
        parent, f"Where is “{resource.title}” now?", start, FILE_FILTER
    )
    if not name:
        return None
    return ctx.run(lambda: ctx.services.resources.relink(resource.id, name))
