"""The statistics of the clip under review, beside the tag table: counts, rates, time, strips."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.errors import CoachDeskError
from coachdesk.core.evidence import ClipStats, clip_stats
from coachdesk.core.media_time import format_ms
from coachdesk.core.tags import TagType
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.clip_stats_model import COUNT, DENSITY, RATE, SHARE, TAG, ClipStatsModel
from coachdesk.ui.review.density_strip import DensityDelegate
from coachdesk.ui.review.tagging import TagController

BIN_CHOICES = ((30_000, "30 s"), (60_000, "1 min"), (120_000, "2 min"), (300_000, "5 min"))
DEFAULT_BIN_MS = 60_000
NO_CLIP_TEXT = "No lesson clip open — open a clip to see its tag statistics."
NO_TAGS_TEXT = "No tags yet — statistics appear here as you tag the lesson."


def balance_text(stats: ClipStats) -> str:
    """Return the positive/negative balance in words."""
    share = stats.positive_share
    if share is None:
        return "no positive or negative tags"
    return f"{stats.positive} positive : {stats.negative} negative ({share * 100:.0f} % positive)"


class ClipStatsPanel(QWidget):
    """Statistics of the controller's clip, kept up to date as tags are added or changed.

    ``seek_requested(ms)`` asks the player to go to the first tag of a row (double-click/Enter).
    """

    seek_requested = Signal(int)

    def __init__(
        self, ctx: UiContext, controller: TagController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._controller = controller
        self._durations: dict[int, int] = {}  # clip id -> duration (ms)
        self.model = ClipStatsModel()
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Clip statistics summary")
        self.bin_choice = QComboBox()
        for ms, text in BIN_CHOICES:
            self.bin_choice.addItem(text, ms)
        self.bin_choice.setCurrentIndex(self.bin_choice.findData(DEFAULT_BIN_MS))
        self.bin_choice.setAccessibleName("Density strip bin width")
        self.bin_choice.setToolTip("How much of the lesson each bar of the strips covers")
        bins_label = QLabel("&Bars of")
        bins_label.setBuddy(self.bin_choice)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(bins_label)
        top.addWidget(self.bin_choice)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Tag statistics for this clip")
        self.view.setToolTip("Double-click a tag to go to its first moment")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self._density_delegate = DensityDelegate(self.view)
        self.view.setItemDelegateForColumn(DENSITY, self._density_delegate)
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(TAG, metrics.horizontalAdvance("M") * 14)
        for column, sample in ((COUNT, "Count"), (RATE, "Per 10 min"), (SHARE, "100 %")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 18)
        header.setSectionResizeMode(DENSITY, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(NO_CLIP_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #757575; padding: 12px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)

    def _connect_signals(self) -> None:
        c = self._controller
        c.tag_added.connect(self._on_controller_tags_changed)
        c.tag_changed.connect(self._on_controller_tags_changed)
        c.tag_removed.connect(self._on_controller_tags_changed)
        c.tags_reset.connect(self._on_controller_tags_changed)
        c.tag_set_changed.connect(self._on_controller_tags_changed)
        self.bin_choice.currentIndexChanged.connect(self._on_bin_choice_current_index_changed)
        self.view.doubleClicked.connect(self._on_view_activated)
        self.view.activated.connect(self._on_view_activated)

    # -- public --------------------------------------------------------------------------------

    @property
    def bin_ms(self) -> int:
        return int(self.bin_choice.currentData())

    def set_bin_ms(self, ms: int) -> None:
        index = self.bin_choice.findData(ms)
        if index >= 0:
            self.bin_choice.setCurrentIndex(index)

    @property
    def stats(self) -> ClipStats | None:
        return self.model.stats

    def refresh(self) -> None:
        """Work the statistics out again from the controller's tags."""
        clip_id = self._controller.clip_id
        duration = self._duration(clip_id) if clip_id is not None else None
        if duration is None:
            self.model.set_stats(None, {})
            self._show(None)
            return
        known = self._controller.types()
        tag_set = self._controller.tag_set
        order: list[TagType] = list(tag_set.types) if tag_set else []
        tags = self._controller.tags()
        shown = {t.id for t in order}
        for type_id in dict.fromkeys(t.type_id for t in tags):
            if type_id not in shown and type_id in known:
                order.append(known[type_id])
        stats = clip_stats(tags, duration, order, self.bin_ms)
        self.model.set_stats(stats, known)
        self._show(stats)

    # -- slots -----------------------------------------------------------------------------

    def _on_controller_tags_changed(self, *_args: object) -> None:
        self.refresh()

    def _on_bin_choice_current_index_changed(self, _index: int) -> None:
        self.refresh()

    def _on_view_activated(self, index: QModelIndex) -> None:
        row = self.model.row_stats(index.row())
        if row is not None and row.first_ms is not None:
            self.seek_requested.emit(row.first_ms)

    # -- helpers -------------------------------------------------------------------------------

    def _duration(self, clip_id: int) -> int | None:
        if clip_id not in self._durations:
            try:
                self._durations[clip_id] = self._ctx.services.clips.get(clip_id).probe.duration_ms
            except CoachDeskError:
                return None
        return self._durations[clip_id]

    def _show(self, stats: ClipStats | None) -> None:
        has_rows = stats is not None and stats.total > 0
        if stats is None:
            self.summary.setText("")
            self.empty.setText(NO_CLIP_TEXT)
        else:
            self.summary.setText(
                f"{stats.total} tags in {format_ms(stats.duration_ms)} · {balance_text(stats)}"
            )
            self.empty.setText(NO_TAGS_TEXT)
        self.view.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
