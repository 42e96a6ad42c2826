"""What the excerpt and review-package dialogs share: choosing moments, and what to blur.

- ``MomentChooser``: tick tagged moments (each with its lead and lag), or give a stretch of
  the clip as M:SS–M:SS, or (for a review package) the whole clip.
- ``PrivacyPanel``: "Blur faces", and a still of the clip on which the coach drags rectangles
  (``RegionCanvas``) to blur for the whole excerpt — a whiteboard with names, a pupil who
  must not be shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.errors import CoachDeskError, ValidationError
from coachdesk.core.media_time import format_ms, parse_clock
from coachdesk.core.tags import Tag, TagType
from coachdesk.ui.dialogs.region_canvas import RegionCanvas
from coachdesk.ui.widgets.labels import small
from coachdesk.video.excerpts import Span, clamp_span, excerpt_name, span_for_tag
from coachdesk.video.privacy import PrivacyOptions

DEFAULT_RANGE_MS = 30_000


class PrivacyPanel(QGroupBox):
    """Blur faces, and regions drawn on a still of the clip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Privacy", parent)
        self.faces_box = QCheckBox("&Blur faces")
        self.faces_box.setChecked(True)
        self.faces_box.setAccessibleName("Blur faces")
        self.faces_box.setToolTip(
            "Find faces automatically and blur them. The video is re-encoded, which takes "
            "about as long as the excerpt plays"
        )
        self.canvas = RegionCanvas()
        self.clear_button = QPushButton("C&lear regions")
        self.clear_button.setAccessibleName("Clear regions")
        self.clear_button.setToolTip("Remove every rectangle drawn on the picture")
        self.clear_button.setEnabled(False)
        self.hint = small(
            QLabel(
                "Faces are found automatically; watch the result before sharing it — a face "
                "that is very small or turned away may be missed. Drag on the picture to blur "
                "a region (a name on the board) for the whole excerpt."
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.faces_box)
        layout.addWidget(self.canvas, 1)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.canvas.regions_changed.connect(
            lambda: self.clear_button.setEnabled(bool(self.canvas.regions()))
        )

    def options(self) -> PrivacyOptions | None:
        """Return what to blur, or None when nothing is (the fast stream copy)."""
        regions = tuple(self.canvas.regions())
        if not self.faces_box.isChecked() and not regions:
            return None
        return PrivacyOptions(blur_faces=self.faces_box.isChecked(), regions=regions)


def swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour) if QColor.isValidColorName(colour) else QColor("#607d8b"))
    return QIcon(pixmap)


