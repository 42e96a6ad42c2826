"""The coaching lead's entries in the File menu: a coach's log file out, the school overview in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QWidget

from coachdesk.ui.context import UiContext

EXPORT_MENU = "menu_export"


HelpOpener = Callable[[str], None]


def add_lead_actions(
    parent: QWidget, ctx: UiContext, file_menu: QMenu, show_help: HelpOpener | None = None
) -> None:
    """Add File ▸ Export ▸ Coaching-log file for the lead… and File ▸ School overview…."""
    export_menu = file_menu.findChild(QMenu, EXPORT_MENU)
    if export_menu is None:
        export_menu = file_menu.addMenu("&Export")
        export_menu.setObjectName(EXPORT_MENU)
    export = QAction("Coaching-&log file for the lead…", parent)
    export.setStatusTip("A term's cycles and contacts as a file for the school's coaching lead")
    export.triggered.connect(lambda _checked=False: open_export_dialog(parent, ctx))
    export_menu.addAction(export)
    overview = QAction("School o&verview (coaching lead)…", parent)
    overview.setStatusTip("Open coaches' log files and see the term across the school")
    overview.triggered.connect(lambda _checked=False: open_school_overview(parent, ctx, show_help))
    file_menu.addAction(overview)


def open_export_dialog(parent: QWidget, ctx: UiContext) -> QWidget:
    from coachdesk.ui.dialogs.export_lead_log_dialog import ExportLeadLogDialog

    dialog = ExportLeadLogDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_school_overview(
    parent: QWidget, ctx: UiContext, show_help: HelpOpener | None = None
) -> QWidget:
    """Show the overview window (one per main window), raised if already open."""
    from coachdesk.ui.panes.school_overview import SchoolOverviewWindow

    window = parent.findChild(SchoolOverviewWindow)
    if window is None:
        window = SchoolOverviewWindow(ctx, parent)
        if show_help is not None:  # F1 in the overview: its handbook page, in the main window
            opener = show_help
            help_key = QShortcut(QKeySequence.StandardKey.HelpContents, window)
            help_key.activated.connect(lambda: opener("school-overview"))
    window.show()
    window.raise_()
    window.activateWindow()
    return window
