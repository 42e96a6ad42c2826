"""The cycle's stage: a stepper, what the stage still needs, the cycle's own fields, moving on."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.cycles import Cycle, CycleDossier, Need, Outcome, Stage
from coachdesk.core.errors import CoachDeskError, NotFoundError, StageNotReadyError
from coachdesk.core.problems import PersistentProblem
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.move_on_dialog import MoveOnDialog
from coachdesk.ui.widgets.fields import PlainTextField, ShownText
from coachdesk.ui.widgets.labels import small
from coachdesk.ui.widgets.stage_stepper import StageStepper

MET, UNMET = "#2e8b57", "#c0392b"


def need_html(need: Need) -> str:
    """Return one need as a ticked or crossed line."""
    text = escape(need.text[:1].upper() + need.text[1:])
    if need.met:
        return f"<span style='color:{MET}'>✓</span>&nbsp; {text}"
    return f"<span style='color:{UNMET}'>✗</span>&nbsp; <b>{text}</b>"


class StagePanel(QWidget):
    """Shows where the selected cycle is in the Impact Cycle and moves it on or back."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._dossier: CycleDossier | None = None
        self._shown = ShownText()
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.stepper = StageStepper()
        self.title = QLineEdit()
        self.title.setAccessibleName("Cycle title")
        self.title.setPlaceholderText("A few words for the focus, e.g. Calm starts to lessons")
        self.title.setToolTip("The cycle's name in lists and exports")
        self.problem = QComboBox()
        self.problem.setAccessibleName("Persistent problem")
        self.problem.setToolTip("The persistent problem of teaching this cycle works on")
        self.problem.addItem("Not named yet", "")
        for problem in PersistentProblem:
            self.problem.addItem(problem.label, problem.value)
            self.problem.setItemData(
                self.problem.count() - 1, problem.description, Qt.ItemDataRole.ToolTipRole
            )
        self.problem_hint = small()
        self.reality = PlainTextField(lines=4)
        self.reality.setMaximumHeight(self.reality.minimumHeight() * 2)
        self.reality.setAccessibleName("Current reality")
        self.reality.setPlaceholderText(
            "What is happening now, in this small part of the "
            "practice: what you saw, what students said, the data"
        )
        self.reality.setToolTip("The clear picture of current reality the goal starts from")
        self.outcome = QComboBox()
        self.outcome.setAccessibleName("Outcome")
        self.outcome.addItem("Not decided yet", "")
        for outcome in Outcome:
            self.outcome.addItem(outcome.label, outcome.value)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        problem_box = QVBoxLayout()
        problem_box.setSpacing(2)
        problem_box.addWidget(self.problem)
        problem_box.addWidget(self.problem_hint)
        problem_label = QLabel("&Persistent problem")
        problem_label.setBuddy(self.problem)
        form.addRow("&Title", self.title)
        form.addRow(problem_label, problem_box)
        form.addRow("Current &reality", self.reality)
        form.addRow("&Outcome", self.outcome)

        self.content = QWidget()
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addLayout(form, 3)
        columns.addWidget(self._build_needs_box(), 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.stepper)
        layout.addLayout(columns)
        layout.addStretch(1)

        self.empty = QLabel(
            "<b>No cycle selected.</b><br>Choose a coachee's cycle on the left, "
            "or select a coachee and start a cycle."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addWidget(self.stack)
        self.setTabOrder(self.title, self.problem)
        self.setTabOrder(self.problem, self.reality)
        self.setTabOrder(self.reality, self.outcome)
        self.setTabOrder(self.outcome, self.advance_button)
        self.setTabOrder(self.advance_button, self.back_button)

    def _build_needs_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("needsBox")
        box.setStyleSheet(
            "#needsBox { background: palette(alternate-base); "
            "border: 1px solid palette(mid); border-radius: 6px; }"
        )
        self.needs_heading = QLabel()
        self.needs_heading.setWordWrap(True)
        self.needs_list = QLabel()
        self.needs_list.setWordWrap(True)
        self.needs_list.setTextFormat(Qt.TextFormat.RichText)
        self.needs_list.setAccessibleName("What the stage still needs")
        self.advance_button = QPushButton("Move on")
        self.advance_button.setDefault(False)
        self.advance_button.setAutoDefault(False)
        self.back_button = QPushButton("Step &back")
        self.back_button.setToolTip("Move the cycle back one stage, to correct a mistaken move on")
        self.back_button.setAutoDefault(False)
        self.back_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.advance_button, 1)
        buttons.addWidget(self.back_button)
        self.skips = small()
        self.skips.setAccessibleName("Stages moved on without everything")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.needs_heading)
        layout.addWidget(self.needs_list)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self.skips)
        return box

    def _connect_signals(self) -> None:
        self.title.editingFinished.connect(self._on_title_editing_finished)
        self.problem.activated.connect(self._on_problem_activated)
        self.reality.editingFinished.connect(self._on_reality_editing_finished)
        self.outcome.activated.connect(self._on_outcome_activated)
        self.advance_button.clicked.connect(self._on_advance_button_clicked)
        self.back_button.clicked.connect(self.step_back)
        self._ctx.cycle_selected.connect(self._on_ctx_cycle_selected)
        self._ctx.changed.connect(self._on_ctx_changed)

    # -- data --------------------------------------------------------------------------------

    @property
    def dossier(self) -> CycleDossier | None:
        return self._dossier

    def shown_needs(self) -> list[Need]:
        """Return the needs listed for the current stage."""
        return self._dossier.needs() if self._dossier else []

    def refresh(self) -> None:
        cycle_id = self._ctx.cycle_id
        dossier = None
        if cycle_id is not None:
            try:
                dossier = self._ctx.services.cycles.dossier(cycle_id)
            except NotFoundError:
                dossier = None
        self._dossier = dossier
        self.stack.setCurrentWidget(self.content if dossier else self.empty)
        if dossier is None:
            self.stepper.set_stage(None)
            return
        cycle = dossier.cycle
        self.stepper.set_stage(cycle.stage)
        self._shown.load(self.title, cycle.title)
        self._shown.load(self.reality, cycle.current_reality)
        self.problem.setCurrentIndex(
            self.problem.findData(cycle.problem.value if cycle.problem else "")
        )
        self.problem_hint.setText(
            cycle.problem.description
            if cycle.problem
            else "Which problem, faced by almost every teacher, is this about?"
        )
        self.outcome.setCurrentIndex(
            self.outcome.findData(cycle.outcome.value if cycle.outcome else "")
        )
        self.outcome.setEnabled(cycle.stage is Stage.IMPROVE)
        self.outcome.setToolTip(
            "How the Improve stage ends: continue, refine the goal, or "
            "start a new cycle" + ("" if cycle.stage is Stage.IMPROVE else " (decided in Improve)")
        )
        self._show_needs(dossier)

    def _show_needs(self, dossier: CycleDossier) -> None:
        cycle = dossier.cycle
        nxt = cycle.stage.next
        needs = dossier.needs()
        if nxt is None:
            ended = f" on {cycle.ended_on.day} {cycle.ended_on:%b %Y}" if cycle.ended_on else ""
            self.needs_heading.setText(f"<b>This cycle was completed{ended}.</b>")
            self.needs_list.setText("Start a new cycle with this coachee to carry on.")
        else:
            ready = all(need.met for need in needs)
            self.needs_heading.setText(
                f"<b>{cycle.stage.label}</b> — "
                + ("ready to move on to " if ready else "before moving on to ")
                + nxt.label
            )
            self.needs_list.setText("<br>".join(need_html(n) for n in needs))
        self.advance_button.setVisible(nxt is not None)
        if nxt is not None:
            self.advance_button.setText(f"&Move on to {nxt.label}")
            self.advance_button.setToolTip(f"Move the cycle on to the {nxt.label} stage")
        self.back_button.setEnabled(cycle.stage is not Stage.IDENTIFY)
        lines = [
            f"Moved on from {s.stage.label} on {s.on.day} {s.on:%b %Y} without "
            f"everything: “{escape(s.reason)}”"
            for s in cycle.skips
        ]
        self.skips.setText("<br>".join(lines))
        self.skips.setVisible(bool(lines))

    def _on_ctx_cycle_selected(self, _cycle_id: int | None) -> None:
        self._shown.clear()
        self.refresh()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.CYCLE, Entity.GOAL) and (
            changes.cycle_id in (None, self._ctx.cycle_id)
        ):
            self.refresh()

    # -- the cycle's fields ------------------------------------------------------------------

    def _save_field(self, text: str, field: str, value: Any) -> Cycle | None:
        """Save one field of the cycle as an undoable edit; do nothing if it is unchanged."""
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return None
        cycles = self._ctx.services.cycles
        return self._ctx.edit_field(text, lambda: cycles.get(cycle_id), cycles.save, field, value)

    def set_title(self, title: str) -> Cycle | None:
        return self._save_field("Edit cycle title", "title", title.strip())

    def set_problem(self, problem: PersistentProblem | None) -> Cycle | None:
        return self._save_field("Name the persistent problem", "problem", problem)

    def set_current_reality(self, text: str) -> Cycle | None:
        return self._save_field("Edit current reality", "current_reality", text)

    def set_outcome(self, outcome: Outcome | None) -> Cycle | None:
        return self._save_field("Decide the outcome", "outcome", outcome)

    def _on_title_editing_finished(self) -> None:
        self.set_title(self.title.text())

    def _on_reality_editing_finished(self) -> None:
        self.set_current_reality(self.reality.text())

    def _on_problem_activated(self, index: int) -> None:
        value = self.problem.itemData(index)
        self.set_problem(PersistentProblem(value) if value else None)

    def _on_outcome_activated(self, index: int) -> None:
        value = self.outcome.itemData(index)
        self.set_outcome(Outcome(value) if value else None)

    # -- moving on and back ------------------------------------------------------------------

    def advance(self, reason: str = "") -> Cycle | None:
        """Move the cycle on one stage (with ``reason`` if something is missing); undoable."""
        try:
            return self._advance(reason)
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return None

    def _advance(self, reason: str) -> Cycle | None:
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return None
        self._commit_typing()
        cycles = self._ctx.services.cycles
        before = cycles.get(cycle_id)
        result = cycles.advance(cycle_id, self._ctx.today(), reason)
        after = result.value
        self._ctx.broadcast(result.changes)

        def redo() -> Changed[Any]:
            return cycles.restore_stage(after)

        def undo() -> Changed[Any]:
            return cycles.restore_stage(before)

        self._ctx.push_done(f"Move on to {after.stage.label}", redo, undo)
        return after

    def _on_advance_button_clicked(self) -> None:
        self.move_on_with_dialog()

    def move_on_with_dialog(self) -> None:
        """Move on; if the stage still needs something, ask for a reason first."""
        if self._ctx.cycle_id is None:
            return
        try:
            self._advance("")
        except StageNotReadyError as exc:
            cycle = self._dossier.cycle if self._dossier else None
            if cycle is None or cycle.stage.next is None:
                return
            dialog = MoveOnDialog(cycle.stage.label, cycle.stage.next.label, exc.missing, self)
            if dialog.exec() == MoveOnDialog.DialogCode.Accepted:
                self.advance(dialog.reason_text())
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))

    def step_back(self) -> Cycle | None:
        """Move the cycle back one stage; undoable."""
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return None
        cycles = self._ctx.services.cycles
        try:
            before = cycles.get(cycle_id)
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return None
        order = list(Stage)
        back_to = order[max(order.index(before.stage) - 1, 0)]

        def undo() -> Changed[Any]:
            return cycles.restore_stage(before)

        return self._ctx.do(
            f"Step back to {back_to.label}", lambda: cycles.step_back(cycle_id), undo
        )

    def _commit_typing(self) -> None:
        """Save what is in the text fields first, so moving on judges the latest words."""
        if self.title.text().strip() != (self._shown.shown(self.title) or ""):
            self.set_title(self.title.text())
        self.reality.commit()
