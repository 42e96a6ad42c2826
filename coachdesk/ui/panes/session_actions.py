"""The actions agreed in a coaching session: add, edit in place, tick off, delete — all undoable."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.sessions import Action, ActionOwner, CoachingSession
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.action_table_model import DONE, DUE, OWNER, TEXT, ActionTableModel
from coachdesk.ui.panes.item_delegates import ChoiceDelegate, DateDelegate


class SessionActions(QWidget):
    """A table of a session's actions with a line to agree a new one."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._session: CoachingSession | None = None
        self._default_due: dt.date | None = None
        self.model = ActionTableModel(ctx.today)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Agreed actions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((OWNER, 90), (DUE, 110), (DONE, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self._owner_delegate = ChoiceDelegate(self.table)
        self._due_delegate = DateDelegate(self.table)
        self.table.setItemDelegateForColumn(OWNER, self._owner_delegate)
        self.table.setItemDelegateForColumn(DUE, self._due_delegate)
        self.table.setToolTip("Double-click a cell to change it; tick Done when it is done")
        self.empty = QLabel("No actions agreed yet — write one below and press Enter.")
        self.empty.setObjectName("muted")
        self.new_text = QLineEdit()
        self.new_text.setPlaceholderText(
            "Agree an action, e.g. “Plan three cold-call questions into Thursday’s lesson”"
        )
        self.new_text.setAccessibleName("New action")
        self.new_text.setToolTip(
            "Write what was agreed and press Enter; change who does it and when in the table"
        )
        self.add_button = QPushButton("&Add action")
        self.add_button.setToolTip("Add the action (due at the next meeting, if one is booked)")
        self.delete_button = QPushButton("Delete action")
        self.delete_button.setToolTip("Delete the selected action (Del); Undo brings it back")
        row = QHBoxLayout()
        row.addWidget(self.new_text, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addLayout(row)

    def _connect_signals(self) -> None:
        self.model.action_edited.connect(self._on_model_action_edited)
        self.new_text.returnPressed.connect(self._on_add_button_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.delete_button.clicked.connect(lambda: self.delete_action())
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: self.delete_action())
        self.table.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_buttons())

    def show_session(
        self, session: CoachingSession | None, default_due: dt.date | None = None
    ) -> None:
        self._session = session
        self._default_due = default_due
        self.model.set_actions(session.actions if session else ())
        has_actions = self.model.rowCount() > 0
        self.table.setVisible(has_actions)
        self.empty.setVisible(not has_actions)
        if has_actions:
            self._fit_height()
        self._update_buttons()

    def _fit_height(self) -> None:
        """Make the table as tall as its rows (up to five); more rows scroll inside it."""
        self.table.resizeRowsToContents()
        rows = min(5, self.model.rowCount())
        height = sum(self.table.rowHeight(row) for row in range(rows))
        self.table.setFixedHeight(
            height + self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        )

    def selected_action(self) -> Action | None:
        return self.model.action_at(self.table.currentIndex())

    def _update_buttons(self) -> None:
        self.setEnabled(self._session is not None)
        self.delete_button.setEnabled(self.selected_action() is not None)

    def _on_add_button_clicked(self) -> None:
        if self.new_text.text().strip() and self.add_action(
            self.new_text.text(), self._default_due
        ):
            self.new_text.clear()

    def _on_model_action_edited(self, before: Action, after: Action) -> None:
        self.save_action(before, after)

    # -- operations --------------------------------------------------------------------------

    def add_action(
        self, text: str, due_on: dt.date | None = None, owner: ActionOwner = ActionOwner.COACHEE
    ) -> Action | None:
        """Agree a new action in the shown session."""
        if self._session is None:
            return None
        sessions, session_id = self._ctx.services.sessions, self._session.id
        added = self._ctx.run(lambda: sessions.add_action(session_id, text, due_on, owner))
        if added is not None:
            # Redo re-inserts the same action (same id), so later edits still find it.
            self._ctx.push_done(
                "Add action",
                lambda: sessions.save_action(added),
                lambda: sessions.delete_action(added.id),
            )
        return added

    def save_action(self, before: Action, after: Action) -> None:
        sessions = self._ctx.services.sessions
        text = "Tick off action" if after.done_on and not before.done_on else "Edit action"
        saved = self._ctx.do(
            text, lambda: sessions.save_action(after), lambda: sessions.save_action(before)
        )
        if saved is None and self._session is not None:  # refused: show what is stored
            self.model.set_actions(sessions.get(self._session.id).actions)

    def delete_action(self, action_id: int | None = None) -> None:
        """Delete an action (default: the selected one); Undo puts it back with its id."""
        action = (
            self.selected_action()
            if action_id is None
            else next((a for a in self._session.actions if a.id == action_id), None)
            if self._session
            else None
        )
        if action is None:
            return
        sessions = self._ctx.services.sessions
        self._ctx.do(
            "Delete action",
            lambda: sessions.delete_action(action.id),
            lambda: sessions.save_action(action),
        )
