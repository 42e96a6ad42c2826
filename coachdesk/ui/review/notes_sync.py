"""Live notes meet video: the offset between the lesson clock and the clip, set or confirmed.

``Observation.clip_offset_ms`` is the media time at which the live clock read zero, so a note
taken at ``at_ms`` on the clock happened at ``at_ms + offset`` in the clip. Until the coach sets
(or confirms) the offset, the notes stay off the track.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QWidget

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import NotFoundError
from coachdesk.core.media_time import format_ms
from coachdesk.core.observations import Note, Observation
from coachdesk.ui.context import UiContext

MAX_OFFSET_S = 24 * 3600
TOOLTIP_CHARS = 120


class NotesSync(QWidget):
    """The "Live notes" row: offset in seconds, and "this note happened here"."""

    notes_changed = Signal(object)  # list[tuple[int, str]]: media times and texts for the track

    def __init__(
        self, ctx: UiContext, position_ms: Callable[[], int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._position = position_ms
        self._observation: Observation | None = None
        self._notes: list[Note] = []
        self._build_ui()
        self._connect_signals()
        self.show_observation(None)

    def _build_ui(self) -> None:
        self.offset = QDoubleSpinBox()
        self.offset.setRange(-MAX_OFFSET_S, MAX_OFFSET_S)
        self.offset.setDecimals(1)
        self.offset.setSingleStep(0.5)
        self.offset.setSuffix(" s")
        self.offset.setKeyboardTracking(False)
        self.offset.setAccessibleName("Live notes offset in seconds")
        self.offset.setToolTip(
            "Where the live lesson clock's 0:00 falls in the clip, in seconds (negative if the "
            "recording started after the clock). Press Enter to set it."
        )
        self.note_choice = QComboBox()
        self.note_choice.setAccessibleName("Live note to line up with the clip")
        self.note_choice.setToolTip("Choose a live note, find its moment in the clip, then press")
        self.note_choice.setMinimumContentsLength(12)
        self.note_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.happened_here = QPushButton("Happened &here")
        self.happened_here.setToolTip(
            "The chosen note happened at the playhead: line up all live notes with the clip"
        )
        self.state = QLabel()
        self.state.setWordWrap(True)  # a narrow window wraps it rather than widening the pane
        self.state.setMinimumWidth(80)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Notes offset:")
        label.setBuddy(self.offset)
        layout.addWidget(label)
        layout.addWidget(self.offset)
        layout.addSpacing(12)
        layout.addWidget(self.note_choice, 1)
        layout.addWidget(self.happened_here)
        layout.addWidget(self.state)

    def _connect_signals(self) -> None:
        self.offset.editingFinished.connect(self._on_offset_editing_finished)
        self.happened_here.clicked.connect(self._on_happened_here_clicked)
        self._ctx.changed.connect(self._on_ctx_changed)

    # -- data --------------------------------------------------------------------------------

    def show_observation(self, observation_id: int | None) -> None:
        services = self._ctx.services.observations
        try:
            self._observation = None if observation_id is None else services.get(observation_id)
        except NotFoundError:
            self._observation = None
        self._notes = [] if self._observation is None else services.notes(self._observation.id)
        self._refresh()

    def offset_ms(self) -> int | None:
        return None if self._observation is None else self._observation.clip_offset_ms

    def track_notes(self) -> list[tuple[int, str]]:
        """Return the notes as (media time, text) for the track; none until the offset is set."""
        offset = self.offset_ms()
        if offset is None:
            return []
        return [(n.at_ms + offset, _short(n.text)) for n in self._notes if n.at_ms + offset >= 0]

    def select_note_at(self, index: int) -> None:
        """Choose the ``index``-th note of ``track_notes()`` (a click on its triangle)."""
        offset = self.offset_ms() or 0
        shown = [n for n in self._notes if n.at_ms + offset >= 0]
        if 0 <= index < len(shown):
            self.note_choice.setCurrentIndex(self._notes.index(shown[index]))

    def _refresh(self) -> None:
        has_notes = bool(self._notes)
        self.setEnabled(self._observation is not None)
        offset = self.offset_ms()
        self.offset.blockSignals(True)
        self.offset.setValue((offset or 0) / 1000)
        self.offset.blockSignals(False)
        chosen = self.note_choice.currentData()
        self.note_choice.clear()
        for note in self._notes:
            self.note_choice.addItem(f"{format_ms(note.at_ms)}  {_short(note.text, 60)}", note.id)
        found = self.note_choice.findData(chosen)
        self.note_choice.setCurrentIndex(max(0, found))
        self.note_choice.setEnabled(has_notes)
        self.happened_here.setEnabled(has_notes)
        if not has_notes:
            self.state.setText("No live notes for this observation")
        elif offset is None:
            self.state.setText(f"{len(self._notes)} notes — set the offset to show them")
        else:
            self.state.setText(f"{len(self._notes)} notes on the track")
        self.notes_changed.emit(self.track_notes())

    # -- edits -------------------------------------------------------------------------------

    def set_offset(self, offset_ms: int | None) -> None:
        """Save the offset (undoable); the notes move on the track."""
        before = self._observation
        if before is None or before.clip_offset_ms == offset_ms:
            return
        observations = self._ctx.services.observations
        after = replace(before, clip_offset_ms=offset_ms)
        result = self._ctx.do(
            "Set live notes offset",
            lambda: observations.save(after),
            cast(Callable[[], Changed[object]], lambda: observations.save(before)),
        )
        if result is not None:
            self._observation = result
            self._refresh()

    def set_offset_from_note(self, note_id: int, media_ms: int | None = None) -> None:
        """Say that note ``note_id`` happened at ``media_ms`` (the playhead if not given)."""
        note = next((n for n in self._notes if n.id == note_id), None)
        if note is None:
            return
        at = self._position() if media_ms is None else media_ms
        self.set_offset(at - note.at_ms)

    def _on_offset_editing_finished(self) -> None:
        self.set_offset(round(self.offset.value() * 1000))

    def _on_happened_here_clicked(self) -> None:
        note_id = self.note_choice.currentData()
        if note_id is not None:
            self.set_offset_from_note(int(note_id))

    def _on_ctx_changed(self, changes: Changes) -> None:
        if self._observation is not None and changes.touches(Entity.OBSERVATION, Entity.NOTE):
            self.show_observation(self._observation.id)


def _short(text: str, limit: int = TOOLTIP_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
