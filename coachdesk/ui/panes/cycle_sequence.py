"""The sequence a cycle follows: its strategies as done / this cycle / next, and what comes next.

Sits at the top of the cycle's Strategy tab. When no strategy is chosen it offers the next one
in the sequence; when the cycle ends it offers to start the coachee's next cycle with it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.cycles import Cycle, CycleDossier, Stage
from coachdesk.core.errors import NotFoundError, ValidationError
from coachdesk.core.sequences import ItemState, SequenceProgress, SequenceSuggestion
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.cycle_strategy_choice import USE_BUTTON_STYLE
from coachdesk.ui.widgets.labels import small

STYLE = """
QFrame#sequenceBox { background: palette(alternate-base); border: 1px solid palette(mid);
                     border-radius: 6px; }
QFrame#nextBox { background: #e8f1fa; border: 1px solid #9cc3ea; border-radius: 6px; }
QLabel#seqItem { padding: 1px 0; }
"""
MARKS = {
    ItemState.DONE: ("✓", "#2e8b57"),
    ItemState.CURRENT: ("●", "#2f5d8a"),
    ItemState.NEXT: ("→", "#b8860b"),
    ItemState.TO_COME: ("○", "#8a8f96"),
}


def item_html(number: int, title: str, state: ItemState) -> str:
    """Return one line of the sequence: a coloured mark, the strategy and where it stands."""
    mark, colour = MARKS[state]
    name = escape(title) if state is ItemState.TO_COME else f"<b>{escape(title)}</b>"
    label = f" <span style='color:{colour}'>— {state.label}</span>" if state.label else ""
    return f"<span style='color:{colour}'>{mark}</span>&nbsp; {number}. {name}{label}"


def has_ended(cycle: Cycle) -> bool:
    """A cycle has ended for the sequence once it is complete or its outcome is decided."""
    return cycle.stage is Stage.COMPLETE or cycle.outcome is not None


class CycleSequencePanel(QWidget):
    """Lets the coach make the selected cycle follow a sequence, and follow it on."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._dossier: CycleDossier | None = None
        self._progress: SequenceProgress | None = None
        self._suggestion: SequenceSuggestion | None = None
        self._item_labels: list[QLabel] = []
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setStyleSheet(STYLE)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Sequence the cycle follows")
        self.combo.setToolTip(
            "An ordered sequence of strategies, e.g. for a new teacher's first weeks; "
            "when this cycle ends, the next strategy in it is suggested"
        )
        self.combo.setMinimumContentsLength(28)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        label = QLabel("Follows &sequence:")
        label.setBuddy(self.combo)
        self.edit_button = QPushButton("Sequences…")
        self.edit_button.setToolTip("Make or edit your own sequences of strategies")
        self.edit_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        row.addWidget(self.edit_button)
        self.description = small()
        self.items_box = QVBoxLayout()
        self.items_box.setSpacing(0)
        self.choose_button = QPushButton()
        self.choose_button.setAutoDefault(False)
        self.choose_note = small()
        self.finished = small()

        self.next_heading = QLabel()
        self.next_heading.setWordWrap(True)
        self.next_note = small()
        self.start_button = QPushButton("Start a new cycle with it")
        self.start_button.setAutoDefault(False)
        self.start_button.setStyleSheet(USE_BUTTON_STYLE)
        self.next_box = QFrame()
        self.next_box.setObjectName("nextBox")
        next_layout = QVBoxLayout(self.next_box)
        next_layout.setContentsMargins(10, 8, 10, 8)
        next_layout.addWidget(self.next_heading)
        next_layout.addWidget(self.next_note)
        next_layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)

        box = QFrame()
        box.setObjectName("sequenceBox")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(10, 8, 10, 8)
        inner.addLayout(row)
        inner.addWidget(self.description)
        inner.addLayout(self.items_box)
        inner.addWidget(self.finished)
        inner.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.choose_note)
        inner.addWidget(self.next_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 0)
        layout.addWidget(box)

    def _connect_signals(self) -> None:
        self.combo.activated.connect(self._on_combo_activated)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.choose_button.clicked.connect(self.choose_next)
        self.start_button.clicked.connect(self.start_next_cycle)
        self._ctx.cycle_selected.connect(lambda _cycle_id: self.refresh())
        self._ctx.changed.connect(self._on_ctx_changed)

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.CYCLE, Entity.SEQUENCE, Entity.STRATEGY, Entity.COACHEE):
            self.refresh()

    # -- showing -----------------------------------------------------------------------------

    @property
    def progress(self) -> SequenceProgress | None:
        return self._progress

    @property
    def suggestion(self) -> SequenceSuggestion | None:
        return self._suggestion

    def refresh(self) -> None:
        services, cycle_id = self._ctx.services, self._ctx.cycle_id
        self._dossier = self._progress = self._suggestion = None
        if cycle_id is not None:
            try:
                self._dossier = services.cycles.dossier(cycle_id)
                self._progress = services.sequences.progress(cycle_id)
                self._suggestion = services.sequences.suggest_next(cycle_id)
            except NotFoundError:
                self._dossier = self._progress = self._suggestion = None
        self.setVisible(self._dossier is not None)
        self._fill_combo()
        self._show_items()
        self._show_next()

    def _fill_combo(self) -> None:
        self.combo.clear()
        self.combo.addItem("None", None)
        for sequence in self._ctx.services.sequences.list():
            suffix = "" if sequence.is_editable else "  (comes with CoachDesk)"
            self.combo.addItem(sequence.title + suffix, sequence.id)
            self.combo.setItemData(
                self.combo.count() - 1, sequence.description, Qt.ItemDataRole.ToolTipRole
            )
        followed = self._dossier.cycle.sequence_id if self._dossier else None
        self.combo.setCurrentIndex(max(self.combo.findData(followed), 0))

    def _show_items(self) -> None:
        for label in self._item_labels:
            label.hide()
            label.deleteLater()
        self._item_labels = []
        progress = self._progress
        self.description.setVisible(progress is not None)
        self.finished.setVisible(progress is not None and progress.finished)
        if progress is None:
            return
        sequence = progress.sequence
        self.description.setText(sequence.description)
        pairs = zip(sequence.items, progress.states, strict=True)
        for number, (item, state) in enumerate(pairs, start=1):
            label = QLabel(item_html(number, item.strategy_title, state))
            label.setObjectName("seqItem")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setToolTip(item.note)
            label.setAccessibleName(f"{number}. {item.strategy_title} {state.label}")
            self._item_labels.append(label)
            self.items_box.addWidget(label)
        self.finished.setText(
            f"Every strategy in “{escape(sequence.title)}” has been worked on with this coachee."
        )

    def _show_next(self) -> None:
        dossier, suggestion = self._dossier, self._suggestion
        no_strategy = dossier is not None and dossier.strategy is None
        ended = dossier is not None and has_ended(dossier.cycle)
        offer_choice = suggestion is not None and no_strategy and not ended
        self.choose_button.setVisible(offer_choice)
        self.next_box.setVisible(suggestion is not None and ended)
        note = suggestion.item.note if suggestion else ""
        self.choose_note.setVisible(offer_choice and bool(note))
        self.next_note.setVisible(bool(note))
        if suggestion is None:
            return
        title = suggestion.strategy.title
        self.choose_button.setText(f"Choose &next in sequence: {title}")
        self.choose_button.setToolTip(f"Use “{title}” in this cycle")
        self.choose_note.setText(note)
        self.next_heading.setText(
            f"<b>Next in {escape(suggestion.sequence.title)}:</b> {escape(title)}"
        )
        self.next_note.setText(note)
        self.start_button.setToolTip(
            f"Start the coachee's next cycle with “{title}” chosen, following the same sequence"
        )

    # -- operations --------------------------------------------------------------------------

    def _on_edit_button_clicked(self) -> None:
        from coachdesk.ui.dialogs.sequences_dialog import open_sequences_dialog

        open_sequences_dialog(self._ctx, self)

    def _on_combo_activated(self, index: int) -> None:
        self.follow(self.combo.itemData(index))

    def follow(self, sequence_id: int | None) -> Cycle | None:
        """Make the selected cycle follow ``sequence_id`` (None: no sequence); undoable."""
        dossier, cycle_id = self._dossier, self._ctx.cycle_id
        if dossier is None or cycle_id is None:
            return None
        before = dossier.cycle.sequence_id
        if before == sequence_id:
            return None
        sequences = self._ctx.services.sequences
        text = "Follow a sequence" if sequence_id is not None else "Stop following the sequence"
        result = self._ctx.do(
            text,
            lambda: sequences.follow(cycle_id, sequence_id),
            lambda: sequences.follow(cycle_id, before),
        )
        if result is None:
            self.refresh()  # show what is really stored
        return result

    def choose_next(self) -> None:
        """Choose the sequence's next strategy for this cycle (which has none yet); undoable."""
        suggestion, cycle_id = self._suggestion, self._ctx.cycle_id
        if suggestion is None or cycle_id is None:
            return
        cycles, strategy = self._ctx.services.cycles, suggestion.strategy
        chosen = self._ctx.do(
            f"Choose “{strategy.title}”",
            lambda: cycles.choose_strategy(cycle_id, strategy.id, self._ctx.today()),
            lambda: cycles.clear_strategy(cycle_id),
        )
        if chosen is not None:
            self._ctx.status.emit(
                f"“{strategy.title}” is now this cycle's strategy, next in "
                f"“{suggestion.sequence.title}”."
            )

    def start_next_cycle(self) -> Cycle | None:
        """Start the coachee's next cycle with the suggested strategy, following the same
        sequence, and select it; undo deletes the new cycle while it is still empty."""
        suggestion, from_id = self._suggestion, self._ctx.cycle_id
        if suggestion is None or from_id is None:
            return None
        ctx, services = self._ctx, self._ctx.services
        started: list[int] = []

        def redo() -> Changed[Cycle]:
            result = services.sequences.start_next(from_id, ctx.today())
            started.append(result.value.id)
            ctx.select_cycle(result.value.id)
            return result

        def undo() -> Changed[object]:
            new_id = started[-1]
            dossier = services.cycles.dossier(new_id)
            if (
                dossier.sessions
                or dossier.observations
                or dossier.cycle.stage is not Stage.IDENTIFY
            ):
                raise ValidationError(
                    "The new cycle already has sessions, observations or a later stage, so it "
                    "was kept. Delete it from the coachee list if you meant to."
                )
            if ctx.cycle_id == new_id:
                ctx.select_cycle(from_id)
            return services.cycles.delete(new_id)

        title = suggestion.strategy.title
        cycle = ctx.do(f"Start a new cycle with “{title}”", redo, undo)
        if cycle is None:
            return None
        ctx.status.emit(
            f"Started a new cycle with “{title}”, following “{suggestion.sequence.title}”. "
            "Undo (Ctrl+Z) takes it back."
        )
        return cycle
