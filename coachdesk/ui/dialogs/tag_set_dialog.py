"""Tag sets: the bundled ones to duplicate, the coach's own to edit; import and export files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.atomic import write_atomically
from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.files import MAX_FILE_BYTES
from coachdesk.core.tags import Polarity, TagKind, TagSet, TagSetSource, TagType, TagTypeId
from coachdesk.core.tagset_file import dump_tag_set
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.tag_type_form import TagTypeForm, swatch
from coachdesk.ui.panes.playbook_files import file_name_for, with_json_suffix
from coachdesk.ui.widgets import ask

FILE_FILTER = "CoachDesk tag set (*.json)"
PALETTE = ("#1e88e5", "#43a047", "#f4511e", "#8e24aa", "#00897b", "#fb8c00", "#d81b60")
BUNDLED_NOTE = "Bundled tag sets stay as shipped. Duplicate this one to make a copy you can edit."


def type_summary(tag_type: TagType) -> str:
    key = tag_type.hotkey.upper() or "–"
    timing = f"lead {tag_type.lead_s:g} s" + (
        f", lag {tag_type.lag_s:g} s" if tag_type.lag_s else ""
    )
    return f"{key}   {tag_type.label}   · {tag_type.kind.value}, {timing}"


class TagSetDialog(QDialog):
    """Edit tag sets. Every change is saved at once (undoable); refusals show in the dialog."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.sets: list[TagSet] = []
        self._set_id: int | None = None
        self.setWindowTitle("Tag sets")
        self.resize(860, 520)
        self._build_ui()
        self._connect_signals()
        self._reload()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.set_list = QListWidget()
        self.set_list.setAccessibleName("Tag sets")
        self.new_button = self._button("&New set", "Start an empty tag set of your own")
        self.duplicate_button = self._button(
            "&Duplicate to edit", "Make your own copy of this tag set, with the same hotkeys"
        )
        self.delete_set_button = self._button("Delete set", "Delete this tag set of your own")
        self.import_button = self._button("&Import…", "Add a tag set from a file")
        self.export_button = self._button("E&xport…", "Save this tag set as a file to share")
        left_buttons = QGridLayout()
        for i, button in enumerate(
            (
                self.new_button,
                self.duplicate_button,
                self.import_button,
                self.export_button,
                self.delete_set_button,
            )
        ):
            left_buttons.addWidget(button, i // 2, i % 2)
        left = QVBoxLayout()
        left.addWidget(self.set_list, 1)
        left.addLayout(left_buttons)
        outer = QHBoxLayout()
        outer.addLayout(left, 2)
        outer.addLayout(self._build_right(), 3)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(outer, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _build_right(self) -> QVBoxLayout:
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Tag set name")
        self.name_edit.setToolTip("The tag set's name; saved when you leave the field")
        self.bundled_note = QLabel(BUNDLED_NOTE)
        self.bundled_note.setWordWrap(True)
        self.bundled_note.setStyleSheet("color: #616161;")
        self.type_list = QListWidget()
        self.type_list.setAccessibleName("Tag types")
        self.add_type_button = self._button("&Add tag type", "Add a button to this tag set")
        self.delete_type_button = self._button(
            "Delete tag type", "Remove the selected tag type (only if no tag uses it)"
        )
        type_buttons = QHBoxLayout()
        type_buttons.addWidget(self.add_type_button)
        type_buttons.addWidget(self.delete_type_button)
        type_buttons.addStretch(1)
        self.type_form = TagTypeForm()
        right = QVBoxLayout()
        name_row = QFormLayout()
        name_row.addRow("Name", self.name_edit)
        right.addLayout(name_row)
        right.addWidget(self.bundled_note)
        right.addWidget(self.type_list, 1)
        right.addLayout(type_buttons)
        right.addWidget(self.type_form)
        return right

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        return button

    def _connect_signals(self) -> None:
        self.set_list.currentRowChanged.connect(self._on_set_list_current_row_changed)
        self.type_list.currentRowChanged.connect(lambda _row: self._fill_form())
        self.new_button.clicked.connect(lambda: self.new_set("My tag set"))
        self.duplicate_button.clicked.connect(lambda: self.duplicate_set(self._set_id))
        self.delete_set_button.clicked.connect(self._on_delete_set_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.name_edit.editingFinished.connect(
            lambda: self.rename_set(self._set_id, self.name_edit.text())
        )
        self.add_type_button.clicked.connect(self._on_add_type_button_clicked)
        self.delete_type_button.clicked.connect(lambda: self.delete_type(self._type_id()))
        self.type_form.edited.connect(
            lambda field, value: self.update_type(self._type_id(), **{field: value})
        )
        self._ctx.changed.connect(self._on_ctx_changed)
        self._ctx.problem.connect(self._on_ctx_problem)
        self._ctx.status.connect(self._on_ctx_status)

    # -- showing -----------------------------------------------------------------------------

    def current_set(self) -> TagSet | None:
        return next((s for s in self.sets if s.id == self._set_id), None)

    def current_type(self) -> TagType | None:
        tag_set, row = self.current_set(), self.type_list.currentRow()
        return tag_set.types[row] if tag_set and 0 <= row < len(tag_set.types) else None

    def _type_id(self) -> int | None:
        tag_type = self.current_type()
        return tag_type.id if tag_type else None

    def select_set(self, set_id: int | None) -> None:
        row = next((i for i, s in enumerate(self.sets) if s.id == set_id), 0 if self.sets else -1)
        self.set_list.setCurrentRow(row)
        self._on_set_list_current_row_changed(row)

    def select_type(self, type_id: int | None) -> None:
        tag_set = self.current_set()
        types = tag_set.types if tag_set else ()
        row = next((i for i, t in enumerate(types) if t.id == type_id), 0 if types else -1)
        self.type_list.setCurrentRow(row)
        self._fill_form()

    def _reload(self) -> None:
        set_id, type_id = self._set_id, self._type_id()
        self.sets = self._ctx.services.tags.tag_sets()
        self.set_list.blockSignals(True)
        self.set_list.clear()
        for tag_set in self.sets:
            bundled = tag_set.source is TagSetSource.BUNDLED
            item = QListWidgetItem(f"{tag_set.name}{'  (bundled)' if bundled else ''}")
            item.setToolTip(tag_set.description or tag_set.name)
            self.set_list.addItem(item)
        self.set_list.blockSignals(False)
        self.select_set(set_id)
        self.select_type(type_id)

    def _on_set_list_current_row_changed(self, row: int) -> None:
        if self.sets and 0 <= row < len(self.sets) and self.sets[row].id != self._set_id:
            self.message.clear()  # a message about another set would mislead
        tag_set = self.sets[row] if 0 <= row < len(self.sets) else None
        self._set_id = tag_set.id if tag_set else None
        editable = tag_set is not None and tag_set.source is not TagSetSource.BUNDLED
        self.name_edit.setText(tag_set.name if tag_set else "")
        self.name_edit.setReadOnly(not editable)
        self.bundled_note.setVisible(tag_set is not None and not editable)
        for widget in (self.delete_set_button, self.add_type_button, self.delete_type_button):
            widget.setEnabled(editable)
        self.duplicate_button.setEnabled(tag_set is not None)
        self.export_button.setEnabled(tag_set is not None and bool(tag_set.types))
        self.type_form.setEnabled(editable)
        self.type_list.blockSignals(True)
        self.type_list.clear()
        for tag_type in tag_set.types if tag_set else ():
            item = QListWidgetItem(swatch(tag_type.colour), type_summary(tag_type))
            item.setToolTip(f"{tag_type.label} — {tag_type.polarity.value}")
            self.type_list.addItem(item)
        self.type_list.blockSignals(False)
        self.type_list.setCurrentRow(0 if tag_set and tag_set.types else -1)
        self._fill_form()

    def _fill_form(self) -> None:
        tag_type = self.current_type()
        self.type_form.setVisible(tag_type is not None)
        self.delete_type_button.setEnabled(tag_type is not None and self.type_form.isEnabled())
        if tag_type is None:
            return
        self.type_form.show_type(tag_type)

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.TAG_SET):
            self._reload()

    def _on_ctx_problem(self, text: str) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(text)

    def _on_ctx_status(self, text: str) -> None:
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(text)

    # -- operations on tag types ------------------------------------------------------------------

    def _on_add_type_button_clicked(self) -> None:
        tag_set = self.current_set()
        if tag_set is None:
            return
        colour = PALETTE[len(tag_set.types) % len(PALETTE)]
        if self.add_type(f"New tag {len(tag_set.types) + 1}", colour) is not None:
            self.type_form.label_edit.setFocus()
            self.type_form.label_edit.selectAll()

    def add_type(
        self,
        label: str,
        colour: str = "#607d8b",
        hotkey: str = "",
        polarity: Polarity = Polarity.NEUTRAL,
        lead_s: float = 0.0,
        lag_s: float = 0.0,
        kind: TagKind = TagKind.POINT,
    ) -> TagType | None:
        """Add a tag type to the selected set; return it (None if refused)."""
        tag_set = self.current_set()
        if tag_set is None:
            return None
        draft = TagType(
            TagTypeId(0), tag_set.id, label, colour, hotkey, polarity, lead_s, lag_s, kind
        )
        tags, before = self._ctx.services.tags, {t.id for t in tag_set.types}
        made: list[TagType] = []

        def redo() -> Changed[TagSet]:
            result = tags.save_type(made[0] if made else draft)
            if not made:
                made.append(next(t for t in result.value.types if t.id not in before))
            return result

        if (
            self._ctx.do(f"Add tag type {label}", redo, lambda: tags.delete_type(made[0].id))
            is None
        ):
            return None
        self.select_type(made[0].id)
        return made[0]

    def update_type(self, type_id: int | None, **changes: Any) -> TagType | None:
        """Change fields of a tag type (label, colour, hotkey, polarity, lead_s, lag_s, kind)."""
        tag_set = self.current_set()
        before = next((t for t in tag_set.types if t.id == type_id), None) if tag_set else None
        if before is None:
            return None
        if "label" in changes:
            changes["label"] = str(changes["label"]).strip()
        after = replace(before, **changes)
        if after == before:
            return before
        tags = self._ctx.services.tags
        done = self._ctx.do(
            f"Edit tag type {before.label}",
            lambda: tags.save_type(after),
            lambda: tags.save_type(before),
        )
        if done is None:
            self._fill_form()  # refused: show what is stored
            return None
        return next((t for t in done.types if t.id == before.id), None)

    def delete_type(self, type_id: int | None) -> bool:
        tag_set = self.current_set()
        before = next((t for t in tag_set.types if t.id == type_id), None) if tag_set else None
        if before is None:
            return False
        tags = self._ctx.services.tags
        done = self._ctx.do(
            f"Delete tag type {before.label}",
            lambda: tags.delete_type(before.id),
            lambda: tags.save_type(before),
        )
        return done is not None

    # -- operations on tag sets ------------------------------------------------------------------

    def new_set(self, name: str) -> TagSet | None:
        tags = self._ctx.services.tags
        created = self._ctx.run(lambda: tags.create(name))
        if created is not None:
            self.select_set(created.id)
            self.name_edit.setFocus()
            self.name_edit.selectAll()
        return created

    def duplicate_set(self, set_id: int | None) -> TagSet | None:
        if set_id is None:
            return None
        tags = self._ctx.services.tags
        copy = self._ctx.run(lambda: tags.duplicate_set(set_id))
        if copy is not None:
            self.select_set(copy.id)
        return copy

    def rename_set(self, set_id: int | None, name: str) -> TagSet | None:
        before = next((s for s in self.sets if s.id == set_id), None)
        if before is None or before.name == name.strip() or before.source is TagSetSource.BUNDLED:
            return before
        tags = self._ctx.services.tags
        done = self._ctx.do(
            f"Rename tag set {before.name}",
            lambda: tags.rename_set(before.id, name),
            lambda: tags.rename_set(before.id, before.name),
        )
        if done is None:
            self.name_edit.setText(before.name)
        return done

    def _on_delete_set_button_clicked(self) -> None:
        tag_set = self.current_set()
        if tag_set is None:
            return
        if ask.confirm(
            self,
            "Delete tag set",
            f"Delete the tag set “{tag_set.name}”? Observations using it will have no tag set.",
        ):
            self.delete_set(tag_set.id)

    def delete_set(self, set_id: int) -> bool:
        tags = self._ctx.services.tags
        done = self._ctx.run(lambda: tags.delete_set(set_id))
        if done is not None:
            self._ctx.undo_stack.clear()  # earlier edits may refer to its tag types
        return done is not None

    def _on_import_button_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Import a tag set", str(Path.home()), FILE_FILTER
        )
        if name:
            self.import_path(Path(name))

    def import_path(self, path: Path) -> TagSet | None:
        """Import a tag-set file; one that cannot be read or is refused changes nothing."""
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                self._ctx.problem.emit(f"“{path.name}” is too large to be a tag-set file.")
                return None
            data = path.read_bytes()
        except OSError as exc:
            self._ctx.problem.emit(
                f"Could not read “{path.name}”: {exc.strerror or exc}. "
                "Check that the file is still there and you may open it."
            )
            return None
        try:
            result = self._ctx.services.tags.import_file(data)
        except CoachDeskError as exc:
            self._ctx.problem.emit(f"“{path.name}” was not imported: {exc} Nothing was changed.")
            return None
        self._ctx.broadcast(result.changes)
        self.select_set(result.value.id)
        self._ctx.status.emit(f"Imported the tag set “{result.value.name}”.")
        return result.value

    def _on_export_button_clicked(self) -> None:
        tag_set = self.current_set()
        if tag_set is None:
            return
        suggested = str(Path.home() / file_name_for(tag_set.name))
        name, _filter = QFileDialog.getSaveFileName(
            self, f"Export “{tag_set.name}”", suggested, FILE_FILTER
        )
        if name:
            self.export_path(tag_set.id, with_json_suffix(Path(name)))

    def export_path(self, set_id: int, path: Path) -> Path | None:
        """Write tag set ``set_id`` to ``path`` atomically; return the path."""
        try:
            data = dump_tag_set(self._ctx.services.tags.tag_set(set_id))
            write_atomically(path, data, mode=0o644)  # a file to share, not private data
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return None
        self._ctx.status.emit(f"Exported the tag set to {path.name}.")
        return path
