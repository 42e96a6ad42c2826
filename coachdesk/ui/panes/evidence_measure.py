"""Compute the goal's measure from an observation's tags and add it as a data point."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.goal_measures import (
    MeasureDefinition,
    MeasureKind,
    compute,
    definition_of,
    with_definition,
)
from coachdesk.core.goals import Measurement, MeasurementSource
from coachdesk.core.observations import Observation
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.evidence_source import (
    all_tag_types,
    observation_evidence,
    observation_label,
    types_for,
)

NO_CYCLE_TEXT = "Choose a cycle to measure its goal from lesson video."
NO_VIDEO_TEXT = (
    "No observations with video yet — attach a lesson clip to an observation and tag it, "
    "then compute the goal's measure from those tags here."
)
PICK_TYPES_TEXT = "Tick the tags the measure counts."


def measurement_note(observation: Observation, definition_text: str) -> str:
    """Return the note that links a measurement back to its evidence."""
    return (
        f"From the video tags of {observation_label(observation)}: {definition_text} "
        f"[observation {observation.id}]"
    )


class EvidenceMeasurePanel(QWidget):
    """Pick an observation and a definition, see the value, add it to the goal (undoable).

    The definition (kind and tags) is stored on the cycle's goal as it is changed (undoable),
    and read back when the cycle is chosen.

    ``measurement_added(Measurement)`` after a value has been added.
    """

    measurement_added = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._observations: list[Observation] = []
        self._definition = MeasureDefinition(MeasureKind.RATE, ())
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.observation_choice = QComboBox()
        self.observation_choice.setAccessibleName("Observation to measure")
        self.observation_choice.setToolTip("The observation whose tagged video gives the value")
        self.kind_choice = QComboBox()
        for kind in MeasureKind:
            self.kind_choice.addItem(kind.label, kind)
        self.kind_choice.setAccessibleName("Kind of measure")
        self.kind_choice.setToolTip(
            "Count per 10 minutes of the ticked tags; share of the lesson inside them "
            "(duration tags); or the share of the strategy's steps seen (one tag per step)"
        )
        self.type_list = QListWidget()
        self.type_list.setAccessibleName("Tags the measure uses")
        self.type_list.setToolTip("Tick the tags the measure counts (Space ticks)")
        self.value_label = QLabel()
        self.value_label.setAccessibleName("Value from this observation")
        self.value_label.setWordWrap(True)
        self.compute_button = QPushButton("&Compute from this observation's tags")
        self.compute_button.setToolTip(
            "Add the value to the goal's measurements as video evidence, with a note naming "
            "the observation and the definition"
        )
        self.empty = QLabel(NO_CYCLE_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #757575; padding: 12px;")
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Observation", self.observation_choice)
        form.addRow("&Measure", self.kind_choice)
        form.addRow("&Tags", self.type_list)
        form.addRow("", self.value_label)
        form.addRow("", self.compute_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.form, 1)

    def _connect_signals(self) -> None:
        self._ctx.cycle_selected.connect(self._on_ctx_cycle_selected)
        self._ctx.changed.connect(self._on_ctx_changed)
        self.observation_choice.currentIndexChanged.connect(self._on_observation_choice_changed)
        self.kind_choice.currentIndexChanged.connect(self._on_kind_choice_changed)
        self.type_list.itemChanged.connect(self._on_type_list_item_changed)
        self.compute_button.clicked.connect(self._on_compute_button_clicked)

    # -- public --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the cycle's observations (keeping the one chosen) and the value."""
        cycle_id = self._ctx.cycle_id
        current = self.observation()
        services = self._ctx.services
        observations = services.observations.list(cycle_id) if cycle_id is not None else []
        self._observations = [o for o in observations if services.clips.list(o.id)]
        self.observation_choice.blockSignals(True)
        self.observation_choice.clear()
        for observation in self._observations:
            self.observation_choice.addItem(observation_label(observation), observation.id)
        self.observation_choice.blockSignals(False)
        self.empty.setText(NO_CYCLE_TEXT if cycle_id is None else NO_VIDEO_TEXT)
        self.empty.setVisible(not self._observations)
        self.form.setVisible(bool(self._observations))
        default = self._observations[-1].id if self._observations else None
        self._load_definition()
        self.set_observation(current.id if current in self._observations else default)

    def observation(self) -> Observation | None:
        index = self.observation_choice.currentIndex()
        return self._observations[index] if 0 <= index < len(self._observations) else None

    def set_observation(self, observation_id: int | None) -> None:
        index = self.observation_choice.findData(observation_id)
        self.observation_choice.setCurrentIndex(index)
        self._load_types()

    def definition(self) -> MeasureDefinition:
        return self._definition

    def set_definition(self, definition: MeasureDefinition) -> None:
        """Measure the goal by ``definition``: show it and store it on the goal (undoable)."""
        self._show_definition(definition)
        self._save_definition()

    def value(self) -> float | None:
        """Return the measure for the chosen observation (None when it cannot be computed)."""
        observation = self.observation()
        if observation is None:
            return None
        return compute(self.definition(), observation_evidence(self._ctx.services, observation.id))

    def describe(self) -> str:
        labels = {i: t.label for i, t in all_tag_types(self._ctx.services).items()}
        return self.definition().describe(labels)

    def add_measurement(self) -> Measurement | None:
        """Add the value to the goal, dated on the observation, with a note linking back."""
        observation, value = self.observation(), self.value()
        if observation is None or value is None:
            self._ctx.problem.emit("Tick at least one tag and choose an observation with video.")
            return None
        cycles = self._ctx.services.cycles
        cycle_id, day = observation.cycle_id, observation.observed_on
        known = {m.id for m in cycles.goal(cycle_id).measurements}
        note = measurement_note(observation, self.describe())
        number = round(value, 2)
        goal = self._ctx.run(
            lambda: cycles.add_measurement(cycle_id, day, number, MeasurementSource.VIDEO, note)
        )
        if goal is None:
            return None
        created = next(m for m in reversed(goal.measurements) if m.id not in known)

        def redo() -> Changed[Any]:
            return cycles.save_measurement(created)

        def undo() -> Changed[Any]:
            return cycles.delete_measurement(created.id)

        self._ctx.push_done("Add measurement from video", redo, undo)
        self.measurement_added.emit(created)
        return created

    # -- slots -----------------------------------------------------------------------------

    def _on_ctx_cycle_selected(self, _cycle_id: object) -> None:
        self.refresh()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.OBSERVATION) or changes.touches(Entity.CLIP):
            self.refresh()
        elif changes.touches(Entity.GOAL):
            self._load_definition()  # an undo, or the goal edited elsewhere
        elif changes.touches(Entity.TAG):
            self._show_value()

    def _on_observation_choice_changed(self, _index: int) -> None:
        self._load_types()

    def _on_kind_choice_changed(self, _index: int) -> None:
        self._definition = MeasureDefinition(
            self.kind_choice.currentData(), self._definition.tag_type_ids
        )
        self._save_definition()
        self._show_value()

    def _on_type_list_item_changed(self, _item: QListWidgetItem) -> None:
        listed = {
            int(item.data(Qt.ItemDataRole.UserRole)): item.checkState() == Qt.CheckState.Checked
            for item in map(self.type_list.item, range(self.type_list.count()))
        }
        # Types of other tag sets (not listed for this observation) stay in the definition.
        kept = [i for i in self._definition.tag_type_ids if listed.get(i, True)]
        added = [i for i, on in listed.items() if on and i not in kept]
        self._definition = MeasureDefinition(self._definition.kind, tuple(kept + added))
        self._save_definition()
        self._show_value()

    def _on_compute_button_clicked(self) -> None:
        self.add_measurement()

    # -- helpers -------------------------------------------------------------------------------

    def _load_definition(self) -> None:
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return
        goal = self._ctx.services.cycles.goal(cycle_id)
        stored = definition_of(goal) or MeasureDefinition(MeasureKind.RATE, ())
        if stored != self._definition:
            self._show_definition(stored)

    def _show_definition(self, definition: MeasureDefinition) -> None:
        self._definition = definition
        self.kind_choice.blockSignals(True)
        self.kind_choice.setCurrentIndex(self.kind_choice.findData(definition.kind))
        self.kind_choice.blockSignals(False)
        self.type_list.blockSignals(True)
        for item in map(self.type_list.item, range(self.type_list.count())):
            on = item.data(Qt.ItemDataRole.UserRole) in definition.tag_type_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.type_list.blockSignals(False)
        self._show_value()

    def _save_definition(self) -> None:
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return
        cycles = self._ctx.services.cycles
        before = definition_of(cycles.goal(cycle_id))
        after = self._definition
        if before == after:
            return

        def apply(definition: MeasureDefinition | None) -> Changed[Any]:
            return cycles.save_goal(with_definition(cycles.goal(cycle_id), definition))

        self._ctx.do("Change how the goal is measured", lambda: apply(after), lambda: apply(before))

    def _load_types(self) -> None:
        ticked = set(self._definition.tag_type_ids)
        observation = self.observation()
        types = []
        if observation is not None:
            evidence = observation_evidence(self._ctx.services, observation.id)
            types = types_for(self._ctx.services, observation, evidence)
        self.type_list.blockSignals(True)
        self.type_list.clear()
        for tag_type in types:
            item = QListWidgetItem(tag_type.label)
            item.setData(Qt.ItemDataRole.UserRole, tag_type.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = tag_type.id in ticked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.type_list.addItem(item)
        self.type_list.blockSignals(False)
        self._show_value()

    def _show_value(self) -> None:
        definition = self.definition()
        value = self.value()
        if not definition.tag_type_ids:
            text = PICK_TYPES_TEXT
        elif value is None:
            text = "This observation's clips have no length, so there is no value."
        else:
            text = f"This observation: <b>{value:.1f}</b> {definition.kind.unit}"
        self.value_label.setText(text)
        self.compute_button.setEnabled(value is not None)
