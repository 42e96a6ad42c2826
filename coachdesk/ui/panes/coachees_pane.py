"""The coachee list: each colleague with their cycles; add, edit, archive, delete, start a cycle."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.coachees import Coachee
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.coachee_dialog import CoacheeDialog
from coachdesk.ui.models.coachee_tree_model import CoacheeTreeModel
from coachdesk.ui.widgets import ask


class CoacheesPane(QWidget):
    """Lists coachees and their cycles; selecting one drives the rest of the window."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.model = CoacheeTreeModel()
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Coachees and their cycles")
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.show_archived = QCheckBox("Show &archived")
        self.show_archived.setToolTip("Include colleagues you no longer coach")
        self.add_button = QPushButton("&Add coachee…")
        self.add_button.setToolTip("Add a colleague you coach (Ctrl+Shift+N)")
        self.start_button = QPushButton("&Start cycle")
        self.start_button.setToolTip("Start a new coaching cycle with the selected coachee")
        self.empty = QLabel(
            "<b>No coachees yet.</b><br>Add the colleagues you coach, or try the demo "
            "workspace from the Help menu."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        layout.addWidget(self.show_archived)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.tree.selectionModel().selectionChanged.connect(self._on_tree_selection_changed)
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        self.add_button.clicked.connect(self.add_coachee)
        self.start_button.clicked.connect(self.start_cycle)
        self.tree.doubleClicked.connect(lambda _index: self.edit_coachee())
        self._ctx.changed.connect(self._on_ctx_changed)
        self._ctx.cycle_selected.connect(self._on_ctx_cycle_selected)

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        services = self._ctx.services
        coachees = services.coachees.list(include_archived=self.show_archived.isChecked())
        self.model.set_data(coachees, services.cycles.list())
        self.tree.expandAll()
        self.tree.setVisible(bool(coachees))
        self.empty.setVisible(not coachees)
        self._reselect()
        self._update_buttons()

    def _reselect(self) -> None:
        index = (
            self.model.index_of_cycle(self._ctx.cycle_id)
            if self._ctx.cycle_id
            else self.model.index_of_coachee(self._ctx.coachee_id or -1)
        )
        if index.isValid():
            self.tree.setCurrentIndex(index)
        else:
            self._ctx.select_cycle(None)
            self._ctx.select_coachee(None)

    def selected_coachee(self) -> Coachee | None:
        return self.model.coachee_at(self.tree.currentIndex())

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(self.selected_coachee() is not None)

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.COACHEE, Entity.CYCLE):
            self.refresh()

    def _on_ctx_cycle_selected(self, cycle_id: int | None) -> None:
        if cycle_id is None:
            return
        index = self.model.index_of_cycle(cycle_id)
        if index.isValid() and index != self.tree.currentIndex():
            self.tree.setCurrentIndex(index)

    def _on_tree_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        index = self.tree.currentIndex()
        coachee = self.model.coachee_at(index)
        cycle = self.model.cycle_at(index)
        self._ctx.select_coachee(coachee.id if coachee else None)
        if cycle is not None:
            self._ctx.select_cycle(cycle.id)
        elif coachee is not None:
            latest = self.model.cycle_at(self.model.index(0, 0, index))
            self._ctx.select_cycle(latest.id if latest is not None else None)
        self._update_buttons()

    # -- operations --------------------------------------------------------------------------

    def add_coachee(self) -> None:
        dialog = CoacheeDialog(self)
        if dialog.exec() != CoacheeDialog.DialogCode.Accepted:
            return
        self.create_coachee(dialog.name.text(), dialog.role.text(), dialog.notes.toPlainText())

    def create_coachee(self, name: str, role: str = "", notes: str = "") -> Coachee | None:
        coachees = self._ctx.services.coachees
        result = self._ctx.run(lambda: coachees.add(name, role, notes, today=self._ctx.today()))
        if result is not None:
            self._ctx.select_coachee(result.id)
            self.refresh()
        return result

    def edit_coachee(self) -> None:
        coachee = self.selected_coachee()
        if coachee is None or self.model.cycle_at(self.tree.currentIndex()) is not None:
            return
        dialog = CoacheeDialog(self, coachee)
        if dialog.exec() != CoacheeDialog.DialogCode.Accepted:
            return
        self.save_coachee(
            replace(
                coachee,
                name=dialog.name.text(),
                role=dialog.role.text(),
                notes=dialog.notes.toPlainText(),
            )
        )

    def save_coachee(self, coachee: Coachee) -> None:
        before = self._ctx.services.coachees.get(coachee.id)
        coachees = self._ctx.services.coachees
        self._ctx.do(
            f"Edit {before.name}", lambda: coachees.save(coachee), lambda: coachees.save(before)
        )

    def set_archived(self, archived: bool) -> None:
        coachee = self.selected_coachee()
        if coachee is None:
            return
        coachees = self._ctx.services.coachees
        verb = "Archive" if archived else "Restore"
        self._ctx.do(
            f"{verb} {coachee.name}",
            lambda: coachees.save(replace(coachee, archived=archived)),
            lambda: coachees.save(replace(coachee, archived=not archived)),
        )

    def delete_coachee(self, *, confirm: bool = True) -> bool:
        """Erase the selected coachee and everything about them, after saying what will go."""
        coachee = self.selected_coachee()
        if coachee is None:
            return False
        summary = self._ctx.services.coachees.erasure_summary(coachee.id)
        if confirm and not ask.confirm(
            self,
            "Delete coachee",
            f"Delete {coachee.name} and everything recorded about them?\n\n"
            f"This erases {summary.describe()}, and the thumbnails CoachDesk made of their "
            "videos; their lessons are taken out of the playbook's model clips. Videos and "
            "files copied into CoachDesk for them are deleted; files elsewhere stay where "
            "they are.\n"
            "This cannot be undone (a backup from today is in the backups folder).",
            warning=True,
        ):
            return False
        done = self._ctx.run(lambda: self._ctx.services.coachees.delete(coachee.id))
        if done is not None:
            self._ctx.undo_stack.clear()  # earlier edits may refer to what was erased
            self._ctx.status.emit(f"{coachee.name} and their records were deleted.")
        return done is not None

    def start_cycle(self) -> None:
        coachee = self.selected_coachee()
        if coachee is None:
            return
        cycle = self._ctx.run(
            lambda: self._ctx.services.cycles.start(coachee.id, self._ctx.today())
        )
        if cycle is not None:
            self._ctx.select_cycle(cycle.id)
            self.refresh()