class MomentChooser(QWidget):
    """Choose what to export: tagged moments, a stretch of the clip, or the whole clip."""

    changed = Signal()

    def __init__(
        self,
        clip_path: str,
        clip_ms: int,
        tags: Sequence[Tag],
        types: Mapping[int, TagType],
        selected: Sequence[int] = (),
        span: Span | None = None,
        *,
        allow_whole: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clip_path = clip_path
        self._clip_ms = clip_ms
        self._types = types
        self._tags = sorted(tags, key=lambda t: (t.at_ms, t.id))
        self._build_ui(allow_whole)
        self._fill(selected)
        start = span.start_ms if span else 0
        end = span.end_ms if span else min(clip_ms, DEFAULT_RANGE_MS)
        self.from_edit.setText(format_ms(start))
        self.to_edit.setText(format_ms(end))
        if span is not None or not self._tags:
            self.range_radio.setChecked(True)
        else:
            self.tags_radio.setChecked(True)
        self._connect_signals()
        self._update_enabled()

    def _build_ui(self, allow_whole: bool) -> None:
        self.whole_radio = QRadioButton("The &whole clip")
        self.whole_radio.setAccessibleName("The whole clip")
        self.whole_radio.setToolTip("Put the whole lesson in, with every tag listed")
        self.whole_radio.setVisible(allow_whole)
        self.tags_radio = QRadioButton("&Tagged moments (each with its lead and lag)")
        self.tags_radio.setAccessibleName("Tagged moments")
        self.tags_radio.setToolTip("One excerpt for each ticked moment")
        self.range_radio = QRadioButton("A st&retch of the clip")
        self.range_radio.setAccessibleName("A stretch of the clip")
        self.range_radio.setToolTip("One excerpt from a start time to an end time")
        self.group = QButtonGroup(self)
        for radio in (self.whole_radio, self.tags_radio, self.range_radio):
            self.group.addButton(radio)
        self.tag_list = QListWidget()
        self.tag_list.setAccessibleName("Tagged moments to export")
        self.tag_list.setToolTip("Tick the moments to export (Space ticks the current one)")
        self.tag_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tag_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = small(QLabel("No tagged moments on this clip yet — tag some while you "
                                  "review it, or export a stretch of the clip."))  # fmt: skip
        self.from_edit = QLineEdit()
        self.to_edit = QLineEdit()
        for edit, name in ((self.from_edit, "From"), (self.to_edit, "To")):
            edit.setPlaceholderText("M:SS")
            edit.setAccessibleName(f"{name} (minutes:seconds)")
            edit.setToolTip(f"{name}: a time in the clip, as M:SS or H:MM:SS")
            edit.setMaximumWidth(110)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.whole_radio, 0, 0, 1, 4)
        layout.addWidget(self.tags_radio, 1, 0, 1, 4)
        layout.addWidget(self.tag_list, 2, 0, 1, 4)
        layout.addWidget(self.empty, 3, 0, 1, 4)
        layout.addWidget(self.range_radio, 4, 0, 1, 4)
        from_label, to_label = QLabel("&From"), QLabel("&to")
        from_label.setBuddy(self.from_edit)
        to_label.setBuddy(self.to_edit)
        layout.addWidget(from_label, 5, 0)
        layout.addWidget(self.from_edit, 5, 1)
        layout.addWidget(to_label, 5, 2)
        layout.addWidget(self.to_edit, 5, 3)
        layout.setColumnStretch(3, 1)

    def _fill(self, selected: Sequence[int]) -> None:
        wanted = set(selected)
        for tag in self._tags:
            tag_type = self._types.get(tag.type_id)
            label = tag_type.label if tag_type else "Tag"
            span = self.span_of(tag)
            text = f"{span.label()}  {label}" + (f" — {tag.note}" if tag.note else "")
            item = QListWidgetItem(swatch(tag_type.colour if tag_type else ""), text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if tag.id in wanted else Qt.CheckState.Unchecked
            )
            item.setData(Qt.ItemDataRole.UserRole, tag.id)
            item.setToolTip(text)
            self.tag_list.addItem(item)
        self.empty.setVisible(not self._tags)
        self.tag_list.setVisible(bool(self._tags))
        self.tags_radio.setEnabled(bool(self._tags))

    def _connect_signals(self) -> None:
        self.group.buttonToggled.connect(lambda *_: self._update_enabled())
        self.tag_list.itemChanged.connect(lambda *_: self.changed.emit())
        self.from_edit.editingFinished.connect(self.changed.emit)
        self.to_edit.editingFinished.connect(self.changed.emit)

    def _update_enabled(self) -> None:
        self.tag_list.setEnabled(self.tags_radio.isChecked())
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(self.range_radio.isChecked())
        self.changed.emit()

    def span_of(self, tag: Tag) -> Span:
        return span_for_tag(tag, self._types.get(tag.type_id), self._clip_ms)

    def mode(self) -> str:
        """Return "whole", "tags" or "range"."""
        if self.whole_radio.isChecked():
            return "whole"
        return "tags" if self.tags_radio.isChecked() else "range"

    def set_checked(self, tag_ids: Sequence[int]) -> None:
        wanted = set(tag_ids)
        for row in range(self.tag_list.count()):
            item = self.tag_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_tags(self) -> list[Tag]:
        by_id = {t.id: t for t in self._tags}
        return [
            by_id[item.data(Qt.ItemDataRole.UserRole)]
            for item in (self.tag_list.item(r) for r in range(self.tag_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def chosen(self) -> list[Chosen]:
        """Return the excerpts to write; raise ``CoachDeskError`` saying why there are none."""
        if self.mode() == "whole":
            return [Chosen(Span(0, self._clip_ms), "Whole lesson", "", self._clip_path, True)]
        if self.mode() == "range":
            start = parse_clock(self.from_edit.text())
            end = parse_clock(self.to_edit.text())
            if end <= start:
                raise ValidationError("The end of the stretch must be after its start.")
            span = clamp_span(start, end, self._clip_ms)
            title = f"{format_ms(span.start_ms)} to {format_ms(span.end_ms)}"
            return [Chosen(span, title, "", self._clip_path)]
        chosen = []
        for tag in self.checked_tags():
            tag_type = self._types.get(tag.type_id)
            label = tag_type.label if tag_type else "Tag"
            title = f"{label} at {format_ms(tag.at_ms)}"
            chosen.append(Chosen(self.span_of(tag), title, label, self._clip_path))
        if not chosen:
            raise ValidationError("Tick at least one tagged moment, or choose a stretch.")
        return chosen

    def still_ms(self) -> int:
        """Return a time to show a still from: the first chosen moment's, else 0."""
        try:
            chosen = self.chosen()
        except CoachDeskError:
            return 0
        return chosen[0].span.start_ms if chosen else 0


@dataclass(frozen=True)
class Chosen:
    """One excerpt to write: its stretch, its title on the page, its name on disk."""

    span: Span
    title: str
    label: str
    clip_path: str
    whole: bool = False  # the whole clip: every tag on it is listed

    @property
    def file_name(self) -> str:
        return excerpt_name(Path(self.clip_path).name, self.span, self.label)
