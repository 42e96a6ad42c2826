"""The main window: the cycle in hand in the centre, panes in docks around it, menus, undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QStackedWidget, QWidget

from coachdesk import __version__
from coachdesk.core.changes import Changes, Entity
from coachdesk.core.clips import Clip
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.services import Services
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.coachees_pane import CoacheesPane
from coachdesk.ui.panes.cycle_workspace import CycleWorkspace
from coachdesk.ui.panes.notes_pane import NotesPane
from coachdesk.ui.panes.timeline_pane import TimelinePane
from coachdesk.ui.panes.welcome import WelcomePage

if TYPE_CHECKING:
    from coachdesk.ui.panes.handbook_pane import HandbookPane
    from coachdesk.ui.panes.playbook_pane import PlaybookPane

LAYOUT_VERSION = 2  # 2: the handbook dock


def _waiting() -> QWidget:
    """What a dock holds until its pane is built (the moment its tab is first shown)."""
    placeholder = QWidget()
    placeholder.setMinimumWidth(260)
    return placeholder


# The handbook page for each tab of the cycle workspace (tabs not yet built hold no focus).
TAB_HELP = {
    "Stage": "stage",
    "PEERS goal": "goal",
    "Strategy": "strategy",
    "Sessions": "sessions",
    "Observations": "observations",
    "Evidence": "evidence",
    "Compare lessons": "compare",
    "Resources": "resources",
    "Video review": "review",
}


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        ctx: UiContext | None = None,
        load_demo: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx or UiContext(services, parent=self)
        self._load_demo = load_demo
        self.setWindowTitle("CoachDesk")
        self.resize(1440, 900)
        self._settings = QSettings(
            str(services.data_dir / "window.ini"), QSettings.Format.IniFormat
        )
        self._build_ui()
        self._build_menus()
        self._connect_signals()
        self._default_state = self.saveState(LAYOUT_VERSION)
        self._restore_layout()
        self._on_ctx_cycle_selected(self.ctx.cycle_id)

    # -- building --------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.workspace = CycleWorkspace(self.ctx)
        self.welcome = WelcomePage(self.ctx, demo_available=self._load_demo is not None)
        self.centre = QStackedWidget()
        self.centre.addWidget(self.welcome)
        self.centre.addWidget(self.workspace)
        self.setCentralWidget(self.centre)

        self.coachees_pane = CoacheesPane(self.ctx)
        self.timeline_pane = TimelinePane(self.ctx)
        self.notes_pane = NotesPane(self.ctx)
        self.notes_pane.setMinimumWidth(260)  # fits beside video review on a 1366-px screen
        left, top, right = (
            Qt.DockWidgetArea.LeftDockWidgetArea,
            Qt.DockWidgetArea.TopDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.coachees_dock = self._dock("Coachees", "coachees", self.coachees_pane, left)
        self.timeline_dock = self._dock("Timeline", "timeline", self.timeline_pane, top)
        self.notes_dock = self._dock("Observation notes", "notes", self.notes_pane, right)
        # The playbook and the handbook sit behind the notes at first: each is built when its
        # tab is first shown (or it is first asked for), not before the window's first paint.
        self._playbook_pane: PlaybookPane | None = None
        self._handbook_pane: HandbookPane | None = None
        self.playbook_dock = self._dock("Playbook", "playbook", _waiting(), right)
        self.handbook_dock = self._dock("Handbook", "handbook", _waiting(), right)
        self.playbook_dock.visibilityChanged.connect(self._on_playbook_dock_visibility_changed)
        self.handbook_dock.visibilityChanged.connect(self._on_handbook_dock_visibility_changed)
        self.tabifyDockWidget(self.notes_dock, self.playbook_dock)
        self.tabifyDockWidget(self.playbook_dock, self.handbook_dock)
        self.notes_dock.raise_()
        self.resizeDocks([self.coachees_dock], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.notes_dock], [420], Qt.Orientation.Horizontal)
        self.resizeDocks([self.timeline_dock], [270], Qt.Orientation.Vertical)
        self.statusBar().showMessage("Every change is saved as you make it.")

    @property
    def playbook_pane(self) -> PlaybookPane:
        if self._playbook_pane is None:
            from coachdesk.ui.panes.playbook_pane import PlaybookPane

            self._playbook_pane = PlaybookPane(self.ctx)
            self._playbook_pane.setMinimumWidth(260)
            self.playbook_dock.setWidget(self._playbook_pane)
        return self._playbook_pane

    @property
    def handbook_pane(self) -> HandbookPane:
        if self._handbook_pane is None:
            from coachdesk.ui.panes.handbook_pane import HandbookPane, load_bundled_handbook

            self._handbook_pane = HandbookPane(self.ctx, load_bundled_handbook())
            self.handbook_dock.setWidget(self._handbook_pane)
        return self._handbook_pane

    def _on_playbook_dock_visibility_changed(self, visible: bool) -> None:
        if visible:
            _ = self.playbook_pane

    def _on_handbook_dock_visibility_changed(self, visible: bool) -> None:
        if visible:
            _ = self.handbook_pane

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        dock.setAccessibleName(f"{title} pane")
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence = "",
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(
            self._action(
                "New &coachee…",
                self.coachees_pane.add_coachee,
                "Ctrl+Shift+N",
                "Add a colleague you coach",
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                "Export session &summary…",
                self.export_summary,
                "Ctrl+Shift+E",
                "A summary of the latest session to hand to the teacher",
            )
        )
        file_menu.addAction(
            self._action(
                "Export coaching &log…",
                self.export_log,
                "",
                "Contacts for a half-term, term or year (CSV or PDF)",
            )
        )
        tags_menu = file_menu.addMenu("Export &tags of this clip")
        for label, fmt in (
            ("Spreadsheet (CSV)…", "csv"),
            ("JSON…", "json"),
            ("Chapters beside the clip (WebVTT)", "vtt"),
            ("Statistics per tag (CSV)…", "stats"),
        ):
            tags_menu.addAction(self._action(label, self._tag_exporter(fmt)))
        file_menu.addAction(
            self._action(
                "Export clip e&xcerpt…",
                self.export_excerpt,
                "Ctrl+Shift+X",
                "The selected tags as short MP4 clips, faces blurred if you wish",
            )
        )
        file_menu.addAction(
            self._action(
                "Make a review &package…",
                self.make_review_package,
                "",
                "A folder and .zip with the clip, tags, goal and actions, for a USB stick",
            )
        )
        from coachdesk.ui.lead_menu import add_lead_actions

        add_lead_actions(self, self.ctx, file_menu, self.show_help_for)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                "&Import playbook…",
                lambda: self.playbook_pane.import_action.trigger(),
                "",
                "Add the strategies in a playbook file another coach shared",
            )
        )
        file_menu.addAction(
            self._action(
                "&Export playbook…",
                lambda: self.playbook_pane.export_action.trigger(),
                "",
                "Save the whole playbook as a file to share",
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                "&Back up now",
                self.back_up_now,
                "",
                "Copy the database into the backups folder now",
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("&Quit", self.close, QKeySequence(QKeySequence.StandardKey.Quit))
        )

        edit_menu = bar.addMenu("&Edit")
        undo = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("&Find in playbook", self.find_in_playbook, "Ctrl+F"))
        edit_menu.addAction(
            self._action(
                "Strategy se&quences…",
                self.edit_sequences,
                "",
                "Ordered strategies for a cycle to follow, e.g. a new teacher's first weeks",
            )
        )

        coachee_menu = bar.addMenu("C&oachee")
        pane = self.coachees_pane
        for text, slot in (
            ("&Edit…", pane.edit_coachee),
            ("&Start cycle", pane.start_cycle),
            ("&Archive", lambda: pane.set_archived(True)),
            ("&Restore from archive", lambda: pane.set_archived(False)),
            ("&Delete…", pane.delete_coachee),
        ):
            coachee_menu.addAction(self._action(text, slot))

        cycle_menu = bar.addMenu("C&ycle")
        for number, title in enumerate(CycleWorkspace.TABS, start=1):
            cycle_menu.addAction(self._action(title, self._tab_opener(title), f"Ctrl+{number}"))
        cycle_menu.addSeparator()
        # the stage panel is built on first use: look it up when the action runs
        cycle_menu.addAction(
            self._action(
                "&Move on to the next stage…",
                lambda: self.workspace.stage_panel.move_on_with_dialog(),
                "Ctrl+Shift+M",
            )
        )
        cycle_menu.addAction(
            self._action("Step &back a stage", lambda: self.workspace.stage_panel.step_back())
        )
        cycle_menu.addAction(self._action("New &session", self._new_session, "Ctrl+Shift+S"))
        cycle_menu.addAction(
            self._action("New &observation", self._new_observation, "Ctrl+Shift+O")
        )
        cycle_menu.addAction(self._action("&Choose a strategy…", self.find_in_playbook))
        cycle_menu.addAction(self.notes_pane.toggle_clock_action)

        self.view_menu = bar.addMenu("&View")
        for dock in self._docks():
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.view_menu.addAction(self._action("&Reset layout", self.reset_layout))

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(
            self._action(
                "&Handbook",
                self.show_help,
                "F1",
                "The handbook page for the part of the window in hand",
            )
        )
        if self._load_demo is not None:
            help_menu.addAction(self._action("Open the &demo workspace", self.load_demo))
        help_menu.addAction(self._action("&About CoachDesk", self._on_about_triggered))

    def _connect_signals(self) -> None:
        self.ctx.problem.connect(self._on_ctx_problem)
        self.ctx.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.ctx.cycle_selected.connect(self._on_ctx_cycle_selected)
        self.ctx.observation_selected.connect(self._on_ctx_observation_selected)
        self.ctx.changed.connect(self._on_ctx_changed)
        self.workspace.choose_strategy_requested.connect(self.find_in_playbook)
        self.welcome.add_coachee_requested.connect(self.coachees_pane.add_coachee)
        self.welcome.demo_requested.connect(self.load_demo)

    # -- slots -----------------------------------------------------------------------------

    def _on_ctx_cycle_selected(self, cycle_id: int | None) -> None:
        self.centre.setCurrentWidget(self.workspace if cycle_id is not None else self.welcome)

    def _on_ctx_observation_selected(self, observation_id: int | None) -> None:
        if observation_id is not None:
            self.notes_dock.show()
            self.notes_dock.raise_()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.COACHEE, Entity.CYCLE) and self.ctx.cycle_id is None:
            self.welcome.refresh()

    def _on_ctx_problem(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "CoachDesk", message, QMessageBox.StandardButton.Ok, self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a name or a file as typed
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal; does not block the event loop
        self.statusBar().showMessage(message, 10000)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            "About CoachDesk",
            f"<b>CoachDesk {__version__}</b><br>Coaching cycles, goals, playbook "
            "and lesson video — offline, on your own disk.<br><br>"
            f"Data folder: {self.ctx.services.data_dir}<br>"
            f"{self.ctx.services.backups.describe_newest()}",
        )

    def _new_session(self) -> None:
        if self.ctx.cycle_id is not None:
            self.workspace.show_tab("Sessions")
            self.workspace.sessions_panel.new_session()

    def _new_observation(self) -> None:
        if self.ctx.cycle_id is not None:
            self.workspace.show_tab("Observations")
            self.workspace.observations_panel.new_observation()

    def _tab_opener(self, title: str) -> Callable[[], None]:
        return lambda: self._show_workspace_tab(title)

    def _show_workspace_tab(self, title: str) -> None:
        if self.ctx.cycle_id is not None:
            self.workspace.show_tab(title)

    # -- operations ------------------------------------------------------------------------

    def _docks(self) -> tuple[QDockWidget, ...]:
        return (
            self.coachees_dock,
            self.timeline_dock,
            self.playbook_dock,
            self.notes_dock,
            self.handbook_dock,
        )

    def show_help(self) -> None:
        """Open the handbook at the page for the pane that has the keyboard focus."""
        from coachdesk.ui.panes.handbook_pane import pane_id_for

        w = self.workspace
        panes: dict[QWidget, str] = {
            self.coachees_pane: "coachees",
            self.timeline_pane: "timeline",
            self.notes_pane: "notes",
        }
        if self._playbook_pane is not None:  # not built: it cannot hold the focus
            panes[self._playbook_pane] = "playbook"
            panes[self._playbook_pane.model_clips] = "model-clips"
            panes[self._playbook_pane.resources] = "resources"
        for title, pane_id in TAB_HELP.items():
            if w.is_built(title):
                panes[w.panel(title)] = pane_id
        if w.is_built("Sessions"):
            panes[w.sessions_panel.editor.rehearsal] = "rehearsal"
        if w.is_built("Strategy"):
            panes[w.strategy_panel.sequence_panel] = "sequence"
        # The window's own focus widget: right even when another application is active.
        self.show_help_for(pane_id_for(self.focusWidget(), panes))

    def show_help_for(self, pane_id: str | None) -> None:
        """Open the handbook at the page for ``pane_id`` (e.g. from a window of its own)."""
        self.handbook_pane.show_help_for_pane(pane_id)
        self.handbook_dock.show()
        self.handbook_dock.raise_()
        self.raise_()

    def edit_sequences(self) -> None:
        from coachdesk.ui.dialogs.sequences_dialog import open_sequences_dialog

        open_sequences_dialog(self.ctx, self)

    def find_in_playbook(self) -> None:
        self.playbook_dock.show()
        self.playbook_dock.raise_()
        self.playbook_pane.focus_search()

    def export_summary(self) -> None:
        from coachdesk.ui.dialogs.export_summary_dialog import ExportSummaryDialog

        if self.ctx.cycle_id is None:
            self.ctx.problem.emit("Select a cycle first: the summary is of one of its sessions.")
            return
        dialog = ExportSummaryDialog(self.ctx, parent=self, cycle_id=self.ctx.cycle_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def export_log(self) -> None:
        from coachdesk.ui.dialogs.export_log_dialog import ExportLogDialog

        dialog = ExportLogDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _tag_exporter(self, fmt: str) -> Callable[[], None]:
        def export() -> None:
            from coachdesk.ui.dialogs.export_tags import ask_and_export_tags

            clip = self.workspace.review.pane.current_clip()
            if clip is None:
                self.ctx.problem.emit("Open a lesson clip in Video review first.")
                return
            ask_and_export_tags(self, self.ctx, fmt, clip_id=clip.id)

        return export

    def _clip_in_review(self) -> Clip | None:
        clip = self.workspace.review.pane.current_clip() if self.ctx.cycle_id else None
        if clip is None:
            self.ctx.problem.emit("Open a lesson clip in Video review first.")
        return clip

    def export_excerpt(self) -> None:
        from coachdesk.ui.dialogs.excerpt_dialog import ExcerptDialog  # loads OpenCV and PyAV

        clip = self._clip_in_review()
        if clip is None:
            return
        selected = [t.id for t in self.workspace.review.table.selected_tags()]
        dialog = ExcerptDialog(self.ctx, clip, self, selected_tag_ids=selected)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def make_review_package(self) -> None:
        from coachdesk.ui.dialogs.review_package_dialog import ReviewPackageDialog

        clip = self._clip_in_review()
        if clip is None:
            return
        selected = [t.id for t in self.workspace.review.table.selected_tags()]
        dialog = ReviewPackageDialog(self.ctx, clip, self, selected_tag_ids=selected)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def back_up_now(self) -> None:
        try:
            path = self.ctx.services.backups.take_now()
        except (CoachDeskError, OSError) as exc:
            self.ctx.problem.emit(f"The backup could not be written: {exc}")
            return
        self.ctx.status.emit(f"Backup written to {path}")

    def load_demo(self) -> None:
        if self._load_demo is None:
            return
        if not self._load_demo():
            self.ctx.problem.emit(
                "The demo is only added to an empty workspace; this one "
                "already has coachees. Start CoachDesk with --data-dir and "
                "a new folder to try the demo."
            )
            return
        self.ctx.broadcast(Changes.of(*Entity))
        self.ctx.status.emit("The demo workspace is ready: five coachees, cycles in every stage.")

    # -- layout memory -----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self._settings.value("geometry")
        state = self._settings.value("state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state, LAYOUT_VERSION)

    def reset_layout(self) -> None:
        self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in self._docks():
            dock.show()

    def save_layout(self) -> None:
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.setValue("state", self.saveState(LAYOUT_VERSION))
        self._settings.sync()
        path = self.ctx.services.data_dir / "window.ini"
        if path.exists():
            path.chmod(0o600)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
