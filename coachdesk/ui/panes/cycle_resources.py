"""The cycle's Resources tab: what was shared with the teacher and when, and the playbook's."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.resources import MAX_TITLE, FileState, Resource
from coachdesk.ui.context import UiContext
from coachdesk.ui.jobs import Job
from coachdesk.ui.models.resource_list_model import KIND, NOTE, STATE, TITLE, ResourceListModel
from coachdesk.ui.panes import resource_actions as actions
from coachdesk.ui.panes.edit_fields import DateField, NotesField
from coachdesk.ui.widgets.labels import heading, small


def _list_view(model: ResourceListModel, name: str) -> QTreeView:
    view = QTreeView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(model.column_of(TITLE), QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(model.column_of(NOTE), QHeaderView.ResizeMode.Stretch)
    return view


class CycleResourcesPanel(QWidget):
    """Files and links shared with the cycle's teacher, each with a note and the date shared."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._strategy_id: int | None = None
        self._teacher = ""
        self.copying: Job | None = None  # a file being copied in, off the GUI thread
        self.model = ResourceListModel()
        self.playbook_model = ResourceListModel((TITLE, KIND, NOTE, STATE))
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.summary = small(QLabel(), wrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # holds a coachee name
        self.add_file_button = QPushButton("Add &file…")
        self.add_file_button.setToolTip("Share a document, slides or an image with the teacher")
        self.copy_in = QCheckBox("Copy into CoachDesk")
        self.copy_in.setToolTip(
            "Keep a copy in CoachDesk's own folder, so it opens even if the original is moved "
            "or deleted. Unticked, CoachDesk remembers where the file is and notices if it "
            "moves or changes."
        )
        self.add_link_button = QPushButton("Add &link…")
        self.add_link_button.setToolTip("Share a web page or an e-mail address")
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.add_file_button)
        bar.addWidget(self.copy_in)
        bar.addWidget(self.add_link_button)

        self.list = _list_view(self.model, "Resources shared with the teacher")
        self.list.setMinimumHeight(110)
        self.empty = small(QLabel())
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open with the program this computer uses for it")
        self.find_button = QPushButton("Find it…")
        self.find_button.setToolTip("Show CoachDesk where a moved file is now")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove it from this cycle; Undo brings it back")
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.open_button)
        row_buttons.addWidget(self.find_button)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.remove_button)

        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.title.setMaxLength(MAX_TITLE)
        self.shared = QCheckBox("Shared on")
        self.shared.setToolTip("Untick while you have not given it to the teacher yet")
        self.shared_on = DateField()
        self.shared_on.setAccessibleName("Date shared")
        shared_row = QHBoxLayout()
        shared_row.addWidget(self.shared)
        shared_row.addWidget(self.shared_on)
        shared_row.addStretch(1)
        self.note = NotesField()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Why you shared it, what to look at, what you agreed")
        self.editor = QWidget()
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 4, 0, 0)
        form.addRow("&Title", self.title)
        form.addRow("", shared_row)
        form.addRow("&Note", self.note)

        self.playbook_heading = heading("From the playbook")
        self.playbook_hint = small(QLabel())
        self.playbook_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.playbook_list = _list_view(self.playbook_model, "Resources of the cycle's strategy")
        self.playbook_list.setMaximumHeight(140)
        self.open_playbook_button = QPushButton("Open")
        self.share_button = QPushButton("&Share with teacher")
        self.share_button.setToolTip("Add it to this cycle's list, shared today")
        playbook_buttons = QHBoxLayout()
        playbook_buttons.addWidget(self.open_playbook_button)
        playbook_buttons.addStretch(1)
        playbook_buttons.addWidget(self.share_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.empty)
        layout.addLayout(row_buttons)
        layout.addWidget(self.editor)
        layout.addSpacing(8)
        layout.addWidget(self.playbook_heading)
        layout.addWidget(self.playbook_hint)
        layout.addWidget(self.playbook_list, 1)
        layout.addLayout(playbook_buttons)

    def _connect_signals(self) -> None:
        self.add_file_button.clicked.connect(lambda: self.choose_file())
        self.add_link_button.clicked.connect(lambda: self.choose_link())
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.find_button.clicked.connect(lambda: self.find_selected())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.list.activated.connect(lambda _index: self.open_selected())
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.title.editingFinished.connect(self._on_title_editing_finished)
        self.shared.toggled.connect(self._on_shared_toggled)
        self.shared_on.edited.connect(self._on_shared_on_edited)
        self.note.edited.connect(self._on_note_edited)
        self.open_playbook_button.clicked.connect(lambda: self.open_playbook_selected())
        self.share_button.clicked.connect(lambda: self.share_selected())
        self.playbook_list.activated.connect(lambda _index: self.open_playbook_selected())
        self.playbook_list.selectionModel().selectionChanged.connect(
            lambda _s, _d: self._update_buttons()
        )
        self._ctx.changed.connect(self._on_ctx_changed)
        self._ctx.cycle_selected.connect(lambda _cycle_id: self.refresh())

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the cycle's resources and its strategy's again, and check their files."""
        cycle_id = self._ctx.cycle_id
        keep = self.selected_resource()
        services = self._ctx.services
        self._strategy_id, strategy_title, self._teacher = None, "", ""
        shared: list[Resource] = []
        playbook: list[Resource] = []
        if cycle_id is not None:
            try:
                dossier = services.cycles.dossier(cycle_id)
                self._teacher = services.coachees.get(dossier.cycle.coachee_id).name
                shared = services.resources.for_cycle(cycle_id)
                if dossier.strategy is not None:
                    self._strategy_id = dossier.strategy.strategy.id
                    strategy_title = dossier.strategy.strategy.title
                    playbook = services.resources.for_strategy(self._strategy_id)
            except CoachDeskError:
                cycle_id = None
        self.model.set_resources(actions.with_states(self._ctx, shared))
        self.playbook_model.set_resources(actions.with_states(self._ctx, playbook))
        self._show_texts(cycle_id, len(shared), strategy_title, len(playbook))
        row = self.model.row_of(keep.id) if keep else -1
        self.select_row(row if row >= 0 else 0)
        if not self.playbook_list.currentIndex().isValid() and playbook:
            self.playbook_list.setCurrentIndex(self.playbook_model.index(0, 0))
        self._show_selected()

    def _show_texts(
        self, cycle_id: int | None, count: int, strategy: str, on_strategy: int
    ) -> None:
        has_cycle = cycle_id is not None
        for widget in (self.add_file_button, self.add_link_button, self.copy_in):
            widget.setEnabled(has_cycle)
        self.add_file_button.setEnabled(has_cycle and self.copying is None)
        if not has_cycle:
            self.summary.setText("")
        else:
            self.summary.setText(
                f"Shared with {self._teacher}: {count} resource{'s' if count != 1 else ''}"
                if count
                else f"Nothing shared with {self._teacher} in this cycle yet"
            )
        self.list.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        self.empty.setText(
            "Select a coachee’s cycle to see what you shared with them."
            if not has_cycle
            else "Add the documents, slides, images and links you give the teacher; each "
            "keeps a note and the date you shared it, and the session summary lists them."
        )
        self.playbook_hint.setText(
            "Choose a strategy for this cycle to see the resources kept with it."
            if not strategy
            else f"Kept with “{strategy}” for everyone who uses it"
            + ("" if on_strategy else " — none yet; add them in the Playbook.")
        )
        self.playbook_list.setVisible(on_strategy > 0)
        self.open_playbook_button.setVisible(on_strategy > 0)
        self.share_button.setVisible(on_strategy > 0)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if index.isValid() and index != self.list.currentIndex():
            self.list.setCurrentIndex(index)

    def selected_resource(self) -> Resource | None:
        return self.model.resource_at(self.list.currentIndex())

    def selected_playbook_resource(self) -> Resource | None:
        return self.playbook_model.resource_at(self.playbook_list.currentIndex())

    def _show_selected(self) -> None:
        resource = self.selected_resource()
        self.editor.setVisible(resource is not None)
        if resource is not None:
            if not self.title.hasFocus():
                self.title.setText(resource.title)
            self.title.setPlaceholderText(resource.where)
            self.shared.blockSignals(True)
            self.shared.setChecked(resource.shared_on is not None)
            self.shared.blockSignals(False)
            self.shared_on.setEnabled(resource.shared_on is not None)
            self.shared_on.load(resource.shared_on or self._ctx.today())
            self.note.load(resource.note)
        self._update_buttons()

    def _update_buttons(self) -> None:
        resource = self.selected_resource()
        state = self.model.state_at(self.list.currentIndex())
        self.open_button.setEnabled(resource is not None and state is not FileState.MISSING)
        self.find_button.setVisible(resource is not None and state is not FileState.OK)
        self.remove_button.setEnabled(resource is not None)
        picked = self.selected_playbook_resource() is not None
        self.open_playbook_button.setEnabled(picked)
        self.share_button.setEnabled(picked and self._ctx.cycle_id is not None)

    def _on_list_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        for field in (self.shared_on, self.note):
            field.flush()  # a pending edit belongs to the resource it was typed for
        self._show_selected()

    def _on_ctx_changed(self, changes: Changes) -> None:
        mine = changes.cycle_id is None or changes.cycle_id == self._ctx.cycle_id
        if (changes.touches(Entity.RESOURCE) and mine) or changes.touches(
            Entity.CYCLE, Entity.STRATEGY, Entity.COACHEE
        ):
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # a file may have moved while CoachDesk was in the background

    # -- editing the selected one ------------------------------------------------------------

    def _edit(self, text: str, field: str, value: object) -> None:
        resource = self.selected_resource()
        if resource is None:
            return
        service = self._ctx.services.resources
        self._ctx.edit_field(text, lambda: service.get(resource.id), service.save, field, value)

    def _on_title_editing_finished(self) -> None:
        self._edit("Rename resource", "title", " ".join(self.title.text().split()))
        resource = self.selected_resource()
        if resource is not None:
            self.title.setText(resource.title)  # an emptied title shows its default again

    def _on_shared_toggled(self, on: bool) -> None:
        self.shared_on.setEnabled(on)
        self._edit("Change date shared", "shared_on", self.shared_on.value() if on else None)

    def _on_shared_on_edited(self) -> None:
        if self.shared.isChecked():
            self._edit("Change date shared", "shared_on", self.shared_on.value())

    def _on_note_edited(self) -> None:
        self._edit("Edit resource note", "note", self.note.value())

    # -- operations --------------------------------------------------------------------------

    def choose_file(self) -> Resource | None:
        path = actions.ask_file(self)
        return self.add_file(path, self.copy_in.isChecked()) if path else None

    def add_file(self, path: str, copy_in: bool = False) -> Resource | None:
        """Share a file with the cycle's teacher today, by reference or as a copy.

        A copy is made off the GUI thread (``copying``) and added when it is done; then this
        returns None.
        """
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return None
        service = self._ctx.services.resources
        if copy_in:
            self.copy_file(path, cycle_id)
            return None
        return self._selecting(
            actions.added(
                self._ctx,
                "Add file",
                lambda: service.add_file(
                    path, cycle_id=cycle_id, copy_in=copy_in, shared_on=self._ctx.today()
                ),
            )
        )

    def copy_file(self, path: str, cycle_id: int) -> Job | None:
        """Copy a file into CoachDesk in the background, then share it with the teacher."""
        if self.copying is not None:
            self._ctx.status.emit("Still copying the last file; try again in a moment.")
            return None
        service, today = self._ctx.services.resources, self._ctx.today()
        self.copying = actions.copy_then_add(
            self._ctx,
            self,
            path,
            "Add file",
            lambda copy: service.add_copied_file(path, copy, cycle_id=cycle_id, shared_on=today),
            self._copied,
        )
        self.add_file_button.setEnabled(False)
        return self.copying

    def _copied(self, resource: Resource | None) -> None:
        self.copying = None
        self.add_file_button.setEnabled(self._ctx.cycle_id is not None)
        self._selecting(resource)

    def choose_link(self) -> Resource | None:
        values = actions.ask_link(self, self._teacher)
        return self.add_link(*values) if values else None

    def add_link(self, url: str, title: str = "", note: str = "") -> Resource | None:
        """Share a web page or mail address with the cycle's teacher today."""
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return None
        service = self._ctx.services.resources
        return self._selecting(
            actions.added(
                self._ctx,
                "Add link",
                lambda: service.add_link(
                    url, cycle_id=cycle_id, title=title, note=note, shared_on=self._ctx.today()
                ),
            )
        )

    def share_selected(self) -> Resource | None:
        """Give the teacher the playbook resource selected: a copy in this cycle, dated today."""
        resource = self.selected_playbook_resource()
        cycle_id = self._ctx.cycle_id
        if resource is None or cycle_id is None:
            return None
        service = self._ctx.services.resources
        return self._selecting(
            actions.added(
                self._ctx,
                f"Share “{resource.title}”",
                lambda: service.share(resource.id, cycle_id, self._ctx.today()),
            )
        )

    def open_selected(self) -> bool:
        resource = self.selected_resource()
        return resource is not None and actions.open_resource(self._ctx, resource)

    def open_playbook_selected(self) -> bool:
        resource = self.selected_playbook_resource()
        return resource is not None and actions.open_resource(self._ctx, resource)

    def find_selected(self) -> Resource | None:
        resource = self.selected_resource()
        return actions.find_again(self._ctx, self, resource) if resource else None

    def remove_selected(self) -> bool:
        resource = self.selected_resource()
        if resource is None:
            return False
        row = self.list.currentIndex().row()
        if not actions.remove(self._ctx, resource):
            return False
        self.select_row(min(row, self.model.rowCount() - 1))
        return True

    def _selecting(self, resource: Resource | None) -> Resource | None:
        if resource is not None:
            self.select_row(self.model.row_of(resource.id))
        return resource
