"""Choose a period and save the coaching log as CSV (for a spreadsheet) or PDF (to print)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.errors import CoachDeskError
from coachdesk.core.jobs import CancelToken, Job
from coachdesk.export.coaching_log import (
    PERIOD_NAMES,
    CoachingLog,
    Period,
    custom_period,
    period_named,
)
from coachdesk.export.gather import gather_log
from coachdesk.ui import jobs
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.export_runner import ExportRunner, ask_save_path
from coachdesk.ui.export_jobs import log_work
from coachdesk.ui.widgets.labels import small

CUSTOM = "custom"
PERIOD_TITLES = {
    "this-half-term": "This &half-term",
    "this-term": "This &term",
    "this-year": "This school &year",
    CUSTOM: "&From",
}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ExportLogDialog(QDialog):
    """Picks the period (this half-term, term, year or custom dates) and the format.

    Public: ``choose_period(name)``, ``set_custom(start, end)``, ``period()``, ``fmt()``,
    ``log()``, ``save(path)`` (no file dialog), and the ``saved(Path)`` signal.
    """

    saved = Signal(object)  # Path

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.runner = ExportRunner(ctx, self)
        self.period_buttons: dict[str, QRadioButton] = {}
        self._build_ui()
        self._connect_signals()
        self.choose_period("this-half-term")

    def _build_ui(self) -> None:
        self.setWindowTitle("Export coaching log")
        calendar = self._ctx.services.settings.calendar()
        today = self._ctx.today()
        period_box = QGroupBox("Period")
        grid = QGridLayout(period_box)
        self.period_group = QButtonGroup(self)
        for row, name in enumerate((*PERIOD_NAMES, CUSTOM)):
            button = QRadioButton(PERIOD_TITLES[name])
            button.setAccessibleName(PERIOD_TITLES[name].replace("&", ""))
            self.period_group.addButton(button)
            self.period_buttons[name] = button
            grid.addWidget(button, row, 0)
            if name != CUSTOM:
                span = period_named(name, calendar, today)
                hint = small(QLabel(f"{span.label}: {_span_text(span)}"), wrap=False)
                button.setToolTip(f"Every contact from {_span_text(span)}")
                grid.addWidget(hint, row, 1, 1, 3)
        self.start_edit = self._date_edit("First day of the log", today.replace(day=1))
        self.end_edit = self._date_edit("Last day of the log", today)
        self.period_buttons[CUSTOM].setToolTip("Choose the first and last day yourself")
        grid.addWidget(self.start_edit, 3, 1)
        grid.addWidget(QLabel("to"), 3, 2)
        grid.addWidget(self.end_edit, 3, 3)

        format_box = QGroupBox("Format")
        format_layout = QVBoxLayout(format_box)
        self.csv_button = QRadioButton("&CSV — opens in Excel, LibreOffice or Google Sheets")
        self.csv_button.setAccessibleName("CSV")
        self.csv_button.setToolTip("One row per contact, for sorting, filtering and pivot tables")
        self.pdf_button = QRadioButton("&PDF — an A4 landscape document with totals")
        self.pdf_button.setAccessibleName("PDF")
        self.pdf_button.setToolTip("Ready to print or send to the coaching lead")
        self.csv_button.setChecked(True)
        format_layout.addWidget(self.csv_button)
        format_layout.addWidget(self.pdf_button)

        self.count_label = QLabel()
        self.count_label.setAccessibleName("Contacts in the period")
        self.status = small(QLabel())
        self.status.setAccessibleName("Export status")
        self.save_button = QPushButton("&Save…")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Choose where to save the log")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(period_box)
        layout.addWidget(format_box)
        layout.addWidget(self.count_label)
        layout.addWidget(self.status)
        bottom = QHBoxLayout()
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setToolTip(name)
        return edit

    def _connect_signals(self) -> None:
        self.period_group.buttonToggled.connect(self._on_period_group_toggled)
        self.start_edit.dateChanged.connect(self._on_dates_changed)
        self.end_edit.dateChanged.connect(self._on_dates_changed)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        self.runner.saved.connect(self._on_runner_saved)
        self.runner.failed.connect(self.status.setText)

    # -- public ----------------------------------------------------------------------------

    def choose_period(self, name: str) -> None:
        self.period_buttons[name].setChecked(True)
        self._update()

    def set_custom(self, start: dt.date, end: dt.date) -> None:
        self.start_edit.setDate(_qdate(start))
        self.end_edit.setDate(_qdate(end))
        self.choose_period(CUSTOM)

    def period(self) -> Period:
        """Return the chosen period; raises ValidationError for an end before the start."""
        name = next(n for n, b in self.period_buttons.items() if b.isChecked())
        if name == CUSTOM:
            return custom_period(_pydate(self.start_edit.date()), _pydate(self.end_edit.date()))
        return period_named(name, self._ctx.services.settings.calendar(), self._ctx.today())

    def fmt(self) -> str:
        return "pdf" if self.pdf_button.isChecked() else "csv"

    def log(self) -> CoachingLog:
        return gather_log(self._ctx.services, self.period(), self._ctx.today())

    def save(self, path: Path) -> jobs.Job | None:
        """Write the log for the chosen period to ``path`` in the chosen format."""
        try:
            log = self.log()
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return None
        fmt, data_dir = self.fmt(), self._ctx.services.data_dir
        self.status.setText("Saving…")

        def work(_token: CancelToken) -> Job[Path]:
            return log_work(log, path, fmt, data_dir)

        return self.runner.start("Saving the coaching log", work)

    # -- slots -----------------------------------------------------------------------------

    def _update(self) -> None:
        custom = self.period_buttons[CUSTOM].isChecked()
        self.start_edit.setEnabled(custom)
        self.end_edit.setEnabled(custom)
        try:
            log = self.log()
        except CoachDeskError as exc:
            self.count_label.setText(str(exc))
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(True)
        coachees = len({row.coachee for row in log.rows})
        if not log.rows:
            self.count_label.setText(
                "No sessions or observations in this period yet — the log will say so."
            )
            return
        self.count_label.setText(
            f"{len(log.rows)} contact{'s' * (len(log.rows) != 1)} with {coachees} "
            f"coachee{'s' * (coachees != 1)}: {log.total.sessions} sessions "
            f"({log.total.minutes} minutes) and {log.total.observations} observations."
        )

    def _on_period_group_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._update()

    def _on_dates_changed(self, _date: QDate) -> None:
        self._update()

    def _on_save_clicked(self) -> None:
        try:
            period = self.period()
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return
        path = ask_save_path(
            self, self._ctx, "Save the coaching log", f"Coaching log - {period.label}", self.fmt()
        )
        if path is not None:
            self.save(path)

    def _on_runner_saved(self, path: Path) -> None:
        self.status.setText(f"Saved to {path}")
        self.saved.emit(path)


def _span_text(period: Period) -> str:
    start, end = period.start, period.end
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
