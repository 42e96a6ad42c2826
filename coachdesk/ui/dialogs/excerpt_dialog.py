"""Export excerpts of a clip: MP4 files with sound, faces and drawn regions blurred if asked.

``ClipExportDialog`` is what this dialog and the review-package dialog share: choosing the
moments (or a stretch), the privacy panel with a still of the clip to draw on, the folder, and
running the work in the background with a progress dialog that can cancel.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.clips import Clip
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.jobs import CancelToken
from coachdesk.core.tags import TagType
from coachdesk.ui import jobs
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.excerpt_parts import Chosen, MomentChooser, PrivacyPanel
from coachdesk.ui.dialogs.export_runner import FOLDER_KEY, export_folder
from coachdesk.ui.dialogs.region_canvas import image_from_bgr
from coachdesk.ui.excerpt_jobs import excerpts_work
from coachdesk.ui.widgets.labels import small
from coachdesk.video.excerpts import Span
from coachdesk.video.privacy import PrivacyOptions

STILL_DELAY_MS = 300  # wait for the choice to settle before decoding another still


class ClipExportDialog(QDialog):
    """The parts both clip export dialogs share; subclasses add their options and ``_start``."""

    saved = Signal(object)  # what was written (list[Path] or PackageResult)

    def __init__(
        self,
        ctx: UiContext,
        clip: Clip,
        parent: QWidget | None = None,
        *,
        selected_tag_ids: Sequence[int] = (),
        span: Span | None = None,
        allow_whole: bool = False,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.clip = clip
        self.job: jobs.Job | None = None
        self._progress: QProgressDialog | None = None
        self._still_job: jobs.Job | None = None
        self._still_ms: int | None = None
        self.types: dict[int, TagType] = {
            t.id: t for s in ctx.services.tags.tag_sets() for t in s.types
        }
        self.tags = ctx.services.tags.tags(clip.id)
        self.chooser = MomentChooser(
            clip.path,
            clip.probe.duration_ms,
            self.tags,
            self.types,
            selected_tag_ids,
            span,
            allow_whole=allow_whole,
        )
        self.privacy = PrivacyPanel()
        self._still_timer = QTimer(self)
        self._still_timer.setSingleShot(True)
        self._still_timer.setInterval(STILL_DELAY_MS)
        self._build_common_ui()

    def _build_common_ui(self) -> None:
        self.resize(900, 640)
        self.folder_edit = QLineEdit(str(export_folder(self._ctx)))
        self.folder_edit.setAccessibleName("Save in folder")
        self.folder_edit.setToolTip("The folder the files are saved in")
        self.folder_button = QPushButton("C&hoose…")
        self.folder_button.setAccessibleName("Choose folder")
        self.folder_button.setToolTip("Choose the folder to save in")
        self.status = small(QLabel())
        self.status.setAccessibleName("Export status")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        close.setToolTip("Close without exporting (a running export is cancelled)")
        self.go_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.go_button.setDefault(True)
        what = QGroupBox("What to export")
        QVBoxLayout(what).addWidget(self.chooser)
        self.left = QVBoxLayout()
        self.left.addWidget(what, 1)
        columns = QHBoxLayout()
        columns.addLayout(self.left, 2)
        columns.addWidget(self.privacy, 3)
        folder_row = QHBoxLayout()
        label = QLabel("&Save in")
        label.setBuddy(self.folder_edit)
        folder_row.addWidget(label)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(folder_row)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.go_button.clicked.connect(self._on_go_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.chooser.changed.connect(self._still_timer.start)
        self._still_timer.timeout.connect(self.load_still)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._still_ms is None:
            self._still_timer.start()  # the first still: once the dialog is on screen

    # -- the still to draw regions on ----------------------------------------------------

    def load_still(self) -> jobs.Job | None:
        """Decode (in the background) the picture at the first chosen moment."""
        ms = self.chooser.still_ms()
        if ms == self._still_ms or (self._still_job is not None and not self._still_job.done):
            return None
        self._still_ms = ms
        path = Path(self.clip.path)

        def work(token: CancelToken) -> np.ndarray:
            from coachdesk.video.frames import frame_at

            return frame_at(path, ms)

        job = jobs.start(work, self._ctx)
        job.finished.connect(self._on_still_job_finished)
        job.failed.connect(self._on_still_job_failed)
        self._still_job = job
        return job

    def _on_still_job_finished(self, array: object) -> None:
        if isinstance(array, np.ndarray):
            self.privacy.canvas.set_image(image_from_bgr(array))
        if self.chooser.still_ms() != self._still_ms:
            self._still_timer.start()  # the choice moved on while decoding

    def _on_still_job_failed(self, message: str) -> None:
        self.privacy.canvas.set_image(None, f"No picture: {message}")

    # -- running ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.job is not None and not self.job.done

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip() or str(export_folder(self._ctx)))

    def privacy_options(self) -> PrivacyOptions | None:
        return self.privacy.options()

    def _on_folder_button_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Save in", str(self.folder()))
        if chosen:
            self.folder_edit.setText(chosen)

    def _on_go_button_clicked(self) -> None:
        try:
            chosen = self.chooser.chosen()
        except CoachDeskError as exc:
            self.status.setText(str(exc))
            return
        self.start(chosen, self.folder(), self.privacy_options())

    def start(
        self, chosen: Sequence[Chosen], folder: Path, privacy: PrivacyOptions | None
    ) -> jobs.Job | None:
        """Write ``chosen`` into ``folder`` in the background; None if busy or impossible."""
        if self.busy:
            return None
        if not folder.is_dir():
            self.status.setText(f"There is no folder {folder}: choose one that exists.")
            return None
        work, title = self._work(list(chosen), folder, privacy)
        job = jobs.start(work, self._ctx)  # the context outlives the dialog and its worker
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        self._progress = jobs.with_progress_dialog(job, self, title)
        self.job = job
        self.go_button.setEnabled(False)
        self.status.setText(f"{title}…")
        return job

    def _work(
        self, chosen: list[Chosen], folder: Path, privacy: PrivacyOptions | None
    ) -> tuple[Callable[[CancelToken], Any], str]:
        raise NotImplementedError

    def _saved_message(self, result: object) -> tuple[str, Path]:
        raise NotImplementedError

    def _release_progress(self) -> None:
        """Close the progress dialog and let it outlive this dialog.

        ``jobs.with_progress_dialog`` closes it once more, a moment after the job ends; by then
        this dialog may be gone (closed by the coach, or by a test), and its children with it.
        """
        if self._progress is not None:
            self._progress.close()
            self._progress.setParent(None)
            self._progress = None

    def _on_job_finished(self, result: object) -> None:
        self._release_progress()
        self.go_button.setEnabled(True)
        message, folder = self._saved_message(result)
        with contextlib.suppress(CoachDeskError):  # remembering the folder is a convenience
            self._ctx.services.settings.put(FOLDER_KEY, str(folder))
        self.status.setText(message)
        self._ctx.status.emit(message)
        self.saved.emit(result)
        self.accept()

    def _on_job_failed(self, message: str) -> None:
        self._release_progress()
        self.go_button.setEnabled(True)
        self.status.setText(message)
        self._ctx.problem.emit(message)

    def _on_job_cancelled(self) -> None:
        self._release_progress()
        self.go_button.setEnabled(True)
        self.status.setText("Cancelled: nothing was saved.")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy and self.job is not None:
            self.job.cancel()  # the worker stops at its next check and removes its files
        super().closeEvent(event)

    def reject(self) -> None:
        if self.busy and self.job is not None:
            self.job.cancel()
        super().reject()


class ExcerptDialog(ClipExportDialog):
    """Export tagged moments (each with its lead and lag) or a stretch of a clip as MP4.

    Public: ``chooser``, ``privacy``, ``folder_edit``, ``start(chosen, folder, privacy)`` (no
    dialog needed: tests and menus call it) and the ``saved(list[Path])`` signal.
    """

    def __init__(
        self,
        ctx: UiContext,
        clip: Clip,
        parent: QWidget | None = None,
        *,
        selected_tag_ids: Sequence[int] = (),
        span: Span | None = None,
    ) -> None:
        super().__init__(ctx, clip, parent, selected_tag_ids=selected_tag_ids, span=span)
        self.setWindowTitle(f"Export excerpts — {Path(clip.path).name}")
        self.go_button.setText("&Export")
        self.go_button.setAccessibleName("Export excerpts")
        self.go_button.setToolTip("Write the excerpts as MP4 files with sound")
        self.left.addWidget(
            small(
                QLabel(
                    "Each excerpt is an MP4 with sound that plays anywhere. Without blurring it "
                    "takes a moment; with blurring, about as long as it plays. The clip itself "
                    "is never changed."
                )
            )
        )

    def _work(
        self, chosen: list[Chosen], folder: Path, privacy: PrivacyOptions | None
    ) -> tuple[Callable[[CancelToken], Any], str]:
        source = Path(self.clip.path)

        def work(token: CancelToken) -> Any:
            return excerpts_work(source, chosen, folder, privacy, token)

        return work, "Exporting excerpts" if len(chosen) > 1 else "Exporting the excerpt"

    def _saved_message(self, result: object) -> tuple[str, Path]:
        paths = list(result) if isinstance(result, list) else []
        if len(paths) == 1:
            return f"Saved the excerpt to {paths[0]}", paths[0].parent
        folder = paths[0].parent if paths else self.folder()
        return f"Saved {len(paths)} excerpts to {folder}", folder
