"""The code window: the observation's tag set as coloured buttons, each with its hotkey."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.errors import NotFoundError
from coachdesk.core.observations import Observation
from coachdesk.core.tags import Tag, TagKind, TagSet, TagSetSource, TagType
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.tag_set_dialog import TagSetDialog
from coachdesk.ui.review.tagging import TagController
from coachdesk.ui.widgets.button_grid import fit_columns

MAX_COLUMNS = 5
NO_OBSERVATION_TEXT = "Open an observation with a lesson clip to tag it."
NO_SET_TEXT = "No tag set chosen — pick one above, or build one from the cycle's strategy."
EMPTY_SET_TEXT = "This tag set has no tags yet — add some with “Edit tag sets…”."


def _button_style(colour: str) -> str:
    tint = QColor(colour)
    tint.setAlpha(45)
    rgba = f"rgba({tint.red()}, {tint.green()}, {tint.blue()}, {tint.alpha()})"
    return (
        "QPushButton { text-align: left; padding: 6px 8px; border: 1px solid #c8c8c8;"
        f" border-left: 6px solid {colour}; border-radius: 3px; background: #fafafa; }}"
        f"QPushButton:hover {{ background: {rgba}; }}"
        f"QPushButton:pressed {{ background: {colour}; color: white; }}"
        f"QPushButton:checked {{ background: {colour}; color: white; font-weight: bold; }}"
    )


def button_text(tag_type: TagType, recording: bool = False) -> str:
    label = tag_type.label.replace("&", "&&")
    key = f"{tag_type.hotkey.upper()}   " if tag_type.hotkey else ""
    mark = "  ● recording" if recording else ("  ⟷" if tag_type.kind is TagKind.DURATION else "")
    return f"{key}{label}{mark}"


def strategy_step_label(step: str) -> str:
    """The label a strategy step gets in its tag set (as the tag service shortens it)."""
    return step if len(step) <= 60 else step[:57] + "…"


class TagButtons(QWidget):
    """Buttons and hotkeys for the tag set chosen on ``ctx.observation_id``.

    The main window calls ``install_shortcuts(widget)`` with the review pane, so the hotkeys
    work wherever focus is inside it (not while typing in a text field).
    """

    def __init__(
        self, ctx: UiContext, controller: TagController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._controller = controller
        self._scope: QWidget | None = None
        self._actions: list[QAction] = []
        self._columns = 0
        self.buttons: dict[int, QPushButton] = {}
        self._shown: dict[int, TagType] = {}  # the tag types the buttons show, by id
        self.observation: Observation | None = None
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.tag_set_combo = QComboBox()
        self.tag_set_combo.setAccessibleName("Tag set for this observation")
        self.tag_set_combo.setToolTip("The tag set whose buttons and hotkeys tag this lesson")
        self.tag_set_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tag_set_combo.setMinimumContentsLength(14)  # the pane may sit in a narrow dock
        label = QLabel("Tag &set")
        label.setBuddy(self.tag_set_combo)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip(
            "Edit tag sets: make your own, change hotkeys, import or export"
        )
        self.edit_button.setAccessibleName("Edit tag sets")
        self.strategy_button = QPushButton("From s&trategy")
        self.strategy_button.setAccessibleName("Tag set from the cycle's strategy")
        self.strategy_button.setToolTip(
            "Build a tag set with one tag per step of the cycle's strategy, so the lesson "
            "shows which steps happened"
        )
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.tag_set_combo, 1)
        set_buttons = QHBoxLayout()  # a row of its own: the side panel can be narrow
        set_buttons.addWidget(self.strategy_button)
        set_buttons.addWidget(self.edit_button)
        set_buttons.addStretch()
        self.grid_host = QWidget()
        self.grid_host.setAccessibleName("Tag buttons")
        self._grid = QGridLayout(self.grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self.empty = QLabel(NO_OBSERVATION_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #757575; padding: 8px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addLayout(set_buttons)
        layout.addWidget(self.grid_host)
        layout.addWidget(self.empty)

    def _connect_signals(self) -> None:
        self.tag_set_combo.activated.connect(self._on_tag_set_combo_activated)
        self.edit_button.clicked.connect(self.edit_tag_sets)
        self.strategy_button.clicked.connect(self.build_from_strategy)
        self._controller.tag_set_changed.connect(self._on_controller_tag_set_changed)
        self._controller.open_spans_changed.connect(self._on_controller_open_spans_changed)
        self._ctx.observation_selected.connect(lambda _id: self.refresh())
        self._ctx.changed.connect(self._on_ctx_changed)

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the observation and the tag sets again; give the controller the chosen set."""
        services = self._ctx.services
        self.observation = None
        if self._ctx.observation_id is not None:
            try:
                self.observation = services.observations.get(self._ctx.observation_id)
            except NotFoundError:
                self.observation = None
        sets = services.tags.tag_sets()
        chosen_id = self.observation.tag_set_id if self.observation else None
        chosen = next((s for s in sets if s.id == chosen_id), None)
        self.tag_set_combo.blockSignals(True)
        self.tag_set_combo.clear()
        self.tag_set_combo.addItem("Choose a tag set…", None)
        for tag_set in sets:
            suffix = " (bundled)" if tag_set.source is TagSetSource.BUNDLED else ""
            self.tag_set_combo.addItem(f"{tag_set.name}{suffix}", tag_set.id)
        self.tag_set_combo.setCurrentIndex(max(0, self.tag_set_combo.findData(chosen_id)))
        self.tag_set_combo.blockSignals(False)
        has_observation = self.observation is not None
        self.tag_set_combo.setEnabled(has_observation)
        self.strategy_button.setEnabled(has_observation)
        self._controller.set_tag_set(chosen)
        self._show(chosen)

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.TAG_SET, Entity.OBSERVATION):
            self.refresh()

    def _on_tag_set_combo_activated(self, index: int) -> None:
        self.choose_tag_set(self.tag_set_combo.itemData(index))

    def _on_controller_tag_set_changed(self, tag_set: TagSet | None) -> None:
        self._show(tag_set)

    def _on_controller_open_spans_changed(self, spans: dict[int, Tag]) -> None:
        for type_id, button in self.buttons.items():
            tag_type = self._shown[type_id]
            if tag_type.kind is TagKind.DURATION:
                button.setChecked(type_id in spans)
                button.setText(button_text(tag_type, type_id in spans))

    # -- buttons and hotkeys -------------------------------------------------------------------

    def _show(self, tag_set: TagSet | None) -> None:
        types = tuple(tag_set.types) if tag_set else ()
        if types != tuple(self._shown.values()):
            self._rebuild(types)
        if self.observation is None:
            message = NO_OBSERVATION_TEXT
        elif tag_set is None:
            message = NO_SET_TEXT
        else:
            message = EMPTY_SET_TEXT if not types else ""
        self.empty.setText(message)
        self.empty.setVisible(bool(message))
        self.grid_host.setVisible(bool(types))

    def _rebuild(self, types: tuple[TagType, ...]) -> None:
        for button in self.buttons.values():
            self._grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {t.id: self._make_button(t) for t in types}
        self._shown = {t.id: t for t in types}
        self._columns = 0
        self._lay_out()
        self._on_controller_open_spans_changed(self._controller.open_spans())
        self._install_actions()

    def _make_button(self, tag_type: TagType) -> QPushButton:
        button = QPushButton(button_text(tag_type))
        button.setCheckable(tag_type.kind is TagKind.DURATION)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus stays on the player
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setStyleSheet(_button_style(tag_type.colour))
        button.setAccessibleName(f"Tag {tag_type.label}")
        key = f" (key {tag_type.hotkey.upper()})" if tag_type.hotkey else ""
        how = (
            "press to start, press again to end"
            if tag_type.kind is TagKind.DURATION
            else "tags the moment now playing"
        )
        lead = f"; starts {tag_type.lead_s:g} s earlier" if tag_type.lead_s else ""
        button.setToolTip(f"<b>{escape(tag_type.label)}</b>{key}<br>{how.capitalize()}{lead}.")
        button.clicked.connect(lambda _checked=False, t=tag_type: self.press(t))
        return button

    def press(self, tag_type: TagType) -> Tag | None:
        tag = self._controller.press(tag_type)
        self._on_controller_open_spans_changed(self._controller.open_spans())
        return tag

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out()

    def _lay_out(self) -> None:
        """Put the buttons in as many equal columns as fit the width."""
        buttons = list(self.buttons.values())
        if buttons:
            widest = max(b.fontMetrics().horizontalAdvance(b.text()) + 32 for b in buttons)
            self._columns = fit_columns(
                self._grid, buttons, self.width(), widest, MAX_COLUMNS, self._columns
            )

    def install_shortcuts(self, widget: QWidget) -> None:
        """Make the hotkeys work while focus is anywhere inside ``widget``."""
        self._remove_actions()
        self._scope = widget
        self._install_actions()

    def _remove_actions(self) -> None:
        for action in self._actions:
            if self._scope is not None:
                self._scope.removeAction(action)
            action.deleteLater()
        self._actions = []

    def _install_actions(self) -> None:
        self._remove_actions()
        tag_set = self._controller.tag_set
        if self._scope is None or tag_set is None:
            return
        for tag_type in tag_set.types:
            if not tag_type.hotkey:
                continue
            action = QAction(f"Tag {tag_type.label}", self._scope)
            action.setShortcut(QKeySequence(tag_type.hotkey.upper()))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, t=tag_type: self.press(t))
            self._scope.addAction(action)
            self._actions.append(action)

    def shortcut_actions(self) -> list[QAction]:
        return list(self._actions)

    # -- operations --------------------------------------------------------------------------

    def choose_tag_set(self, set_id: int | None) -> bool:
        """Use tag set ``set_id`` for this observation (saved on it, undoable)."""
        if self._ctx.observation_id is None:
            self._ctx.problem.emit("Open an observation first, then choose its tag set.")
            return False
        observations = self._ctx.services.observations
        before = observations.get(self._ctx.observation_id)
        if before.tag_set_id == set_id:
            return True
        after = replace(before, tag_set_id=set_id)
        done = self._ctx.do(
            "Choose tag set", lambda: observations.save(after), lambda: observations.save(before)
        )
        return done is not None

    def build_from_strategy(self) -> TagSet | None:
        """Build (or reuse) a tag set with one tag per step of the cycle's strategy; choose it."""
        cycle_id = self.observation.cycle_id if self.observation else self._ctx.cycle_id
        if cycle_id is None:
            self._ctx.problem.emit("Select a cycle first: its strategy gives the tags.")
            return None
        cycle_strategy = self._ctx.services.cycles.dossier(cycle_id).strategy
        if cycle_strategy is None:
            self._ctx.problem.emit(
                "This cycle has no strategy yet — choose one from the playbook, then build "
                "its tag set."
            )
            return None
        strategy = cycle_strategy.strategy
        tags = self._ctx.services.tags
        labels = tuple(strategy_step_label(step) for step in strategy.steps)
        tag_set = next(
            (
                s
                for s in tags.tag_sets()
                if s.source is TagSetSource.STRATEGY
                and s.name == f"Steps: {strategy.title}"
                and tuple(t.label for t in s.types) == labels
            ),
            None,
        ) or self._ctx.run(lambda: tags.create_from_steps(strategy.title, strategy.steps))
        if tag_set is not None and self.observation is not None:
            self.choose_tag_set(tag_set.id)
        return tag_set

    def edit_tag_sets(self) -> None:
        dialog = TagSetDialog(self._ctx, self)
        tag_set = self._controller.tag_set
        if tag_set is not None:
            dialog.select_set(tag_set.id)
        dialog.exec()
        dialog.deleteLater()  # it listens to the context while it lives
        self.refresh()
