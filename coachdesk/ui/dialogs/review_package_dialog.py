"""Make a review package for the coachee: a folder (and .zip) with the video and an index.html."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from coachdesk.core.clips import Clip
from coachdesk.core.jobs import CancelToken
from coachdesk.export.review_package import PackageResult, package_for_clip, unique_folder
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.excerpt_dialog import ClipExportDialog
from coachdesk.ui.dialogs.excerpt_parts import Chosen
from coachdesk.ui.excerpt_jobs import package_work
from coachdesk.ui.widgets.labels import small
from coachdesk.video.excerpts import Span
from coachdesk.video.privacy import PrivacyOptions


class ReviewPackageDialog(ClipExportDialog):
    """Choose the whole clip or some moments, what to blur, and where the package goes.

    Public: ``chooser``, ``privacy``, ``name_edit``, ``zip_box``, ``folder_edit``,
    ``start(chosen, folder, privacy)`` and the ``saved(PackageResult)`` signal.
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
        super().__init__(
            ctx, clip, parent, selected_tag_ids=selected_tag_ids, span=span, allow_whole=True
        )
        self.base, self.package_tags, self.package_types = package_for_clip(
            ctx.services, clip, ctx.today()
        )
        if not selected_tag_ids and span is None:
            self.chooser.whole_radio.setChecked(True)
        self.setWindowTitle(f"Make a review package — {self.base.coachee.name}")
        self.go_button.setText("&Make package")
        self.go_button.setAccessibleName("Make the review package")
        self.go_button.setToolTip("Write the folder (and .zip) for the coachee")
        day = self.base.observed_on
        when = f" – {day.day} {day:%b %Y}" if day else ""
        self.name_edit = QLineEdit(f"Lesson review – {self.base.coachee.name}{when}")
        self.name_edit.setAccessibleName("Package name")
        self.name_edit.setToolTip("The name of the folder (and of the .zip)")
        self.zip_box = QCheckBox("Also make a .&zip (one file for email or a USB stick)")
        self.zip_box.setChecked(True)
        self.zip_box.setAccessibleName("Also make a zip file")
        self.zip_box.setToolTip("A .zip of the folder, beside it")
        box = QGroupBox("Package")
        form = QFormLayout(box)
        form.addRow("&Name", self.name_edit)
        form.addRow(self.zip_box)
        shows = "the goal" if self.base.goal and self.base.goal.text.strip() else "no goal yet"
        count = len(self.base.actions)
        form.addRow(
            small(
                QLabel(
                    f"The page shows the video, the tagged moments (a click plays each one), "
                    f"{shows} and {count} agreed action{'s' if count != 1 else ''}. It works "
                    "offline in any browser."
                )
            )
        )
        self.left.addWidget(box)

    def _work(
        self, chosen: list[Chosen], folder: Path, privacy: PrivacyOptions | None
    ) -> tuple[Callable[[CancelToken], Any], str]:
        source = Path(self.clip.path)
        target = unique_folder(folder, self.name_edit.text())
        base, tags, types = self.base, self.package_tags, self.package_types
        make_zip = self.zip_box.isChecked()

        def work(token: CancelToken) -> Any:
            return package_work(source, chosen, privacy, base, tags, types, target, make_zip, token)

        return work, "Making the review package"

    def _saved_message(self, result: object) -> tuple[str, Path]:
        assert isinstance(result, PackageResult)
        also = f" and {result.zip_path.name}" if result.zip_path is not None else ""
        return f"Saved the review package to {result.folder}{also}", result.folder.parent
