"""Tagging a clip like a code window: each press commits a tag at once; undo, notes, next/prev."""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.media_time import format_ms
from coachdesk.core.tags import Tag, TagKind, TagSet, TagType, tag_start_for_press
from coachdesk.ui.context import UiContext

Key = tuple[float, float]  # (at_ms, id): the clip's tags are kept sorted by this


def _key(tag: Tag) -> Key:
    return (tag.at_ms, tag.id)


class TagController(QObject):
    """The tags of the clip under review, kept sorted in memory, and every way of changing them.

    Each change is committed through the tag service the moment it is made, applied to the
    in-memory list, announced with a fine-grained signal (so the table and the track update
    one row, not 5,000) and then broadcast on ``ctx.changed`` for the rest of the window.
    Changes made elsewhere (``ctx.changed`` touching tags, not from here) reload the clip.
    """

    tag_added = Signal(object)  # Tag
    tag_changed = Signal(object)  # Tag
    tag_removed = Signal(int)  # tag id
    tags_reset = Signal()  # another clip, or tags changed elsewhere: read tags() again
    tag_set_changed = Signal(object)  # TagSet | None
    open_spans_changed = Signal(object)  # dict[int, Tag]: the open duration tag per type id

    def __init__(
        self, ctx: UiContext, position_ms: Callable[[], int], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._position = position_ms
        self._clip_id: int | None = None
        self._tag_set: TagSet | None = None
        self._types: dict[int, TagType] = {}  # every tag type: a clip may carry other sets' tags
        self._keys: list[Key] = []
        self._tags: list[Tag] = []
        self._by_id: dict[int, Tag] = {}
        self._open: dict[int, Tag] = {}
        self._last_id: int | None = None
        self._own_broadcast = False  # the next ctx.changed with tags in it came from here
        self._load_types()
        ctx.changed.connect(self._on_ctx_changed)

    # -- what is shown -------------------------------------------------------------------------

    @property
    def clip_id(self) -> int | None:
        return self._clip_id

    @property
    def tag_set(self) -> TagSet | None:
        return self._tag_set

    def set_clip(self, clip_id: int | None, tag_set: TagSet | None = None) -> None:
        """Review ``clip_id``: load its tags once. ``tag_set`` None keeps the current set."""
        self._clip_id = clip_id
        self._last_id = None
        if tag_set is not None:
            self.set_tag_set(tag_set)
        self._reload_tags()

    def set_tag_set(self, tag_set: TagSet | None) -> None:
        """Use ``tag_set``'s types for the buttons and hotkeys."""
        if tag_set is not None:
            self._types.update((t.id, t) for t in tag_set.types)
        if tag_set != self._tag_set:
            self._tag_set = tag_set
            self.tag_set_changed.emit(tag_set)

    def tags(self) -> list[Tag]:
        """Return the clip's tags in time order."""
        return list(self._tags)

    def tag(self, tag_id: int) -> Tag | None:
        return self._by_id.get(tag_id)

    def types(self) -> dict[int, TagType]:
        """Return every tag type by id (labels and colours for tags of any set)."""
        return dict(self._types)

    def open_spans(self) -> dict[int, Tag]:
        """Return the duration tags still recording (no end yet), by tag type id."""
        return dict(self._open)

    # -- finding tags (bisect: cheap on every playback tick) ------------------------------

    def current_tag(self, ms: int) -> Tag | None:
        """Return the latest tag that starts at or before ``ms``."""
        i = bisect.bisect_right(self._keys, (ms, math.inf)) - 1
        return self._tags[i] if i >= 0 else None

    def next_tag(self, ms: int) -> Tag | None:
        """Return the first tag that starts after ``ms``."""
        i = bisect.bisect_right(self._keys, (ms, math.inf))
        return self._tags[i] if i < len(self._tags) else None

    def previous_tag(self, ms: int) -> Tag | None:
        """Return the last tag that starts before ``ms`` (pass ``ms - 1000`` while playing)."""
        i = bisect.bisect_left(self._keys, (ms, -math.inf)) - 1
        return self._tags[i] if i >= 0 else None

    # -- tagging ----------------------------------------------------------------------------

    def press(self, tag_type: TagType) -> Tag | None:
        """Tag the moment now playing with ``tag_type`` (a hotkey or a button) and commit it.

        A duration type opens a span on the first press and closes it on the next; a point
        type with a lag becomes a fixed-length span.
        """
        if self._clip_id is None:
            self._ctx.problem.emit("Open a lesson clip to tag it.")
            return None
        press_ms = max(0, int(self._position()))
        lag_ms = round(tag_type.lag_s * 1000)
        open_tag = self._open.get(tag_type.id) if tag_type.kind is TagKind.DURATION else None
        if open_tag is not None:
            if press_ms + lag_ms < open_tag.at_ms:
                self._ctx.problem.emit(
                    f"“{tag_type.label}” started at {format_ms(open_tag.at_ms, tenths=True)}; "
                    "go past that point to end it, or delete it in the tag table."
                )
                return None
            closed = replace(open_tag, end_ms=press_ms + lag_ms)
            self.edit_tag(open_tag, closed, f"End {tag_type.label}")
            self._last_id = closed.id  # a note now goes on the span just ended
            return self._by_id.get(closed.id)
        start = tag_start_for_press(press_ms, tag_type.lead_s)
        end = press_ms + lag_ms if tag_type.kind is TagKind.POINT and lag_ms > 0 else None
        return self._add(tag_type, start, end)

    def _add(self, tag_type: TagType, at_ms: int, end_ms: int | None) -> Tag | None:
        tags, clip_id = self._ctx.services.tags, self._clip_id
        assert clip_id is not None
        try:
            result = tags.add_tag(clip_id, tag_type.id, at_ms, end_ms)
        except CoachDeskError as exc:
            self._ctx.problem.emit(str(exc))
            return None
        tag = result.value
        self._apply(tag)
        self._last_id = tag.id
        self._announce(result.changes)
        name = f"Tag {tag_type.label} at {format_ms(at_ms)}"
        self._ctx.push_done(name, self._saving(tag), self._deleting(tag))
        verb = "Started" if tag_type.kind is TagKind.DURATION else "Tagged"
        self._ctx.status.emit(f"{verb} {tag_type.label} at {format_ms(at_ms, tenths=True)}")
        return tag

    def last_tag(self) -> Tag | None:
        """Return the tag made last here, or else the one playing now (what a note goes on)."""
        tag = self._by_id.get(self._last_id) if self._last_id is not None else None
        return tag if tag is not None else self.current_tag(max(0, int(self._position())))

    def note_for_last(self, text: str) -> Tag | None:
        """Put ``text`` on the tag made last (or the current one); return the tag."""
        tag = self.last_tag()
        if tag is None:
            self._ctx.problem.emit("Tag a moment first, then add a note to it.")
            return None
        label = self.label_of(tag)
        self.edit_tag(tag, replace(tag, note=text.strip()), f"Note on {label}")
        return self._by_id.get(tag.id)

    def edit_tag(self, before: Tag, after: Tag, text: str = "") -> Tag | None:
        """Save ``after`` in place of ``before``, as an undoable edit."""
        if before == after:
            return after
        name = text or f"Edit {self.label_of(before)} tag"
        return self._ctx.do(name, self._saving(after), self._saving(before))

    def delete_tags(self, tag_ids: Iterable[int]) -> int:
        """Delete the tags (one undoable step); return how many were deleted."""
        doomed = [self._by_id[i] for i in tag_ids if i in self._by_id]
        if not doomed:
            return 0
        stack = self._ctx.undo_stack
        name = f"Delete {self.label_of(doomed[0])} tag" if len(doomed) == 1 else "Delete tags"
        stack.beginMacro(f"{name} ({len(doomed)})" if len(doomed) > 1 else name)
        deleted = 0
        for tag in doomed:
            done = self._ctx.do(name, self._deleting(tag), self._saving(tag))
            deleted += done is not None
        stack.endMacro()
        return deleted

    # -- keeping the sorted list --------------------------------------------------------------

    def _saving(self, tag: Tag) -> Callable[[], Changed[Tag]]:
        """Return a call that writes ``tag`` (re-inserting it with its id) and shows it."""
        tags = self._ctx.services.tags
        return lambda: self._applied(tags.save_tag(tag))

    def _deleting(self, tag: Tag) -> Callable[[], Changed[Tag]]:
        tags = self._ctx.services.tags
        return lambda: self._removed(tags.delete_tag(tag.id))

    def _applied(self, result: Changed[Tag]) -> Changed[Tag]:
        self._apply(result.value)
        self._own_broadcast = True
        return result

    def _removed(self, result: Changed[Tag]) -> Changed[Tag]:
        self._drop(result.value.id, emit=True)
        self._own_broadcast = True
        return result

    def _announce(self, changes: Changes) -> None:
        self._own_broadcast = True
        self._ctx.broadcast(changes)

    def _apply(self, tag: Tag) -> None:
        if tag.clip_id != self._clip_id:
            return  # an undo for a clip no longer on screen: the database is all that matters
        known = tag.id in self._by_id
        if known:
            self._drop(tag.id, emit=False)
        i = bisect.bisect_left(self._keys, _key(tag))
        self._keys.insert(i, _key(tag))
        self._tags.insert(i, tag)
        self._by_id[tag.id] = tag
        self._track_open(tag)
        (self.tag_changed if known else self.tag_added).emit(tag)

    def _drop(self, tag_id: int, *, emit: bool) -> None:
        tag = self._by_id.pop(tag_id, None)
        if tag is None:
            return
        i = bisect.bisect_left(self._keys, _key(tag))
        del self._keys[i], self._tags[i]
        if self._open.get(tag.type_id) is not None and self._open[tag.type_id].id == tag_id:
            del self._open[tag.type_id]
            self.open_spans_changed.emit(dict(self._open))
        if emit:
            self.tag_removed.emit(tag_id)

    def _track_open(self, tag: Tag) -> None:
        tag_type = self._types.get(tag.type_id)
        if tag_type is not None and tag_type.kind is TagKind.DURATION and tag.end_ms is None:
            self._open[tag.type_id] = tag
            self.open_spans_changed.emit(dict(self._open))

    def _reload_tags(self) -> None:
        loaded = [] if self._clip_id is None else self._ctx.services.tags.tags(self._clip_id)
        self._tags = sorted(loaded, key=_key)
        self._keys = [_key(t) for t in self._tags]
        self._by_id = {t.id: t for t in self._tags}
        self._open = self._find_open()
        self.tags_reset.emit()
        self.open_spans_changed.emit(dict(self._open))

    def _find_open(self) -> dict[int, Tag]:
        found: dict[int, Tag] = {}
        for tag in self._tags:
            tag_type = self._types.get(tag.type_id)
            if tag_type is not None and tag_type.kind is TagKind.DURATION and tag.end_ms is None:
                found[tag.type_id] = tag
        return found

    def _load_types(self) -> None:
        sets = self._ctx.services.tags.tag_sets()
        self._types = {t.id: t for s in sets for t in s.types}
        if self._tag_set is not None:
            fresh = next((s for s in sets if s.id == self._tag_set.id), None)
            self.set_tag_set(fresh)

    def label_of(self, tag: Tag) -> str:
        """Return the label of ``tag``'s type."""
        tag_type = self._types.get(tag.type_id)
        return tag_type.label if tag_type is not None else "tag"

    def _on_ctx_changed(self, changes: Changes) -> None:
        own, self._own_broadcast = self._own_broadcast, False
        if changes.touches(Entity.TAG_SET):
            self._load_types()
            self._open = self._find_open()  # a tag type may have become a duration, or not
            self.tags_reset.emit()  # labels and colours may have changed
            self.open_spans_changed.emit(dict(self._open))
        if changes.touches(Entity.TAG, Entity.CLIP) and not own:
            self._reload_tags()


class QuickNote(QLineEdit):
    """A one-line note field over the player: Enter saves it on the last tag, Escape closes it.

    Playback goes on while the coach types; focus goes back where it was afterwards. The
    caller connects ``submitted`` to ``TagController.note_for_last`` and a key to ``open``.
    """

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        self._back_to: QWidget | None = None
        self.setAccessibleName("Note for the last tag")
        self.setToolTip("Type a note for the tag you made last; Enter saves it, Escape closes")
        self.setStyleSheet(
            "QLineEdit { padding: 6px; border: 2px solid #1e88e5; border-radius: 4px;"
            " background: #ffffff; }"
        )
        self.hide()
        self.returnPressed.connect(self._on_self_return_pressed)

    def open(self, label: str = "") -> None:
        """Show the field over the bottom of the parent and take the keyboard."""
        self._back_to = self.window().focusWidget() if self.window() else None
        self.setPlaceholderText(
            f"Note for “{label}” — Enter to save, Esc to close"
            if label
            else "Note for the last tag — Enter to save, Esc to close"
        )
        self.clear()
        host, margin, height = self._host, 8, self.sizeHint().height()
        self.setGeometry(margin, host.height() - height - margin, host.width() - 2 * margin, height)
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def close_note(self) -> None:
        self.hide()
        if self._back_to is not None and self._back_to is not self:
            self._back_to.setFocus(Qt.FocusReason.OtherFocusReason)
        self._back_to = None

    def _on_self_return_pressed(self) -> None:
        text = self.text().strip()
        self.clear()
        self.close_note()
        if text:
            self.submitted.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.close_note()
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # Clicking away keeps what was typed: nothing is lost.
        if self.isVisible() and event.reason() != Qt.FocusReason.PopupFocusReason:
            self._on_self_return_pressed()
