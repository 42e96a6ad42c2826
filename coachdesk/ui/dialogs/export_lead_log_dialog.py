"""Save a term's coaching-log file for the school's coaching lead."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.coaching_log_file import CoachingLogFile, suggested_file_name
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.lead_logs import term_label
from coachdesk.export.lead_log_file import gather_log_file, write_log_file
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.export_runner import export_folder, safe_file_name
from coachdesk.ui.widgets.labels import small

FILE_FILTER = "CoachDesk coaching log (*.coachlog.json *.json)"
SUFFIX = ".coachlog.json"
PRIVACY = (
    "The file names the colleagues you coach and when you met them. Give it only to your "
    "school's coaching lead, and delete your copy once it is handed over."
)


class ExportLeadLogDialog(QDialog):
    """Picks the term (the current one first) and writes the file in one step.

    Public: ``choose_term(year, term)``, ``term()``, ``set_coach_name(name)``, ``log()``,
    ``save(path)`` (no file dialog) and the ``saved(Path)`` signal.
    """

    saved = Signal(object)  # Path

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._build_ui()
        self._connect_signals()
        self._update()

    def _build_ui(self) -> None:
        self.setWindowTitle("Coaching-log file for the lead")
        settings = self._ctx.services.settings
        current = settings.calendar().term_of(self._ctx.today())
        self.name_edit = QLineEdit(settings.coach_name())
        self.name_edit.setPlaceholderText("How the lead knows you, e.g. Ruth Evans")
        self.name_edit.setAccessibleName("Your name")
        self.term_combo = QComboBox()
        self.term_combo.setAccessibleName("Term")
        for year in (current.year - 1, current.year):
            for term in (1, 2, 3):
                self.term_combo.addItem(term_label(year, term), f"{year}-{term}")
        self.term_combo.setCurrentIndex(
            self.term_combo.findData(f"{current.year}-{current.index + 1}")
        )
        form = QFormLayout()
        form.addRow("Your &name", self.name_edit)
        form.addRow("&Term", self.term_combo)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("What the file holds")
        privacy = small(QLabel(PRIVACY))
        self.status = small(QLabel())
        self.status.setAccessibleName("Export status")
        self.save_button = QPushButton("&Save…")
        self.save_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(privacy)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def _connect_signals(self) -> None:
        self.term_combo.currentIndexChanged.connect(self._on_term_combo_changed)
        self.name_edit.editingFinished.connect(self._on_name_edit_finished)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)

    # -- public ----------------------------------------------------------------------------

    def term(self) -> tuple[int, int]:
        year, term = str(self.term_combo.currentData()).split("-")
        return int(year), int(term)

    def choose_term(self, year: int, term: int) -> None:
        index = self.term_combo.findData(f"{year}-{term}")
        if index < 0:
            self.term_combo.addItem(term_label(year, term), f"{year}-{term}")
            index = self.term_combo.count() - 1
        self.term_combo.setCurrentIndex(index)

    def set_coach_name(self, name: str) -> None:
        self.name_edit.setText(name)
        self._on_name_edit_finished()

    def log(self) -> CoachingLogFile:
        return gather_log_file(self._ctx.services, *self.term())

    def save(self, path: Path) -> Path | None:
        """Write the chosen term's file to ``path``; return it, or None (the coach is told)."""
        self._on_name_edit_finished()
        try:
            written = write_log_file(self.log(), path)
        except CoachDeskError as exc:
            self.status.setText(str(exc))
            self._ctx.problem.emit(str(exc))
            return None
        self.status.setText(f"Saved to {written}. {PRIVACY.split('.')[0]}.")
        self._ctx.status.emit(f"Saved to {written}")
        self.saved.emit(written)
        return written

    # -- slots -----------------------------------------------------------------------------

    def _update(self) -> None:
        try:
            log = self.log()
        except CoachDeskError as exc:
            self.preview.setText(str(exc))
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(True)
        sessions = sum(not c.is_observation for c in log.contacts)
        observations = len(log.contacts) - sessions
        self.preview.setText(
            f"{log.term_label}: {len(log.cycles)} cycle{'s' * (len(log.cycles) != 1)}, "
            f"{sessions} session{'s' * (sessions != 1)} and {observations} "
            f"observation{'s' * (observations != 1)}, with {len(log.colleagues)} "
            f"colleague{'s' * (len(log.colleagues) != 1)} on your list."
        )

    def _on_term_combo_changed(self, _index: int) -> None:
        self._update()

    def _on_name_edit_finished(self) -> None:
        name = " ".join(self.name_edit.text().split())
        settings = self._ctx.services.settings
        if name and name != settings.coach_name():
            self._ctx.run(lambda: settings.put("coach_name", name))
        self._update()

    def _on_save_clicked(self) -> None:
        try:
            name = suggested_file_name(self.log())
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return
        start = export_folder(self._ctx) / safe_file_name(name)
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the coaching-log file", str(start), FILE_FILTER
        )
        if chosen:
            path = Path(chosen)
            if not path.name.lower().endswith(".json"):
                path = path.with_name(path.name + SUFFIX)
            self.save(path)
