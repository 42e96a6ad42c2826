"""Composition root: build the workspace and services once, then the window or a command."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the core's modules load on the thread that opens the workspace
    from coachdesk.core.services import Services
    from coachdesk.storage.workspace import Workspace

APP_NAME = "CoachDesk"


def default_data_dir() -> Path:
    """Return the data folder: $COACHDESK_DATA_DIR, else the platform's user data folder."""
    override = os.environ.get("COACHDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def build_services(workspace: Workspace) -> Services:
    """Hand the stores to the UI as the service interfaces it knows."""
    return workspace.services()


def launch(data_dir: Path, *, demo: bool = False, smoke_test: bool = False) -> int:
    """Open the workspace and show the main window; return the exit code."""
    import sys

    trace = _StartupTrace.from_env()
    if smoke_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    from coachdesk.core.errors import CoachDeskError

    # The database side (SQLAlchemy and the stores, then opening the file) and the Qt side
    # (PySide6, the QApplication, the window's modules) are independent until the window is
    # built, so they start together: the opening runs on a second thread.
    opening = _OpenInBackground(data_dir)
    from PySide6.QtWidgets import QApplication, QMessageBox

    trace.mark("imports")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    from PySide6.QtGui import QIcon

    from coachdesk.resources import app_icon

    QApplication.setWindowIcon(QIcon(app_icon()))
    import coachdesk.ui.main_window  # noqa: F401  (while the other thread opens the file)

    trace.mark("qt")
    try:
        workspace = opening.result()
    except CoachDeskError as exc:
        print(f"coachdesk: {exc}", file=sys.stderr)
        if not smoke_test:
            QMessageBox.critical(None, "CoachDesk cannot open its data", str(exc))
        return 2
    try:
        services = build_services(workspace)
        if demo:
            from coachdesk.demo import fill_demo

            if not fill_demo(services, with_clip=True):
                print(
                    "coachdesk: the data folder already has coachees; the demo was not added.",
                    file=sys.stderr,
                )
        from coachdesk.ui.main_window import MainWindow

        trace.mark("workspace")
        from coachdesk.demo import fill_demo as demo_filler

        window = MainWindow(services, load_demo=lambda: demo_filler(services, with_clip=True))
        trace.mark("window")
        trace.on_first_paint(window)
        window.show()
        _after_first_paint(window, workspace)
        if smoke_test:
            return _smoke(app, window)
        return int(app.exec())
    finally:
        workspace.close()


class _OpenInBackground:
    """Open the workspace on a thread; ``result()`` waits and returns it or raises its error."""

    def __init__(self, data_dir: Path) -> None:
        import threading

        self._data_dir = data_dir
        self._workspace: Workspace | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="open-workspace", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            from coachdesk.storage.workspace import open_workspace

            # The full integrity check and the day's backup read the whole file: they run in
            # the background once the window is up (see _after_first_paint), not before it.
            self._workspace = open_workspace(
                self._data_dir, check_integrity=False, daily_backup=False, tidy_files=False
            )
        except BaseException as exc:  # handed to the main thread by result()
            self._error = exc

    def result(self) -> Workspace:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._workspace is not None
        return self._workspace


def _after_first_paint(window: object, workspace: Workspace) -> None:
    """Check the database's integrity, take the day's backup and tidy unused files, off the
    GUI thread."""
    import datetime as dt

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

    from coachdesk.core.jobs import CancelToken
    from coachdesk.storage.workspace import DB_NAME
    from coachdesk.ui import jobs

    assert isinstance(window, QMainWindow)

    def check_and_back_up(_token: CancelToken) -> None:
        workspace.db.verify_integrity()
        workspace.backups.take_daily_if_due(workspace.data_dir / DB_NAME, dt.datetime.now())
        workspace.tidy_files()

    def on_failed(message: str) -> None:
        import sys

        print(f"coachdesk: {message}", file=sys.stderr)
        window.setProperty("startup_problem", message)
        for child in window.findChildren(QWidget):  # nothing more may be written to the file
            if child.parent() is window:
                child.setEnabled(False)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "CoachDesk has stopped",
            message,
            QMessageBox.StandardButton.Close,
            window,
        )
        box.finished.connect(lambda _result: window.close())
        box.open()

    def begin() -> None:
        job = jobs.start(check_and_back_up, window, on_failed=on_failed)
        window.setProperty("startup_job", job)

    QTimer.singleShot(0, begin)


def _smoke(app: object, window: object) -> int:
    """Let the window paint once, check it, and close."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMainWindow

    assert isinstance(window, QMainWindow)
    for _ in range(5):
        QCoreApplication.processEvents()
    job = window.property("startup_job")
    for _ in range(500):  # let the background integrity check finish (bounded: ~5 s)
        if job is None or getattr(job, "done", True):
            break
        QCoreApplication.processEvents()
        import time

        time.sleep(0.01)
    problem = window.property("startup_problem")
    ok = window.isVisible() and window.centralWidget() is not None and not problem
    window.close()
    print("smoke test: main window built and shown" if ok else "smoke test: window missing")
    return 0 if ok else 1


class _StartupTrace:
    """Wall-clock marks of start-up, printed when COACHDESK_STARTUP_TRACE is set (bench/startup)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    @classmethod
    def from_env(cls) -> _StartupTrace:
        return cls(bool(os.environ.get("COACHDESK_STARTUP_TRACE")))

    def mark(self, name: str) -> None:
        if self.enabled:
            import time

            print(f"STARTUP\t{name}\t{time.time():.6f}", flush=True)

    def on_first_paint(self, window: object) -> None:
        if not self.enabled:
            return
        from PySide6.QtCore import QEvent, QObject

        trace = self

        class _Watcher(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    trace.mark("painted")
                    watched.removeEventFilter(self)
                return False

        assert isinstance(window, QObject)
        watcher = _Watcher(window)
        window.installEventFilter(watcher)
