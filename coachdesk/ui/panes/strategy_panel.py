"""The cycle's chosen strategy: why and when, modelling, and its steps as a practice checklist."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import NotFoundError
from coachdesk.core.playbook import CycleStrategy
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.cycle_sequence import CycleSequencePanel
from coachdesk.ui.panes.edit_fields import DateField
from coachdesk.ui.panes.step_practice import PracticeChecklist
from coachdesk.ui.panes.strategy_steps import STEP_STYLE, StepRow

PANEL_STYLE = (
    STEP_STYLE
    + """
QLabel#strategyTitle { font-size: 15pt; font-weight: bold; }
QLabel#categoryPill { background: palette(alternate-base); border: 1px solid palette(mid);
                      border-radius: 9px; padding: 1px 8px; }
QLabel#muted { color: palette(dark); }
QLabel#sectionHeading { font-weight: bold; margin-top: 6px; }
QLabel#emptyState { color: palette(dark); }
QToolButton#detailsToggle { border: none; font-weight: bold; padding: 2px 0; }
"""
)
EMPTY, CHOSEN = 0, 1


def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class StrategyPanel(QWidget):
    """Shows the strategy chosen for ``ctx.cycle_id``; logs modelling and practice, undoably."""

    choose_strategy_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._strategy: CycleStrategy | None = None
        self.step_rows: list[StepRow] = []
        self.practice_checklist = PracticeChecklist(ctx, lambda: self.step_rows, self)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.setStyleSheet(PANEL_STYLE)
        self.empty = _label(name="emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_choose = QPushButton("&Choose a strategy…")
        self.empty_choose.setToolTip("Open the playbook to pick a strategy for this cycle")
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addWidget(self.empty_choose, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget()
        self.stack.addWidget(empty_page)
        self.stack.addWidget(self._build_chosen_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.sequence_panel = CycleSequencePanel(self._ctx)  # the sequence the cycle follows
        layout.addWidget(self.sequence_panel)
        layout.addWidget(self.stack)

    def _build_chosen_page(self) -> QWidget:
        """The chosen strategy's page; the cycle workspace scrolls the tab (sequence and all)."""
        self.title = _label(name="strategyTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a title is shown as typed
        self.category = QLabel()
        self.category.setObjectName("categoryPill")
        self.category.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.change_button = QPushButton("&Choose a strategy…")
        self.change_button.setToolTip("Pick a different strategy from the playbook")
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignTop)
        self.chosen = _label(name="muted")

        self.modelled_check = QCheckBox("&Modelled on")
        self.modelled_check.setToolTip(
            "Tick when you have modelled the strategy with the "
            "coachee (live, on video or by rehearsing it together)"
        )
        self.modelled_date = DateField()
        self.modelled_date.setAccessibleName("Date the strategy was modelled")
        self.modelled_date.setToolTip("When the strategy was modelled")
        self.modelled_hint = _label(name="muted")
        modelled = QHBoxLayout()
        modelled.addWidget(self.modelled_check)
        modelled.addWidget(self.modelled_date)
        modelled.addWidget(self.modelled_hint, 1)

        self.details_toggle = QToolButton()
        self.details_toggle.setObjectName("detailsToggle")
        self.details_toggle.setText("Purpose and when it is the wrong choice")
        self.details_toggle.setCheckable(True)
        self.details_toggle.setChecked(True)
        self.details_toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_toggle.setAutoRaise(True)
        self.details_toggle.setToolTip("Show or hide why the strategy works and when not to use it")
        self.purpose = _label()
        self.wrong_choice = _label()
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(22, 0, 0, 0)
        details_layout.addWidget(self.purpose)
        details_layout.addWidget(self.wrong_choice)

        self.progress = _label(name="sectionHeading")
        self.steps_box = QVBoxLayout()
        self.steps_box.setSpacing(0)
        self.look_fors = _label()
        self.look_fors.setTextFormat(Qt.TextFormat.RichText)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(heading)
        layout.addWidget(self.category)
        layout.addWidget(self.chosen)
        layout.addLayout(modelled)
        layout.addWidget(self.details_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)
        layout.addWidget(_rule())
        layout.addWidget(self.progress)
        layout.addLayout(self.steps_box)
        layout.addWidget(_rule())
        layout.addWidget(_label("Look-fors", "sectionHeading"))
        layout.addWidget(self.look_fors)
        layout.addStretch(1)
        return page

    def _connect_signals(self) -> None:
        self.empty_choose.clicked.connect(self.choose_strategy_requested)
        self.change_button.clicked.connect(self.choose_strategy_requested)
        self.modelled_check.clicked.connect(self._on_modelled_check_clicked)
        self.modelled_date.edited.connect(self._on_modelled_date_edited)
        self.details_toggle.toggled.connect(self._on_details_toggle_toggled)
        self._ctx.changed.connect(self._on_ctx_changed)
        self._ctx.cycle_selected.connect(lambda _cycle_id: self.refresh())

    # -- data --------------------------------------------------------------------------------

    def cycle_strategy(self) -> CycleStrategy | None:
        return self._strategy

    def refresh(self) -> None:
        cycle_id = self._ctx.cycle_id
        try:
            strategy = (
                self._ctx.services.cycles.dossier(cycle_id).strategy
                if cycle_id is not None
                else None
            )
        except NotFoundError:
            strategy = None
        self._strategy = strategy
        if strategy is None:
            self._show_empty(cycle_id is not None)
            return
        self.stack.setCurrentIndex(CHOSEN)
        self._show_strategy(strategy)

    def _show_empty(self, has_cycle: bool) -> None:
        self.stack.setCurrentIndex(EMPTY)
        self.empty_choose.setVisible(has_cycle)
        self.empty.setText(
            "<b>No strategy chosen for this cycle yet.</b><br>Choose one from the playbook, "
            "model it with your coachee, then log their practice here step by step."
            if has_cycle
            else "Select a coachee’s cycle to see its strategy."
        )

    def _show_strategy(self, chosen: CycleStrategy) -> None:
        strategy, today = chosen.strategy, self._ctx.today()
        self.title.setText(strategy.title)
        self.category.setText(strategy.category.label)
        self.chosen.setText(f"Chosen {long_date(chosen.chosen_on)}")
        self.change_button.setText("&Change strategy…")
        self.modelled_check.setChecked(chosen.modelled_on is not None)
        self.modelled_date.setEnabled(chosen.modelled_on is not None)
        self.modelled_date.load(chosen.modelled_on or today)
        self.modelled_hint.setText(
            "" if chosen.modelled_on else "Model it before the coachee practises it in class."
        )
        self.purpose.setText(f"<b>Why it works.</b> {escape(strategy.purpose or '—')}")
        self.wrong_choice.setText(
            f"<b>Wrong choice when…</b> {escape(strategy.wrong_choice_when or '—')}"
        )
        self._show_steps(chosen, today)
        items = "".join(f"<li>{escape(text)}</li>" for text in strategy.look_fors)
        self.look_fors.setText(
            f"<ul style='margin-left:-20px'>{items}</ul>"
            if items
            else "<i>This strategy lists no look-fors.</i>"
        )

    def _show_steps(self, chosen: CycleStrategy, today: dt.date) -> None:
        steps = chosen.strategy.steps
        if [row.text.text() for row in self.step_rows] != list(steps):
            for row in self.step_rows:
                row.hide()
                row.deleteLater()
            self.step_rows = [StepRow(i, text) for i, text in enumerate(steps)]
            for row in self.step_rows:
                row.practised_today_toggled.connect(self._on_step_practised_today_toggled)
                row.date_removed.connect(self._on_step_date_removed)
                self.steps_box.addWidget(row)
        for row in self.step_rows:
            row.show_practice(chosen.practised_dates(row.index), today)
        self.practice_checklist.show()  # rehearsals, secure badges, smaller steps
        done = sum(1 for row in self.step_rows if row.dates)
        self.progress.setText(
            f"Steps — {done} of {len(steps)} practised"
            if steps
            else "This strategy has no steps yet."
        )

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.CYCLE, Entity.STRATEGY) and (
            changes.cycle_id is None or changes.cycle_id == self._ctx.cycle_id
        ):
            self.refresh()

    def _on_details_toggle_toggled(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _on_modelled_check_clicked(self, checked: bool) -> None:
        self.set_modelled(self.modelled_date.value() if checked else None)

    def _on_modelled_date_edited(self) -> None:
        if self.modelled_check.isChecked():
            self.set_modelled(self.modelled_date.value())

    def _on_step_practised_today_toggled(self, step_index: int, practised: bool) -> None:
        self.set_practised(step_index, self._ctx.today(), practised)

    def _on_step_date_removed(self, step_index: int, day: dt.date) -> None:
        self.set_practised(step_index, day, False)

    # -- operations --------------------------------------------------------------------------

    def set_modelled(self, on: dt.date | None) -> None:
        """Record the date the strategy was modelled (None: not modelled yet)."""
        chosen, cycle_id = self._strategy, self._ctx.cycle_id
        if chosen is None or cycle_id is None or chosen.modelled_on == on:
            self.refresh()
            return
        before, cycles = chosen.modelled_on, self._ctx.services.cycles
        text = f"Modelled on {on.day} {on:%b}" if on else "Clear modelled date"
        if (
            self._ctx.do(
                text,
                lambda: cycles.set_modelled(cycle_id, on),
                lambda: cycles.set_modelled(cycle_id, before),
            )
            is None
        ):
            self.refresh()  # show what is really stored

    def set_practised(self, step_index: int, on: dt.date, practised: bool = True) -> None:
        """Log (or take back) that a step was practised on a date."""
        chosen, cycle_id = self._strategy, self._ctx.cycle_id
        if chosen is None or cycle_id is None:
            return
        if (on in chosen.practised_dates(step_index)) == practised:
            self.refresh()
            return
        cycles = self._ctx.services.cycles
        verb = "Log practice of" if practised else "Remove practice of"
        if (
            self._ctx.do(
                f"{verb} step {step_index + 1}",
                lambda: cycles.set_practised(cycle_id, step_index, on, practised),
                lambda: cycles.set_practised(cycle_id, step_index, on, not practised),
            )
            is None
        ):
            self.refresh()

    def toggle_practised_today(self, step_index: int) -> None:
        chosen = self._strategy
        if chosen is not None:
            today = self._ctx.today()
            self.set_practised(step_index, today, today not in chosen.practised_dates(step_index))


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
