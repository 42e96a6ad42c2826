"""The goal's measurements: a dated table to add, edit and delete values, and the chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changed
from coachdesk.core.goals import Measurement, MeasurementSource, PeersGoal
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.measurement_table_model import (
    DATE,
    NOTE,
    SOURCE,
    VALUE,
    MeasurementDelegate,
    MeasurementTableModel,
)
from coachdesk.ui.widgets.labels import heading, small
from coachdesk.ui.widgets.progress_chart import ProgressChart, with_unit


def progress_text(goal: PeersGoal) -> str:
    """Return one line on where the goal stands, for under the chart."""
    latest = goal.latest
    if latest is None:
        return "No measurements yet — add the baseline reading first."
    day = latest.taken_on
    text = f"Latest: {with_unit(latest.value, goal.unit)} on {day.day} {day:%b %Y}"
    progress = goal.progress()
    if progress is None:
        return text + ". Set a baseline and target to see progress."
    if goal.is_met:
        return text + " — target reached."
    return text + f" — {max(progress, 0):.0%} of the way from baseline to target."


class GoalMeasurements(QWidget):
    """Shows a goal's measurements; adds, edits and deletes them as undoable edits.

    The goal panel hands it the goal on every refresh (``set_goal``); it does not listen to
    the change bus itself.
    """

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._goal: PeersGoal | None = None
        self.model = MeasurementTableModel()
        self._build_ui()
        self._connect_signals()
        self.set_goal(None)

    def _build_ui(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(MeasurementDelegate(self.table))
        self.table.setAccessibleName("Measurements")
        self.table.setToolTip("Double-click or start typing to change a value")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setMinimumHeight(150)
        header = self.table.horizontalHeader()
        for column in (DATE, VALUE, SOURCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.delete_action = QAction("Delete measurement", self.table)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.delete_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.add_button = QPushButton("&Add measurement")
        self.add_button.setToolTip("Add today's value of the measure, then type it in")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setToolTip("Delete the selected measurement (Delete)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(heading("Measurements"))
        left.addWidget(self.table, 1)
        left.addLayout(buttons)
        self.chart = ProgressChart()
        self.progress = small()
        self.progress.setAccessibleName("Progress towards the target")
        right = QVBoxLayout()
        right.addWidget(heading("Progress"))
        right.addWidget(self.chart, 1)
        right.addWidget(self.progress)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addLayout(left, 11)
        row.addLayout(right, 9)
        self.setTabOrder(self.table, self.add_button)
        self.setTabOrder(self.add_button, self.delete_button)

    def _connect_signals(self) -> None:
        self.model.measurement_edited.connect(self._on_model_measurement_edited)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    # -- data --------------------------------------------------------------------------------

    def set_goal(self, goal: PeersGoal | None) -> None:
        """Show ``goal``'s measurements, keeping the selected row where it still exists."""
        self._goal = goal
        selected = self.selected_measurement()
        if goal is None:
            self.model.set_measurements([])
            self.chart.set_data([], None, None)
            self.progress.clear()
        else:
            self.model.set_measurements(goal.measurements, goal.unit)
            self.chart.set_data(goal.measurements, goal.baseline, goal.target, goal.unit)
            self.progress.setText(progress_text(goal))
        if selected is not None:
            self._select_measurement(selected.id)
        self._on_table_selection_changed()

    def selected_measurement(self) -> Measurement | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.measurement_at(rows[0]) if rows else None

    def _select_measurement(self, measurement_id: int) -> QModelIndex:
        row = self.model.row_of(measurement_id)
        if row < 0:
            return QModelIndex()
        index = self.model.index(row, VALUE)
        self.table.selectRow(row)
        self.table.setCurrentIndex(index)  # after selectRow, which moves it to the first column
        return index

    def _find(self, measurement_id: int) -> Measurement | None:
        measurements = self._goal.measurements if self._goal else ()
        return next((m for m in measurements if m.id == measurement_id), None)

    def default_value(self) -> float:
        """Return the value a new row starts with: the latest, else the baseline, else 0."""
        goal = self._goal
        if goal is None:
            return 0.0
        if goal.latest is not None:
            return goal.latest.value
        return goal.baseline if goal.baseline is not None else 0.0

    # -- operations --------------------------------------------------------------------------

    def add_measurement(
        self,
        taken_on: dt.date | None = None,
        value: float | None = None,
        source: MeasurementSource = MeasurementSource.OBSERVATION,
        note: str = "",
    ) -> Measurement | None:
        """Add a dated value (today and the latest value by default); undoable."""
        if self._goal is None:
            return None
        cycle_id = self._goal.cycle_id
        cycles = self._ctx.services.cycles
        day = taken_on or self._ctx.today()
        number = self.default_value() if value is None else value
        known = {m.id for m in self._goal.measurements}
        goal = self._ctx.run(lambda: cycles.add_measurement(cycle_id, day, number, source, note))
        if goal is None:
            return None
        created = next(m for m in reversed(goal.measurements) if m.id not in known)

        def redo() -> Changed[Any]:
            return cycles.save_measurement(created)  # puts it back with the same id

        def undo() -> Changed[Any]:
            return cycles.delete_measurement(created.id)

        self._ctx.push_done("Add measurement", redo, undo)
        self._select_measurement(created.id)
        return created

    def save_measurement(self, measurement: Measurement) -> PeersGoal | None:
        """Write an edited measurement; undoable."""
        cycles = self._ctx.services.cycles
        before = self._find(measurement.id)
        if before is None or before == measurement:
            return None

        def undo() -> Changed[Any]:
            return cycles.save_measurement(before)

        return self._ctx.do("Edit measurement", lambda: cycles.save_measurement(measurement), undo)

    def delete_measurement(self, measurement_id: int) -> PeersGoal | None:
        """Delete a measurement; undo puts it back with the same id."""
        cycles = self._ctx.services.cycles
        before = self._find(measurement_id)
        if before is None:
            return None

        def undo() -> Changed[Any]:
            return cycles.save_measurement(before)

        return self._ctx.do(
            "Delete measurement", lambda: cycles.delete_measurement(measurement_id), undo
        )

    def delete_selected(self) -> None:
        selected = self.selected_measurement()
        if selected is not None:
            self.delete_measurement(selected.id)

    # -- slots -------------------------------------------------------------------------------

    def _on_add_button_clicked(self) -> None:
        created = self.add_measurement()
        if created is not None:
            self.table.setFocus()
            self.table.edit(self._select_measurement(created.id))

    def _on_model_measurement_edited(self, _before: Measurement, after: Measurement) -> None:
        self.save_measurement(after)

    def _on_table_selection_changed(self, *_args: object) -> None:
        has_row = self.selected_measurement() is not None
        self.delete_button.setEnabled(has_row)
        self.delete_action.setEnabled(has_row)
        self.add_button.setEnabled(self._goal is not None)
