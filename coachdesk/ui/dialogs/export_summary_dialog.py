"""Preview a session summary, leave items out, and save it as HTML or PDF."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.clips import Clip
from coachdesk.core.cycles import CycleDossier
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.jobs import CancelToken, Job
from coachdesk.core.tags import Tag
from coachdesk.export.gather import default_evidence, gather_summary, with_thumbnails
from coachdesk.export.summary import PART_LABELS, SummaryData, SummaryParts, render_summary_html
from coachdesk.ui import jobs
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.export_runner import ExportRunner, ask_save_path, run_in_pool
from coachdesk.ui.export_jobs import (
    cached_pictures,
    moment_pictures,
    summary_work,
    template_dirs,
)
from coachdesk.ui.widgets.labels import small

PREVIEW_DELAY_MS = 120  # coalesce a burst of ticks into one re-render


class ExportSummaryDialog(QDialog):
    """Shows the summary of one session of a cycle as it will be saved.

    Public: ``parts()``, ``observation_ids()``, ``session_id``, ``preview_html()``,
    ``save(path, fmt)`` (no file dialog; the buttons ask for the path first), and the
    ``saved(Path)`` signal.
    """

    saved = Signal(object)  # Path

    def __init__(
        self,
        ctx: UiContext,
        session_id: int | None = None,
        parent: QWidget | None = None,
        cycle_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._dossier: CycleDossier | None = None
        self._data: SummaryData | None = None
        self._pictures: dict[int, bytes] = {}
        self._picture_job: jobs.Job | None = None
        self._html = ""
        self.session_id: int | None = None
        self.part_boxes: dict[str, QCheckBox] = {}
        self.observation_boxes: dict[int, QCheckBox] = {}
        self.runner = ExportRunner(ctx, self)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(PREVIEW_DELAY_MS)
        self._build_ui()
        self._connect_signals()
        self._load(session_id, cycle_id if cycle_id is not None else ctx.cycle_id)

    # -- building --------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle("Export session summary")
        self.resize(1100, 760)
        self.session_combo = QComboBox()
        self.session_combo.setAccessibleName("Session")
        self.session_combo.setToolTip("The coaching conversation to summarise")
        top = QFormLayout()
        top.addRow("&Session", self.session_combo)

        self.parts_group = QGroupBox("Include")
        parts_layout = QVBoxLayout(self.parts_group)
        for name in SummaryParts.names():
            box = QCheckBox(PART_LABELS[name])
            box.setChecked(True)
            box.setAccessibleName(PART_LABELS[name])
            box.setToolTip(f"Untick to leave “{PART_LABELS[name].lower()}” out of the summary")
            self.part_boxes[name] = box
            parts_layout.addWidget(box)
        self.part_boxes["thumbnails"].setToolTip(
            "Pictures of the tagged moments may show students; untick to leave them out"
        )
        self.evidence_group = QGroupBox("Evidence from")
        self.evidence_layout = QVBoxLayout(self.evidence_group)
        self.no_evidence = small(QLabel("No observations in this cycle yet."))
        self.evidence_layout.addWidget(self.no_evidence)
        self.status = small(QLabel())
        self.status.setAccessibleName("Export status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        side = QWidget()
        side.setMaximumWidth(380)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.parts_group)
        side_layout.addWidget(self.evidence_group)
        side_layout.addStretch(1)
        side_layout.addWidget(self.status)

        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Summary preview")
        self.preview.setOpenLinks(False)
        self.preview.setOpenExternalLinks(False)
        self.preview.setMinimumWidth(660)  # the progress chart is 600 px wide
        # Tables of width 100% come out a pixel wider than the viewport: no scroll bar for that.
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 780])
        self.preview.document().setDocumentMargin(18)

        self.html_button = QPushButton("Save as &HTML…")
        self.html_button.setToolTip("One web page with everything inside; opens in any browser")
        self.pdf_button = QPushButton("Save as &PDF…")
        self.pdf_button.setToolTip("An A4 document to print or send")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.html_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.session_combo.currentIndexChanged.connect(self._on_session_combo_changed)
        for box in self.part_boxes.values():
            box.toggled.connect(self._on_part_toggled)
        self._render_timer.timeout.connect(self.refresh_preview)
        self.html_button.clicked.connect(partial(self._on_save_clicked, "html"))
        self.pdf_button.clicked.connect(partial(self._on_save_clicked, "pdf"))
        self.buttons.rejected.connect(self.reject)
        self.runner.saved.connect(self._on_runner_saved)
        self.runner.failed.connect(self._on_runner_failed)

    # -- loading ---------------------------------------------------------------------------

    def _load(self, session_id: int | None, cycle_id: int | None) -> None:
        services = self._ctx.services
        try:
            if session_id is not None:
                cycle_id = services.sessions.get(session_id).cycle_id
            self._dossier = services.cycles.dossier(cycle_id) if cycle_id is not None else None
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            self._dossier = None
        found = self._dossier.sessions if self._dossier else ()
        sessions = sorted(found, key=lambda s: (s.held_on, s.id), reverse=True)
        self.session_combo.blockSignals(True)
        for session in sessions:
            self.session_combo.addItem(
                f"{session.held_on:%a} {session.held_on.day} {session.held_on:%b %Y} · "
                f"{session.kind.label}",
                session.id,
            )
        self.session_combo.blockSignals(False)
        if not sessions:
            self._show_empty()
            return
        index = self.session_combo.findData(session_id) if session_id is not None else 0
        self.session_combo.setCurrentIndex(max(index, 0))
        self._select_session(int(self.session_combo.currentData()))

    def _show_empty(self) -> None:
        self.session_id = None
        for widget in (self.html_button, self.pdf_button, self.parts_group, self.evidence_group):
            widget.setEnabled(False)
        self.preview.setHtml(
            "<p>No coaching sessions in this cycle yet — add one under Sessions, then export "
            "its summary.</p>"
        )

    def _select_session(self, session_id: int) -> None:
        assert self._dossier is not None
        self.session_id = session_id
        for box in self.observation_boxes.values():
            self.evidence_layout.removeWidget(box)
            box.deleteLater()
        self.observation_boxes.clear()
        chosen = {o.id for o in default_evidence(self._dossier, session_id)}
        observations = sorted(self._dossier.observations, key=lambda o: (o.observed_on, o.id))
        self.no_evidence.setVisible(not observations)
        for observation in observations:
            day = observation.observed_on
            text = f"{day.day} {day:%b} · {observation.mode.label}"
            context = observation.context.strip()
            if context:
                text += f" · {context[:28]}…" if len(context) > 30 else f" · {context}"
            box = QCheckBox(text)
            box.setAccessibleName(f"Evidence from the observation on {day:%d %B %Y}")
            box.setToolTip(
                f"Include the tagged moments and notes of {day:%d %B}: {observation.context}"
            )
            box.setChecked(observation.id in chosen)
            box.toggled.connect(self._on_observation_toggled)
            self.observation_boxes[observation.id] = box
            self.evidence_layout.addWidget(box)
        self._gather()

    def _gather(self) -> None:
        if self.session_id is None:
            return
        try:
            data = gather_summary(
                self._ctx.services, self.session_id, self.observation_ids(), self._ctx.today()
            )
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return
        moments = data.tagged_moments()
        self._pictures.update(cached_pictures(self._ctx.services.data_dir, moments))
        self._data = data
        self.refresh_preview()
        missing = [(c, t) for c, t in moments if t.id not in self._pictures]
        if missing and self.part_boxes["thumbnails"].isChecked():
            self._make_pictures(missing)

    def _make_pictures(self, missing: list[tuple[Clip, Tag]]) -> None:
        if self._picture_job is not None and not self._picture_job.done:
            self._picture_job.cancel()
        data_dir = self._ctx.services.data_dir

        def work(token: CancelToken) -> Job[dict[int, bytes]]:
            return moment_pictures(data_dir, missing, token)

        self.status.setText(f"Making pictures of {len(missing)} tagged moments…")
        job = jobs.Job(work, self)
        job.finished.connect(self._on_pictures_finished)
        job.failed.connect(self.status.setText)
        self._picture_job = job
        run_in_pool(job)

    # -- public ----------------------------------------------------------------------------

    @property
    def pictures_pending(self) -> bool:
        return self._picture_job is not None and not self._picture_job.done

    def done(self, result: int) -> None:
        """Close; pictures still being made are abandoned (a save in progress carries on)."""
        if self._picture_job is not None:
            self._picture_job.cancel()
        super().done(result)

    def parts(self) -> SummaryParts:
        return SummaryParts(**{name: box.isChecked() for name, box in self.part_boxes.items()})

    def observation_ids(self) -> list[int]:
        return [oid for oid, box in self.observation_boxes.items() if box.isChecked()]

    def summary_data(self) -> SummaryData | None:
        """Return what the summary shows now, with the pictures made so far."""
        return with_thumbnails(self._data, self._pictures) if self._data else None

    def preview_html(self) -> str:
        return self._html

    def refresh_preview(self) -> None:
        data = self.summary_data()
        if data is None:
            return
        self._html = render_summary_html(
            data, self.parts(), template_dirs(self._ctx.services.data_dir)
        )
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(self._html)
        self.preview.verticalScrollBar().setValue(scroll)

    def save(self, path: Path, fmt: str) -> jobs.Job | None:
        """Write the summary to ``path`` as "html" or "pdf" in the background."""
        data = self.summary_data()
        if data is None:
            return None
        parts, data_dir = self.parts(), self._ctx.services.data_dir
        self.status.setText("Saving…")

        def work(token: CancelToken) -> Job[Path]:
            return summary_work(data, parts, path, fmt, data_dir, token)

        return self.runner.start("Saving the session summary", work)

    def default_file_name(self) -> str:
        data = self._data
        if data is None:
            return "Coaching summary"
        return f"Coaching summary - {data.coachee.name} - {data.session.held_on.isoformat()}"

    # -- slots -----------------------------------------------------------------------------

    def _on_session_combo_changed(self, _index: int) -> None:
        session_id = self.session_combo.currentData()
        if session_id is not None:
            self._select_session(int(session_id))

    def _on_part_toggled(self, _checked: bool) -> None:
        self._render_timer.start()
        if self._data is not None and self.part_boxes["thumbnails"].isChecked():
            missing = [(c, t) for c, t in self._data.tagged_moments() if t.id not in self._pictures]
            if missing and (self._picture_job is None or self._picture_job.done):
                self._make_pictures(missing)

    def _on_observation_toggled(self, _checked: bool) -> None:
        self._gather()

    def _on_pictures_finished(self, pictures: Mapping[int, bytes]) -> None:
        self._pictures.update(pictures)
        self.status.setText("")
        self.refresh_preview()

    def _on_save_clicked(self, fmt: str) -> None:
        title = "Save the summary as a web page" if fmt == "html" else "Save the summary as PDF"
        path = ask_save_path(self, self._ctx, title, self.default_file_name(), fmt)
        if path is not None:
            self.save(path, fmt)

    def _on_runner_saved(self, path: Path) -> None:
        self.status.setText(f"Saved to {path}")
        self.saved.emit(path)

    def _on_runner_failed(self, message: str) -> None:
        self.status.setText(message)
