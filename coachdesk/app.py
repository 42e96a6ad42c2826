"""Composition root: build the workspace and services once, then the window or a command."""

from __future__ import annotations

import os
from pathlib import Path

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
    return Services(
        coachees=workspace.coachees,
        cycles=workspace.cycles,
        sessions=workspace.sessions,
        playbook=workspace.playbook,
        observations=workspace.observations,
        tags=workspace.tags,
        clips=workspace.clips,
        settings=workspace.settings,
        timeline=workspace.timeline,
        data_dir=workspace.data_dir,
    )


def launch(data_dir: Path, *, demo: bool = False, smoke_test: bool = False) -> int:
    """Open the workspace and show the main window; return the exit code."""
    import sys

    if smoke_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    from PySide6.QtWidgets import QApplication, QMessageBox

    from coachdesk.core.errors import CoachDeskError
    from coachdesk.storage.workspace import open_workspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    try:
        workspace = open_workspace(data_dir)
    except CoachDeskError as exc:
        print(f"coachdesk: {exc}", file=sys.stderr)
        if not smoke_test:
            QMessageBox.critical(None, "CoachDesk cannot open its data", str(exc))
        return 2
    try:
        services = build_services(workspace)
        if demo:
            from coachdesk.demo import fill_demo

            if not fill_demo(services):
                print("coachdesk: the data folder already has coachees; the demo was not added.",
                      file=sys.stderr)
        from coachdesk.ui.main_window import MainWindow

        window = MainWindow(services)
        window.show()
        if smoke_test:
            return _smoke(app, window)
        return int(app.exec())
    finally:
        workspace.close()


def _smoke(app: object, window: object) -> int:
    """Let the window paint once, check it, and close."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMainWindow

    assert isinstance(window, QMainWindow)
    for _ in range(5):
        QCoreApplication.processEvents()
    ok = window.isVisible() and window.centralWidget() is not None
    window.close()
    print("smoke test: main window built and shown" if ok else "smoke test: window missing")
    return 0 if ok else 1
