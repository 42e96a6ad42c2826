"""A clip's tags as a table in time order: time, tag, note, thumbnail, author."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPixmap

from coachdesk.core.errors import ValidationError
from coachdesk.core.media_time import format_ms, parse_clock
from coachdesk.core.tags import Tag, TagKind, TagType, TagTypeId
from coachdesk.ui.models.edit_roles import CHOICES_ROLE, ID_ROLE, VALUE_ROLE

TIME, TAG, NOTE, THUMBNAIL, AUTHOR = range(5)
HEADERS = ("Time", "Tag", "Note", "Thumbnail", "Author")
HEADER_TIPS = (
    "When the moment starts (and ends, for a span); double-click to correct it",
    "What was seen; double-click to choose another tag",
    "Your note on the moment; double-click to write one",
    "The frame at the tag's time",
    "Who tagged it",
)
UNKNOWN_COLOUR = "#9e9e9e"
SPAN_DASH = "–"
RECORDING = " ● recording"  # a duration tag whose end has not been pressed yet

_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_ROLES = frozenset(
    {
        _DISPLAY,
        _EDIT,
        _DECORATION,
        _FONT,
        _ALIGNMENT,
        _FOREGROUND,
        _TOOLTIP,
        _ACCESSIBLE,
        VALUE_ROLE,
        CHOICES_ROLE,
        ID_ROLE,
    }
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_FLAGS = tuple(
    _READ_ONLY | Qt.ItemFlag.ItemIsEditable if column in (TIME, TAG, NOTE) else _READ_ONLY
    for column in range(len(HEADERS))
)

AnyIndex = QModelIndex | QPersistentModelIndex
ThumbnailProvider = Callable[[Tag], QPixmap | None]
ROOT = QModelIndex()


def _key(tag: Tag) -> tuple[int, int]:
    return (tag.at_ms, tag.id)


def time_text(tag: Tag) -> str:
    """Return "m:ss.t", or "m:ss.t–m:ss.t" for a span."""
    start = format_ms(tag.at_ms, tenths=True)
    if tag.end_ms is None:
        return start
    return f"{start}{SPAN_DASH}{format_ms(tag.end_ms, tenths=True)}"


class TagTableModel(QAbstractTableModel):
    """Tags sorted by time; each change moves one row, so 5,000 tags stay cheap.

    Edits are not written here: ``edit_requested(before, after)`` asks the controller, whose
    signals come back as ``add_tag`` / ``update_tag`` / ``remove_tag``. Thumbnails come from
    ``thumbnail_for(tag)``, which must answer at once (None until one is ready; then call
    ``thumbnail_ready``).
    """

    edit_requested = Signal(object, object)  # Tag (before), Tag (after)
    invalid = Signal(str)

    def __init__(self, thumbnail_for: ThumbnailProvider | None = None) -> None:
        super().__init__()
        self._tags: list[Tag] = []
        self._keys: list[tuple[int, int]] = []
        self._key_of: dict[int, tuple[int, int]] = {}  # tag id -> sort key, to find rows fast
        self._types: dict[int, TagType] = {}
        self._choices: list[tuple[str, int]] = []
        self._thumbnail_for = thumbnail_for
        self._current_id: int | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._grey = QBrush(QColor("#757575"))
        self._colours: dict[str, QColor] = {}

    # -- contents ----------------------------------------------------------------------------

    def set_tags(self, tags: Sequence[Tag], types: dict[int, TagType]) -> None:
        self.beginResetModel()
        self._tags = sorted(tags, key=_key)
        self._keys = [_key(t) for t in self._tags]
        self._key_of = {t.id: _key(t) for t in self._tags}
        self._types = dict(types)
        self.endResetModel()

    def set_types(self, types: dict[int, TagType], choices: Sequence[TagType] = ()) -> None:
        """Use these labels and colours; ``choices`` are the types a tag may be changed to."""
        self._types = dict(types)
        self._choices = [(t.label, t.id) for t in choices]
        if self._tags:
            self.dataChanged.emit(self.index(0, TAG), self.index(len(self._tags) - 1, TAG))

    def set_thumbnail_provider(self, thumbnail_for: ThumbnailProvider | None) -> None:
        self._thumbnail_for = thumbnail_for
        self._changed_column(THUMBNAIL)

    def add_tag(self, tag: Tag) -> None:
        row = bisect.bisect_left(self._keys, _key(tag))
        self.beginInsertRows(ROOT, row, row)
        self._keys.insert(row, _key(tag))
        self._tags.insert(row, tag)
        self._key_of[tag.id] = _key(tag)
        self.endInsertRows()

    def update_tag(self, tag: Tag) -> None:
        old = self.row_of(tag.id)
        if old < 0:
            self.add_tag(tag)
            return
        new = bisect.bisect_left(self._keys, _key(tag))
        if new > old:
            new -= 1  # the tag's own old row is counted in the bisect
        if new != old:
            # Qt counts the destination in rows as they were before the move.
            self.beginMoveRows(ROOT, old, old, ROOT, new + 1 if new > old else new)
            del self._keys[old], self._tags[old]
            self._keys.insert(new, _key(tag))
            self._tags.insert(new, tag)
            self._key_of[tag.id] = _key(tag)
            self.endMoveRows()
        else:
            self._keys[old], self._tags[old] = _key(tag), tag
            self._key_of[tag.id] = _key(tag)
        self.dataChanged.emit(self.index(new, 0), self.index(new, len(HEADERS) - 1))

    def remove_tag(self, tag_id: int) -> None:
        row = self.row_of(tag_id)
        if row < 0:
            return
        self.beginRemoveRows(ROOT, row, row)
        del self._keys[row], self._tags[row], self._key_of[tag_id]
        self.endRemoveRows()

    def tags(self) -> list[Tag]:
        return list(self._tags)

    def tag_at(self, index: AnyIndex) -> Tag | None:
        if not index.isValid() or not 0 <= index.row() < len(self._tags):
            return None
        return self._tags[index.row()]

    def row_of(self, tag_id: int) -> int:
        """Return the row of ``tag_id``, or -1."""
        key = self._key_of.get(tag_id)
        return -1 if key is None else bisect.bisect_left(self._keys, key)

    def row_at_or_before(self, ms: int) -> int:
        """Return the last row starting at or before ``ms`` (-1 if none)."""
        return bisect.bisect_right(self._keys, (ms, 2**62)) - 1

    @property
    def current_id(self) -> int | None:
        return self._current_id

    def set_current(self, tag_id: int | None) -> None:
        """Show ``tag_id`` as the tag now playing (bold)."""
        if tag_id == self._current_id:
            return
        rows = [self.row_of(i) for i in (self._current_id, tag_id) if i is not None]
        self._current_id = tag_id
        for row in rows:
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def thumbnail_ready(self, tag_id: int) -> None:
        """A thumbnail for ``tag_id`` has arrived: repaint its cell."""
        row = self.row_of(tag_id)
        if row >= 0:
            index = self.index(row, THUMBNAIL)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _changed_column(self, column: int) -> None:
        if self._tags:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._tags) - 1, column))

    # -- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._tags)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _FLAGS[index.column()] if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # The view asks for many roles per cell on every paint; leave early for most of them.
        if role not in _ROLES:
            return None
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._tags):
            return None
        tag, column = self._tags[row], index.column()
        if role == _DISPLAY:
            return self._text(tag, column)
        if role == _DECORATION:
            if column == TAG:
                return self._colour(tag)
            if column == THUMBNAIL and self._thumbnail_for is not None:
                return self._thumbnail_for(tag)
            return None
        if role == _FONT:
            return self._bold if tag.id == self._current_id else None
        if role == _EDIT:
            return time_text(tag) if column == TIME else self._text(tag, column)
        if role == _ALIGNMENT:
            return _RIGHT if column == TIME else None
        if role == _FOREGROUND:
            return self._grey if column == AUTHOR else None
        if role == _TOOLTIP:
            return self._tooltip(tag, column)
        if role == _ACCESSIBLE:
            return self._text(tag, column) or f"no {HEADERS[column].lower()}"
        if role == VALUE_ROLE and column == TAG:
            return tag.type_id
        if role == CHOICES_ROLE and column == TAG:
            return self._choices_for(tag)
        if role == ID_ROLE:
            return tag.id
        return None

    def _colour(self, tag: Tag) -> QColor:
        tag_type = self._types.get(tag.type_id)
        name = tag_type.colour if tag_type else UNKNOWN_COLOUR
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = QColor(name)
        return colour

    def _text(self, tag: Tag, column: int) -> str:
        if column == TIME:
            return time_text(tag) + (RECORDING if self._recording(tag) else "")
        if column == TAG:
            tag_type = self._types.get(tag.type_id)
            return tag_type.label if tag_type else "Unknown tag"
        if column == NOTE:
            return tag.note
        if column == AUTHOR:
            return tag.author
        return ""

    def _recording(self, tag: Tag) -> bool:
        tag_type = self._types.get(tag.type_id)
        return tag.end_ms is None and tag_type is not None and tag_type.kind is TagKind.DURATION

    def _tooltip(self, tag: Tag, column: int) -> str:
        if column == TIME:
            return "Time into the clip; double-click to correct it (M:SS, or M:SS–M:SS for a span)"
        if column == TAG:
            tag_type = self._types.get(tag.type_id)
            if tag_type is None:
                return "A tag type that no longer exists"
            key = f" (hotkey {tag_type.hotkey})" if tag_type.hotkey else ""
            return f"{tag_type.label}{key} — {tag_type.polarity.value}"
        if column == NOTE:
            return tag.note or "No note; double-click to add one"
        if column == THUMBNAIL:
            return "The frame at this moment"
        return f"Tagged by {tag.author}" if tag.author else "Author not recorded"

    def _choices_for(self, tag: Tag) -> list[tuple[str, int]]:
        choices = list(self._choices)
        if all(value != tag.type_id for _label, value in choices):
            tag_type = self._types.get(tag.type_id)
            choices.insert(0, (tag_type.label if tag_type else "Unknown tag", tag.type_id))
        return choices

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        tag = self.tag_at(index)
        if tag is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            edited = self._edited(tag, index.column(), value)
        except ValidationError as exc:
            self.invalid.emit(str(exc))
            return False
        if edited is None:
            return False
        if edited != tag:
            self.edit_requested.emit(tag, edited)
        return True

    def _edited(self, tag: Tag, column: int, value: object) -> Tag | None:
        if column == NOTE:
            return replace(tag, note=str(value).strip())
        if column == TAG:
            if not isinstance(value, int) or value not in self._types:
                return None
            return replace(tag, type_id=TagTypeId(value))
        if column == TIME:
            return _retimed(tag, str(value))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None


def _retimed(tag: Tag, text: str) -> Tag:
    """Return ``tag`` at the time(s) typed: "M:SS" moves it, "M:SS–M:SS" sets start and end."""
    parts = text.replace(RECORDING.strip(), "").replace(SPAN_DASH, "-").split("-")
    if len(parts) == 2 and not parts[1].strip():
        parts = parts[:1]  # "1:23–": an open span keeps no end
    if not 1 <= len(parts) <= 2:
        raise ValidationError(f"“{text}” is not a time; write M:SS, or M:SS–M:SS for a span.")
    start = int(parse_clock(parts[0]))
    if len(parts) == 2:
        end = int(parse_clock(parts[1]))
        if end < start:
            raise ValidationError("A tag cannot end before it starts.")
        return replace(tag, at_ms=start, end_ms=end)
    if tag.end_ms is None:
        return replace(tag, at_ms=start)
    return replace(tag, at_ms=start, end_ms=start + tag.duration_ms)
