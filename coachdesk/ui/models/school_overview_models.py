"""Tables of the lead's school overview: one read-only model over rows of cells."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from coachdesk.core.lead_logs import LeadLogSummary
from coachdesk.core.school_overview import CoachContacts, FocusRow, GoalRow, SchoolOverview

Cell = str | int
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Table:
    """Column headings, rows of cells, and a tooltip per row (may be empty)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    tips: tuple[str, ...] = ()
    total_last: bool = False  # the last row sums the others: shown in bold


class RowsTableModel(QAbstractTableModel):
    """A read-only table of text and numbers; numbers sort as numbers and sit on the right."""

    def __init__(self, table: Table | None = None) -> None:
        super().__init__()
        self._table = table or Table((), ())

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    @property
    def table(self) -> Table:
        return self._table

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._table.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        value = self._table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value)
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.FontRole
            and self._table.total_last
            and index.row() == len(self._table.rows) - 1
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and index.row() < len(self._table.tips):
            return self._table.tips[index.row()] or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._table.headers[section]
        return None


# -- the tables ------------------------------------------------------------------------------


def _short(label: str) -> str:
    """ "Autumn 1 2025/26" -> "Autumn 1" (the year is in the window's title)."""
    return label.rsplit(" ", 1)[0] if "/" in label else label


def contacts_table(overview: SchoolOverview) -> Table:
    headers: list[str] = ["Coach"]
    for label in overview.half_terms:
        short = _short(label)
        headers += [f"{short}\nsessions", f"{short}\nminutes", f"{short}\nobservations"]
    headers += ["Term\ncontacts", "Term\nminutes", "Colleagues\nseen"]

    def row(coach: CoachContacts) -> tuple[Cell, ...]:
        cells: list[Cell] = [coach.coach]
        for count in coach.per_half_term:
            cells += [count.sessions, count.minutes, count.observations]
        total = coach.total
        return (*cells, total.contacts, total.minutes, coach.colleagues)

    rows = [row(c) for c in overview.coaches]
    if overview.coaches:
        rows.append(row(overview.school))
    return Table(tuple(headers), tuple(rows), total_last=bool(overview.coaches))


def focus_table(first: str, rows: Sequence[FocusRow]) -> Table:
    return Table(
        (first, "Cycles", "Colleagues", "Coaches"),
        tuple((r.label, r.cycles, r.colleagues, r.coaches) for r in rows),
        tuple(r.detail for r in rows),
    )


def goals_table(overview: SchoolOverview) -> Table:
    def row(goal: GoalRow) -> tuple[Cell, ...]:
        return (goal.coach, goal.cycles, goal.completed, goal.goal_met)

    rows = [row(g) for g in overview.goals]
    if overview.goals:
        rows.append(row(overview.goals_total))
    return Table(
        ("Coach", "Cycles in the term", "Completed in the term", "Goal met"),
        tuple(rows),
        total_last=bool(overview.goals),
    )


def gaps_table(overview: SchoolOverview) -> Table:
    return Table(
        ("Colleague", "Role", "On the list of"),
        tuple((g.name, g.role, ", ".join(g.coaches)) for g in overview.gaps),
    )


def logs_table(logs: Sequence[LeadLogSummary]) -> Table:
    return Table(
        ("Coach", "Term", "Exported (UTC)"),
        tuple((g.coach_name, g.term_label, f"{g.exported_at:%d %b %Y %H:%M}") for g in logs),
        tuple(f"Imported {g.imported_at:%d %b %Y %H:%M}" for g in logs),
    )
