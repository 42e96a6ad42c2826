"""The main window: panes in docks around the cycle in hand, menus, undo, remembered layout."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QWidget

from coachdesk import __version__
from coachdesk.core.services import Services
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.coachees_pane import CoacheesPane
from coachdesk.ui.panes.cycle_overview import CycleOverview


class MainWindow(QMainWindow):
    def __init__(self, services: Services, ctx: UiContext | None = None) -> None:
        super().__init__()
        self.ctx = ctx or UiContext(services, parent=self)
        self.setWindowTitle("CoachDesk")
        self.resize(1280, 800)
        self._settings = QSettings(
            str(services.data_dir / "window.ini"), QSettings.Format.IniFormat
        )
        self._build_ui()
        self._build_menus()
        self._connect_signals()
        self._restore_layout()

    def _build_ui(self) -> None:
        self.overview = CycleOverview(self.ctx)
        self.setCentralWidget(self.overview)
        self.coachees_pane = CoacheesPane(self.ctx)
        self.coachees_dock = self._dock(
            "Coachees", "coachees", self.coachees_pane, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.statusBar().showMessage("Every change is saved as you make it.")

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_coachee_action = QAction("New &coachee…", self)
        self.new_coachee_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_coachee_action.triggered.connect(self.coachees_pane.add_coachee)
        file_menu.addAction(self.new_coachee_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)

        coachee_menu = self.menuBar().addMenu("&Coachee")
        for text, slot in (
            ("&Edit…", self.coachees_pane.edit_coachee),
            ("&Start cycle", self.coachees_pane.start_cycle),
            ("&Archive", lambda: self.coachees_pane.set_archived(True)),
            ("&Restore from archive", lambda: self.coachees_pane.set_archived(False)),
            ("&Delete…", self.coachees_pane.delete_coachee),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            coachee_menu.addAction(action)

        self.view_menu = self.menuBar().addMenu("&View")
        self.view_menu.addAction(self.coachees_dock.toggleViewAction())

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About CoachDesk", self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    def _connect_signals(self) -> None:
        self.ctx.problem.connect(self._on_ctx_problem)
        self.ctx.status.connect(lambda text: self.statusBar().showMessage(text, 8000))

    def _on_ctx_problem(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "CoachDesk", message, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, does not block the event loop
        self.statusBar().showMessage(message, 10000)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            "About CoachDesk",
            f"<b>CoachDesk {__version__}</b><br>Coaching cycles, goals, playbook "
            "and lesson video — offline, on your own disk.<br>"
            f"Data folder: {self.ctx.services.data_dir}",
        )

    # -- layout memory -----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self._settings.value("geometry")
        state = self._settings.value("state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_layout(self) -> None:
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.setValue("state", self.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
