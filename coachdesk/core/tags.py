"""Tag sets, tag types and the tags a coach puts on a clip — the code window's vocabulary."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NewType

from coachdesk.core.errors import ValidationError

TagSetId = NewType("TagSetId", int)
TagTypeId = NewType("TagTypeId", int)
TagId = NewType("TagId", int)

# Keys the player owns; a tag hotkey may not take them.
RESERVED_HOTKEYS = frozenset({"J", "K", "L", "N", " ", ",", ".", "[", "]"})
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Polarity(enum.Enum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    NEUTRAL = "neutral"


class TagKind(enum.Enum):
    POINT = "point"
    DURATION = "duration"


class TagSetSource(enum.Enum):
    BUNDLED = "bundled"
    OWN = "own"
    STRATEGY = "strategy"


@dataclass(frozen=True)
class TagType:
    """One button of a code window: label, colour, hotkey and timing."""

    id: TagTypeId
    tag_set_id: TagSetId
    label: str
    colour: str = "#607d8b"
    hotkey: str = ""
    polarity: Polarity = Polarity.NEUTRAL
    lead_s: float = 0.0
    lag_s: float = 0.0
    kind: TagKind = TagKind.POINT
    position: int = 0


@dataclass(frozen=True)
class TagSet:
    """A named set of tag types."""

    id: TagSetId
    uid: str
    name: str
    description: str = ""
    source: TagSetSource = TagSetSource.OWN
    types: tuple[TagType, ...] = ()

    def by_hotkey(self, key: str) -> TagType | None:
        key = key.upper()
        return next((t for t in self.types if t.hotkey.upper() == key), None)


@dataclass(frozen=True)
class Tag:
    """A moment on a clip: a point, or a span when ``end_ms`` is set."""

    id: TagId
    clip_id: int
    type_id: TagTypeId
    at_ms: int
    end_ms: int | None = None
    note: str = ""
    author: str = ""
    created_at: dt.datetime | None = None

    @property
    def duration_ms(self) -> int:
        return 0 if self.end_ms is None else self.end_ms - self.at_ms


def validate_tag_type(label: str, colour: str, hotkey: str, lead_s: float, lag_s: float) -> None:
    """Refuse a tag type that breaks a rule."""
    if not label.strip():
        raise ValidationError("A tag needs a label.")
    if not _COLOUR.match(colour):
        raise ValidationError(f"“{colour}” is not a colour; use the form #1a2b3c.")
    if len(hotkey) > 1:
        raise ValidationError("A hotkey is one key (a letter or a digit).")
    if hotkey and hotkey.upper() in RESERVED_HOTKEYS:
        raise ValidationError(f"“{hotkey}” is a player key; choose another hotkey.")
    if not 0 <= lead_s <= 120 or not 0 <= lag_s <= 600:
        raise ValidationError("Lead time must be 0–120 s and lag 0–600 s.")


def hotkey_clashes(types: Iterable[TagType]) -> dict[str, list[str]]:
    """Return the hotkeys used by more than one tag type, with their labels."""
    seen: dict[str, list[str]] = {}
    for tag_type in types:
        if tag_type.hotkey:
            seen.setdefault(tag_type.hotkey.upper(), []).append(tag_type.label)
    return {key: labels for key, labels in seen.items() if len(labels) > 1}


def tag_start_for_press(press_ms: int, lead_s: float) -> int:
    """Return where a tag pressed at ``press_ms`` starts, after its lead time (pre-roll)."""
    return max(0, press_ms - round(lead_s * 1000))
