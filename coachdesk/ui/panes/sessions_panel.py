"""The cycle's coaching sessions: a list, newest first, and the selected one's editor."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import NotFoundError
from coachdesk.core.sessions import CoachingSession
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.session_list_model import DATE, KIND, SessionListModel
from coachdesk.ui.panes.rehearsal_log import restore_session
from coachdesk.ui.panes.session_editor import SessionEditor

PANEL_STYLE = """
QLabel#muted, QLabel#emptyState { color: palette(dark); }
QLabel#fieldHeading { color: palette(window-text); }
"""
EMPTY, LIST = 0, 1


class SessionsPanel(QWidget):
    """Lists the sessions of ``ctx.cycle_id``; the one selected is edited below the list."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._selected_id: int | None = None
        self.model = SessionListModel()
        self._build_ui()
        self._connect_signals()
        self.refresh()
        self._fit_list()

    def _build_ui(self) -> None:
        self.setStyleSheet(PANEL_STYLE)
        self.new_button = QPushButton("&New session")
        self.new_button.setToolTip("Record a coaching conversation held today")
        self.delete_button = QPushButton("Delete session")
        self.delete_button.setToolTip(
            "Delete the selected session and its actions; Undo brings them back"
        )
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.delete_button)

        self.list = QTreeView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Coaching sessions")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMinimumHeight(80)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(70)
        self.editor = SessionEditor(self._ctx)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.editor)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([130, 520])
        self.splitter.setChildrenCollapsible(False)

        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

    def _connect_signals(self) -> None:
        self.new_button.clicked.connect(lambda: self.new_session())
        self.delete_button.clicked.connect(lambda: self.delete_session())
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self._ctx.changed.connect(self._on_ctx_changed)
        self._ctx.cycle_selected.connect(self._on_ctx_cycle_selected)

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        cycle_id = self._ctx.cycle_id
        try:
            sessions = self._ctx.services.sessions.list(cycle_id) if cycle_id else []
        except NotFoundError:
            sessions = []
        self.model.set_sessions(sessions)
        self.new_button.setEnabled(cycle_id is not None)
        self.stack.setCurrentIndex(LIST if sessions else EMPTY)
        self.empty.setText(
            "Select a coachee’s cycle to see its coaching sessions."
            if cycle_id is None
            else "<b>No coaching sessions in this cycle yet.</b><br>Click <i>New session</i> after "
            "a coaching conversation to write down the reflections, the actions you agreed "
            "and when you will meet next."
        )
        count = len(sessions)
        self.summary.setText(
            f"{count} session{'s' if count != 1 else ''} in this cycle"
            if cycle_id is not None
            else ""
        )
        row = self.model.row_of(self._selected_id) if self._selected_id is not None else -1
        self.select_row(row if row >= 0 else 0)
        self._show_selected()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, DATE)
        if index.isValid() and index != self.list.currentIndex():
            self.list.setCurrentIndex(index)

    def select_session(self, session_id: int) -> None:
        self.select_row(self.model.row_of(session_id))

    def selected_session(self) -> CoachingSession | None:
        return self.model.session_at(self.list.currentIndex())

    def _show_selected(self) -> None:
        session = self.selected_session()
        self._selected_id = session.id if session else None
        self.editor.show_session(session)
        self.delete_button.setEnabled(session is not None)

    def _on_list_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._show_selected()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.SESSION, Entity.CYCLE) and (
            changes.cycle_id is None or changes.cycle_id == self._ctx.cycle_id
        ):
            self.refresh()

    def _on_ctx_cycle_selected(self, _cycle_id: int | None) -> None:
        self._selected_id = None  # show the newest session of the new cycle
        self.refresh()
        self._fit_list()

    def _fit_list(self) -> None:
        """Give the list room for its sessions (two to five rows); the editor gets the rest."""
        rows = min(5, max(2, self.model.rowCount()))
        row_height = self.list.sizeHintForRow(0) if self.model.rowCount() else 22
        wanted = self.list.header().sizeHint().height() + rows * row_height + 4
        total = sum(self.splitter.sizes()) or 650
        self.splitter.setSizes([wanted, max(total - wanted, 300)])

    # -- operations --------------------------------------------------------------------------

    def new_session(self) -> CoachingSession | None:
        """Add a session held today and select it."""
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return None
        sessions = self._ctx.services.sessions
        added = self._ctx.run(lambda: sessions.add(cycle_id, self._ctx.today()))
        if added is None:
            return None
        # Redo puts back the same session (same id), so later edits of it still apply.
        self._ctx.push_done(
            "New session", lambda: sessions.restore(added), lambda: sessions.delete(added.id)
        )
        self._selected_id = added.id
        self.refresh()
        self.editor.notes.setFocus()
        return added

    def delete_session(self) -> None:
        """Delete the selected session and its actions; Undo restores both."""
        session = self.selected_session()
        if session is None:
            return
        sessions = self._ctx.services.sessions
        before = sessions.get(session.id)
        rehearsed = self._ctx.services.practice.rehearsals(session.id)  # Undo puts them back
        row = self.list.currentIndex().row()
        self._selected_id = None
        if (
            self._ctx.do(
                f"Delete session of {before.held_on.day} {before.held_on:%b}",
                lambda: sessions.delete(before.id),
                lambda: restore_session(self._ctx.services, before, rehearsed),
            )
            is not None
        ):
            self.select_row(min(row, self.model.rowCount() - 1))
            self._ctx.status.emit("Session deleted — Undo brings it back.")
