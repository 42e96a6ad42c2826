"""Deliberate practice in a session: pick a step, type the feedback after each round, press Enter.

Each round goes to the rehearsal of the picked step in this session (started on the first
round). "Secure now" says the step is secure after this rehearsal. Everything is undoable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.practice import PracticeProgress, Rehearsal
from coachdesk.core.services import Services
from coachdesk.core.sessions import CoachingSession
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.rehearsal_list_model import RehearsalListModel, StepKey

LOG_STYLE = """
QLabel#rehearsalHint { color: palette(dark); }
QCheckBox#secureNow:checked { color: #00695c; font-weight: bold; }
"""


def restore_session(
    services: Services, session: CoachingSession, rehearsals: Sequence[Rehearsal]
) -> Changed[CoachingSession]:
    """Undo of deleting a session: put it back with its actions and its rehearsals."""
    restored = services.sessions.restore(session)
    changes = restored.changes
    for rehearsal in rehearsals:
        changes = changes | services.practice.restore_rehearsal(rehearsal).changes
    return Changed(restored.value, changes)


class RehearsalLog(QWidget):
    """The rehearsals of one session: which step, each round's feedback, secure or not."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._session: CoachingSession | None = None
        self._progress: PracticeProgress | None = None
        self.model = RehearsalListModel()
        self._keys: list[StepKey] = []  # (step index, smaller step id) of each item of the combo
        self._build_ui()
        self._connect_signals()
        self.show_session(None)

    def _build_ui(self) -> None:
        self.setStyleSheet(LOG_STYLE)
        self.step = QComboBox()
        self.step.setAccessibleName("Step to rehearse")
        self.step.setToolTip("The step (or smaller step) of the cycle's strategy being rehearsed")
        self.step.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.step.setMinimumContentsLength(24)
        self.step.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.hint = QLabel()
        self.hint.setObjectName("rehearsalHint")
        self.hint.setWordWrap(True)

        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Rehearsals in this session")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setFixedWidth(250)

        self.rounds = QTableWidget(0, 2)
        self.rounds.setAccessibleName("Rounds and the feedback after each")
        self.rounds.setHorizontalHeaderLabels(["Round", "Feedback after it"])
        self.rounds.verticalHeader().hide()
        self.rounds.setShowGrid(False)
        self.rounds.setWordWrap(True)
        self.rounds.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rounds.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rounds.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.rounds.setToolTip("Double-click feedback to change it; Del removes a round")
        header = self.rounds.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.feedback = QLineEdit()
        self.feedback.setAccessibleName("Feedback after the round")
        self.feedback.setToolTip(
            "Type the feedback you gave after the round and press Enter to log the round "
            "(Enter on an empty line logs a round without feedback)"
        )
        self.add_round_button = QPushButton("Add &round")
        self.add_round_button.setToolTip("Log a round of the picked step with this feedback")
        self.secure = QCheckBox("&Secure now")
        self.secure.setObjectName("secureNow")
        self.secure.setToolTip("Tick when the teacher does the step fluently: it is secure")
        self.delete_button = QPushButton("Delete rehearsal")
        self.delete_button.setToolTip("Delete the selected rehearsal; Undo brings it back")

        pick = QHBoxLayout()
        heading = QLabel("<b>Rehearsal</b>")
        heading.setObjectName("fieldHeading")
        pick.addWidget(heading)
        step_label = QLabel("S&tep")
        step_label.setBuddy(self.step)
        pick.addWidget(step_label)
        pick.addWidget(self.step, 1)
        entry = QHBoxLayout()
        entry.addWidget(self.feedback, 1)
        entry.addWidget(self.add_round_button)
        entry.addWidget(self.secure)
        entry.addWidget(self.delete_button)
        entry.setContentsMargins(0, 0, 0, 0)
        self.entry = QWidget()  # shown whenever there is a step to rehearse
        self.entry.setLayout(entry)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.list)
        body.addWidget(self.rounds, 1)
        self.body = QWidget()  # shown once the session has a rehearsal
        self.body.setLayout(body)
        self.body.setMinimumHeight(120)
        self.body.setMaximumHeight(190)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(pick)
        layout.addWidget(self.hint)
        layout.addWidget(self.body)
        layout.addWidget(self.entry)

    def _connect_signals(self) -> None:
        self.step.activated.connect(lambda _i: self._on_step_activated())
        self.list.selectionModel().currentChanged.connect(
            lambda _current, _previous: self._show_selected()
        )
        self.feedback.returnPressed.connect(self._on_add_round_clicked)
        self.add_round_button.clicked.connect(self._on_add_round_clicked)
        self.secure.clicked.connect(self._on_secure_clicked)
        self.delete_button.clicked.connect(lambda: self.delete_rehearsal())
        self.rounds.itemChanged.connect(self._on_rounds_item_changed)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.rounds)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self._on_delete_round)
        list_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        list_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        list_shortcut.activated.connect(lambda: self.delete_rehearsal())
        self._ctx.changed.connect(self._on_ctx_changed)

    # -- showing -----------------------------------------------------------------------------

    def show_session(self, session: CoachingSession | None) -> None:
        """Show the rehearsals of ``session`` and the steps of its cycle's strategy."""
        fresh = session is None or self._session is None or session.id != self._session.id
        self._session = session
        self.reload(select_last=fresh)

    def reload(self, *, select_last: bool = False) -> None:
        """Show what is stored, keeping the picked step and the selected rehearsal."""
        session, practice = self._session, self._ctx.services.practice
        kept = self.selected_rehearsal()
        self._progress = None
        rehearsals: list[Rehearsal] = []
        problem = ""
        if session is not None:
            try:
                self._progress = practice.progress(session.cycle_id)
                rehearsals = practice.rehearsals(session.id)
            except CoachDeskError as exc:
                problem = str(exc)
        self._fill_steps()
        self.model.set_rehearsals(rehearsals, self._names())
        ready = self._progress is not None and bool(self._progress.steps)
        self.setEnabled(session is not None)
        self.body.setVisible(ready and bool(rehearsals))
        self.entry.setVisible(ready)
        self.step.setEnabled(ready)
        if session is None:
            self.hint.setText("")
        elif not ready:
            self.hint.setText(
                problem
                or "The cycle's strategy has no steps to rehearse; add steps in the playbook."
            )
        elif not rehearsals:
            self.hint.setText(
                "Pick the step you rehearse together, then after each round type your feedback "
                "and press Enter."
            )
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        if select_last and rehearsals:
            self.select_rehearsal(rehearsals[-1].id)
        elif kept is not None and self.model.row_of(kept.id) >= 0:
            self.select_rehearsal(kept.id)
        else:
            self._select_picked()

    def _names(self) -> dict[StepKey, tuple[str, str]]:
        names: dict[StepKey, tuple[str, str]] = {}
        for step in self._progress.steps if self._progress else ():
            names[(step.index, None)] = (str(step.index + 1), step.text)
            for small in step.smaller:
                names[(step.index, small.step.id)] = (small.label, small.step.text)
        return names

    def _fill_steps(self) -> None:
        current = self.picked_step()
        self.step.clear()
        self._keys = list(self._names())
        for (_index, split_id), (number, words) in self._names().items():
            indent = "      " if split_id is not None else ""
            self.step.addItem(f"{indent}{number}. {words}")
            self.step.setItemData(self.step.count() - 1, words, Qt.ItemDataRole.ToolTipRole)
        self.step.setCurrentIndex(max(self._find(current), 0))

    def _find(self, key: StepKey | None) -> int:
        return self._keys.index(key) if key in self._keys else -1

    def picked_step(self) -> StepKey | None:
        at = self.step.currentIndex()
        return self._keys[at] if 0 <= at < len(self._keys) else None

    def pick_step(self, step_index: int, split_id: int | None = None) -> None:
        at = self._find((step_index, split_id))
        if at >= 0:
            self.step.setCurrentIndex(at)
            self._on_step_activated()

    def selected_rehearsal(self) -> Rehearsal | None:
        return self.model.rehearsal_at(self.list.currentIndex())

    def select_rehearsal(self, rehearsal_id: int) -> None:
        row = self.model.row_of(rehearsal_id)
        if row >= 0:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._show_selected()

    def _show_selected(self) -> None:
        rehearsal = self.selected_rehearsal()
        if rehearsal is not None:
            at = self._find((rehearsal.step_index, rehearsal.split_id))
            if at >= 0:
                self.step.setCurrentIndex(at)
        rounds = rehearsal.rounds if rehearsal else ()
        self.rounds.blockSignals(True)
        self.rounds.setRowCount(len(rounds))
        for row, text in enumerate(rounds):
            number = QTableWidgetItem(str(row + 1))
            number.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            number.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            feedback = QTableWidgetItem(text)
            feedback.setToolTip(text)
            self.rounds.setItem(row, 0, number)
            self.rounds.setItem(row, 1, feedback)
        self.rounds.blockSignals(False)
        self.rounds.resizeRowsToContents()
        if rounds:
            self.rounds.scrollToBottom()
        self.secure.setEnabled(rehearsal is not None)
        self.secure.setChecked(bool(rehearsal and rehearsal.secure))
        self.delete_button.setEnabled(rehearsal is not None)
        self.feedback.setPlaceholderText(
            f"Feedback after round {len(rounds) + 1} — press Enter to log the round"
        )

    def _on_step_activated(self) -> None:
        self._select_picked()
        self.feedback.setFocus()

    def _select_picked(self) -> None:
        """Show this session's rehearsal of the picked step (the latest), or none yet."""
        key = self.picked_step()
        rows = [
            i
            for i in range(self.model.rowCount())
            if (r := self.model.rehearsal_at(self.model.index(i))) is not None
            and (r.step_index, r.split_id) == key
        ]
        if rows:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(rows[-1]), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        else:
            self.list.selectionModel().clear()
            self.list.setCurrentIndex(self.model.index(-1))
        self._show_selected()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if self._session is None:
            return
        if changes.touches(
            Entity.REHEARSAL, Entity.CYCLE, Entity.STRATEGY, Entity.SESSION
        ) and changes.cycle_id in (None, self._session.cycle_id):
            self.reload()

    def _on_add_round_clicked(self) -> None:
        if self.add_round(self.feedback.text()) is not None:
            self.feedback.clear()

    def _on_secure_clicked(self, checked: bool) -> None:
        rehearsal = self.selected_rehearsal()
        if rehearsal is not None:
            self.save(rehearsal, replace(rehearsal, secure=checked))

    def _on_rounds_item_changed(self, item: QTableWidgetItem) -> None:
        rehearsal = self.selected_rehearsal()
        if rehearsal is None or item.column() != 1 or not 0 <= item.row() < rehearsal.round_count:
            return
        rounds = list(rehearsal.rounds)
        rounds[item.row()] = item.text()
        self.save(rehearsal, replace(rehearsal, rounds=tuple(rounds)))

    def _on_delete_round(self) -> None:
        row = self.rounds.currentRow()
        if row >= 0:
            self.delete_round(row)

    # -- operations --------------------------------------------------------------------------

    def start_rehearsal(self) -> Rehearsal | None:
        """Start rehearsing the picked step in the shown session (undoably)."""
        key, session = self.picked_step(), self._session
        if key is None or session is None:
            return None
        step_index, split_id = key
        services = self._ctx.services
        practice, cycles, cycle_id = services.practice, services.cycles, session.cycle_id
        try:
            strategy = cycles.dossier(cycle_id).strategy
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return None
        new_date = strategy is not None and session.held_on not in strategy.practised_dates(
            step_index
        )
        added = self._ctx.run(lambda: practice.add_rehearsal(session.id, step_index, split_id))
        if added is None:
            return None

        def undo() -> Changed[object]:
            deleted = practice.delete_rehearsal(added.id)
            if not new_date:
                return Changed(deleted.value, deleted.changes)
            unmarked = cycles.set_practised(cycle_id, step_index, session.held_on, False)
            return Changed(deleted.value, deleted.changes | unmarked.changes)

        self._ctx.push_done(
            f"Rehearse step {self.model.name(added)[0]}",
            lambda: practice.restore_rehearsal(added),
            undo,
        )
        self.select_rehearsal(added.id)
        return added

    def add_round(self, feedback: str) -> Rehearsal | None:
        """Log a round of the picked step with the feedback after it (one undoable edit)."""
        if self._session is None or self.picked_step() is None:
            return None
        stack = self._ctx.undo_stack
        stack.beginMacro("Add round")
        try:
            rehearsal = self.selected_rehearsal()
            if (
                rehearsal is None
                or (rehearsal.step_index, rehearsal.split_id) != self.picked_step()
            ):
                rehearsal = self.start_rehearsal()
            if rehearsal is None:
                return None
            practice, before = self._ctx.services.practice, rehearsal
            after = self._ctx.run(lambda: practice.add_round(before.id, feedback))
            if after is not None:
                self._ctx.push_done(
                    f"Add round {after.round_count} of step {self.model.name(after)[0]}",
                    lambda: practice.save_rehearsal(after),
                    lambda: practice.save_rehearsal(before),
                )
            return after
        finally:
            stack.endMacro()

    def save(self, before: Rehearsal, after: Rehearsal) -> Rehearsal | None:
        practice = self._ctx.services.practice
        number = self.model.name(before)[0]
        if after.secure != before.secure:
            text = f"Mark step {number} {'secure' if after.secure else 'not yet secure'}"
        else:
            text = f"Edit rounds of step {number}"
        saved = self._ctx.do(
            text, lambda: practice.save_rehearsal(after), lambda: practice.save_rehearsal(before)
        )
        if saved is None:
            self.reload()  # refused: show what is stored
        return saved

    def delete_round(self, row: int) -> Rehearsal | None:
        rehearsal = self.selected_rehearsal()
        if rehearsal is None or not 0 <= row < rehearsal.round_count:
            return None
        rounds = rehearsal.rounds[:row] + rehearsal.rounds[row + 1 :]
        return self.save(rehearsal, replace(rehearsal, rounds=rounds))

    def delete_rehearsal(self, rehearsal_id: int | None = None) -> None:
        """Delete a rehearsal (default: the selected one); Undo puts it back with its rounds."""
        rehearsal = (
            self.selected_rehearsal()
            if rehearsal_id is None
            else self.model.rehearsal_at(self.model.index(self.model.row_of(rehearsal_id)))
        )
        if rehearsal is None:
            return
        practice = self._ctx.services.practice
        self._ctx.do(
            f"Delete rehearsal of step {self.model.name(rehearsal)[0]}",
            lambda: practice.delete_rehearsal(rehearsal.id),
            lambda: practice.restore_rehearsal(rehearsal),
        )
