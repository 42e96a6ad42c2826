"""The cycle timeline pane: every coachee's cycles across the school year, and what is due."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.cycles import Stage
from coachdesk.core.timeline import MarkerKind
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.coachee_tree_model import STAGE_COLOURS
from coachdesk.ui.timeline.canvas import TimelineCanvas
from coachdesk.ui.timeline.scene import MARKER_COLOURS
from coachdesk.ui.timeline.span import View, Zoom, step_view, view_for

REFRESH_ON = (
    Entity.COACHEE,
    Entity.CYCLE,
    Entity.SESSION,
    Entity.OBSERVATION,
    Entity.CLIP,
    Entity.SETTINGS,
)


class TimelinePane(QWidget):
    """Shows the timeline canvas with zoom, span navigation and the archived filter."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.year_button = self._tool_button("&Year", "Show the whole school year")
        self.term_button = self._tool_button("&Term", "Show one term")
        for button in (self.year_button, self.term_button):
            button.setCheckable(True)
        self.zoom_group = QButtonGroup(self)
        self.zoom_group.addButton(self.year_button)
        self.zoom_group.addButton(self.term_button)
        self.year_button.setChecked(True)
        self.previous_button = self._tool_button("Previous", "Previous year or term (Page Up)")
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.next_button = self._tool_button("Next", "Next year or term (Page Down)")
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.today_button = self._tool_button("T&oday", "Go back to the span containing today")
        self.span_label = QLabel()
        self.span_label.setAccessibleName("Span shown")
        self.span_label.setMinimumWidth(150)
        self.span_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.span_label.font()
        font.setBold(True)
        self.span_label.setFont(font)
        self.show_archived = QCheckBox("Show arc&hived")
        self.show_archived.setToolTip("Include colleagues you no longer coach")
        self.legend = QLabel(_legend_html())
        self.legend.setToolTip(
            "Bars are cycles, coloured by stage; marks below them are "
            "sessions, observations and clips reviewed. A red tick is an "
            "overdue action."
        )
        self.legend.setAccessibleName("Legend")

        self.canvas = TimelineCanvas()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.setSpacing(4)
        bar.addWidget(self.year_button)
        bar.addWidget(self.term_button)
        bar.addSpacing(12)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.span_label)
        bar.addWidget(self.next_button)
        bar.addWidget(self.today_button)
        bar.addSpacing(12)
        bar.addWidget(self.show_archived)
        bar.addStretch(1)
        bar.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)

    def _tool_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAutoRaise(True)
        return button

    def _connect_signals(self) -> None:
        self.year_button.clicked.connect(lambda: self.set_zoom(Zoom.YEAR))
        self.term_button.clicked.connect(lambda: self.set_zoom(Zoom.TERM))
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button.clicked.connect(self.show_next)
        self.today_button.clicked.connect(self.show_today)
        self.show_archived.toggled.connect(self._on_show_archived_toggled)
        self.canvas.cycle_clicked.connect(self._on_canvas_cycle_clicked)
        self.canvas.cycle_activated.connect(self._on_canvas_cycle_clicked)
        self.canvas.coachee_clicked.connect(self._on_canvas_coachee_clicked)
        self.canvas.lane_focused.connect(self._on_canvas_lane_focused)
        self.canvas.page_requested.connect(self.step)
        self._ctx.changed.connect(self._on_ctx_changed)
        self._ctx.cycle_selected.connect(self.canvas.set_selected_cycle)
        self._ctx.coachee_selected.connect(self.canvas.set_current_coachee)

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the timeline once from the services and hand it to the canvas."""
        services = self._ctx.services
        today = self._ctx.today()
        data = services.timeline.load(include_archived=self.show_archived.isChecked(), today=today)
        self.canvas.set_data(data, services.settings.calendar(), today)
        self.canvas.set_selected_cycle(self._ctx.cycle_id)
        self.canvas.set_current_coachee(self._ctx.coachee_id)
        self._update_span_label()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(*REFRESH_ON):
            self.refresh()

    def _on_show_archived_toggled(self, _checked: bool) -> None:
        self.refresh()

    # -- span --------------------------------------------------------------------------------

    def view(self) -> View:
        return self.canvas.view()

    def set_zoom(self, zoom: Zoom) -> None:
        """Show the year or the term around the middle of what is shown now (today if in it)."""
        current = self.canvas.view()
        today = self._ctx.today()
        anchor = today if current.contains(today) else current.start
        self.canvas.set_view(view_for(self.canvas.calendar(), zoom, anchor))
        (self.year_button if zoom is Zoom.YEAR else self.term_button).setChecked(True)
        self._update_span_label()

    def step(self, steps: int) -> None:
        calendar = self.canvas.calendar()
        self.canvas.set_view(step_view(calendar, self.canvas.view(), steps))
        self._update_span_label()

    def show_previous(self) -> None:
        self.step(-1)

    def show_next(self) -> None:
        self.step(1)

    def show_today(self) -> None:
        calendar = self.canvas.calendar()
        self.canvas.set_view(view_for(calendar, self.canvas.view().zoom, self._ctx.today()))
        self._update_span_label()

    def _update_span_label(self) -> None:
        view = self.canvas.view()
        self.span_label.setText(view.label)
        self.today_button.setEnabled(not view.contains(self._ctx.today()))

    # -- selection ---------------------------------------------------------------------------

    def _on_canvas_cycle_clicked(self, coachee_id: int, cycle_id: int) -> None:
        self._ctx.select_coachee(coachee_id)
        self._ctx.select_cycle(cycle_id)

    def _on_canvas_coachee_clicked(self, coachee_id: int) -> None:
        self._ctx.select_coachee(coachee_id)

    def _on_canvas_lane_focused(self, top: int, bottom: int) -> None:
        self.scroll_area.ensureVisible(0, (top + bottom) // 2, 0, (bottom - top) // 2 + 4)


def _legend_html() -> str:
    swatch = '<span style="color:{}">■</span>&nbsp;{}'
    stages = "&nbsp;&nbsp;".join(swatch.format(STAGE_COLOURS[s], s.label) for s in Stage)
    marks = "&nbsp;&nbsp;".join(
        (
            "●&nbsp;Session",
            swatch.format(MARKER_COLOURS[MarkerKind.OBSERVATION].name(), "Observation").replace(
                "■", "◆"
            ),
            swatch.format(MARKER_COLOURS[MarkerKind.CLIP_REVIEW].name(), "Clip"),
            '<b style="color:#e53935">|</b>&nbsp;Overdue action',
        )
    )
    return f"<small>{stages}&nbsp;&nbsp;&nbsp;│&nbsp;&nbsp;&nbsp;{marks}</small>"
