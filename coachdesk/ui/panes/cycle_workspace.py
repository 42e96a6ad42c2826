"""The centre of the window: the cycle in hand — stage, goal, strategy, sessions, observations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import NotFoundError
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.compare_lessons import CompareLessonsPanel
from coachdesk.ui.panes.cycle_observations_panel import CycleObservationsPanel
from coachdesk.ui.panes.evidence_measure import EvidenceMeasurePanel
from coachdesk.ui.panes.goal_panel import GoalPanel
from coachdesk.ui.panes.sessions_panel import SessionsPanel
from coachdesk.ui.panes.stage_panel import StagePanel
from coachdesk.ui.panes.strategy_panel import StrategyPanel

if TYPE_CHECKING:
    from coachdesk.ui.review.review_workspace import ReviewWorkspace


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class CycleWorkspace(QWidget):
    """A heading naming the coachee and cycle, and one tab per part of the cycle."""

    choose_strategy_requested = Signal()

    TABS = (
        "Stage",
        "PEERS goal",
        "Strategy",
        "Sessions",
        "Observations",
        "Evidence",
        "Compare lessons",
        "Video review",
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("Cycle in hand")
        self.stage_panel = StagePanel(self._ctx)
        self.goal_panel = GoalPanel(self._ctx)
        self.strategy_panel = StrategyPanel(self._ctx)
        self.sessions_panel = SessionsPanel(self._ctx)
        self.observations_panel = CycleObservationsPanel(self._ctx)
        self.evidence_panel = EvidenceMeasurePanel(self._ctx)
        self.compare_panel = CompareLessonsPanel(self._ctx)
        # Video review (Qt Multimedia, a player, OpenCV work) is built when first shown, so
        # the window paints without paying for it.
        self._review: ReviewWorkspace | None = None
        self._review_host = QWidget()
        self._review_host.setAccessibleName("Video review")
        QVBoxLayout(self._review_host).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Parts of the cycle")
        self.tabs.setDocumentMode(True)
        panels: tuple[QWidget, ...] = (
            self.stage_panel,
            self.goal_panel,
            self.strategy_panel,
            self.sessions_panel,
            self.observations_panel,
            self.evidence_panel,
            self.compare_panel,
        )
        for number, (title, panel) in enumerate(zip(self.TABS, panels, strict=False), start=1):
            self.tabs.addTab(_scrolling(panel), title)
            self.tabs.setTabToolTip(number - 1, f"{title} (Ctrl+{number})")  # Cycle menu keys
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs)
        self._add_review_tab()

    def _add_review_tab(self) -> None:
        index = self.tabs.addTab(self._review_host, self.TABS[-1])  # the video sizes itself
        self.tabs.setTabToolTip(index, f"{self.TABS[-1]} (Ctrl+{index + 1})")

    @property
    def review_built(self) -> bool:
        return self._review is not None

    @property
    def review(self) -> ReviewWorkspace:
        """The video review tab's content, built on first use."""
        if self._review is None:
            from coachdesk.ui.review.review_workspace import ReviewWorkspace

            self._review = ReviewWorkspace(self._ctx)
            layout = self._review_host.layout()
            assert layout is not None
            layout.addWidget(self._review)
        return self._review

    def _on_compare_panel_jump_requested(self, observation_id: int, clip_id: int, ms: int) -> None:
        """Open the lesson where an example moment of the tag is, at that moment."""
        self._ctx.select_observation(observation_id)
        self.show_tab("Video review")
        self.review.pane.show_clip(clip_id)
        self.review.pane.player.seek(ms)

    def _on_tabs_current_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self._review_host:
            _ = self.review

    def _connect_signals(self) -> None:
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.compare_panel.jump_requested.connect(self._on_compare_panel_jump_requested)
        self.strategy_panel.choose_strategy_requested.connect(self.choose_strategy_requested)
        self._ctx.cycle_selected.connect(lambda _cycle_id: self.refresh())
        self._ctx.changed.connect(self._on_ctx_changed)

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.COACHEE, Entity.CYCLE):
            self.refresh()

    def refresh(self) -> None:
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            self.heading.setText("")
            return
        try:
            cycle = self._ctx.services.cycles.get(cycle_id)
            coachee = self._ctx.services.coachees.get(cycle.coachee_id)
        except NotFoundError:
            self.heading.setText("")
            return
        title = cycle.title or f"Cycle from {cycle.started_on:%d %B %Y}"
        self.heading.setText(f"{coachee.name} — {title}")

    def show_tab(self, title: str) -> None:
        self.tabs.setCurrentIndex(self.TABS.index(title))
