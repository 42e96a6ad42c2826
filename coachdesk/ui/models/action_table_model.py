"""The actions agreed in a session, editable in place: text, owner, due date, done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from coachdesk.core.sessions import Action, ActionOwner
from coachdesk.ui.models.edit_roles import CHOICES_ROLE, ID_ROLE, VALUE_ROLE
from coachdesk.ui.models.rows_model import AnyIndex, RowsModel

HEADERS = ("Action", "Who", "Due", "Done")
TEXT, OWNER, DUE, DONE = range(4)
OWNER_LABELS = {ActionOwner.COACHEE: "Coachee", ActionOwner.COACH: "Coach"}
OVERDUE = QColor("#c62828")


def short_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


class ActionTableModel(RowsModel[Action]):
    """Rows of actions. An edit emits ``action_edited(old, new)``; the pane saves it."""

    action_edited = Signal(object, object)  # Action before, Action after

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(HEADERS, key=lambda a: a.id)
        self._today = today

    def set_actions(self, actions: tuple[Action, ...] | list[Action]) -> None:
        self.set_rows(actions)  # same rows update in place: an editor may be open

    def action_at(self, index: AnyIndex) -> Action | None:
        return self.row_at(index)

    # -- Qt -----------------------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == DONE:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        action = self.action_at(index)
        if action is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(action, column)
        if role == Qt.ItemDataRole.EditRole:
            return action.text if column == TEXT else self._display(action, column)
        if role == VALUE_ROLE:
            return {
                TEXT: action.text,
                OWNER: action.owner,
                DUE: action.due_on,
                DONE: action.done_on,
            }[column]
        if role == CHOICES_ROLE and column == OWNER:
            return [(label, owner) for owner, label in OWNER_LABELS.items()]
        if role == Qt.ItemDataRole.CheckStateRole and column == DONE:
            return Qt.CheckState.Checked if action.done_on else Qt.CheckState.Unchecked
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == DUE
            and action.is_overdue(self._today())
        ):
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.FontRole and column == TEXT and action.done_on:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(action, column)
        if role == ID_ROLE:
            return action.id
        return None

    def _display(self, action: Action, column: int) -> str:
        if column == TEXT:
            return action.text
        if column == OWNER:
            return OWNER_LABELS[action.owner]
        if column == DUE:
            return short_date(action.due_on) if action.due_on else "–"
        return f"{action.done_on.day} {action.done_on:%b}" if action.done_on else ""

    def _tooltip(self, action: Action, column: int) -> str:
        if column == DUE:
            if action.due_on is None:
                return "No due date — double-click to set one"
            late = " (overdue)" if action.is_overdue(self._today()) else ""
            return f"Due {action.due_on.day} {action.due_on:%B %Y}{late}"
        if column == DONE:
            return (
                f"Done on {action.done_on.day} {action.done_on:%B}"
                if action.done_on
                else "Tick when this has been done"
            )
        if column == OWNER:
            return "Who agreed to do it — double-click to change"
        return action.text

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        before = self.action_at(index)
        if before is None:
            return False
        after = self._edited(before, index.column(), value, role)
        if after is None or after == before:
            return False
        self._rows[index.row()] = after
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        self.action_edited.emit(before, after)
        return True

    def _edited(self, action: Action, column: int, value: object, role: int) -> Action | None:
        if role == Qt.ItemDataRole.CheckStateRole and column == DONE:
            done = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
            return replace(action, done_on=self._today() if done else None)
        if role != Qt.ItemDataRole.EditRole:
            return None
        if column == TEXT and isinstance(value, str) and value.strip():
            return replace(action, text=value.strip())
        if column == OWNER and isinstance(value, ActionOwner):
            return replace(action, owner=value)
        if column == DUE and (value is None or isinstance(value, dt.date)):
            return replace(action, due_on=value)
        return None
