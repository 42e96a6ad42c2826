"""The coaching lead's window: coaches' log files in, the school's term at a glance out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.files import MAX_FILE_BYTES
from coachdesk.core.lead_logs import LeadLogSummary, term_label
from coachdesk.core.school_overview import SchoolOverview
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.school_overview_models import (
    RowsTableModel,
    contacts_table,
    focus_table,
    gaps_table,
    goals_table,
    logs_table,
)
from coachdesk.ui.widgets.labels import heading, small

FILE_FILTER = "CoachDesk coaching logs (*.coachlog.json *.json);;All files (*)"


def read_log_bytes(path: Path) -> bytes:
    """Read a file to import, refusing one too large before reading it."""
    from coachdesk.core.errors import ImportFileError

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"It is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                "a coaching-log file is far smaller."
            )
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"It cannot be read: {exc.strerror or exc}.") from None


class SchoolOverviewWindow(QWidget):
    """Imported logs on the left; the chosen term's tables on the right.

    Public: ``import_paths(paths)`` (returns one message per file), ``choose_term(year, term)``,
    ``remove_selected()``, ``overview()``, and the models (``logs_model``, ``contacts_model``,
    ``problems_model``, ``strategies_model``, ``goals_model``, ``gaps_model``).
    """

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._ctx = ctx
        self._logs: list[LeadLogSummary] = []
        self._overview: SchoolOverview | None = None
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- building --------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle("School overview — CoachDesk")
        self.resize(1400, 860)
        self.open_button = QPushButton("&Open log files…")
        self.open_button.setToolTip("Import coaches' coaching-log files (choose several at once)")
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Remove the selected log from the overview")
        self.logs_model = RowsTableModel()
        self.logs_view = self._table(self.logs_model, "Imported logs", stretch_last=True)
        self.logs_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.messages = QListWidget()
        self.messages.setAccessibleName("What happened to each file")
        self.messages.setWordWrap(True)
        self.messages.setMaximumHeight(220)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        left_layout.addWidget(heading("Imported logs"))
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.logs_view, 1)
        left_layout.addWidget(small(QLabel("What happened to each file")))
        left_layout.addWidget(self.messages)
        left_layout.addWidget(
            small(
                QLabel(
                    "Nothing leaves this computer. The logs name colleagues: keep them to "
                    "yourself, and remove a coach's log when it is no longer needed."
                )
            )
        )

        self.term_combo = QComboBox()
        self.term_combo.setAccessibleName("Term")
        self.term_combo.setMinimumWidth(180)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("The term in numbers")
        self.contacts_model = RowsTableModel()
        self.problems_model = RowsTableModel()
        self.strategies_model = RowsTableModel()
        self.goals_model = RowsTableModel()
        self.gaps_model = RowsTableModel()
        right = QWidget()
        grid = QGridLayout(right)
        grid.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(heading("Term"))
        top.addWidget(self.term_combo)
        top.addWidget(self.summary, 1)
        grid.addLayout(top, 0, 0, 1, 2)
        sections = (
            ("Contacts per coach and half-term", self.contacts_model, 1, 0, 2),
            ("Persistent problems across the school", self.problems_model, 3, 0, 1),
            ("Strategies across the school", self.strategies_model, 3, 1, 1),
            ("Goals met", self.goals_model, 5, 0, 1),
            ("Entitlement gaps: colleagues with no cycle this term", self.gaps_model, 5, 1, 1),
        )
        for title, model, row, column, span in sections:
            grid.addWidget(heading(title), row, column, 1, span)
            view = self._table(model, title, stretch_last=model is self.gaps_model)
            grid.addWidget(view, row + 1, column, 1, span)
        for row, stretch in ((2, 2), (4, 3), (6, 3)):
            grid.setRowStretch(row, stretch)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _table(self, model: RowsTableModel, name: str, stretch_last: bool = False) -> QTableView:
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(Qt.ItemDataRole.UserRole)
        view = QTableView()
        view.setModel(proxy)
        view.setAccessibleName(name)
        view.setSortingEnabled(False)  # rows come in a meaningful order; totals stay last
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(stretch_last)  # only text: numbers stay by their heads
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        model.modelReset.connect(view.resizeColumnsToContents)
        return view

    def _connect_signals(self) -> None:
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.term_combo.currentIndexChanged.connect(self._on_term_combo_changed)
        self.logs_view.selectionModel().selectionChanged.connect(self._on_logs_selection_changed)
        self._ctx.changed.connect(self._on_ctx_changed)

    # -- public ----------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[Path]) -> list[str]:
        """Import each file; a bad one is refused with its reason and the others still go in."""
        service = self._ctx.services.lead_logs
        messages: list[str] = []
        changes = Changes.of()
        last: tuple[int, int] | None = None
        for path in paths:
            try:
                result = service.import_file(read_log_bytes(path))
            except CoachDeskError as exc:
                messages.append(f"✗ {path.name}: not imported. {exc}")
                continue
            changes = changes | result.changes
            last = (result.value.log.school_year, result.value.log.term)
            messages.append(f"✓ {path.name}: {result.value.message}")
        for message in reversed(messages):  # newest batch on top, in the order chosen
            self.messages.insertItem(0, message)
        if changes.entities:
            self._ctx.broadcast(changes)  # refreshes this window too
        if last is not None:
            self.choose_term(*last)
        return messages

    def choose_term(self, year: int, term: int) -> None:
        index = self.term_combo.findData(f"{year}-{term}")
        if index >= 0:
            self.term_combo.setCurrentIndex(index)

    def term(self) -> tuple[int, int] | None:
        data = self.term_combo.currentData()
        if not data:
            return None
        year, term = str(data).split("-")
        return int(year), int(term)

    def overview(self) -> SchoolOverview | None:
        return self._overview

    def remove_selected(self) -> LeadLogSummary | None:
        rows = self.logs_view.selectionModel().selectedRows()
        if not rows:
            return None
        log = self._logs[rows[0].row()]
        removed = self._ctx.run(lambda: self._ctx.services.lead_logs.remove(log.id))
        if removed is not None:
            self.messages.insertItem(
                0, f"{removed.coach_name}'s log for {removed.term_label} was removed."
            )
        return removed

    def refresh(self) -> None:
        try:
            self._logs = self._ctx.services.lead_logs.logs()
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return
        self.logs_model.set_table(logs_table(self._logs))
        self._fill_terms()
        self._show_term()
        self.remove_button.setEnabled(False)

    # -- helpers ---------------------------------------------------------------------------

    def _fill_terms(self) -> None:
        held = self.term()
        terms = sorted({(g.school_year, g.term) for g in self._logs}, reverse=True)
        self.term_combo.blockSignals(True)
        self.term_combo.clear()
        for year, term in terms:
            self.term_combo.addItem(term_label(year, term), f"{year}-{term}")
        calendar = self._ctx.services.settings.calendar()
        current = calendar.term_of(self._ctx.today())
        for wanted in (held, (current.year, current.index + 1)):
            if wanted in terms:
                self.term_combo.setCurrentIndex(terms.index(wanted))
                break
        self.term_combo.blockSignals(False)

    def _show_term(self) -> None:
        chosen = self.term()
        self._overview = None
        if chosen is not None:
            try:
                self._overview = self._ctx.services.lead_logs.overview(*chosen)
            except CoachDeskError as exc:
                self._ctx.problem.emit(str(exc))
        overview = self._overview
        if overview is None:
            self.summary.setText(
                "Open the coaching-log files your coaches exported "
                "(File ▸ Export ▸ Coaching-log file for the lead…) to see the term here."
            )
            for model in self._term_models():
                model.set_table(focus_table("", ()))
            return
        self.contacts_model.set_table(contacts_table(overview))
        self.problems_model.set_table(focus_table("Persistent problem", overview.problems))
        self.strategies_model.set_table(focus_table("Strategy", overview.strategies))
        self.goals_model.set_table(goals_table(overview))
        self.gaps_model.set_table(gaps_table(overview))
        total = overview.school.total
        coaches = len(overview.coaches)
        self.summary.setText(
            f"{coaches} coach{'es' * (coaches != 1)}, {overview.colleagues_in_cycles} "
            f"colleague{'s' * (overview.colleagues_in_cycles != 1)} in a cycle, "
            f"{total.contacts} contacts ({total.sessions} sessions, {total.minutes} minutes; "
            f"{total.observations} observations), {overview.goals_total.goal_met} "
            f"goal{'s' * (overview.goals_total.goal_met != 1)} met, {len(overview.gaps)} "
            f"colleague{'s' * (len(overview.gaps) != 1)} without a cycle."
        )

    def _term_models(self) -> tuple[RowsTableModel, ...]:
        return (
            self.contacts_model,
            self.problems_model,
            self.strategies_model,
            self.goals_model,
            self.gaps_model,
        )

    # -- slots -----------------------------------------------------------------------------

    def _on_open_button_clicked(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Open coaches' coaching-log files", str(Path.home()), FILE_FILTER
        )
        if names:
            self.import_paths(Path(name) for name in names)

    def _on_remove_button_clicked(self) -> None:
        self.remove_selected()

    def _on_term_combo_changed(self, _index: int) -> None:
        self._show_term()

    def _on_logs_selection_changed(self, *_args: object) -> None:
        self.remove_button.setEnabled(self.logs_view.selectionModel().hasSelection())

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.LEAD_LOG):
            self.refresh()
