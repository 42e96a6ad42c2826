"""The rehearsals of one session as a list: which step, how many rounds, secure or not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from coachdesk.core.practice import Rehearsal
from coachdesk.ui.models.edit_roles import ID_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
StepKey = tuple[int, int | None]  # step index, smaller step id (None: the whole step)
SECURE = QColor("#00695c")


def rounds_text(count: int) -> str:
    return f"{count} round{'s' if count != 1 else ''}"


class RehearsalListModel(QAbstractListModel):
    """One row per rehearsal, labelled with its step's number and words."""

    def __init__(self) -> None:
        super().__init__()
        self._rehearsals: list[Rehearsal] = []
        self._names: Mapping[StepKey, tuple[str, str]] = {}

    def set_rehearsals(
        self, rehearsals: Sequence[Rehearsal], names: Mapping[StepKey, tuple[str, str]]
    ) -> None:
        """Show ``rehearsals``; ``names`` gives each step's (number, words), e.g. ('2b', …)."""
        same_rows = [r.id for r in rehearsals] == [r.id for r in self._rehearsals]
        if same_rows:
            self._rehearsals, self._names = list(rehearsals), names
            if self._rehearsals:
                self.dataChanged.emit(self.index(0), self.index(len(self._rehearsals) - 1))
            return
        self.beginResetModel()
        self._rehearsals, self._names = list(rehearsals), names
        self.endResetModel()

    def rehearsal_at(self, index: AnyIndex) -> Rehearsal | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rehearsals):
            return None
        return self._rehearsals[index.row()]

    def row_of(self, rehearsal_id: int) -> int:
        return next((i for i, r in enumerate(self._rehearsals) if r.id == rehearsal_id), -1)

    def name(self, rehearsal: Rehearsal) -> tuple[str, str]:
        key = (rehearsal.step_index, rehearsal.split_id)
        return self._names.get(key, (str(rehearsal.step_index + 1), "(a step no longer shown)"))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rehearsals)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        rehearsal = self.rehearsal_at(index)
        if rehearsal is None:
            return None
        number, words = self.name(rehearsal)
        if role == Qt.ItemDataRole.DisplayRole:
            secure = " · ✓ secure" if rehearsal.secure else ""
            return f"Step {number} — {rounds_text(rehearsal.round_count)}{secure}\n{words}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Step {number}: {words}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            secure = ", secure" if rehearsal.secure else ""
            return f"Step {number}, {rounds_text(rehearsal.round_count)}{secure}"
        if role == Qt.ItemDataRole.ForegroundRole and rehearsal.secure:
            return SECURE
        if role == ID_ROLE:
            return rehearsal.id
        return None
