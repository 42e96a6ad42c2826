"""Running work off the GUI thread: a Job reports progress, result, failure or cancellation.

The worker never touches a widget: it only emits the Job's signals, which Qt delivers on the
GUI thread (queued connections across threads).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from coachdesk.core.errors import CoachDeskError
from coachdesk.core.jobs import CancelledError, CancelToken, Progress

SHOW_PROGRESS_AFTER_MS = 500  # like Anki (600 ms): quick work never flashes a dialog


class Job(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Callable[[CancelToken], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        self._work = work
        self.done = False

    def cancel(self) -> None:
        self.token.cancel()

    def run(self) -> None:
        """Run the work (on a pool thread); a generator is driven and its progress reported."""
        try:
            result = self._work(self.token)
            if inspect.isgenerator(result):
                while True:
                    try:
                        step = next(result)
                    except StopIteration as stop:
                        result = stop.value
                        break
                    if isinstance(step, Progress):
                        self.progress.emit(step.done, step.total, step.message)
                    if self.token.cancelled:
                        result.close()
                        raise CancelledError("CancelledError.")
        except CancelledError:
            self.done = True
            self.cancelled.emit()
            return
        except CoachDeskError as exc:
            self.done = True
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # a bug: report it rather than die silently in a thread
            self.done = True
            self.failed.emit(f"Something went wrong: {exc.__class__.__name__}: {exc}")
            return
        self.done = True
        self.finished.emit(result)


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job.run()


def start(
    work: Callable[[CancelToken], Any],
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
    *,
    on_finished: Callable[[Any], object] | None = None,
    on_failed: Callable[[str], object] | None = None,
    on_cancelled: Callable[[], object] | None = None,
    on_progress: Callable[[int, int, str], object] | None = None,
) -> Job:
    """Start ``work(token)`` on the thread pool and return its Job.

    The handlers are connected before the work starts, so a job that ends at once cannot
    emit before anyone listens.
    """
    job = Job(work, parent)
    handlers = (
        (job.finished, on_finished),
        (job.failed, on_failed),
        (job.cancelled, on_cancelled),
        (job.progress, on_progress),
    )
    for signal, handler in handlers:
        if handler is not None:
            signal.connect(handler)
    (pool or QThreadPool.globalInstance()).start(_Runnable(job))
    return job


def with_progress_dialog(job: Job, parent: QWidget, title: str) -> QProgressDialog:
    """Show a cancellable progress dialog for ``job`` if it takes longer than a moment."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(job.cancel)

    def on_progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if message:
            dialog.setLabelText(message)

    job.progress.connect(on_progress)
    for signal in (job.finished, job.failed, job.cancelled):
        signal.connect(lambda *_: QTimer.singleShot(0, dialog.close))
    return dialog
