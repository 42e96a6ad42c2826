"""Deliberate practice in the strategy checklist: under each step, how much it was rehearsed,
whether it is secure, and the smaller steps it is broken into for this teacher."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from html import escape

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.practice import (
    Practice,
    PracticeProgress,
    RemovedSmallerStep,
    SmallerStep,
    SmallerStepProgress,
    StepProgress,
)
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.strategy_steps import StepRow, chip_date

PRACTICE_STYLE = """
QLabel#secureBadge { background: #26a69a; color: white; border-radius: 8px; padding: 0 7px;
                     font-weight: bold; }
QLabel#practiceFacts { color: palette(dark); }
QLabel#smallerNumber { color: palette(dark); font-weight: bold; }
QToolButton#splitStep { border: none; color: palette(link); padding: 0; }
QToolButton#splitStep:hover { text-decoration: underline; }
"""


def facts_text(practice: Practice) -> str:
    """'5 rounds in 2 sessions · last 10 Nov', or that it was not rehearsed yet."""
    if not practice.rehearsed or practice.last_on is None:
        return "Not rehearsed yet"
    rounds = f"{practice.rounds} round{'s' if practice.rounds != 1 else ''}"
    sessions = f"{practice.sessions} session{'s' if practice.sessions != 1 else ''}"
    return f"Rehearsed: {rounds} in {sessions} · last {chip_date(practice.last_on)}"


def _badge() -> QLabel:
    badge = QLabel("✓ Secure")
    badge.setObjectName("secureBadge")
    badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return badge


def _tool(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setAutoRaise(True)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    return button


class SmallerStepRow(QWidget):
    """One smaller step: its number ('2a'), words, practice, and edit / delete buttons."""

    edit_requested = Signal(object)  # SmallerStep
    delete_requested = Signal(object)  # SmallerStep

    def __init__(self, item: SmallerStepProgress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        number = QLabel(item.label)
        number.setObjectName("smallerNumber")
        number.setMinimumWidth(28)
        self.text = QLabel(item.step.text)
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # as typed
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel(facts_text(item.practice))
        self.facts.setObjectName("practiceFacts")
        self.facts.setWordWrap(True)
        self.badge = _badge()
        self.badge.setVisible(item.practice.secure)
        self.edit_button = _tool("✎", f"Change smaller step {item.label}")
        self.delete_button = _tool("×", f"Delete smaller step {item.label} (Undo brings it back)")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.item.step))
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.item.step))
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self.text)
        words.addWidget(self.facts)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 2, 0, 2)
        layout.addWidget(number, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(words, 1)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        secure = ", secure" if item.practice.secure else ""
        self.setAccessibleName(f"Smaller step {item.label}: {item.step.text}{secure}")


class StepPracticeView(QWidget):
    """Shown under a step of the checklist: rehearsal facts, secure badge, smaller steps."""

    split_requested = Signal(int)  # step index
    edit_requested = Signal(object)  # SmallerStep
    delete_requested = Signal(object)  # SmallerStep

    def __init__(self, step_index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step_index = step_index
        self.setStyleSheet(PRACTICE_STYLE)
        self.badge = _badge()
        self.facts = QLabel()
        self.facts.setObjectName("practiceFacts")
        self.facts.setWordWrap(True)
        self.split_button = QToolButton()
        self.split_button.setObjectName("splitStep")
        self.split_button.setText("Break into smaller steps…")
        self.split_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.split_button.setToolTip(
            "Break this step into smaller steps for this teacher (the playbook is not changed)"
        )
        self.split_button.clicked.connect(lambda: self.split_requested.emit(self.step_index))
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(8)
        line.addWidget(self.badge)
        line.addWidget(self.facts, 1)
        line.addStretch()
        line.addWidget(self.split_button)
        self.smaller_box = QVBoxLayout()
        self.smaller_box.setContentsMargins(0, 0, 0, 0)
        self.smaller_box.setSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addLayout(self.smaller_box)
        self.smaller_rows: list[SmallerStepRow] = []

    def show_progress(self, step: StepProgress) -> None:
        self.badge.setVisible(step.secure)
        self.badge.setToolTip(
            "Every smaller step is secure"
            if step.smaller
            else "The latest rehearsal of this step says it is secure"
        )
        self.facts.setText(facts_text(step.practice))
        self.facts.setVisible(step.practice.rehearsed or bool(step.smaller))
        self.split_button.setText(
            "Add smaller steps…" if step.smaller else "Break into smaller steps…"
        )
        for row in self.smaller_rows:
            row.hide()
            row.deleteLater()
        self.smaller_rows = [SmallerStepRow(item) for item in step.smaller]
        for row in self.smaller_rows:
            row.edit_requested.connect(self.edit_requested)
            row.delete_requested.connect(self.delete_requested)
            self.smaller_box.addWidget(row)


class SmallerStepsDialog(QDialog):
    """Asks for the smaller steps of one step, one per line."""

    def __init__(self, number: int, step_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Break step {number} into smaller steps")
        intro = QLabel(
            f"<b>Step {number}.</b> {escape(step_text)}<br><br>Write the smaller steps the teacher "
            "rehearses one at a time, <b>one per line</b>. They are for this teacher only; "
            "the playbook is not changed."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Smaller steps, one per line")
        self.editor.setPlaceholderText(
            "e.g.\nStop and look at the whole class\nCount three seconds in your head\n"
            "Then say the name"
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add smaller steps")
        self.ok_button.setEnabled(False)
        self.editor.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.lines())))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.resize(480, 320)

    def lines(self) -> list[str]:
        return [line.strip() for line in self.editor.toPlainText().splitlines() if line.strip()]


def ask_smaller_steps(parent: QWidget, number: int, step_text: str) -> list[str]:
    dialog = SmallerStepsDialog(number, step_text, parent)
    return dialog.lines() if dialog.exec() == QDialog.DialogCode.Accepted else []


def ask_smaller_step_text(parent: QWidget, label: str, text: str) -> str | None:
    value, ok = QInputDialog.getText(
        parent, "Change smaller step", f"Smaller step {label}:", text=text
    )
    return value if ok else None


class PracticeChecklist(QObject):
    """Puts a StepPracticeView under each StepRow of a strategy panel and runs its edits.

    The panel calls ``show()`` whenever it lays out its steps; rehearsal edits made elsewhere
    (the session's rehearsal log) refresh the views through ``ctx.changed``.
    """

    def __init__(
        self, ctx: UiContext, step_rows: Callable[[], Sequence[StepRow]], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._step_rows = step_rows
        self.progress: PracticeProgress | None = None
        self.ask_texts = ask_smaller_steps  # the dialogs, replaceable in tests
        self.ask_text = ask_smaller_step_text
        ctx.changed.connect(self._on_ctx_changed)

    def views(self) -> list[StepPracticeView]:
        found = []
        for row in self._step_rows():
            view = row.findChild(StepPracticeView)
            if view is None:
                view = StepPracticeView(row.index)
                view.split_requested.connect(self._on_view_split_requested)
                view.edit_requested.connect(self._on_view_edit_requested)
                view.delete_requested.connect(self._on_view_delete_requested)
                row.below.addWidget(view)
            found.append(view)
        return found

    def show(self) -> None:
        """Show the rehearsal facts and smaller steps of the selected cycle's strategy."""
        cycle_id = self._ctx.cycle_id
        try:
            self.progress = (
                self._ctx.services.practice.progress(cycle_id) if cycle_id is not None else None
            )
        except CoachDeskError:
            self.progress = None
        for view in self.views():
            step = self.progress.step(view.step_index) if self.progress else None
            view.setVisible(step is not None)
            if step is not None:
                view.show_progress(step)

    def _on_ctx_changed(self, changes: Changes) -> None:
        if (
            changes.touches(Entity.REHEARSAL)
            and not changes.touches(Entity.CYCLE, Entity.STRATEGY)  # the panel re-lays out
            and changes.cycle_id in (None, self._ctx.cycle_id)
        ):
            self.show()

    def _parent_widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _on_view_split_requested(self, step_index: int) -> None:
        step = self.progress.step(step_index) if self.progress else None
        parent = self._parent_widget()
        if step is None or parent is None:
            return
        texts = self.ask_texts(parent, step_index + 1, step.text)
        if texts:
            self.split_step(step_index, texts)

    def _on_view_edit_requested(self, small: SmallerStep) -> None:
        parent = self._parent_widget()
        if parent is None:
            return
        text = self.ask_text(parent, self._label(small), small.text)
        if text is not None:
            self.edit_smaller_step(small, text)

    def _on_view_delete_requested(self, small: SmallerStep) -> None:
        self.delete_smaller_step(small)

    def _label(self, small: SmallerStep) -> str:
        step = self.progress.step(small.step_index) if self.progress else None
        items = step.smaller if step else ()
        return next((i.label for i in items if i.step.id == small.id), str(small.step_index + 1))

    # -- operations --------------------------------------------------------------------------

    def split_step(self, step_index: int, texts: Sequence[str]) -> list[SmallerStep] | None:
        """Break a step into smaller steps (after any it has), undoably."""
        cycle_id, practice = self._ctx.cycle_id, self._ctx.services.practice
        if cycle_id is None:
            return None
        added = self._ctx.run(lambda: practice.split_step(cycle_id, step_index, texts))
        if added is None:
            return None

        def redo() -> Changed[list[SmallerStep]]:
            return Changed(
                [practice.save_smaller_step(s).value for s in added],
                Changes.of(Entity.REHEARSAL, cycle_id=cycle_id),
            )

        def undo() -> Changed[object]:
            removed = [practice.delete_smaller_step(s.id).value for s in reversed(added)]
            return Changed(removed, Changes.of(Entity.REHEARSAL, cycle_id=cycle_id))

        self._ctx.push_done(f"Break step {step_index + 1} into smaller steps", redo, undo)
        return added

    def edit_smaller_step(self, small: SmallerStep, text: str) -> SmallerStep | None:
        if " ".join(text.split()) == small.text:
            return small
        practice, after = self._ctx.services.practice, replace(small, text=text)
        return self._ctx.do(
            f"Change smaller step {self._label(small)}",
            lambda: practice.save_smaller_step(after),
            lambda: practice.save_smaller_step(small),
        )

    def delete_smaller_step(self, small: SmallerStep) -> RemovedSmallerStep | None:
        """Delete a smaller step with its rehearsals; Undo puts both back."""
        practice = self._ctx.services.practice
        kept: list[RemovedSmallerStep] = []

        def redo() -> Changed[RemovedSmallerStep]:
            result = practice.delete_smaller_step(small.id)
            kept[:] = [result.value]
            return result

        def undo() -> Changed[object]:
            return practice.restore_smaller_step(kept[0])

        removed = self._ctx.do(f"Delete smaller step {self._label(small)}", redo, undo)
        if removed is not None and removed.rehearsals:
            self._ctx.status.emit(
                f"Smaller step deleted with {len(removed.rehearsals)} rehearsal"
                f"{'s' if len(removed.rehearsals) != 1 else ''} — Undo brings them back."
            )
        return removed
