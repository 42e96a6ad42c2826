"""Playback controls and their keys: one keymap of QActions, scoped to the review pane."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from coachdesk.core.media_time import format_ms
from coachdesk.ui.review.player import SPEEDS, Player

# name -> (menu text, default keys). The coach may change the keys (set_keymap); tag sets
# must not take these (reserved_keys), so a tag hotkey never stops playback by surprise.
DEFAULT_KEYMAP: dict[str, tuple[str, tuple[str, ...]]] = {
    "play_pause": ("Play / pause", ("Space", "K")),
    "back_5s": ("Back 5 seconds", ("J",)),
    "forward_5s": ("Forward 5 seconds", ("L",)),
    "back_1s": ("Back 1 second", ("Left",)),
    "forward_1s": ("Forward 1 second", ("Right",)),
    "previous_frame": ("Previous frame", (",",)),
    "next_frame": ("Next frame", (".",)),
    "previous_tag": ("Previous tag", ("[",)),
    "next_tag": ("Next tag", ("]",)),
    "slower": ("Slower", ("-",)),
    "faster": ("Faster", ("+", "=")),  # "=" is the unshifted "+" key on most keyboards
    "mute": ("Mute / unmute", ("M",)),
}


class Transport(QWidget):
    """Buttons, speed, volume and the time; ``actions`` hold the keys (Space, J/K/L, …)."""

    previous_tag_requested = Signal()
    next_tag_requested = Signal()

    def __init__(
        self, player: Player, scope: QWidget | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._player = player
        self._duration_text = format_ms(0)
        self._time_text = ""
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions(scope or self)
        self._build_ui()
        self._connect_signals()
        self._on_player_playing_changed(False)
        self._on_player_position_changed(0)

    # -- building ----------------------------------------------------------------------------

    def _build_actions(self, scope: QWidget) -> None:
        slots: dict[str, Callable[[], None]] = {
            "play_pause": self._player.toggle,
            "back_5s": lambda: self._player.step_seconds(-5),
            "forward_5s": lambda: self._player.step_seconds(5),
            "back_1s": lambda: self._player.step_seconds(-1),
            "forward_1s": lambda: self._player.step_seconds(1),
            "previous_frame": lambda: self._player.step_frame(-1),
            "next_frame": lambda: self._player.step_frame(1),
            "previous_tag": self.previous_tag_requested.emit,
            "next_tag": self.next_tag_requested.emit,
            "slower": self._player.slower,
            "faster": self._player.faster,
            "mute": self._player.toggle_mute,
        }
        for name, (text, keys) in DEFAULT_KEYMAP.items():
            action = QAction(text, scope)
            action.setObjectName(f"review_{name}")
            # Only while the review pane (or a widget in it) has focus: the same letters
            # are free for typing and for other panes' keys elsewhere in the window.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _checked=False, slot=slots[name]: slot())
            scope.addAction(action)
            self.actions_by_name[name] = action
        self._update_tooltips()

    def _build_ui(self) -> None:
        style = self.style()
        icon = QStyle.StandardPixmap

        def button(
            name: str, pixmap: QStyle.StandardPixmap, label: str = "", trigger: bool = True
        ) -> QToolButton:
            action = self.actions_by_name[name]
            widget = QToolButton()
            widget.setIcon(style.standardIcon(pixmap))
            if label:
                widget.setText(label)
                widget.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            widget.setAccessibleName(action.text())
            widget.setToolTip(action.toolTip())
            if trigger:
                widget.clicked.connect(action.trigger)
            widget.setAutoRaise(True)
            return widget

        self.frame_back_button = button("previous_frame", icon.SP_MediaSkipBackward)
        self.back_button = button("back_5s", icon.SP_MediaSeekBackward, "5 s")
        self.play_button = button("play_pause", icon.SP_MediaPlay)
        self.forward_button = button("forward_5s", icon.SP_MediaSeekForward, "5 s")
        self.frame_forward_button = button("next_frame", icon.SP_MediaSkipForward)
        self.time_label = QLabel()
        self.time_label.setAccessibleName("Time in the clip")
        self.time_label.setToolTip("Where the playhead is, and how long the clip is")
        self.time_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.speed = QComboBox()
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setAccessibleName("Playback speed")
        self.speed.setToolTip("Playback speed (- slower, + faster)")
        self.speed.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.mute_button = button("mute", icon.SP_MediaVolume, trigger=False)
        self.mute_button.setCheckable(True)
        self.mute_button.toggled.connect(self._player.set_muted)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(round(self._player.volume * 100))
        self.volume.setFixedWidth(90)
        self.volume.setAccessibleName("Volume")
        self.volume.setToolTip("Volume")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for widget in (
            self.frame_back_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.frame_forward_button,
        ):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addWidget(self.time_label)
        layout.addStretch(1)
        layout.addWidget(self.speed)
        layout.addSpacing(8)
        layout.addWidget(self.mute_button)
        layout.addWidget(self.volume)

    def _connect_signals(self) -> None:
        self._player.position_changed.connect(self._on_player_position_changed)
        self._player.duration_changed.connect(self._on_player_duration_changed)
        self._player.playing_changed.connect(self._on_player_playing_changed)
        self._player.speed_changed.connect(self._on_player_speed_changed)
        self._player.muted_changed.connect(self._on_player_muted_changed)
        self.speed.activated.connect(self._on_speed_activated)
        self.volume.valueChanged.connect(lambda value: self._player.set_volume(value / 100))

    # -- keys --------------------------------------------------------------------------------

    def set_keymap(self, keys: Mapping[str, Sequence[str]]) -> None:
        """Give actions other keys, e.g. ``{"mute": ["Ctrl+M"]}`` (names as in DEFAULT_KEYMAP)."""
        for name, sequences in keys.items():
            self.actions_by_name[name].setShortcuts([QKeySequence(k) for k in sequences])
        self._update_tooltips()

    def reserved_keys(self) -> set[str]:
        """Return the keys playback uses (portable text, e.g. "J", "Space")."""
        return {
            key.toString(QKeySequence.SequenceFormat.PortableText)
            for action in self.actions_by_name.values()
            for key in action.shortcuts()
        }

    def set_clip_loaded(self, loaded: bool) -> None:
        """Enable the controls and keys only while there is a clip to play."""
        self.setEnabled(loaded)
        for action in self.actions_by_name.values():
            action.setEnabled(loaded)

    def _update_tooltips(self) -> None:
        for action in self.actions_by_name.values():
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            action.setToolTip(f"{action.text()} ({keys})" if keys else action.text())

    # -- following the player ----------------------------------------------------------------

    def _on_player_position_changed(self, ms: int) -> None:
        text = f"{format_ms(ms, tenths=True)} / {self._duration_text}"
        if text != self._time_text:  # 15 times a second: skip relayout when nothing shows
            self._time_text = text
            self.time_label.setText(text)

    def _on_player_duration_changed(self, ms: int) -> None:
        self._duration_text = format_ms(ms)
        self._on_player_position_changed(self._player.position_ms)

    def _on_player_playing_changed(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap
        pixmap = icon.SP_MediaPause if playing else icon.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(pixmap))
        self.play_button.setAccessibleName("Pause" if playing else "Play")

    def _on_player_speed_changed(self, rate: float) -> None:
        index = self.speed.findData(rate)
        if index >= 0:
            self.speed.setCurrentIndex(index)

    def _on_player_muted_changed(self, muted: bool) -> None:
        self.mute_button.setChecked(muted)
        icon = QStyle.StandardPixmap
        pixmap = icon.SP_MediaVolumeMuted if muted else icon.SP_MediaVolume
        self.mute_button.setIcon(self.style().standardIcon(pixmap))

    def _on_speed_activated(self, index: int) -> None:
        self._player.set_speed(float(self.speed.itemData(index)))
