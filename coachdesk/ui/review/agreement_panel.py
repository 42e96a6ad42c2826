"""Calibration: how far two observers who tagged the same clip agree, and where they differ."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.agreement import Agreement, agreement, authors
from coachdesk.core.media_time import format_ms
from coachdesk.ui.review.tagging import TagController

BIN_CHOICES = ((10_000, "10 s"), (30_000, "30 s"), (60_000, "1 min"), (120_000, "2 min"))
DEFAULT_BIN_MS = 30_000
HEADERS = ("Tag", "Kappa", "Agreement", "Bins A", "Bins B")
ONE_OBSERVER_TEXT = (
    "Only one observer has tagged this clip — a second tagging pass (by the coachee or another "
    "coach) is needed to compare."
)
MS_ROLE = Qt.ItemDataRole.UserRole + 1


def kappa_text(value: float | None) -> str:
    """Return kappa to two places, or “n/a” when it is undefined (no variability)."""
    return "n/a" if value is None else f"{value:.2f}"


def _cell(text: str, tip: str = "") -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    if tip:
        item.setToolTip(tip)
    return item


class AgreementPanel(QWidget):
    """Cohen's kappa per tag type between two authors of the controller's clip.

    ``seek_requested(ms)`` asks the player to go to a disagreement (click or Enter on it).
    """

    seek_requested = Signal(int)

    def __init__(self, controller: TagController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._duration_ms = 0
        self.result: Agreement | None = None
        self.model = QStandardItemModel(0, len(HEADERS))
        self.model.setHorizontalHeaderLabels(list(HEADERS))
        self.moments = QStandardItemModel()
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.author_a, self.author_b = QComboBox(), QComboBox()
        self.author_a.setAccessibleName("First observer")
        self.author_b.setAccessibleName("Second observer")
        for combo in (self.author_a, self.author_b):
            combo.setToolTip("Whose tagging pass to compare")
        self.bin_choice = QComboBox()
        for ms, text in BIN_CHOICES:
            self.bin_choice.addItem(text, ms)
        self.bin_choice.setCurrentIndex(self.bin_choice.findData(DEFAULT_BIN_MS))
        self.bin_choice.setAccessibleName("Agreement bin width")
        self.bin_choice.setToolTip(
            "The clip is cut into bins of this length; the observers agree on a bin when both or "
            "neither tagged it"
        )
        top = QHBoxLayout()
        top.addWidget(QLabel("Compare"))
        top.addWidget(self.author_a, 1)
        top.addWidget(QLabel("with"))
        top.addWidget(self.author_b, 1)
        top.addWidget(QLabel("in bins of"))
        top.addWidget(self.bin_choice)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #757575;")
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Agreement per tag")
        self.view.setToolTip(
            "Cohen's kappa: 1 is full agreement, 0 no better than chance; n/a when neither "
            "observer varied (then read the agreement %)"
        )
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.moment_view = QListView()
        self.moment_view.setModel(self.moments)
        self.moment_view.setAccessibleName("Moments where the observers differ")
        self.moment_view.setToolTip("Click a moment to watch it; start the conversation there")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.reason)
        layout.addWidget(self.view, 1)
        layout.addWidget(QLabel("Where they differ"))
        layout.addWidget(self.moment_view, 1)

    def _connect_signals(self) -> None:
        for signal in (
            self._controller.tag_added,
            self._controller.tag_changed,
            self._controller.tag_removed,
            self._controller.tags_reset,
        ):
            signal.connect(self._on_controller_tags_changed)
        self.author_a.currentIndexChanged.connect(self._on_choice_changed)
        self.author_b.currentIndexChanged.connect(self._on_choice_changed)
        self.bin_choice.currentIndexChanged.connect(self._on_choice_changed)
        self.moment_view.clicked.connect(self._on_moment_view_activated)
        self.moment_view.activated.connect(self._on_moment_view_activated)

    # -- public --------------------------------------------------------------------------------

    def set_clip_duration(self, duration_ms: int) -> None:
        """Tell the panel how long the clip is (the review workspace knows it from the probe)."""
        self._duration_ms = duration_ms
        self.refresh()

    def set_observers(self, author_a: str, author_b: str, bin_ms: int | None = None) -> None:
        for combo, name in ((self.author_a, author_a), (self.author_b, author_b)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(name))
            combo.blockSignals(False)
        if bin_ms is not None:
            self.bin_choice.blockSignals(True)
            self.bin_choice.setCurrentIndex(self.bin_choice.findData(bin_ms))
            self.bin_choice.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Work the agreement out again from the controller's tags."""
        tags = self._controller.tags()
        names = authors(tags)
        self._fill_authors(names)
        a, b = self.author_a.currentData(), self.author_b.currentData()
        self.model.removeRows(0, self.model.rowCount())
        self.moments.clear()
        if a is None or b is None:
            self.result = None
            self.reason.setText(ONE_OBSERVER_TEXT if tags else "No tags on this clip yet.")
            return
        result = agreement(tags, a, b, self._duration_ms, int(self.bin_choice.currentData()))
        self.result = result
        labels = {i: t.label for i, t in self._controller.types().items()}
        self.reason.setText(
            result.reason or f"{result.bins} bins of {self.bin_choice.currentText()}"
        )
        for row in result.types:
            label = labels.get(row.type_id, f"Tag type {row.type_id}")
            self.model.appendRow(
                [
                    _cell(label),
                    _cell(kappa_text(row.kappa)),
                    _cell(f"{row.percent * 100:.0f} %"),
                    _cell(str(row.bins_a), f"Bins {a or 'the coach'} tagged"),
                    _cell(str(row.bins_b), f"Bins {b or 'the coach'} tagged"),
                ]
            )
        for moment in result.disagreements():
            label = labels.get(moment.type_id, f"Tag type {moment.type_id}")
            item = _cell(
                f"{format_ms(moment.start_ms)} — {label}: only {moment.seen_by or 'the coach'}"
            )
            item.setData(moment.start_ms, MS_ROLE)
            self.moments.appendRow(item)

    # -- slots -----------------------------------------------------------------------------

    def _on_controller_tags_changed(self, *_args: object) -> None:
        self.refresh()

    def _on_choice_changed(self, _index: int) -> None:
        self.refresh()

    def _on_moment_view_activated(self, index: QModelIndex) -> None:
        ms = index.data(MS_ROLE)
        if ms is not None:
            self.seek_requested.emit(int(ms))

    # -- helpers -------------------------------------------------------------------------------

    def _fill_authors(self, names: list[str]) -> None:
        if len(names) < 2:
            names = []
        for combo, default in ((self.author_a, 0), (self.author_b, 1)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for name in names:
                combo.addItem(name or "the coach", name)
            index = combo.findData(current) if current in names else default
            combo.setCurrentIndex(index if names else -1)
            combo.blockSignals(False)
