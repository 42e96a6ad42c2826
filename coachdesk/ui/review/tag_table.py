"""The clip's tags as a table: click a row to seek there; edit time, tag and note; delete."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.tags import Tag, TagSet
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.tag_table_model import (
    AUTHOR,
    NOTE,
    TAG,
    THUMBNAIL,
    TIME,
    TagTableModel,
    ThumbnailProvider,
)
from coachdesk.ui.panes.item_delegates import ChoiceDelegate
from coachdesk.ui.review.tagging import TagController

THUMBNAIL_SIZE = QSize(64, 36)
SWATCH_SIZE = QSize(12, 12)
NO_TAGS_TEXT = (
    "No tags on this clip yet — press a tag's hotkey (or click its button) while the "
    "lesson plays. Each tag is saved the moment you press it."
)

NO_CLIP_TEXT = "No lesson clip open — attach or open a clip to tag its moments."

AnyIndex = QModelIndex | QPersistentModelIndex


class ThumbnailDelegate(QStyledItemDelegate):
    """Draws the thumbnail column's picture at thumbnail size (the swatches stay small)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        option.decorationSize = THUMBNAIL_SIZE

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return THUMBNAIL_SIZE + QSize(8, 6)


class TagTable(QWidget):
    """The tags of the clip under review, following ``controller``.

    ``seek_requested(ms)`` asks the player to go to a tag (click or Enter on its row).
    ``follow(ms)`` marks the tag now playing; call it from the player's 10–20 Hz tick.
    """

    seek_requested = Signal(int)

    def __init__(
        self,
        ctx: UiContext,
        controller: TagController,
        thumbnail_for: ThumbnailProvider | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._controller = controller
        self.model = TagTableModel(thumbnail_for)
        self._build_ui()
        self._connect_signals()
        self._on_controller_tags_reset()

    def _build_ui(self) -> None:
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Tags on this clip")
        self.view.setToolTip("Click a tag to go to it; double-click a cell to edit; Delete removes")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setIconSize(SWATCH_SIZE)
        self.view.verticalHeader().hide()
        row_height = max(self.view.fontMetrics().height() + 10, THUMBNAIL_SIZE.height() + 6)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(row_height)
        self._choice_delegate = ChoiceDelegate(self.view)
        self._thumbnail_delegate = ThumbnailDelegate(self.view)
        self.view.setItemDelegateForColumn(TAG, self._choice_delegate)
        self.view.setItemDelegateForColumn(THUMBNAIL, self._thumbnail_delegate)
        header = self.view.horizontalHeader()
        # Fixed widths: ResizeToContents would measure all 5,000 rows on every change.
        metrics = self.view.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(TIME, metrics.horizontalAdvance("0:00:00.0–0:00:00.0") + 16)
        header.resizeSection(TAG, metrics.horizontalAdvance("M") * 14 + SWATCH_SIZE.width())
        header.resizeSection(THUMBNAIL, THUMBNAIL_SIZE.width() + 12)
        header.resizeSection(AUTHOR, metrics.horizontalAdvance("M") * 7)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.no_tags = QLabel(NO_TAGS_TEXT)
        self.no_tags.setWordWrap(True)
        self.no_tags.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_tags.setStyleSheet("color: #757575; padding: 24px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.no_tags, 1)
        self.delete_action = QAction("Delete selected tags", self.view)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        # Only while the table has focus: Delete in a cell editor edits text.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.addAction(self.delete_action)

    def _connect_signals(self) -> None:
        c = self._controller
        c.tags_reset.connect(self._on_controller_tags_reset)
        c.tag_added.connect(self.model.add_tag)
        c.tag_changed.connect(self.model.update_tag)
        c.tag_removed.connect(self.model.remove_tag)
        c.tag_set_changed.connect(self._on_controller_tag_set_changed)
        self.model.edit_requested.connect(self._on_model_edit_requested)
        self.model.invalid.connect(self._ctx.problem.emit)
        self.model.modelReset.connect(self._update_empty)
        self.model.rowsInserted.connect(self._update_empty)
        self.model.rowsRemoved.connect(self._update_empty)
        self.view.clicked.connect(self._on_view_activated)
        self.view.activated.connect(self._on_view_activated)
        self.delete_action.triggered.connect(self.delete_selected)

    # -- following the controller and the player ----------------------------------------------

    def _on_controller_tags_reset(self) -> None:
        self.model.set_tags(self._controller.tags(), self._controller.types())
        self._on_controller_tag_set_changed(self._controller.tag_set)

    def _on_controller_tag_set_changed(self, tag_set: TagSet | None) -> None:
        self.model.set_types(self._controller.types(), tag_set.types if tag_set else ())

    def _update_empty(self) -> None:
        has_tags = self.model.rowCount() > 0
        self.no_tags.setText(NO_TAGS_TEXT if self._controller.clip_id else NO_CLIP_TEXT)
        self.view.setVisible(has_tags)
        self.no_tags.setVisible(not has_tags)

    def follow(self, ms: int) -> None:
        """Mark the tag playing at ``ms`` and keep it in view (unless a cell is being edited)."""
        tag = self._controller.current_tag(ms)
        tag_id = tag.id if tag is not None else None
        if tag_id == self.model.current_id:
            return
        self.model.set_current(tag_id)
        if tag_id is not None and self.view.state() != QAbstractItemView.State.EditingState:
            row = self.model.row_of(tag_id)
            self.view.scrollTo(
                self.model.index(row, TIME), QAbstractItemView.ScrollHint.EnsureVisible
            )

    def thumbnail_ready(self, tag_id: int) -> None:
        """Repaint ``tag_id``'s thumbnail (the provider now has it)."""
        self.model.thumbnail_ready(tag_id)

    def select_tag(self, tag_id: int) -> None:
        row = self.model.row_of(tag_id)
        if row >= 0:
            index = self.model.index(row, TIME)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def selected_tags(self) -> list[Tag]:
        rows = self.view.selectionModel().selectedRows()
        return [t for t in (self.model.tag_at(i) for i in rows) if t is not None]

    # -- operations --------------------------------------------------------------------------

    def _on_view_activated(self, index: QModelIndex) -> None:
        tag = self.model.tag_at(index)
        if tag is not None:
            self.seek_requested.emit(tag.at_ms)

    def _on_model_edit_requested(self, before: Tag, after: Tag) -> None:
        self._controller.edit_tag(before, after)

    def delete_selected(self) -> int:
        """Delete the selected tags (one undoable step); return how many went."""
        return self._controller.delete_tags(t.id for t in self.selected_tags())
