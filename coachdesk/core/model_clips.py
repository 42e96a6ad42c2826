"""Model clips: lesson clips that show a strategy done well, and the reel of their tagged moments.

A model clip links an existing clip (with its tags) to a strategy: "what success looks like".
Playing the tagged moments one after another is a *reel*; ``reel_moments`` is its rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import NewType

from coachdesk.core.errors import ValidationError
from coachdesk.core.tags import Tag, TagType

ModelClipId = NewType("ModelClipId", int)

# A point tag with no lead or lag still plays this long: long enough to see what happened.
MIN_MOMENT_MS = 5_000
NOTE_LIMIT = 2_000


@dataclass(frozen=True)
class ModelClip:
    """A clip linked to a strategy, with the facts a coach needs to recognise it."""

    id: ModelClipId
    strategy_id: int
    clip_id: int
    note: str
    added_on: dt.date
    coachee_name: str
    observed_on: dt.date
    file_name: str
    duration_ms: int
    tag_count: int
    path: str = ""


@dataclass(frozen=True)
class ClipCandidate:
    """A clip anyone could pick as a model clip: whose lesson, when, which file, how tagged."""

    clip_id: int
    coachee_name: str
    observed_on: dt.date
    file_name: str
    duration_ms: int
    tag_count: int


@dataclass(frozen=True)
class Moment:
    """One stretch of a clip to play: from ``start_ms`` to ``end_ms``, named by its tag(s)."""

    clip_id: int
    start_ms: int
    end_ms: int
    label: str
    colour: str

    @property
    def length_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class Reel:
    """The moments to play in order, and the tag types found on the clips (to choose from)."""

    moments: tuple[Moment, ...] = ()
    tag_types: tuple[TagType, ...] = ()

    def __len__(self) -> int:
        return len(self.moments)


def clean_note(note: str) -> str:
    """Return the note as it is stored: trimmed, and refused if it is far too long."""
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError(
            f"A model clip's note is at most {NOTE_LIMIT} characters; this one has "
            f"{len(note)}. Shorten it, or keep the longer text in a session's notes."
        )
    return note


def tag_window(tag: Tag, tag_type: TagType) -> tuple[int, int]:
    """Return the stretch of the clip a tag stands for, before clamping.

    A tag's ``at_ms`` already includes its type's lead time (``tag_start_for_press``), and a
    point tag with a lag is stored as a span ending at press + lag. So a span plays as stored;
    a point tag plays its lead and lag around the press (at least ``MIN_MOMENT_MS``).
    """
    if tag.end_ms is not None and tag.end_ms > tag.at_ms:
        return tag.at_ms, tag.end_ms
    after = round((tag_type.lead_s + tag_type.lag_s) * 1000)
    return tag.at_ms, tag.at_ms + max(MIN_MOMENT_MS, after)


def reel_moments(
    clip_id: int,
    tags: Iterable[Tag],
    tag_types: Mapping[int, TagType],
    duration_ms: int,
    only_types: Collection[int] | None = None,
) -> list[Moment]:
    """Turn one clip's tags into ordered moments: windows clamped to the clip, overlaps merged.

    ``only_types`` keeps the tags of those tag types (None keeps all). Windows that overlap or
    touch become one moment named by each of their tag labels once, in order. A tag whose type
    is unknown, or that lies wholly past the end of the clip, is left out.
    """
    windows: list[tuple[int, int, TagType]] = []
    for tag in tags:
        tag_type = tag_types.get(tag.type_id)
        if tag_type is None or (only_types is not None and tag.type_id not in only_types):
            continue
        start, end = tag_window(tag, tag_type)
        start = max(0, start)
        if duration_ms > 0:
            end = min(end, duration_ms)
        if end > start:
            windows.append((start, end, tag_type))
    windows.sort(key=lambda w: (w[0], w[1]))

    moments: list[Moment] = []
    labels: list[str] = []
    for start, end, tag_type in windows:
        last = moments[-1] if moments else None
        if last is not None and start <= last.end_ms:
            if tag_type.label not in labels:
                labels.append(tag_type.label)
            moments[-1] = Moment(
                clip_id,
                last.start_ms,
                max(last.end_ms, end),
                " + ".join(labels),
                last.colour,
            )
        else:
            labels = [tag_type.label]
            moments.append(Moment(clip_id, start, end, tag_type.label, tag_type.colour))
    return moments


def moment_caption(index: int, count: int, moment: Moment) -> str:
    """Return what the reel shows over the video, e.g. "Moment 3 of 11 — Cold call"."""
    return f"Moment {index + 1} of {count} — {moment.label}"
