"""Coachees and their cycles as a two-level tree."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from coachdesk.core.coachees import Coachee
from coachdesk.core.cycles import Cycle, Stage

STAGE_COLOURS = {
    Stage.IDENTIFY: "#5c6bc0",
    Stage.LEARN: "#26a69a",
    Stage.IMPROVE: "#ffa726",
    Stage.COMPLETE: "#9e9e9e",
}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass
class _Node:
    coachee: Coachee
    cycles: list[Cycle]


class CoacheeTreeModel(QAbstractItemModel):
    """Top level: coachees (name, role); children: their cycles (title, stage)."""

    def __init__(self) -> None:
        super().__init__()
        self._nodes: list[_Node] = []

    def set_data(self, coachees: list[Coachee], cycles: list[Cycle]) -> None:
        self.beginResetModel()
        by_coachee: dict[int, list[Cycle]] = {}
        for cycle in cycles:
            by_coachee.setdefault(cycle.coachee_id, []).append(cycle)
        self._nodes = [
            _Node(c, sorted(by_coachee.get(c.id, []), key=lambda x: x.started_on, reverse=True))
            for c in coachees
        ]
        self.endResetModel()

    # -- structure -------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)  # internal id 0: a coachee
        return self.createIndex(row, column, parent.row() + 1)  # a cycle: its coachee row + 1

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        if self._is_coachee(child):
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._nodes)
        if self._is_coachee(parent) and parent.column() == 0:
            return len(self._nodes[parent.row()].cycles)
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 2

    def _is_coachee(self, index: AnyIndex) -> bool:
        return index.internalId() == 0

    # -- data --------------------------------------------------------------------------------

    def coachee_at(self, index: AnyIndex) -> Coachee | None:
        if not index.isValid():
            return None
        if self._is_coachee(index):
            return self._nodes[index.row()].coachee
        return self._nodes[index.internalId() - 1].coachee

    def cycle_at(self, index: AnyIndex) -> Cycle | None:
        if not index.isValid() or self._is_coachee(index):
            return None
        return self._nodes[index.internalId() - 1].cycles[index.row()]

    def index_of_coachee(self, coachee_id: int) -> QModelIndex:
        for row, node in enumerate(self._nodes):
            if node.coachee.id == coachee_id:
                return self.index(row, 0)
        return QModelIndex()

    def index_of_cycle(self, cycle_id: int) -> QModelIndex:
        for row, node in enumerate(self._nodes):
            for child, cycle in enumerate(node.cycles):
                if cycle.id == cycle_id:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if self._is_coachee(index):
            coachee = self._nodes[index.row()].coachee
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                if index.column() == 0:
                    return coachee.name + (" (archived)" if coachee.archived else "")
                return coachee.role
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{coachee.name}\n{coachee.role}".strip()
            if role == Qt.ItemDataRole.FontRole and coachee.archived:
                font = QFont()
                font.setItalic(True)
                return font
            if role == ID_ROLE:
                return coachee.id
            if role == KIND_ROLE:
                return "coachee"
            return None
        cycle = self._nodes[index.internalId() - 1].cycles[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == 0:
                return cycle.title or f"Cycle from {cycle.started_on:%d %b %Y}"
            return cycle.stage.label
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QBrush(QColor(STAGE_COLOURS[cycle.stage]))
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = cycle.problem.label if cycle.problem else "no persistent problem named yet"
            return f"Started {cycle.started_on:%d %b %Y} · {cycle.stage.label}\n{problem}"
        if role == ID_ROLE:
            return cycle.id
        if role == KIND_ROLE:
            return "cycle"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Coachee / cycle", "Role / stage")[section]
        return None
