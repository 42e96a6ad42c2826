"""The strategies a playbook search found, one row each, best match first."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from coachdesk.core.playbook import Strategy, StrategySource

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 2
BADGE_ROLE = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the default parent, made once (ruff B008)

BADGES = {
    StrategySource.BUNDLED: "",
    StrategySource.OWN: "own",
    StrategySource.IMPORTED: "imported",
}
SOURCE_WORDS = {
    StrategySource.BUNDLED: "bundled strategy",
    StrategySource.OWN: "your own strategy",
    StrategySource.IMPORTED: "imported strategy",
}


class StrategyListModel(QAbstractListModel):
    """Rows of strategies: title as display text; category and source badge as extra roles."""

    def __init__(self) -> None:
        super().__init__()
        self._strategies: list[Strategy] = []

    def set_strategies(self, strategies: list[Strategy]) -> None:
        self.beginResetModel()
        self._strategies = list(strategies)
        self.endResetModel()

    def strategies(self) -> list[Strategy]:
        return list(self._strategies)

    def strategy_at(self, index: AnyIndex) -> Strategy | None:
        if not index.isValid() or not 0 <= index.row() < len(self._strategies):
            return None
        return self._strategies[index.row()]

    def index_of(self, strategy_id: int | None) -> QModelIndex:
        for row, strategy in enumerate(self._strategies):
            if strategy.id == strategy_id:
                return self.index(row, 0)
        return QModelIndex()

    # -- QAbstractListModel ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._strategies)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        strategy = self.strategy_at(index)
        if strategy is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return strategy.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{strategy.title}, {strategy.category.label}, {SOURCE_WORDS[strategy.source]}"
        if role == Qt.ItemDataRole.ToolTipRole:
            problems = ", ".join(sorted(p.label for p in strategy.problems))
            lines = [strategy.title, strategy.category.label]
            if problems:
                lines.append(f"Addresses: {problems}")
            return "\n".join(lines)
        if role == ID_ROLE:
            return strategy.id
        if role == CATEGORY_ROLE:
            return strategy.category.label
        if role == BADGE_ROLE:
            return BADGES[strategy.source]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and section == 0
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return "Strategy"
        return None
