"""The playbook browser: search and filter strategies, read one, use it, edit, share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import NotFoundError
from coachdesk.core.playbook import Category, CycleStrategy, Strategy, StrategyDraft
from coachdesk.core.playbook_file import ImportReport
from coachdesk.core.problems import PersistentProblem
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.strategy_dialog import StrategyDialog
from coachdesk.ui.models.strategy_list_model import StrategyListModel
from coachdesk.ui.panes import playbook_edits, playbook_files
from coachdesk.ui.panes.cycle_strategy_choice import USE_BUTTON_STYLE, CycleStrategyChoice
from coachdesk.ui.panes.playbook_filter_bar import PlaybookFilterBar
from coachdesk.ui.panes.strategy_detail import empty_html, no_results_html, strategy_html
from coachdesk.ui.panes.strategy_item_delegate import StrategyItemDelegate
from coachdesk.ui.panes.strategy_model_clips import StrategyModelClips
from coachdesk.ui.panes.strategy_resources import StrategyResources
from coachdesk.ui.plain_tips import plain_tip

NARROW_WIDTH = 720  # below this the detail goes under the list


class PlaybookPane(QWidget):
    """Browse the playbook; the selected strategy's detail shows beside (or under) the list."""

    results_updated = Signal(int)  # how many strategies the search found

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.model = StrategyListModel()
        self.cycle_choice = CycleStrategyChoice(ctx)
        self._build_ui()
        self._build_actions()
        self._connect_signals()
        self.cycle_choice.reload()
        self.refresh()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.filters = PlaybookFilterBar()
        self.search = self.filters.search
        self.count = QLabel()
        self.count.setAccessibleName("Number of strategies found")
        self.count.setStyleSheet("color: palette(placeholder-text);")
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(StrategyItemDelegate(self.list))
        self.list.setAccessibleName("Strategies")
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clear_button = QPushButton("&Clear search and filters")
        self.clear_button.setToolTip("Show every strategy in the playbook")
        empty = QFrame()  # framed and filled like the list it stands in for
        empty.setFrameShape(QFrame.Shape.StyledPanel)
        empty.setBackgroundRole(QPalette.ColorRole.Base)
        empty.setAutoFillBackground(True)
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.results = QStackedWidget()
        self.results.addWidget(self.list)
        self.results.addWidget(empty)
        self.new_button = QPushButton("&New strategy…")
        self.new_button.setToolTip("Write a strategy of your own")
        self.share_button = QToolButton()
        self.share_button.setText("Import / export")
        self.share_button.setToolTip("Share strategies with other coaches as a playbook file")
        self.share_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.share_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.count)
        left_layout.addWidget(self.results, 1)
        left_layout.addLayout(list_buttons)

        self.use_button = QPushButton("&Use in this cycle")
        self.use_button.setAccessibleName("Use in this cycle")
        self.use_button.setStyleSheet(USE_BUTTON_STYLE)
        self.cycle_note = QLabel()
        self.cycle_note.setTextFormat(Qt.TextFormat.PlainText)  # holds a coachee name
        self.cycle_note.setAccessibleName("Selected cycle")
        self.cycle_note.setStyleSheet("color: palette(placeholder-text);")
        self.cycle_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.edit_button = QToolButton()
        self.duplicate_button = QToolButton()
        self.delete_button = QToolButton()
        detail_buttons = QHBoxLayout()
        detail_buttons.addWidget(self.use_button)
        detail_buttons.addWidget(self.cycle_note, 1)
        for button in (self.edit_button, self.duplicate_button, self.delete_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            detail_buttons.addWidget(button)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Strategy detail")
        self.detail.setOpenLinks(False)
        self.detail.document().setDocumentMargin(12)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(detail_buttons)
        self.model_clips = StrategyModelClips(self._ctx)  # "what success looks like"
        self.resources = StrategyResources(self._ctx)  # files and links, for all who use it
        # On tabs, so the strategy's text keeps the height of a laptop screen's dock.
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setDocumentMode(True)
        self.detail_tabs.setAccessibleName("About the strategy")
        self.detail_tabs.addTab(self.detail, "Strategy")
        for section in (self.model_clips, self.resources):
            area = QScrollArea()
            area.setWidget(section)
            area.setWidgetResizable(True)
            area.setFrameShape(QScrollArea.Shape.NoFrame)
            self.detail_tabs.addTab(area, "")
        self.model_clips.model.modelReset.connect(self._name_detail_tabs)
        self.resources.model.modelReset.connect(self._name_detail_tabs)
        self._name_detail_tabs()
        right_layout.addWidget(self.detail_tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filters)
        layout.addWidget(self.splitter, 1)

    def _name_detail_tabs(self) -> None:
        """Tab titles with how many the strategy has: "Model clips (2)", "Resources"."""
        for index, title, count in (
            (1, "Model clips", self.model_clips.model.rowCount()),
            (2, "Resources", self.resources.model.rowCount()),
        ):
            self.detail_tabs.setTabText(index, f"{title} ({count})" if count else title)

    def _build_actions(self) -> None:
        self.find_action = self._action(
            "&Find strategy",
            "Search the playbook",
            self.focus_search,
            QKeySequence.StandardKey.Find,
        )
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.find_action)
        self.use_action = self._action("&Use in this cycle", "", self._on_use_action_triggered)
        self.new_action = self._action(
            "&New strategy…", "Write a strategy of your own", self.new_strategy
        )
        self.edit_action = self._action("&Edit…", "", self.edit_selected)
        self.duplicate_action = self._action(
            "D&uplicate", "Make your own copy of this strategy to adapt", self.duplicate_selected
        )
        self.delete_action = self._action(
            "&Delete", "", self.delete_selected, QKeySequence.StandardKey.Delete
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.import_action = self._action(
            "&Import playbook…",
            "Add the strategies in a playbook file another coach shared",
            self._on_import_action_triggered,
        )
        self.export_action = self._action(
            "&Export playbook…",
            "Save the whole playbook as a file to share",
            lambda: self._on_export_action_triggered(selected_only=False),
        )
        self.export_selected_action = self._action(
            "Export this &strategy…",
            "Save the selected strategy as a playbook file to share",
            lambda: self._on_export_action_triggered(selected_only=True),
        )
        self.edit_button.setDefaultAction(self.edit_action)
        self.duplicate_button.setDefaultAction(self.duplicate_action)
        self.delete_button.setDefaultAction(self.delete_action)
        menu = QMenu(self.share_button)
        menu.addActions([self.import_action, self.export_action, self.export_selected_action])
        self.share_button.setMenu(menu)
        self.list.addActions(
            [
                self.use_action,
                self.edit_action,
                self.duplicate_action,
                self.delete_action,
                self.export_selected_action,
            ]
        )

    def _action(
        self,
        text: str,
        tip: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _connect_signals(self) -> None:
        self.filters.changed.connect(self.refresh)
        self.filters.go_down.connect(self._on_filters_go_down)
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_strategy)
        self.use_button.clicked.connect(self._on_use_action_triggered)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.list.activated.connect(lambda _index: self._on_list_activated())
        self._ctx.changed.connect(self._on_ctx_changed)
        self._ctx.cycle_selected.connect(self._on_ctx_cycle_selected)

    # -- searching ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (Ctrl+F)."""
        self.filters.focus_search()

    def set_filters(
        self,
        text: str = "",
        category: Category | None = None,
        problem: PersistentProblem | None = None,
    ) -> None:
        """Search for ``text`` on one shelf and for one problem, now (not after the pause)."""
        self.filters.set_filters(text, category, problem)

    def clear_filters(self) -> None:
        self.filters.set_filters()

    def refresh(self) -> None:
        """Search again with what is in the search box and filters; keep the selection."""
        keep = self.selected_strategy()
        filters = self.filters
        found = self._ctx.services.playbook.search(
            filters.text(), filters.selected_category(), filters.selected_problem()
        )
        self.model.set_strategies(found)
        index = self.model.index_of(keep.id if keep else None)
        if not index.isValid() and found:
            index = self.model.index(0, 0)
        if index.isValid():
            self.list.setCurrentIndex(index)
        self._show_results_state(len(found))
        self._show_detail()
        self.results_updated.emit(len(found))

    def _show_results_state(self, found: int) -> None:
        self.count.setText(f"{found} {'strategy' if found == 1 else 'strategies'}")
        self.results.setCurrentIndex(0 if found else 1)
        if not found:
            filtered = self.filters.is_filtered()
            self.empty_text.setText(no_results_html(self.filters.text(), filtered))
            self.clear_button.setVisible(filtered)

    def _on_filters_go_down(self) -> None:
        if not self.model.rowCount():
            return
        if not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.list.setFocus(Qt.FocusReason.TabFocusReason)

    # -- selection and detail ----------------------------------------------------------------

    def selected_strategy(self) -> Strategy | None:
        return self.model.strategy_at(self.list.currentIndex())

    def select_strategy(self, strategy_id: int) -> bool:
        """Select ``strategy_id``, clearing the filters if they hide it; False if it is gone."""
        index = self.model.index_of(strategy_id)
        if not index.isValid():
            self.clear_filters()
            index = self.model.index_of(strategy_id)
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)
        return index.isValid()

    def _on_list_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._show_detail()

    def _on_list_activated(self) -> None:
        self._show_detail()
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_detail(self) -> None:
        strategy = self.selected_strategy()
        if strategy is None:
            self.detail.setHtml(
                empty_html(
                    "Select a strategy to read its purpose, steps and look-fors.",
                    "Search above, or press Down from the search box to move into the list.",
                )
            )
        else:
            self.detail.setHtml(
                strategy_html(
                    strategy,
                    self._based_on_title(strategy),
                    chosen_for_cycle=self.cycle_choice.is_chosen(strategy),
                )
            )
        self._update_actions(strategy)
        self.model_clips.show_strategy(strategy.id if strategy is not None else None)
        self.resources.show_strategy(strategy.id if strategy is not None else None)

    def _based_on_title(self, strategy: Strategy) -> str | None:
        if strategy.based_on is None:
            return None
        try:
            return self._ctx.services.playbook.get(strategy.based_on).title
        except NotFoundError:
            return None

    def _update_actions(self, strategy: Strategy | None) -> None:
        has = strategy is not None
        for action in (self.duplicate_action, self.export_selected_action):
            action.setEnabled(has)
        self.edit_action.setEnabled(has)
        bundled = strategy is not None and not strategy.is_editable
        self.edit_action.setText("&Edit a copy…" if bundled else "&Edit…")
        self.edit_action.setToolTip(
            "Bundled strategies stay as shipped: editing makes your own copy"
            if bundled
            else "Change this strategy's wording, steps and look-fors"
        )
        self.delete_action.setEnabled(has and not bundled)
        self.delete_action.setToolTip(
            "Bundled strategies stay in the playbook; filter them out or edit a copy"
            if bundled
            else "Delete this strategy from your playbook (Undo brings it back)"
        )
        self._update_use(strategy)

    def _update_use(self, strategy: Strategy | None) -> None:
        state = self.cycle_choice.use_state(strategy)
        for widget in (self.use_button, self.use_action):
            widget.setEnabled(state.enabled)
            widget.setText(state.text)
            widget.setToolTip(plain_tip(state.tip))
        self.cycle_note.setText(self.cycle_choice.note())
        self.cycle_note.setToolTip(plain_tip(self.cycle_choice.note()))

    # -- the cycle in hand -------------------------------------------------------------------

    def _on_ctx_cycle_selected(self, _cycle_id: int | None) -> None:
        self.cycle_choice.reload()
        self._show_detail()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.CYCLE, Entity.COACHEE):
            self.cycle_choice.reload()
        if changes.touches(Entity.STRATEGY):
            self.refresh()
        elif changes.touches(Entity.CYCLE, Entity.COACHEE):
            self._show_detail()

    def use_in_cycle(self, strategy_id: int) -> CycleStrategy | None:
        """Make ``strategy_id`` the strategy of the selected cycle."""
        return self.cycle_choice.use(strategy_id)

    def _on_use_action_triggered(self) -> None:
        strategy = self.selected_strategy()
        if strategy is not None and self.cycle_choice.confirm_replacing(self, strategy):
            self.use_in_cycle(strategy.id)

    # -- editing -----------------------------------------------------------------------------

    def new_strategy(self) -> None:
        dialog = StrategyDialog(self)
        if dialog.exec() == StrategyDialog.DialogCode.Accepted:
            self.create_strategy(dialog.draft())

    def create_strategy(self, draft: StrategyDraft) -> Strategy | None:
        """Add one of the coach's own strategies and select it."""
        return self._selecting(playbook_edits.create(self._ctx, draft))

    def edit_selected(self) -> None:
        strategy = self.selected_strategy()
        if strategy is None:
            return
        dialog = StrategyDialog(self, strategy)
        if dialog.exec() == StrategyDialog.DialogCode.Accepted:
            self.edit_strategy(strategy.id, dialog.draft())

    def edit_strategy(self, strategy_id: int, draft: StrategyDraft) -> Strategy | None:
        """Save ``draft``; for a bundled strategy this makes (and selects) the coach's copy."""
        return self._selecting(playbook_edits.edit(self._ctx, strategy_id, draft))

    def duplicate_selected(self) -> None:
        strategy = self.selected_strategy()
        if strategy is not None:
            self.duplicate(strategy.id)

    def duplicate(self, strategy_id: int) -> Strategy | None:
        return self._selecting(playbook_edits.duplicate(self._ctx, strategy_id))

    def delete_selected(self) -> None:
        strategy = self.selected_strategy()
        if strategy is not None:
            self.delete(strategy.id)

    def delete(self, strategy_id: int) -> bool:
        """Delete an own or imported strategy no cycle uses (undoable); False if refused."""
        return playbook_edits.delete(self._ctx, strategy_id) is not None

    def _selecting(self, strategy: Strategy | None) -> Strategy | None:
        if strategy is not None:
            self.select_strategy(strategy.id)
        return strategy

    # -- files -------------------------------------------------------------------------------

    def import_file(self, path: Path) -> ImportReport | None:
        """Import a playbook file; a refused file changes nothing and the reason is shown."""
        return playbook_files.import_playbook(self._ctx, path)

    def export_file(self, path: Path, strategy_ids: list[int] | None = None) -> Path | None:
        """Write the playbook (or the given strategies) to ``path``."""
        return playbook_files.export_playbook(self._ctx, path, strategy_ids)

    def _on_import_action_triggered(self) -> None:
        path = playbook_files.ask_import_path(self)
        if path is not None:
            self.import_file(path)

    def _on_export_action_triggered(self, *, selected_only: bool) -> None:
        strategy = self.selected_strategy() if selected_only else None
        if selected_only and strategy is None:
            return
        path = playbook_files.ask_export_path(self, strategy)
        if path is not None:
            self.export_file(path, [int(strategy.id)] if strategy is not None else None)

    # -- layout ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        narrow = event.size().width() < NARROW_WIDTH
        self.filters.set_compact(narrow)
        self.splitter.setOrientation(
            Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        )
        super().resizeEvent(event)
