"""The Resources section under a strategy in the playbook: files and links for everyone using it."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.resources import FileState, Resource
from coachdesk.ui.context import UiContext
from coachdesk.ui.jobs import Job
from coachdesk.ui.models.resource_list_model import KIND, NOTE, STATE, TITLE, ResourceListModel
from coachdesk.ui.panes import resource_actions as actions
from coachdesk.ui.widgets.labels import ElidedLabel, small


class StrategyResources(QWidget):
    """List, add, open, annotate and remove the selected strategy's resources."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.strategy_id: int | None = None
        self.copying: Job | None = None  # a file being copied in, off the GUI thread
        self.model = ResourceListModel((TITLE, KIND, NOTE, STATE))
        self._build_ui()
        self._connect_signals()
        self.show_strategy(None)

    def _build_ui(self) -> None:
        self.heading = QLabel("<b>Resources</b>")
        self.hint = small(ElidedLabel(), wrap=False)
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.list = QTreeView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Resources of this strategy")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.column_of(TITLE), QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.model.column_of(NOTE), QHeaderView.ResizeMode.Stretch)
        self.add_file_action = QAction("File (keep it where it is)…", self)
        self.add_file_action.setToolTip(
            "Keep a document, slides or an image with this strategy; CoachDesk notices if it "
            "moves or changes"
        )
        self.add_copy_action = QAction("Copy of a file into CoachDesk…", self)
        self.add_copy_action.setToolTip("Keep a copy, so it opens even if the original is moved")
        self.add_link_action = QAction("Link…", self)
        self.add_link_action.setToolTip("A web page or an e-mail address")
        menu = QMenu(self)
        menu.addActions([self.add_file_action, self.add_copy_action, self.add_link_action])
        self.add_button = QToolButton()
        self.add_button.setText("Add")
        self.add_button.setToolTip("Add a file or a link to this strategy")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setMenu(menu)
        self.open_button = QToolButton()
        self.open_button.setText("Open")
        self.find_button = QToolButton()
        self.find_button.setText("Find it…")
        self.find_button.setToolTip("Show CoachDesk where a moved file is now")
        self.note_button = QToolButton()
        self.note_button.setText("Note…")
        self.note_button.setToolTip("Write why this resource helps with the strategy")
        self.remove_button = QToolButton()
        self.remove_button.setText("Remove")
        self.remove_button.setToolTip("Remove it from the strategy; Undo brings it back")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.hint, 1)
        for widget in (
            self.add_button,
            self.open_button,
            self.find_button,
            self.note_button,
            self.remove_button,
        ):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addStretch(1)  # on its own tab: keep the list under its heading

    def _connect_signals(self) -> None:
        self.add_file_action.triggered.connect(lambda _c=False: self.choose_file(copy_in=False))
        self.add_copy_action.triggered.connect(lambda _c=False: self.choose_file(copy_in=True))
        self.add_link_action.triggered.connect(lambda _c=False: self.choose_link())
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.find_button.clicked.connect(lambda: self.find_selected())
        self.note_button.clicked.connect(lambda: self.edit_note())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.list.activated.connect(lambda _index: self.open_selected())
        self.list.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_buttons())
        self._ctx.changed.connect(self._on_ctx_changed)

    # -- data --------------------------------------------------------------------------------

    def show_strategy(self, strategy_id: int | None) -> None:
        if strategy_id != self.strategy_id:
            self.strategy_id = strategy_id
            self.list.setCurrentIndex(self.model.index(-1, 0))
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected_resource()
        resources: list[Resource] = []
        if self.strategy_id is not None:
            try:
                resources = self._ctx.services.resources.for_strategy(self.strategy_id)
            except CoachDeskError:
                resources = []
        self.model.set_resources(actions.with_states(self._ctx, resources))
        row = self.model.row_of(keep.id) if keep else -1
        if row < 0 and resources:
            row = 0
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))
        self.list.setVisible(bool(resources))
        self.hint.setText(
            "for everyone who uses it"
            if resources
            else "none yet — the one-pager, slides or a link you explain it with"
        )
        self.hint.setToolTip(
            "Files and links kept with this strategy. Share one with a teacher from their "
            "cycle’s Resources tab."
        )
        self.add_button.setEnabled(self.strategy_id is not None)
        self.add_copy_action.setEnabled(self.copying is None)
        self._fit_list()
        self._update_buttons()

    def _fit_list(self) -> None:
        """Show every resource up to four without scrolling, and no empty rows."""
        rows = min(4, max(1, self.model.rowCount()))
        row_height = self.list.sizeHintForRow(0) if self.model.rowCount() else 20
        self.list.setFixedHeight(self.list.header().sizeHint().height() + rows * row_height + 4)

    def selected_resource(self) -> Resource | None:
        return self.model.resource_at(self.list.currentIndex())

    def _update_buttons(self) -> None:
        has = self.selected_resource() is not None
        state = self.model.state_at(self.list.currentIndex())
        for button in (self.open_button, self.note_button, self.remove_button):
            button.setEnabled(has)
        self.open_button.setEnabled(has and state is not FileState.MISSING)
        self.find_button.setVisible(has and state is not FileState.OK)

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.RESOURCE, Entity.STRATEGY):
            self.refresh()

    # -- operations --------------------------------------------------------------------------

    def choose_file(self, copy_in: bool = False) -> Resource | None:
        path = actions.ask_file(self)
        return self.add_file(path, copy_in) if path else None

    def add_file(self, path: str, copy_in: bool = False) -> Resource | None:
        """Keep a file with the strategy; a copy is made in the background (``copying``)."""
        strategy_id = self.strategy_id
        if strategy_id is None:
            return None
        service = self._ctx.services.resources
        if copy_in:
            self.copy_file(path, strategy_id)
            return None
        return self._selecting(
            actions.added(
                self._ctx,
                "Add file to strategy",
                lambda: service.add_file(path, strategy_id=strategy_id, copy_in=copy_in),
            )
        )

    def copy_file(self, path: str, strategy_id: int) -> Job | None:
        """Copy a file into CoachDesk in the background, then keep it with the strategy."""
        if self.copying is not None:
            self._ctx.status.emit("Still copying the last file; try again in a moment.")
            return None
        service = self._ctx.services.resources
        self.copying = actions.copy_then_add(
            self._ctx,
            self,
            path,
            "Add file to strategy",
            lambda copy: service.add_copied_file(path, copy, strategy_id=strategy_id),
            self._copied,
        )
        self.add_copy_action.setEnabled(False)
        return self.copying

    def _copied(self, resource: Resource | None) -> None:
        self.copying = None
        self.add_copy_action.setEnabled(True)
        self._selecting(resource)

    def choose_link(self) -> Resource | None:
        values = actions.ask_link(self)
        return self.add_link(*values) if values else None

    def add_link(self, url: str, title: str = "", note: str = "") -> Resource | None:
        strategy_id = self.strategy_id
        if strategy_id is None:
            return None
        service = self._ctx.services.resources
        return self._selecting(
            actions.added(
                self._ctx,
                "Add link to strategy",
                lambda: service.add_link(url, strategy_id=strategy_id, title=title, note=note),
            )
        )

    def edit_note(self) -> None:
        resource = self.selected_resource()
        if resource is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, "Note", f"Why “{resource.title}” helps:", resource.note
        )
        if ok:
            self.set_note(resource, text)

    def set_note(self, resource: Resource, note: str) -> None:
        service = self._ctx.services.resources
        self._ctx.edit_field(
            "Edit resource note", lambda: service.get(resource.id), service.save, "note", note
        )

    def open_selected(self) -> bool:
        resource = self.selected_resource()
        return resource is not None and actions.open_resource(self._ctx, resource)

    def find_selected(self) -> Resource | None:
        resource = self.selected_resource()
        return actions.find_again(self._ctx, self, resource) if resource else None

    def remove_selected(self) -> bool:
        resource = self.selected_resource()
        return resource is not None and actions.remove(self._ctx, resource)

    def _selecting(self, resource: Resource | None) -> Resource | None:
        if resource is not None:
            row = self.model.row_of(resource.id)
            if row >= 0:
                self.list.setCurrentIndex(self.model.index(row, 0))
        return resource
