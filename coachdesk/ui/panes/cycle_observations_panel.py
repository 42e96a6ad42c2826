"""The cycle's observations: start one, edit it in place, delete it; the selected one's notes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import NotFoundError
from coachdesk.core.observations import Observation, ObservationMode
from coachdesk.core.tags import TagSet
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.observation_list_model import (
    CONTEXT,
    DATE,
    EVIDENCE,
    MODE,
    NOTES,
    TAG_SET,
    ObservationListModel,
    long_date,
)
from coachdesk.ui.panes.item_delegates import ChoiceDelegate, DateDelegate
from coachdesk.ui.panes.observation_notes_view import ObservationNotesView
from coachdesk.ui.widgets import ask

PANEL_STYLE = """
QLabel#muted, QLabel#emptyState { color: palette(dark); }
QLabel#sectionHeading { font-weight: bold; }
"""
EMPTY, LIST = 0, 1


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class CycleObservationsPanel(QWidget):
    """Lists the observations of ``ctx.cycle_id``; selecting one selects it for the notes pane."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.model = ObservationListModel()
        self._following = False
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.setStyleSheet(PANEL_STYLE)
        self.new_mode = QComboBox()
        for mode in ObservationMode:
            self.new_mode.addItem(mode.label, mode)
        self.new_mode.setAccessibleName("Mode of the new observation")
        self.new_mode.setToolTip("Observe live in the room, or from a lesson video")
        self.new_context = QLineEdit()
        self.new_context.setPlaceholderText(
            "Class, lesson and focus, e.g. “8X2 fractions, period 3”"
        )
        self.new_context.setAccessibleName("Context of the new observation")
        self.new_context.setToolTip("Which class and lesson, and what you will look for")
        self.new_tag_set = QComboBox()
        self.new_tag_set.setAccessibleName("Tag set of the new observation")
        self.new_tag_set.setToolTip("The tags you will use to code the lesson")
        self.new_button = QPushButton("&New observation")
        self.new_button.setToolTip("Start an observation dated today")
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_mode)
        new_row.addWidget(self.new_context, 1)
        new_row.addWidget(self.new_tag_set)
        new_row.addWidget(self.new_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Observations in this cycle")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(90)
        self.table.setToolTip("Double-click a cell (or press F2) to change it")
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(CONTEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (DATE, 120),
            (MODE, 130),
            (EVIDENCE, 130),
            (TAG_SET, 170),
            (NOTES, 60),
        ):
            self.table.setColumnWidth(column, width)
        self._date_delegate = DateDelegate(self.table)
        self._choice_delegate = ChoiceDelegate(self.table)
        self.table.setItemDelegateForColumn(DATE, self._date_delegate)
        for column in (MODE, EVIDENCE, TAG_SET):
            self.table.setItemDelegateForColumn(column, self._choice_delegate)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.delete_button = QPushButton("Delete observation…")
        self.delete_button.setToolTip("Delete the selected observation and its notes")
        under_table = QHBoxLayout()
        under_table.addWidget(self.summary, 1)
        under_table.addWidget(self.delete_button)
        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table)
        list_layout.addLayout(under_table)

        self.notes = ObservationNotesView()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(list_box)
        self.splitter.addWidget(self.notes)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([200, 300])

        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(new_row)
        layout.addWidget(self.stack, 1)

    def _connect_signals(self) -> None:
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.new_context.returnPressed.connect(self._on_new_button_clicked)
        self.delete_button.clicked.connect(lambda: self.delete_observation())
        self.model.observation_edited.connect(self._on_model_observation_edited)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self._ctx.changed.connect(self._on_ctx_changed)
        self._ctx.cycle_selected.connect(lambda _cycle_id: self.refresh())
        self._ctx.observation_selected.connect(self._on_ctx_observation_selected)

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        cycle_id = self._ctx.cycle_id
        services = self._ctx.services
        try:
            observations = services.observations.list(cycle_id) if cycle_id else []
        except NotFoundError:
            observations = []
        counts: dict[int, int] = {
            o.id: len(services.observations.notes(o.id)) for o in observations
        }
        tag_sets = services.tags.tag_sets()
        self.model.set_data(observations, counts, tag_sets)
        self._fill_tag_sets(tag_sets)
        for widget in (self.new_mode, self.new_context, self.new_tag_set, self.new_button):
            widget.setEnabled(cycle_id is not None)
        self.stack.setCurrentIndex(LIST if observations else EMPTY)
        self.empty.setText(
            "Select a coachee’s cycle to see its observations."
            if cycle_id is None
            else "<b>No observations in this cycle yet.</b><br>Start one above before you go into "
            "the lesson (or before you watch the video), then take time-stamped notes."
        )
        self.summary.setText(
            f"{plural(len(observations), 'observation')} · {plural(sum(counts.values()), 'note')}"
            if observations
            else ""
        )
        self._on_ctx_observation_selected(self._ctx.observation_id)
        self._show_notes()

    def _fill_tag_sets(self, tag_sets: list[TagSet]) -> None:
        current = self.new_tag_set.currentData()
        self.new_tag_set.clear()
        self.new_tag_set.addItem("No tag set", None)
        for tag_set in tag_sets:
            self.new_tag_set.addItem(tag_set.name, tag_set.id)
        self.new_tag_set.setCurrentIndex(max(0, self.new_tag_set.findData(current)))

    def selected_observation(self) -> Observation | None:
        return self.model.observation_at(self.table.currentIndex())

    def select_row(self, row: int) -> None:
        """Select the observation in ``row`` (and so for the whole window)."""
        index = self.model.index(row, DATE)
        if index.isValid():
            self.table.setCurrentIndex(index)

    def _show_notes(self) -> None:
        obs = self.selected_observation()
        self.delete_button.setEnabled(obs is not None)
        if obs is None:
            self.notes.show_notes(None, [])
            return
        try:
            notes = self._ctx.services.observations.notes(obs.id)
        except NotFoundError:
            notes = []
        title = " · ".join(part for part in (long_date(obs.observed_on), obs.context) if part)
        self.notes.show_notes(title, notes)

    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._following:
            obs = self.selected_observation()
            self._ctx.select_observation(obs.id if obs else None)
        self._show_notes()

    def _on_ctx_observation_selected(self, observation_id: int | None) -> None:
        """Show the window's selected observation (another pane may have chosen it)."""
        row = self.model.row_of(observation_id)
        if row == self.table.currentIndex().row():
            return
        self._following = True  # the table follows the window here; it must not lead
        try:
            self.table.setCurrentIndex(self.model.index(row, DATE) if row >= 0 else QModelIndex())
            if row < 0:
                self.table.clearSelection()
        finally:
            self._following = False

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.OBSERVATION, Entity.NOTE, Entity.TAG_SET) and (
            changes.cycle_id is None or changes.cycle_id == self._ctx.cycle_id
        ):
            self.refresh()

    def _on_new_button_clicked(self) -> None:
        mode = self.new_mode.currentData()
        tag_set_id = self.new_tag_set.currentData()
        if self.new_observation(
            mode if isinstance(mode, ObservationMode) else ObservationMode.LIVE,
            self.new_context.text(),
            tag_set_id if isinstance(tag_set_id, int) else None,
        ):
            self.new_context.clear()

    def _on_model_observation_edited(self, before: Observation, after: Observation) -> None:
        self.save_observation(before, after)

    # -- operations --------------------------------------------------------------------------

    def new_observation(
        self,
        mode: ObservationMode = ObservationMode.LIVE,
        context: str = "",
        tag_set_id: int | None = None,
    ) -> Observation | None:
        """Start an observation dated today and select it."""
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return None
        observations = self._ctx.services.observations
        added = self._ctx.run(
            lambda: observations.add(cycle_id, self._ctx.today(), mode, context.strip(), tag_set_id)
        )
        if added is not None:
            self.refresh()
            self._ctx.select_observation(added.id)
        return added

    def save_observation(self, before: Observation, after: Observation) -> None:
        observations = self._ctx.services.observations
        if (
            self._ctx.do(
                "Edit observation",
                lambda: observations.save(after),
                lambda: observations.save(before),
            )
            is None
        ):
            self.refresh()  # refused: show what is really stored

    def delete_observation(self, *, confirm: bool = True) -> bool:
        """Delete the selected observation with its notes, after saying how many notes go."""
        obs = self.selected_observation()
        if obs is None:
            return False
        services = self._ctx.services
        notes = self.model.note_count(obs.id)
        clips = len(services.clips.list(obs.id))
        if confirm:
            what = plural(notes, "note") + (
                f" and {plural(clips, 'video clip')} (the video files stay on disk)"
                if clips
                else ""
            )
            if not ask.confirm(
                self,
                "Delete observation",
                f"Delete the observation of {long_date(obs.observed_on)}"
                f"{' (' + obs.context + ')' if obs.context else ''}?\n\n"
                f"This deletes its {what}. It cannot be undone.",
                warning=True,
            ):
                return False
        done = self._ctx.run(lambda: services.observations.delete(obs.id))
        if done is None:
            return False
        self._ctx.select_observation(None)
        self._ctx.status.emit(f"Observation deleted with {plural(notes, 'note')}.")
        return True
