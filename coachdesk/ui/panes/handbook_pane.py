"""The coach's handbook: search, a list of pages and the page itself; F1 opens a pane's page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk import resources
from coachdesk.core.handbook import Handbook, HandbookPage, load_handbook, words
from coachdesk.ui.context import UiContext

PAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_WIDE = 640  # px: wider than this, the list sits beside the page rather than above it


def load_bundled_handbook() -> Handbook:
    """Load the handbook shipped in ``resources/handbook``."""
    return load_handbook(resources.root() / "handbook")


def pane_id_for(widget: QWidget | None, panes: Mapping[QWidget, str]) -> str | None:
    """Return the id of the pane that holds ``widget``: the nearest ancestor found in ``panes``.

    Pass ``QApplication.focusWidget()`` to find the pane in hand. Nested panes work: the
    innermost one wins (the goal panel inside the cycle workspace, say).
    """
    while widget is not None:
        for pane, pane_id in panes.items():
            if pane is widget:
                return pane_id
        widget = widget.parentWidget()
    return None


class HandbookListModel(QAbstractListModel):
    """The pages to choose from: every page, or the results of a search, best first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[HandbookPage, str]] = []

    def set_rows(self, rows: list[tuple[HandbookPage, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        page, snippet = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return page.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return snippet or page.title
        if role == PAGE_ID_ROLE:
            return page.id
        return None

    def page_ids(self) -> list[str]:
        return [page.id for page, _ in self._rows]

    def row_of(self, page_id: str) -> int:
        return next((n for n, (page, _) in enumerate(self._rows) if page.id == page_id), -1)


class HandbookPane(QWidget):
    """A searchable guide to coaching and to CoachDesk, written for the coach."""

    page_shown = Signal(str)

    def __init__(self, ctx: UiContext, handbook: Handbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.handbook = handbook
        self.model = HandbookListModel(self)
        self._current = ""
        self._history: list[str] = []
        self._query: list[str] = []
        self._build_ui()
        self._connect_signals()
        self.search("")
        if handbook.pages:
            self.show_page(handbook.start)

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search the handbook")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search the handbook")
        self.search_box.setToolTip("Type words to find; Enter opens the best match, Down the list")
        self.back_button = QToolButton()
        self.back_button.setText("◀ Back")
        self.back_button.setAccessibleName("Back to the previous page")
        self.back_button.setToolTip("Back to the previous page (Alt+Left)")
        self.back_action = QAction("Back", self)
        self.back_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.back_action)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Handbook pages")
        self.list.setToolTip("Pages of the handbook; Enter or a click opens one")
        self.list.setUniformItemSizes(True)
        self.list.setAlternatingRowColors(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Handbook page")
        self.browser.setOpenLinks(False)  # links between pages are handled in _on_browser_...
        self.browser.setOpenExternalLinks(False)
        self.browser.document().setDocumentMargin(12)

        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.back_button)
        chooser = QWidget()
        chooser_layout = QVBoxLayout(chooser)
        chooser_layout.setContentsMargins(0, 0, 0, 0)
        chooser_layout.addLayout(top)
        chooser_layout.addWidget(self.list, 1)
        chooser_layout.addWidget(self.empty, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(chooser)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

    def _connect_signals(self) -> None:
        self.search_box.textChanged.connect(self.search)
        self.search_box.returnPressed.connect(self._on_search_box_return_pressed)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.list.activated.connect(lambda _index: self.browser.setFocus())
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.back_button.clicked.connect(self.go_back)
        self.back_action.triggered.connect(lambda _checked=False: self.go_back())

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = self.width() > _WIDE
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            size = self.width() if wide else self.height()
            first = min(260, size // 3) if wide else size // 4
            self.splitter.setSizes([first, size - first])
        super().resizeEvent(event)

    # -- public ------------------------------------------------------------------------------

    @property
    def current_page_id(self) -> str:
        return self._current

    def search(self, text: str) -> list[str]:
        """Show the pages matching ``text`` (all pages when it is empty); return their ids."""
        if self.search_box.text() != text:
            self.search_box.setText(text)  # re-enters through textChanged
            return self.model.page_ids()
        self._query = words(text)
        if self._query:
            hits = self.handbook.search(text)
            self.model.set_rows([(hit.page, hit.snippet) for hit in hits])
        else:
            self.model.set_rows([(page, "") for page in self.handbook.pages])
        found = self.model.rowCount() > 0
        self.list.setVisible(found)
        self.empty.setVisible(not found)
        if not found:
            self.empty.setText(
                f"No page mentions “{text.strip()}” — try fewer or shorter words."
                if self._query
                else "The handbook has no pages."
            )
        self._select_current()
        return self.model.page_ids()

    def show_page(self, page_id: str) -> bool:
        """Show page ``page_id`` (remembering the one before, for Back); False if there is none."""
        if not self.handbook.has_page(page_id):
            self._ctx.status.emit(f"The handbook has no page called “{page_id}”.")
            return False
        if page_id == self._current:
            return True
        if self._current:
            self._history.append(self._current)
        self._display(page_id)
        return True

    def go_back(self) -> None:
        if self._history:
            self._display(self._history.pop())

    def show_help_for_pane(self, pane_id: str | None) -> str:
        """Show the page that is the help for ``pane_id`` (the start page if none); return it."""
        page = self.handbook.page_for_pane(pane_id) if pane_id else None
        page_id = page.id if page is not None else self.handbook.start
        self.show_page(page_id)
        return page_id

    def show_help_for_focus(self, panes: Mapping[QWidget, str]) -> str:
        """Show the help for the pane that holds the keyboard focus (for F1)."""
        return self.show_help_for_pane(pane_id_for(QApplication.focusWidget(), panes))

    # -- internals ---------------------------------------------------------------------------

    def _display(self, page_id: str) -> None:
        page = self.handbook.page(page_id)
        self._current = page_id
        self.browser.setMarkdown(page.markdown)
        self._highlight_query()
        self.back_button.setEnabled(bool(self._history))
        self.back_action.setEnabled(bool(self._history))
        self._select_current()
        self.page_shown.emit(page_id)

    def _highlight_query(self) -> None:
        """Select the first place the search appears, so the coach sees why the page matched."""
        self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        escaped = [re.escape(word) for word in self._query]
        patterns = [r"\b" + r"\W+".join(escaped)] + [r"\b" + word for word in escaped]
        for pattern in dict.fromkeys(patterns) if escaped else ():
            found = QRegularExpression(
                pattern, QRegularExpression.PatternOption.CaseInsensitiveOption
            )
            if self.browser.find(found):
                return
        self.browser.verticalScrollBar().setValue(0)

    def _select_current(self) -> None:
        row = self.model.row_of(self._current)
        index = self.model.index(row, 0) if row >= 0 else QModelIndex()
        if index != self.list.currentIndex():
            blocker = self.list.selectionModel().blockSignals(True)
            self.list.setCurrentIndex(index)
            self.list.selectionModel().blockSignals(blocker)

    def _on_search_box_return_pressed(self) -> None:
        ids = self.model.page_ids()
        if ids:
            self.show_page(ids[0])
            self.browser.setFocus()

    def _on_list_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        page_id = self.list.currentIndex().data(PAGE_ID_ROLE)
        if page_id:
            self.show_page(str(page_id))

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        path = url.path()
        if url.scheme() in ("", "file") and path.endswith(".md"):
            self.show_page(path.rsplit("/", 1)[-1].removesuffix(".md"))
        elif url.scheme() == "" and not path and url.fragment():
            self.browser.scrollToAnchor(url.fragment())
        else:
            self._ctx.status.emit("The handbook does not open links outside CoachDesk.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self.search_box.hasFocus():
            self.list.setFocus()
            return
        super().keyPressEvent(event)
