"""Two lessons' tag rates side by side, the change called out, and a density strip for each."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from coachdesk.core.evidence import ClipStats
from coachdesk.core.lesson_compare import TypeChange, compare
from coachdesk.core.tags import TagType
from coachdesk.ui.models.clip_stats_model import POLARITY_MARK, UNKNOWN_COLOUR, format_rate
from coachdesk.ui.models.rows_model import RowsModel
from coachdesk.ui.review.density_strip import DENSITY_ROLE

TAG, RATE_A, RATE_B, CHANGE, STRIP_A, STRIP_B = range(6)
HEADERS = ("Tag", "First /10 min", "Later /10 min", "Change", "First lesson", "Later lesson")
HEADER_TIPS = (
    "The tag type: (+) positive, (−) negative",
    "Tags per 10 minutes in the first lesson",
    "Tags per 10 minutes in the later lesson",
    "▲ more, ▼ fewer per 10 minutes; green is good news, red is not",
    "Where the tags fell along the first lesson",
    "Where the tags fell along the later lesson",
)
BETTER, WORSE = QColor("#2e7d32"), QColor("#c62828")

_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

AnyIndex = QModelIndex | QPersistentModelIndex


def change_text(row: TypeChange) -> str:
    change = row.change
    if change is None:
        return "—"
    if row.direction == 0:
        return "= same"
    arrow = "▲" if row.direction > 0 else "▼"
    return f"{arrow} {change:+.1f}"


class LessonCompareModel(RowsModel[TypeChange]):
    """One row per tag type seen in either lesson."""

    def __init__(self) -> None:
        super().__init__(HEADERS, lambda row: row.type_id, HEADER_TIPS)
        self._a: ClipStats | None = None
        self._b: ClipStats | None = None
        self._colours: dict[int, str] = {}
        self._scale = 0

    def set_lessons(
        self, a: ClipStats | None, b: ClipStats | None, types: Mapping[int, TagType]
    ) -> None:
        self._a, self._b = a, b
        self._colours = {i: t.colour for i, t in types.items()}
        strips = [r.density for s in (a, b) if s is not None for r in s.types]
        self._scale = max((max(d, default=0) for d in strips), default=0)
        self.replace_rows(compare(a, b) if a is not None and b is not None else [])

    def row_change(self, row: int) -> TypeChange | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == _DISPLAY:
            return self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == TAG:
            return QColor(self._colours.get(row.type_id, UNKNOWN_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RATE_A, RATE_B, CHANGE):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == CHANGE:
            better = row.is_better
            return None if better is None else (BETTER if better else WORSE)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{row.label}: {row.count_a} tags in the first lesson, "
                f"{row.count_b} in the later one. Double-click to watch an example."
            )
        if role == DENSITY_ROLE and column in (STRIP_A, STRIP_B):
            stats = self._a if column == STRIP_A else self._b
            found = stats.by_type(row.type_id) if stats else None
            colour = self._colours.get(row.type_id, UNKNOWN_COLOUR)
            return (found.density if found else (), colour, self._scale)
        if role == Qt.ItemDataRole.AccessibleTextRole and column in (STRIP_A, STRIP_B):
            return f"{row.label}: density strip"
        return None

    def _text(self, row: TypeChange, column: int) -> str | None:
        if column == TAG:
            return row.label + POLARITY_MARK[row.polarity]
        if column == RATE_A:
            return format_rate(row.rate_a)
        if column == RATE_B:
            return format_rate(row.rate_b)
        if column == CHANGE:
            return change_text(row)
        return None
