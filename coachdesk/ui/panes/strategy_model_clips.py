"""A strategy's model clips in the playbook's detail: link lesson clips, note them, play them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.model_clips import NOTE_LIMIT, ModelClip
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.model_clip_list_model import ModelClipListModel
from coachdesk.ui.panes.strategy_detail import ACCENT

if TYPE_CHECKING:  # the reel player loads Qt Multimedia: imported when first played
    from coachdesk.ui.review.reel_player import ReelPlayer

TITLE = "Model clips — what success looks like"
EMPTY = (
    "No model clips yet. Add a lesson clip that shows this strategy done well — a colleague's "
    "lesson or your own rehearsal — and play its tagged moments to a teacher."
)
VISIBLE_ROWS = 3
# What a model clip's list shows depends on these: a lesson, its clip or its tags changing.
WATCHED = (
    Entity.MODEL_CLIP,
    Entity.CLIP,
    Entity.TAG,
    Entity.COACHEE,
    Entity.CYCLE,
    Entity.OBSERVATION,
    Entity.STRATEGY,
)


class StrategyModelClips(QWidget):
    """The "Model clips" section under a strategy's detail."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.strategy_id: int | None = None
        self._strategy_title = ""
        self.model = ModelClipListModel()
        self.reel_player: ReelPlayer | None = None
        self._build_ui()
        self._connect_signals()
        self.show_strategy(None)

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setAccessibleName("Model clips")
        self.title = QLabel(TITLE)
        self.title.setStyleSheet(f"color: {ACCENT}; font-weight: bold;")
        self.empty = QLabel(EMPTY)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Model clips of this strategy")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        # rows wrap to the dock's width, so the list's height is fitted again when it changes
        self.list.viewport().installEventFilter(self)
        self.note = QLineEdit()
        self.note.setAccessibleName("Note on the selected model clip")
        self.note.setPlaceholderText("Note on this clip: what to watch for")
        self.note.setMaxLength(NOTE_LIMIT)
        self.add_button = QPushButton("&Add a clip…")
        self.add_button.setToolTip("Link a lesson clip with its tags to this strategy")
        self.remove_button = QPushButton("Remo&ve")
        self.remove_button.setToolTip(
            "Take the selected clip off this strategy (the clip itself stays; Undo brings it back)"
        )
        self.play_button = QToolButton()
        self.play_button.setText("▶ Play the tagged moments")
        self.play_button.setToolTip("Play every tagged moment of these clips, one after another")
        self.play_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.play_menu = QMenu(self.play_button)
        self.play_button.setMenu(self.play_menu)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addStretch(1)  # on its own tab: keep the list under its heading

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self.remove_selected)
        self.play_button.clicked.connect(self._on_play_button_clicked)
        self.play_menu.aboutToShow.connect(self._on_play_menu_about_to_show)
        self.note.editingFinished.connect(self._on_note_editing_finished)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self._ctx.changed.connect(self._on_ctx_changed)

    # -- showing -----------------------------------------------------------------------------

    def show_strategy(self, strategy_id: int | None) -> None:
        """Show the model clips of ``strategy_id`` (None: nothing selected)."""
        self.strategy_id = strategy_id
        self.add_button.setEnabled(strategy_id is not None)
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected()
        clips: list[ModelClip] = []
        self._strategy_title = ""
        if self.strategy_id is not None:
            try:
                clips = self._ctx.services.model_clips.for_strategy(self.strategy_id)
                self._strategy_title = self._ctx.services.playbook.get(self.strategy_id).title
            except CoachDeskError as exc:
                self._ctx.problem.emit(str(exc))
        self.model.set_clips(clips)
        index = self.model.index_of(keep.id if keep else None)
        if not index.isValid() and clips:
            index = self.model.index(0, 0)
        if index.isValid():
            self.list.setCurrentIndex(index)
        self.empty.setVisible(not clips)
        self.list.setVisible(bool(clips))
        self._fit_list()
        self.play_button.setEnabled(any(c.tag_count for c in clips))
        self._show_selected()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._fit_list)  # after the view has laid its rows out again
        return super().eventFilter(watched, event)

    def _fit_list(self) -> None:
        """Make the list as tall as its rows, up to three; it scrolls past that."""
        rows = min(self.model.rowCount(), VISIBLE_ROWS)
        # the rows as laid out at the list's width (wrapped lines included), else their hints
        height = sum(
            self.list.visualRect(self.model.index(row, 0)).height() or self.list.sizeHintForRow(row)
            for row in range(rows)
        )
        self.list.setFixedHeight(max(height, 24) + 2 * self.list.frameWidth() + 2)

    def selected(self) -> ModelClip | None:
        return self.model.clip_at(self.list.currentIndex())

    def _show_selected(self) -> None:
        clip = self.selected()
        self.note.setVisible(clip is not None)
        self.note.setText(clip.note if clip is not None else "")
        self.remove_button.setEnabled(clip is not None)

    @Slot(QItemSelection, QItemSelection)
    def _on_list_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._show_selected()

    @Slot(object)
    def _on_ctx_changed(self, changes: Changes) -> None:
        if self.strategy_id is not None and changes.touches(*WATCHED):
            self.refresh()

    # -- editing -----------------------------------------------------------------------------

    def _on_add_button_clicked(self) -> None:
        if self.strategy_id is None:
            return
        already = [c.clip_id for c in self.model.clips()]
        from coachdesk.ui.dialogs.model_clip_dialog import ModelClipDialog

        dialog = ModelClipDialog(
            self._ctx.services.model_clips.candidates(), self._strategy_title, already, self
        )
        if dialog.exec() == ModelClipDialog.DialogCode.Accepted:
            chosen = dialog.chosen()
            if chosen is not None:
                self.add_clip(chosen.clip_id, dialog.note_text())

    def add_clip(self, clip_id: int, note: str = "") -> ModelClip | None:
        """Link ``clip_id`` to the shown strategy (undoable) and select it."""
        strategy_id = self.strategy_id
        if strategy_id is None:
            return None
        service = self._ctx.services.model_clips
        added = self._ctx.run(lambda: service.add(strategy_id, clip_id, note, self._ctx.today()))
        if added is None:
            return None
        self._ctx.push_done(
            "Add model clip", lambda: service.restore(added), lambda: service.remove(added.id)
        )
        self.list.setCurrentIndex(self.model.index_of(added.id))
        self._ctx.status.emit(
            f"Added {added.coachee_name}'s lesson as a model clip. It stays only as long as "
            f"{added.coachee_name}'s records are kept."
        )
        return added

    @Slot()
    def remove_selected(self) -> bool:
        """Take the selected clip off the strategy (undoable); the clip itself stays."""
        clip = self.selected()
        if clip is None:
            return False
        service = self._ctx.services.model_clips
        done = self._ctx.do(
            "Remove model clip", lambda: service.remove(clip.id), lambda: service.restore(clip)
        )
        return done is not None

    def set_note(self, text: str) -> ModelClip | None:
        """Save the selected clip's note (undoable)."""
        clip = self.selected()
        text = text.strip()
        if clip is None or text == clip.note:
            return None
        service = self._ctx.services.model_clips
        return self._ctx.do(
            "Edit model clip note",
            lambda: service.save_note(clip.id, text),
            lambda: service.save_note(clip.id, clip.note),
        )

    @Slot()
    def _on_note_editing_finished(self) -> None:
        self.set_note(self.note.text())

    # -- playing -----------------------------------------------------------------------------

    def play(
        self, model_clip_id: int | None = None, only_types: Iterable[int] | None = None
    ) -> ReelPlayer | None:
        """Open the reel player on the tagged moments (of one clip, or of chosen tag types)."""
        if self.strategy_id is None:
            return None
        try:
            reel = self._ctx.services.model_clips.reel(self.strategy_id, model_clip_id, only_types)
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return None
        if not reel.moments:
            self._ctx.problem.emit(
                "These clips have no tagged moments to play. Tag the moments that matter in "
                "the Video review tab of the lesson, then play them here."
            )
            return None
        if self.reel_player is not None:
            self.reel_player.close()
        from coachdesk.ui.review.reel_player import ReelPlayer

        player = ReelPlayer(self._ctx, reel, self.model.clips(), self._strategy_title, self)
        player.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        player.destroyed.connect(self._on_reel_player_destroyed)
        self.reel_player = player
        player.show()
        player.start()
        return player

    @Slot()
    def _on_reel_player_destroyed(self) -> None:
        self.reel_player = None

    @Slot()
    def _on_play_button_clicked(self) -> None:
        self.play()

    @Slot()
    def _on_play_menu_about_to_show(self) -> None:
        """Offer: every moment, the selected clip's only, or one tag type's only."""
        self.play_menu.clear()
        self._menu_action("Every tagged moment", lambda: self.play())
        clip = self.selected()
        if clip is not None and clip.tag_count:
            self._menu_action(
                f"Only {clip.coachee_name}'s lesson ({clip.file_name})",
                lambda: self.play(clip.id),
            )
        if self.strategy_id is None:
            return
        try:
            types = self._ctx.services.model_clips.reel(self.strategy_id).tag_types
        except CoachDeskError:
            return
        if types:
            self.play_menu.addSeparator()
        for tag_type in types:
            self._menu_action(f"Only “{tag_type.label}”", self._playing_only(tag_type.id))

    def _playing_only(self, type_id: int) -> Callable[[], object]:
        return lambda: self.play(None, [type_id])

    def _menu_action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = self.play_menu.addAction(text.replace("&", "&&"))
        action.triggered.connect(lambda _checked=False: slot())
        return action
