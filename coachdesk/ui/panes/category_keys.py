"""Quick category keys: one coloured toggle button and one Alt+hotkey per tag type."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from coachdesk.core.tags import TagType
from coachdesk.ui.widgets.button_grid import fit_columns

MAX_COLUMNS = 4


def _button_style(colour: str) -> str:
    base = QColor(colour)
    tint = QColor(base)
    tint.setAlpha(40)
    rgba = f"rgba({tint.red()}, {tint.green()}, {tint.blue()}, {tint.alpha()})"
    return (
        f"QPushButton {{ text-align: left; padding: 4px 8px; border: 1px solid #c8c8c8;"
        f" border-left: 5px solid {colour}; border-radius: 3px; background: #fafafa; }}"
        f"QPushButton:hover {{ background: {rgba}; }}"
        f"QPushButton:focus {{ border-color: {colour}; }}"
        f"QPushButton:checked {{ background: {colour}; color: white; }}"
    )


def shortcut_text(tag_type: TagType) -> str:
    return f"Alt+{tag_type.hotkey.upper()}" if tag_type.hotkey else ""


class CategoryKeys(QWidget):
    """Buttons for a tag set's types; ``pressed(label)`` fires on click or Alt+hotkey.

    The shortcuts live on ``scope`` (the notes pane), so they work wherever focus is in it.
    """

    pressed = Signal(str)

    def __init__(self, scope: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scope = scope
        self._types: tuple[TagType, ...] = ()
        self.buttons: dict[str, QPushButton] = {}
        self._actions: list[QAction] = []
        self._columns = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self.setAccessibleName("Quick category keys")

    def types(self) -> tuple[TagType, ...]:
        return self._types

    def set_types(self, types: Sequence[TagType]) -> None:
        """Show one button per tag type (in the tag set's order)."""
        ordered = tuple(sorted(types, key=lambda t: (t.position, t.id)))
        if ordered == self._types:
            return
        self._types = ordered
        for button in self.buttons.values():
            self._grid.removeWidget(button)
            button.deleteLater()
        for action in self._actions:
            self._scope.removeAction(action)
            action.deleteLater()
        self.buttons, self._actions = {}, []
        for tag_type in ordered:
            self.buttons[tag_type.label] = self._make_button(tag_type)
            if tag_type.hotkey:
                self._add_shortcut(tag_type)
        self._columns = 0
        self._lay_out()
        self.setVisible(bool(ordered))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._lay_out()

    def _lay_out(self) -> None:
        """Put the buttons in as many equal columns as fit the width (at most four)."""
        buttons = list(self.buttons.values())
        if buttons:
            widest = max(b.sizeHint().width() for b in buttons)
            self._columns = fit_columns(
                self._grid, buttons, self.width(), widest, MAX_COLUMNS, self._columns
            )

    def _make_button(self, tag_type: TagType) -> QPushButton:
        label = tag_type.label.replace("&", "&&")
        text = f"{tag_type.hotkey.upper()}  {label}" if tag_type.hotkey else label
        button = QPushButton(text)
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # clicking leaves focus in the entry
        # Ignored: the grid, not the buttons' text, decides the width (see _lay_out).
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setStyleSheet(_button_style(tag_type.colour))
        keys = shortcut_text(tag_type)
        button.setAccessibleName(f"Category {tag_type.label}")
        button.setToolTip(
            f"<b>{escape(tag_type.label)}</b>{f' ({escape(keys)})' if keys else ''}<br>"
            "While typing a note: attach this category to it.<br>"
            "With the note line empty: tally it now as a note of its own."
        )
        button.clicked.connect(lambda _checked=False, lb=tag_type.label: self.pressed.emit(lb))
        return button

    def _add_shortcut(self, tag_type: TagType) -> None:
        action = QAction(f"Category {tag_type.label}", self._scope)
        action.setShortcut(QKeySequence(shortcut_text(tag_type)))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False, lb=tag_type.label: self.pressed.emit(lb))
        self._scope.addAction(action)
        self._actions.append(action)

    def set_selected(self, label: str | None) -> None:
        """Show ``label`` as the category for the next note (None: no category)."""
        for name, button in self.buttons.items():
            button.setChecked(name == label)
