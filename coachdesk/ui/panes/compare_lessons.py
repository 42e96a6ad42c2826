"""Compare two lessons of a cycle: tag rates side by side, changes called out, density strips."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.evidence import ClipStats
from coachdesk.core.goal_measures import ClipEvidence
from coachdesk.core.lesson_compare import Moment, first_moment, lesson_stats
from coachdesk.core.media_time import format_ms
from coachdesk.core.observations import Observation
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.lesson_compare_model import (
    CHANGE,
    RATE_A,
    RATE_B,
    STRIP_A,
    STRIP_B,
    TAG,
    LessonCompareModel,
)
from coachdesk.ui.panes.evidence_source import (
    all_tag_types,
    evidence_by_observation,
    observation_label,
    types_for,
)
from coachdesk.ui.review.clip_stats import balance_text
from coachdesk.ui.review.density_strip import DensityDelegate, DensityStrip

NO_CYCLE_TEXT = "Choose a cycle to compare its lessons."
TOO_FEW_TEXT = (
    "Comparing needs two observations with tagged video — attach and tag a clip for each "
    "lesson you want to compare."
)
FIRST, LATER = 0, 1


class CompareLessonsPanel(QWidget):
    """Two observations of the cycle (first and latest by default) side by side.

    ``jump_requested(observation_id, clip_id, ms)`` asks to open that clip at the first example
    of a tag (double-click a row: the side of the cell clicked, else the later lesson).
    """

    jump_requested = Signal(int, int, int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._observations: list[Observation] = []
        self._evidence: list[list[ClipEvidence]] = [[], []]
        self._stats: list[ClipStats | None] = [None, None]
        self.model = LessonCompareModel()
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.choices = (QComboBox(), QComboBox())
        self.summaries = (QLabel(), QLabel())
        self.strips = (DensityStrip(), DensityStrip())
        grid = QGridLayout()
        for side, (title, tip) in enumerate(
            (("&First lesson", "The earlier lesson"), ("&Later lesson", "The lesson to compare"))
        ):
            label = QLabel(title)
            label.setBuddy(self.choices[side])
            self.choices[side].setAccessibleName(title.replace("&", ""))
            self.choices[side].setToolTip(tip)
            self.summaries[side].setWordWrap(True)
            self.strips[side].setAccessibleName(f"{title.replace('&', '')}: all tags over time")
            self.strips[side].setToolTip("Where all the tags fell, from start to end")
            grid.addWidget(label, 0, side * 2)
            grid.addWidget(self.choices[side], 0, side * 2 + 1)
            grid.addWidget(self.summaries[side], 1, side * 2, 1, 2)
            grid.addWidget(self.strips[side], 2, side * 2, 1, 2)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Tag rates in the two lessons")
        self.view.setToolTip("Double-click a tag to watch its first example")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self._density_delegate = DensityDelegate(self.view)
        for column in (STRIP_A, STRIP_B):
            self.view.setItemDelegateForColumn(column, self._density_delegate)
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(TAG, metrics.horizontalAdvance("M") * 14)
        for column in (RATE_A, RATE_B, CHANGE):
            header.resizeSection(column, metrics.horizontalAdvance("Later /10 min") + 16)
        header.setSectionResizeMode(STRIP_A, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STRIP_B, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(NO_CYCLE_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #757575; padding: 12px;")
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(grid)
        body.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)

    def _connect_signals(self) -> None:
        self._ctx.cycle_selected.connect(self._on_ctx_cycle_selected)
        self._ctx.changed.connect(self._on_ctx_changed)
        self.choices[FIRST].currentIndexChanged.connect(self._on_choices_changed)
        self.choices[LATER].currentIndexChanged.connect(self._on_choices_changed)
        self.view.doubleClicked.connect(self._on_view_activated)
        self.view.activated.connect(self._on_view_activated)

    # -- public --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the cycle's observations with video; keep the two chosen if still there."""
        cycle_id = self._ctx.cycle_id
        services = self._ctx.services
        kept = [self.observation(FIRST), self.observation(LATER)]
        listed = services.observations.list(cycle_id) if cycle_id is not None else []
        self._observations = sorted(
            (o for o in listed if services.clips.list(o.id)), key=lambda o: (o.observed_on, o.id)
        )
        for combo in self.choices:
            combo.blockSignals(True)
            combo.clear()
            for observation in self._observations:
                combo.addItem(observation_label(observation), observation.id)
            combo.blockSignals(False)
        enough = len(self._observations) >= 2
        self.empty.setText(NO_CYCLE_TEXT if cycle_id is None else TOO_FEW_TEXT)
        self.empty.setVisible(not enough)
        self.body.setVisible(enough)
        ids = [o.id for o in self._observations]
        first = kept[0].id if kept[0] and kept[0].id in ids else (ids[0] if ids else None)
        later = kept[1].id if kept[1] and kept[1].id in ids else (ids[-1] if ids else None)
        self.set_lessons(first, later)

    def observation(self, side: int) -> Observation | None:
        index = self.choices[side].currentIndex()
        return self._observations[index] if 0 <= index < len(self._observations) else None

    def set_lessons(self, first_id: int | None, later_id: int | None) -> None:
        """Compare observation ``first_id`` with ``later_id``."""
        for side, observation_id in ((FIRST, first_id), (LATER, later_id)):
            combo = self.choices[side]
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(observation_id))
            combo.blockSignals(False)
        self._load()

    def stats(self, side: int) -> ClipStats | None:
        return self._stats[side]

    def example(self, type_id: int, side: int) -> tuple[int, int, int] | None:
        """Return (observation id, clip id, ms) of the first tag of ``type_id`` on ``side``."""
        observation = self.observation(side)
        moment: Moment | None = first_moment(self._evidence[side], type_id)
        if observation is None or moment is None:
            return None
        return observation.id, moment.clip_id, moment.at_ms

    def jump(self, row: int, column: int = TAG) -> bool:
        """Ask to show the first example of row ``row``'s tag; return False if there is none."""
        change = self.model.row_change(row)
        if change is None:
            return False
        if column in (RATE_A, STRIP_A):
            sides = [FIRST]
        elif column in (RATE_B, STRIP_B):
            sides = [LATER]
        else:
            sides = [LATER, FIRST]
        for side in sides:
            found = self.example(change.type_id, side)
            if found is not None:
                self.jump_requested.emit(*found)
                return True
        self._ctx.status.emit(f"No “{change.label}” tag in that lesson to show.")
        return False

    # -- slots -----------------------------------------------------------------------------

    def _on_ctx_cycle_selected(self, _cycle_id: object) -> None:
        self.refresh()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.OBSERVATION) or changes.touches(Entity.CLIP):
            self.refresh()
        elif changes.touches(Entity.TAG) or changes.touches(Entity.TAG_SET):
            self._load()

    def _on_choices_changed(self, _index: int) -> None:
        self._load()

    def _on_view_activated(self, index: QModelIndex) -> None:
        self.jump(index.row(), index.column())

    # -- helpers -------------------------------------------------------------------------------

    def _load(self) -> None:
        services = self._ctx.services
        known = all_tag_types(services)
        chosen = [o.id for o in (self.observation(FIRST), self.observation(LATER)) if o]
        both = evidence_by_observation(services, chosen)  # both lessons' tags in one read
        for side in (FIRST, LATER):
            observation = self.observation(side)
            if observation is None:
                self._evidence[side], self._stats[side] = [], None
                continue
            evidence = both[observation.id]
            self._evidence[side] = evidence
            self._stats[side] = lesson_stats(
                evidence, types_for(services, observation, evidence, known)
            )
        self.model.set_lessons(self._stats[FIRST], self._stats[LATER], known)
        scale = max((max(s.density, default=0) for s in self._stats if s), default=0)
        for side in (FIRST, LATER):  # one scale for both strips, so their heights compare
            stats = self._stats[side]
            self.summaries[side].setText(
                ""
                if stats is None
                else f"{stats.total} tags in {format_ms(stats.duration_ms)} · {balance_text(stats)}"
            )
            self.strips[side].set_counts(stats.density if stats else (), scale=scale)
