"""Observation notes: a lesson clock, a note line stamped as you type, quick category keys."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar, cast

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import NotFoundError
from coachdesk.core.media_time import format_ms
from coachdesk.core.observations import EvidenceKind, Note, Observation
from coachdesk.core.tags import TagSet
from coachdesk.ui.context import UiContext
from coachdesk.ui.live_clock import LiveClock
from coachdesk.ui.models.note_table_model import CATEGORY, EVIDENCE, TEXT, TIME, NoteTableModel
from coachdesk.ui.panes.category_keys import CategoryKeys
from coachdesk.ui.panes.clock_bar import ClockBar

EMPTY_TEXT = (
    "<b>No observation open.</b><br>Select or add an observation in the cycle to take notes."
)
NO_NOTES_TEXT = (
    "No notes yet — start the clock (Ctrl+Space), type what you see and press "
    "Enter. Each note is stamped with the moment you began typing it."
)
T = TypeVar("T")


def _undo(call: Callable[[], Changed[T]]) -> Callable[[], Changed[object]]:
    """Type an undo call for ``UiContext.do`` (``Changed`` is invariant in its value type)."""
    return cast(Callable[[], Changed[object]], call)


class NotesPane(QWidget):
    """Time-stamped notes for the observation in hand (``ctx.observation_id``)."""

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._now = now
        self._clocks: dict[int, LiveClock] = {}  # per observation, for as long as the app runs
        self._time_source: Callable[[], int] | None = None
        self.observation: Observation | None = None
        self.tag_set: TagSet | None = None
        self._stamp_ms: int | None = None  # clock time when typing of the draft began
        self._category: str | None = None  # category chosen for the draft
        self.model = NoteTableModel()
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self._build_work_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.toggle_clock_action = self._action(
            "Start or pause the lesson clock", "Ctrl+Space", self.toggle_clock
        )
        self.delete_notes_action = self._action(
            "Delete selected notes",
            QKeySequence.StandardKey.Delete,
            self.delete_selected_notes,
            self.table,
        )
        # Only while the table has focus: Delete in the note line or a cell editor edits text.
        self.delete_notes_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    def _build_work_page(self) -> QWidget:
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet("color: #616161;")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        self.clock_bar = ClockBar()
        layout.addWidget(self.clock_bar)
        layout.addLayout(self._build_options_row())
        self.category_keys = CategoryKeys(self)
        layout.addWidget(self.category_keys)
        layout.addLayout(self._build_entry_row())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Observation notes")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        row_height = self.table.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        header = self.table.horizontalHeader()
        for column in (TIME, CATEGORY, EVIDENCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.no_notes = QLabel(NO_NOTES_TEXT)
        self.no_notes.setWordWrap(True)
        self.no_notes.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_notes.setStyleSheet("color: #757575; padding: 24px;")
        layout.addWidget(self.table, 1)
        layout.addWidget(self.no_notes, 1)
        return page

    def _build_options_row(self) -> QHBoxLayout:
        self.tag_set_combo = QComboBox()
        self.tag_set_combo.setAccessibleName("Tag set for quick category keys")
        self.tag_set_combo.setToolTip("The tag set whose labels become quick category keys")
        self.evidence_combo = QComboBox()
        for kind in EvidenceKind:
            self.evidence_combo.addItem(kind.label, kind)
        self.evidence_combo.setAccessibleName("Evidence kind for new notes")
        self.evidence_combo.setToolTip("The kind of evidence new notes record")
        row = QHBoxLayout()
        row.addWidget(QLabel("Quick keys:"))
        row.addWidget(self.tag_set_combo, 1)
        row.addSpacing(12)
        row.addWidget(QLabel("Evidence:"))
        row.addWidget(self.evidence_combo)
        return row

    def _build_entry_row(self) -> QHBoxLayout:
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("Type what you see or hear, then press Enter")
        self.entry.setAccessibleName("New note")
        self.entry.setToolTip(
            "Enter saves the note, stamped with the time you began typing it.\n"
            "Alt+<key> attaches a category; with the line empty it tallies one."
        )
        self.entry.setClearButtonEnabled(True)
        label = QLabel("&Note:")
        label.setBuddy(self.entry)
        self.stamp_label = QLabel()
        self.stamp_label.setStyleSheet("color: #1565c0; font-weight: bold;")
        self.stamp_label.setToolTip("The time this note will be stamped with")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.entry, 1)
        row.addWidget(self.stamp_label)
        return row

    def _action(
        self,
        text: str,
        keys: str | QKeySequence.StandardKey,
        slot: Callable[[], object],
        host: QWidget | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        (host or self).addAction(action)
        return action

    def _connect_signals(self) -> None:
        self._ctx.observation_selected.connect(self._on_ctx_observation_selected)
        self._ctx.changed.connect(self._on_ctx_changed)
        self.entry.textEdited.connect(self._on_entry_text_edited)
        self.entry.returnPressed.connect(self.submit_entry)
        self.category_keys.pressed.connect(self.press_category)
        self.tag_set_combo.activated.connect(self._on_tag_set_combo_activated)
        self.model.edit_requested.connect(self.edit_note)
        self.model.invalid.connect(self._ctx.problem.emit)

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the observation in hand, its notes and its tag set."""
        observation = self._load_observation()
        switched = (observation.id if observation else None) != (
            self.observation.id if self.observation else None
        )
        self.observation = observation
        if observation is None:
            self.tag_set = None
            self.model.set_notes([])
            self.stack.setCurrentIndex(0)
            self.clock_bar.set_clock(self.clock())
            return
        services = self._ctx.services
        notes = services.observations.notes(observation.id)
        self.tag_set = self._load_tag_set(observation.tag_set_id)
        types = self.tag_set.types if self.tag_set else ()
        self.model.set_notes(notes, {t.label: t.colour for t in types})
        self.category_keys.set_types(types)
        if switched:
            self._start_draft(observation)
        self._clock_for(observation.id, notes)
        self._show_header(observation, len(notes))
        self._fill_tag_set_combo()
        self.table.setVisible(bool(notes))
        self.no_notes.setVisible(not notes)
        self.stack.setCurrentIndex(1)
        self.clock_bar.set_clock(self.clock())

    def _load_observation(self) -> Observation | None:
        if self._ctx.observation_id is None:
            return None
        try:
            return self._ctx.services.observations.get(self._ctx.observation_id)
        except NotFoundError:
            return None

    def _load_tag_set(self, tag_set_id: int | None) -> TagSet | None:
        if tag_set_id is None:
            return None
        try:
            return self._ctx.services.tags.tag_set(tag_set_id)
        except NotFoundError:
            return None

    def _start_draft(self, observation: Observation) -> None:
        self.entry.clear()
        self._stamp_ms = None
        self._set_category(None)
        self.evidence_combo.setCurrentIndex(self.evidence_combo.findData(observation.evidence_kind))

    def _show_header(self, observation: Observation, note_count: int) -> None:
        services = self._ctx.services
        try:
            cycle = services.cycles.get(observation.cycle_id)
            who = services.coachees.get(cycle.coachee_id).name
        except NotFoundError:
            who = ""
        what = observation.context or "Observation"
        self.title.setText(f"{who} — {what}" if who else what)
        notes = (
            "no notes yet"
            if not note_count
            else ("1 note" if note_count == 1 else f"{note_count} notes")
        )
        day = observation.observed_on
        self.subtitle.setText(
            f"{day:%a} {day.day} {day:%b %Y} · {observation.mode.label} · {notes}"
        )

    def _fill_tag_set_combo(self) -> None:
        combo = self.tag_set_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("None — notes without categories", None)
        for tag_set in self._ctx.services.tags.tag_sets():
            combo.addItem(tag_set.name, tag_set.id)
        current = self.observation.tag_set_id if self.observation else None
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.NOTE, Entity.OBSERVATION, Entity.TAG_SET):
            self.refresh()

    def _on_ctx_observation_selected(self, _observation_id: int | None) -> None:
        self._commit_draft()
        self.refresh()

    def _commit_draft(self) -> None:
        """Save a half-typed note to the observation it was typed for, rather than lose it."""
        if self.observation is not None and self.entry.text().strip():
            self.submit_entry()

    # -- the clock ---------------------------------------------------------------------------

    def _clock_for(self, observation_id: int, notes: list[Note] | None = None) -> LiveClock:
        clock = self._clocks.get(observation_id)
        if clock is None:
            clock = self._clocks[observation_id] = LiveClock(self._now)
            if notes:  # notes taken before: carry on from the last one unless reset
                clock.set_elapsed(max(n.at_ms for n in notes))
        return clock

    def clock(self) -> LiveClock | None:
        """The clock of the observation in hand."""
        return self._clock_for(self.observation.id) if self.observation else None

    def now_ms(self) -> int:
        """Time to stamp a note with now: the video position if one is wired, else the clock."""
        if self._time_source is not None:
            return max(0, self._time_source())
        clock = self.clock()
        return clock.elapsed_ms() if clock else 0

    def set_time_source(self, source: Callable[[], int] | None) -> None:
        """Stamp notes from ``source`` (e.g. a player's position in ms) instead of the clock."""
        self._time_source = source

    def toggle_clock(self) -> None:
        self.clock_bar.toggle()

    def reset_clock(self) -> None:
        self.clock_bar.reset()

    # -- the note line -----------------------------------------------------------------------

    def _on_entry_text_edited(self, text: str) -> None:
        if not text:
            self._stamp_ms = None  # line emptied: the next keystroke starts a new moment
        elif self._stamp_ms is None:
            self._stamp_ms = self.now_ms()
        self._show_stamp()

    def _show_stamp(self) -> None:
        stamp = self._stamp_ms
        self.stamp_label.setText("" if stamp is None else f"at {format_ms(stamp)}")

    def _set_category(self, label: str | None) -> None:
        self._category = label
        self.category_keys.set_selected(label)

    def selected_category(self) -> str | None:
        return self._category

    def evidence_kind(self) -> EvidenceKind:
        kind = self.evidence_combo.currentData()
        return kind if isinstance(kind, EvidenceKind) else EvidenceKind.OBSERVATION

    def submit_entry(self) -> Note | None:
        """Save the note line (Enter): stamped when typing began, with the chosen category."""
        text = self.entry.text().strip()
        if not text and self._category:
            text = self._category  # the words were deleted but a category was chosen: a tally
        if not text:
            self._ctx.status.emit("Type what you see, then press Enter to save the note.")
            return None
        at_ms = self._stamp_ms if self._stamp_ms is not None else self.now_ms()
        note = self.add_note(text, at_ms, self._category or "", self.evidence_kind())
        if note is not None:
            self.entry.clear()
            self._stamp_ms = None
            self._show_stamp()
            self._set_category(None)
            self.entry.setFocus()
        return note

    def press_category(self, label: str) -> Note | None:
        """A category key: attach it to the note being typed, or tally it now if there is none."""
        if self.observation is None:
            return None
        if self.entry.text().strip():
            self._set_category(None if self._category == label else label)
            self.entry.setFocus()
            return None
        self._set_category(None)
        note = self.add_note(label, self.now_ms(), label, self.evidence_kind())
        self.entry.setFocus()
        return note

    # -- operations --------------------------------------------------------------------------

    def add_note(
        self,
        text: str,
        at_ms: int,
        category: str = "",
        evidence_kind: EvidenceKind = EvidenceKind.OBSERVATION,
    ) -> Note | None:
        """Save a note on the observation in hand (undoable); show it in the table."""
        if self.observation is None:
            return None
        store = self._ctx.services.observations
        observation_id = self.observation.id
        note = self._ctx.run(
            lambda: store.add_note(observation_id, at_ms, text, category, evidence_kind)
        )
        if note is None:
            return None
        self._ctx.push_done(
            f"Add note at {format_ms(note.at_ms)}",
            lambda: store.save_note(note),
            _undo(lambda: store.delete_note(note.id)),
        )
        self._select_notes([note.id])
        return note

    def edit_note(self, before: Note, after: Note) -> None:
        """Save an edited note (time or text), undoably; the table re-sorts by time."""
        store = self._ctx.services.observations
        what = "time" if before.at_ms != after.at_ms else "note"
        self._ctx.do(
            f"Edit {what} at {format_ms(before.at_ms)}",
            lambda: store.save_note(after),
            _undo(lambda: store.save_note(before)),
        )

    def selected_notes(self) -> list[Note]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [n for n in (self.model.note_at(self.model.index(r, 0)) for r in rows) if n]

    def delete_selected_notes(self) -> None:
        self.delete_notes(self.selected_notes())

    def delete_notes(self, notes: list[Note]) -> None:
        """Delete ``notes`` as one undoable edit."""
        if not notes:
            return
        store = self._ctx.services.observations

        def delete() -> Changed[list[Note]]:
            return _combined([store.delete_note(n.id) for n in notes], notes)

        def restore() -> Changed[list[Note]]:
            return _combined([store.save_note(n) for n in notes], notes)

        text = "Delete note" if len(notes) == 1 else f"Delete {len(notes)} notes"
        self._ctx.do(text, delete, _undo(restore))

    def _select_notes(self, note_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for note_id in note_ids:
            row = self.model.row_of(note_id)
            if row >= 0:
                index = self.model.index(row, 0)
                selection.select(index, flags)
                self.table.scrollTo(index)

    def _on_tag_set_combo_activated(self, _index: int) -> None:
        tag_set_id = self.tag_set_combo.currentData()
        self.use_tag_set(tag_set_id if isinstance(tag_set_id, int) else None)

    def use_tag_set(self, tag_set_id: int | None) -> None:
        """Take quick category keys from another tag set (saved on the observation; undoable)."""
        before = self.observation
        if before is None or before.tag_set_id == tag_set_id:
            return
        store = self._ctx.services.observations
        after = replace(before, tag_set_id=tag_set_id)
        self._ctx.do(
            "Change the observation's tag set",
            lambda: store.save(after),
            _undo(lambda: store.save(before)),
        )


def _combined(results: list[Changed[Note]], notes: list[Note]) -> Changed[list[Note]]:
    changes = results[0].changes
    for result in results[1:]:
        changes = changes | result.changes
    return Changed(notes, changes)
