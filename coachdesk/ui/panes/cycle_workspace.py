"""The centre of the window: the cycle in hand — stage, goal, strategy, sessions, observations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import NotFoundError
from coachdesk.ui.context import UiContext

if TYPE_CHECKING:
    from coachdesk.ui.panes.compare_lessons import CompareLessonsPanel
    from coachdesk.ui.panes.cycle_observations_panel import CycleObservationsPanel
    from coachdesk.ui.panes.cycle_resources import CycleResourcesPanel
    from coachdesk.ui.panes.evidence_measure import EvidenceMeasurePanel
    from coachdesk.ui.panes.goal_panel import GoalPanel
    from coachdesk.ui.panes.sessions_panel import SessionsPanel
    from coachdesk.ui.panes.stage_panel import StagePanel
    from coachdesk.ui.panes.strategy_panel import StrategyPanel
    from coachdesk.ui.review.review_workspace import ReviewWorkspace


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


# Each tab's content is imported and built the first time it is shown (or asked for), so the
# window paints without paying for eight panels and Qt Multimedia; each panel refreshes itself
# from the cycle in hand when it is built.


def _stage(ctx: UiContext) -> QWidget:
    from coachdesk.ui.panes.stage_panel import StagePanel

    return StagePanel(ctx)


def _goal(ctx: UiContext) -> QWidget:
    from coachdesk.ui.panes.goal_panel import GoalPanel

    return GoalPanel(ctx)


def _strategy(ctx: UiContext) -> QWidget:
    from coachdesk.ui.panes.strategy_panel import StrategyPanel

    return StrategyPanel(ctx)


def _sessions(ctx: UiContext) -> QWidget:
    from coachdesk.ui.panes.sessions_panel import SessionsPanel

    return SessionsPanel(ctx)


def _observations(ctx: UiContext) -> QWidget:
    from coachdesk.ui.panes.cycle_observations_panel import CycleObservationsPanel

    return CycleObservationsPanel(ctx)


def _evidence(ctx: UiContext) -> QWidget:
    from coachdesk.ui.panes.evidence_measure import EvidenceMeasurePanel

    return EvidenceMeasurePanel(ctx)


def _compare(ctx: UiContext) -> QWidget:
    from coachdesk.ui.panes.compare_lessons import CompareLessonsPanel

    return CompareLessonsPanel(ctx)


def _resources(ctx: UiContext) -> QWidget:
    from coachdesk.ui.panes.cycle_resources import CycleResourcesPanel

    return CycleResourcesPanel(ctx)


def _review(ctx: UiContext) -> QWidget:
    from coachdesk.ui.review.review_workspace import ReviewWorkspace

    return ReviewWorkspace(ctx)


BUILDERS: dict[str, Callable[[UiContext], QWidget]] = {
    "Stage": _stage,
    "PEERS goal": _goal,
    "Strategy": _strategy,
    "Sessions": _sessions,
    "Observations": _observations,
    "Evidence": _evidence,
    "Compare lessons": _compare,
    "Resources": _resources,
    "Video review": _review,  # not in a scroll area: the video sizes itself
}


# Shorter words on the tabs themselves, so all nine fit beside the docks on a laptop screen;
# the tooltips, the Cycle menu and the code use the full titles.
TAB_LABELS = {"PEERS goal": "Goal", "Compare lessons": "Compare", "Video review": "Video"}


class CycleWorkspace(QWidget):
    """A heading naming the coachee and cycle, and one tab per part of the cycle."""

    choose_strategy_requested = Signal()

    TABS = tuple(BUILDERS)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._panels: dict[str, QWidget] = {}
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
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Parts of the cycle")
        self.tabs.setDocumentMode(True)
        for number, title in enumerate(self.TABS, start=1):
            host = QWidget()
            host.setAccessibleName(title)
            QVBoxLayout(host).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(host, TAB_LABELS.get(title, title))
            self.tabs.setTabToolTip(number - 1, f"{title} (Ctrl+{number})")  # Cycle menu keys
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs)

    # -- panels, built on first use ----------------------------------------------------------

    def is_built(self, title: str) -> bool:
        return title in self._panels

    def panel(self, title: str) -> QWidget:
        """The content of the tab ``title``, built now if this is its first use."""
        panel = self._panels.get(title)
        if panel is None:
            panel = BUILDERS[title](self._ctx)
            self._panels[title] = panel
            host = self.tabs.widget(self.TABS.index(title))
            host_layout = host.layout() if host is not None else None
            assert host_layout is not None
            host_layout.addWidget(panel if title == "Video review" else _scrolling(panel))
            self._connect_panel(title, panel)
        return panel

    @property
    def stage_panel(self) -> StagePanel:
        return cast("StagePanel", self.panel("Stage"))

    @property
    def goal_panel(self) -> GoalPanel:
        return cast("GoalPanel", self.panel("PEERS goal"))

    @property
    def strategy_panel(self) -> StrategyPanel:
        return cast("StrategyPanel", self.panel("Strategy"))

    @property
    def sessions_panel(self) -> SessionsPanel:
        return cast("SessionsPanel", self.panel("Sessions"))

    @property
    def observations_panel(self) -> CycleObservationsPanel:
        return cast("CycleObservationsPanel", self.panel("Observations"))

    @property
    def evidence_panel(self) -> EvidenceMeasurePanel:
        return cast("EvidenceMeasurePanel", self.panel("Evidence"))

    @property
    def compare_panel(self) -> CompareLessonsPanel:
        return cast("CompareLessonsPanel", self.panel("Compare lessons"))

    @property
    def resources_panel(self) -> CycleResourcesPanel:
        return cast("CycleResourcesPanel", self.panel("Resources"))

    @property
    def review_built(self) -> bool:
        return self.is_built("Video review")

    @property
    def review(self) -> ReviewWorkspace:
        """The video review tab's content (Qt Multimedia, a player, OpenCV work)."""
        return cast("ReviewWorkspace", self.panel("Video review"))

    def _connect_panel(self, title: str, panel: QWidget) -> None:
        if title == "Compare lessons":
            self.compare_panel.jump_requested.connect(self._on_compare_panel_jump_requested)
        elif title == "Strategy":
            self.strategy_panel.choose_strategy_requested.connect(self.choose_strategy_requested)

    def _on_compare_panel_jump_requested(self, observation_id: int, clip_id: int, ms: int) -> None:
        """Open the lesson where an example moment of the tag is, at that moment."""
        self._ctx.select_observation(observation_id)
        self.show_tab("Video review")
        self.review.pane.show_clip(clip_id)
        self.review.pane.player.seek(ms)

    def _on_tabs_current_changed(self, index: int) -> None:
        if self.isVisible() and index >= 0:
            self.panel(self.TABS[index])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.panel(self.TABS[self.tabs.currentIndex()])

    def _connect_signals(self) -> None:
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
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
