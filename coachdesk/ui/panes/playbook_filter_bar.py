"""The playbook's search box and its category and persistent-problem filters."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QWidget

from coachdesk.core.playbook import Category
from coachdesk.core.problems import PersistentProblem

SEARCH_DELAY_MS = 150


class PlaybookFilterBar(QWidget):
    """Emits ``changed`` once typing pauses (or at once when a filter is picked)."""

    changed = Signal()
    go_down = Signal()  # Down or Enter in the search box: move into the results

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, purposes, steps and look-fors  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the playbook")
        self.search.setToolTip(
            "Type a word from a title, purpose, step or look-for; "
            "press Down to move into the results"
        )
        self.search.installEventFilter(self)
        self.category = QComboBox()
        self.category.setAccessibleName("Category filter")
        self.category.setToolTip("Show only the strategies on one shelf of the playbook")
        self.category.addItem("All categories", None)
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.problem = QComboBox()
        self.problem.setAccessibleName("Persistent problem filter")
        self.problem.setToolTip("Show only the strategies that address one persistent problem")
        self.problem.addItem("All problems", None)
        for problem in PersistentProblem:
            self.problem.addItem(problem.label, problem.value)
            self.problem.setItemData(
                self.problem.count() - 1, problem.description, Qt.ItemDataRole.ToolTipRole
            )
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._compact: bool | None = None
        self.set_compact(False)

    def set_compact(self, compact: bool) -> None:
        """Put the filters under the search box (narrow) or beside it (wide)."""
        if compact == self._compact:
            return
        self._compact = compact
        grid = self._grid
        for widget in (self.search, self.category, self.problem):
            grid.removeWidget(widget)
        for column in range(3):
            grid.setColumnStretch(column, 0)
        if compact:
            grid.addWidget(self.search, 0, 0, 1, 2)
            grid.addWidget(self.category, 1, 0)
            grid.addWidget(self.problem, 1, 1)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
        else:
            grid.addWidget(self.search, 0, 0)
            grid.addWidget(self.category, 0, 1)
            grid.addWidget(self.problem, 0, 2)
            grid.setColumnStretch(0, 3)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(2, 1)

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.category.currentIndexChanged.connect(lambda _i: self._emit_now())
        self.problem.currentIndexChanged.connect(lambda _i: self._emit_now())

    # -- what the coach asked for ------------------------------------------------------------

    def text(self) -> str:
        return self.search.text()

    def selected_category(self) -> Category | None:
        value = self.category.currentData()
        return Category(value) if value else None

    def selected_problem(self) -> PersistentProblem | None:
        value = self.problem.currentData()
        return PersistentProblem(value) if value else None

    def is_filtered(self) -> bool:
        return (
            bool(self.search.text().strip())
            or self.category.currentIndex() > 0
            or self.problem.currentIndex() > 0
        )

    def is_pending(self) -> bool:
        """True while typing has not yet been searched for."""
        return self._timer.isActive()

    def set_filters(
        self,
        text: str = "",
        category: Category | None = None,
        problem: PersistentProblem | None = None,
    ) -> None:
        """Set all three at once and emit ``changed`` once."""
        for widget in (self.search, self.category, self.problem):
            widget.blockSignals(True)
        self.search.setText(text)
        self.category.setCurrentIndex(self.category.findData(category.value) if category else 0)
        self.problem.setCurrentIndex(self.problem.findData(problem.value) if problem else 0)
        for widget in (self.search, self.category, self.problem):
            widget.blockSignals(False)
        self._emit_now()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- slots -------------------------------------------------------------------------------

    def _emit_now(self) -> None:
        self._timer.stop()
        self.changed.emit()

    def _on_search_return_pressed(self) -> None:
        if self._timer.isActive():
            self._emit_now()
        self.go_down.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down:
                if self._timer.isActive():
                    self._emit_now()
                self.go_down.emit()
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)
