"""A clip's statistics per tag type: count, rate per 10 minutes, share of time, density."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from coachdesk.core.evidence import ClipStats, TypeStats
from coachdesk.core.tags import Polarity, TagType
from coachdesk.ui.models.rows_model import RowsModel
from coachdesk.ui.review.density_strip import DENSITY_ROLE

TAG, COUNT, RATE, SHARE, DENSITY = range(5)
HEADERS = ("Tag", "Count", "Per 10 min", "Time", "Along the lesson")
HEADER_TIPS = (
    "The tag type: (+) positive, (−) negative",
    "How many times it was tagged",
    "Tags per 10 minutes of video",
    "Share of the lesson inside this tag's spans (duration tags; overlaps counted once)",
    "Tags per time bin, from the start of the lesson to the end",
)
UNKNOWN_COLOUR = "#9e9e9e"
POLARITY_MARK = {Polarity.POSITIVE: " (+)", Polarity.NEGATIVE: " (−)", Polarity.NEUTRAL: ""}
NO_VALUE = "—"

_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

AnyIndex = QModelIndex | QPersistentModelIndex


def format_rate(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:.1f}"


def format_share(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value * 100:.0f} %"


class ClipStatsModel(RowsModel[TypeStats]):
    """One row per tag type of a ``ClipStats``."""

    def __init__(self) -> None:
        super().__init__(HEADERS, lambda row: row.type_id, HEADER_TIPS)
        self._colours: dict[int, str] = {}
        self._scale = 0
        self.stats: ClipStats | None = None

    def set_stats(self, stats: ClipStats | None, types: Mapping[int, TagType]) -> None:
        rows = stats.types if stats else ()
        self.stats = stats
        self._colours = {i: t.colour for i, t in types.items()}
        self._scale = max((max(r.density, default=0) for r in rows), default=0)
        self.replace_rows(rows)

    def row_stats(self, row: int) -> TypeStats | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        colour = self._colours.get(row.type_id, UNKNOWN_COLOUR)
        if role == _DISPLAY:
            return self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == TAG:
            return QColor(colour)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COUNT, RATE, SHARE):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == DENSITY:
            return f"{row.label}: tags per bin " + ", ".join(map(str, row.density))
        if role == DENSITY_ROLE and column == DENSITY:
            return (row.density, colour, self._scale)
        return None

    def _text(self, row: TypeStats, column: int) -> str | None:
        if column == TAG:
            return row.label + POLARITY_MARK[row.polarity]
        if column == COUNT:
            return str(row.count)
        if column == RATE:
            return format_rate(row.per_10_min)
        if column == SHARE:
            return format_share(row.share)
        return None

    def _tooltip(self, row: TypeStats) -> str:
        parts = [f"{row.label}: {row.count} tags, {format_rate(row.per_10_min)} per 10 minutes"]
        if row.share is not None:
            parts.append(f"{format_share(row.share)} of the lesson")
        return "; ".join(parts)
