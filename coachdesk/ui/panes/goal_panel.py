"""The PEERS goal editor: goal text, the five checks, the measure and its dated values."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.goals import PeersCriterion, PeersGoal
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.goal_measurements import GoalMeasurements
from coachdesk.ui.widgets.fields import NumberField, PlainTextField, ShownText
from coachdesk.ui.widgets.labels import ElidedLabel, heading, small
from coachdesk.ui.widgets.progress_chart import format_value


class GoalPanel(QWidget):
    """Edits the selected cycle's PEERS goal; every field is saved (undoably) as it is left."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._goal: PeersGoal | None = None
        self._loading = False
        self._shown = ShownText()
        self.measurements = GoalMeasurements(ctx)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.text = PlainTextField(lines=2)
        self.text.setAccessibleName("Goal")
        self.text.setPlaceholderText(
            "What students will do or achieve, e.g. Students are working on the starter "
            "within 2 minutes of entering."
        )
        self.text.setToolTip("The PEERS goal, in the coachee's words")
        self.text.setMaximumHeight(self.text.minimumHeight() * 5 // 4)
        self.checks: dict[PeersCriterion, QCheckBox] = {}
        checks_box = QWidget()
        checks = QGridLayout(checks_box)
        checks.setContentsMargins(0, 4, 0, 4)
        checks.setHorizontalSpacing(14)
        checks.setVerticalSpacing(3)
        self.checks_caption = QLabel()
        self.checks_caption.setContentsMargins(0, 0, 0, 4)
        checks.addWidget(self.checks_caption, 0, 0, 1, 2)
        for row, criterion in enumerate(PeersCriterion, start=1):
            box = QCheckBox(criterion.label)
            box.setAccessibleName(f"PEERS: {criterion.label}")
            box.setAccessibleDescription(criterion.guidance)
            box.setToolTip(criterion.guidance)
            self.checks[criterion] = box
            guidance = small(ElidedLabel(criterion.guidance), wrap=False)
            guidance.setBuddy(box)
            checks.addWidget(box, row, 0)
            checks.addWidget(guidance, row, 1)
        checks.setColumnStretch(1, 1)

        self.measure = QLineEdit()
        self.measure.setAccessibleName("Student-focused measure")
        self.measure.setPlaceholderText("e.g. Minutes from the door to all students working")
        self.measure.setToolTip("What you will count or time to see progress, about students")
        self.unit = QLineEdit()
        self.unit.setAccessibleName("Unit")
        self.unit.setPlaceholderText("e.g. %, min, pupils")
        self.unit.setMaximumWidth(110)
        self.baseline = NumberField()
        self.baseline.setAccessibleName("Baseline")
        self.baseline.setToolTip("The measure before the cycle; leave empty if not known yet")
        self.target = NumberField()
        self.target.setAccessibleName("Target")
        self.target.setToolTip("The value that means the goal is reached (may be lower)")
        for number in (self.baseline, self.target):
            number.setMaximumWidth(110)
        self.direction = small()
        numbers = QHBoxLayout()
        fields: list[tuple[str, QLineEdit]] = [
            ("&Unit", self.unit),
            ("&Baseline", self.baseline),
            ("&Target", self.target),
        ]
        for text, editor in fields:
            label = QLabel(text)
            label.setBuddy(editor)
            numbers.addWidget(label)
            numbers.addWidget(editor)
            numbers.addSpacing(8)
        numbers.addWidget(self.direction, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("&Goal", self.text)
        form.addRow("", checks_box)
        form.addRow("&Measure", self.measure)
        form.addRow("", numbers)

        self.content = QWidget()
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading("PEERS goal"))
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.measurements, 1)

        self.empty = QLabel(
            "<b>No cycle selected.</b><br>Choose a coachee's cycle on the left "
            "to write its PEERS goal and record progress."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addWidget(self.stack)
        order = [
            self.text,
            self.measure,
            self.unit,
            self.baseline,
            self.target,
            *self.checks.values(),
            self.measurements.table,
        ]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self.text.editingFinished.connect(self._on_text_editing_finished)
        self.measure.editingFinished.connect(self._on_measure_editing_finished)
        self.unit.editingFinished.connect(self._on_unit_editing_finished)
        self.baseline.editingFinished.connect(self._on_baseline_editing_finished)
        self.target.editingFinished.connect(self._on_target_editing_finished)
        for criterion, box in self.checks.items():
            box.toggled.connect(lambda on, c=criterion: self._on_check_toggled(c, on))
        self._ctx.cycle_selected.connect(self._on_ctx_cycle_selected)
        self._ctx.changed.connect(self._on_ctx_changed)

    # -- data --------------------------------------------------------------------------------

    @property
    def goal(self) -> PeersGoal | None:
        return self._goal

    def refresh(self) -> None:
        cycle_id = self._ctx.cycle_id
        goal = None
        if cycle_id is not None:
            try:
                goal = self._ctx.services.cycles.goal(cycle_id)
            except CoachDeskError:
                goal = None
        self._goal = goal
        self.stack.setCurrentWidget(self.content if goal else self.empty)
        self.measurements.set_goal(goal)
        if goal is None:
            return
        self._loading = True
        try:
            self._shown.load(self.text, goal.text)
            self._shown.load(self.measure, goal.measure)
            self._shown.load(self.unit, goal.unit)
            self._shown.load(self.baseline, _number_text(goal.baseline))
            self._shown.load(self.target, _number_text(goal.target))
            for criterion, box in self.checks.items():
                box.setChecked(criterion in goal.checks)
            self.checks_caption.setText(_checks_caption(goal))
        finally:
            self._loading = False
        self.direction.setText(_direction_text(goal))

    def _on_ctx_cycle_selected(self, _cycle_id: int | None) -> None:
        self._shown.clear()
        self.refresh()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.GOAL, Entity.CYCLE) and (
            changes.cycle_id in (None, self._ctx.cycle_id)
        ):
            self.refresh()

    # -- goal fields -------------------------------------------------------------------------

    def _save_field(self, text: str, field: str, value: Any) -> PeersGoal | None:
        """Save one field of the goal as an undoable edit; do nothing if it is unchanged."""
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return None
        cycles = self._ctx.services.cycles
        return self._ctx.edit_field(
            text, lambda: cycles.goal(cycle_id), cycles.save_goal, field, value
        )

    def set_text(self, text: str) -> PeersGoal | None:
        return self._save_field("Edit goal text", "text", text.strip())

    def set_measure(self, text: str) -> PeersGoal | None:
        return self._save_field("Edit goal measure", "measure", text.strip())

    def set_unit(self, text: str) -> PeersGoal | None:
        return self._save_field("Edit measure unit", "unit", text.strip())

    def set_baseline(self, value: float | None) -> PeersGoal | None:
        return self._save_field("Edit baseline", "baseline", value)

    def set_target(self, value: float | None) -> PeersGoal | None:
        return self._save_field("Edit target", "target", value)

    def set_check(self, criterion: PeersCriterion, on: bool) -> PeersGoal | None:
        """Tick or untick one PEERS check; undoable on its own."""
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return None
        cycles = self._ctx.services.cycles

        def put(tick: bool) -> Any:
            def call() -> Changed[PeersGoal]:
                goal = cycles.goal(cycle_id)
                checks = goal.checks | {criterion} if tick else goal.checks - {criterion}
                return cycles.save_goal(replace(goal, checks=frozenset(checks)))

            return call

        verb = "Tick" if on else "Untick"
        return self._ctx.do(f"{verb} PEERS check “{criterion.label}”", put(on), put(not on))

    def _on_text_editing_finished(self) -> None:
        self.set_text(self.text.text())

    def _on_measure_editing_finished(self) -> None:
        self.set_measure(self.measure.text())

    def _on_unit_editing_finished(self) -> None:
        self.set_unit(self.unit.text())

    def _on_baseline_editing_finished(self) -> None:
        self.set_baseline(self.baseline.value())

    def _on_target_editing_finished(self) -> None:
        self.set_target(self.target.value())

    def _on_check_toggled(self, criterion: PeersCriterion, on: bool) -> None:
        if not self._loading:
            self.set_check(criterion, on)


def _number_text(value: float | None) -> str:
    return "" if value is None else format_value(value, decimals=6)


def _checks_caption(goal: PeersGoal) -> str:
    ticked = len(goal.checks)
    if goal.is_checked:
        return "<b>Is it PEERS?</b> Yes — it passes all five tests."
    return f"<b>Is it PEERS?</b> Tick each test the goal passes ({ticked} of 5 so far)."


def _direction_text(goal: PeersGoal) -> str:
    if goal.baseline is None or goal.target is None or goal.baseline == goal.target:
        return ""
    return "Lower is better" if goal.target < goal.baseline else "Higher is better"
