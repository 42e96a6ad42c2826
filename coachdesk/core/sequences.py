"""Strategy sequences: an ordered path through the playbook, e.g. a new teacher's first weeks.

A cycle may follow a sequence. When it ends, the sequence suggests the next strategy the
coachee has not worked on yet, so the next cycle picks up where this one left off.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NewType

from coachdesk.core.errors import ValidationError
from coachdesk.core.playbook import Strategy, StrategyId

SequenceId = NewType("SequenceId", int)

MAX_TITLE = 200
MAX_ITEMS = 60


class SequenceSource(enum.Enum):
    """Where a sequence came from: bundled ones stay as shipped; edits make an own copy."""

    BUNDLED = "bundled"
    OWN = "own"


@dataclass(frozen=True)
class SequenceItem:
    """One strategy at its point in a sequence, and why it comes there."""

    strategy_id: StrategyId
    strategy_title: str = ""
    note: str = ""


@dataclass(frozen=True)
class Sequence:
    """An ordered sequence of strategies."""

    id: SequenceId
    uid: str
    title: str
    description: str
    source: SequenceSource
    items: tuple[SequenceItem, ...] = ()

    @property
    def is_editable(self) -> bool:
        return self.source is SequenceSource.OWN

    def position_of(self, strategy_id: int | None) -> int | None:
        """Return the index of ``strategy_id`` in the sequence, or None if it is not in it."""
        for index, item in enumerate(self.items):
            if item.strategy_id == strategy_id:
                return index
        return None

    def draft(self) -> SequenceDraft:
        return SequenceDraft(
            self.title,
            self.description,
            tuple(SequenceDraftItem(i.strategy_id, i.note) for i in self.items),
        )


@dataclass(frozen=True)
class SequenceDraftItem:
    strategy_id: int
    note: str = ""


@dataclass(frozen=True)
class SequenceDraft:
    """What the coach edits: a title, a description and the strategies in order."""

    title: str
    description: str = ""
    items: tuple[SequenceDraftItem, ...] = ()

    def checked(self) -> SequenceDraft:
        """Return the draft tidied, or raise ValidationError saying what to fix."""
        title = self.title.strip()
        if not title:
            raise ValidationError("A sequence needs a title.")
        if len(title) > MAX_TITLE:
            raise ValidationError(f"A sequence title can be at most {MAX_TITLE} characters.")
        if len(self.items) > MAX_ITEMS:
            raise ValidationError(f"A sequence can hold at most {MAX_ITEMS} strategies.")
        seen: set[int] = set()
        for item in self.items:
            if item.strategy_id in seen:
                raise ValidationError(
                    "A strategy appears twice in the sequence; keep it at one point only."
                )
            seen.add(item.strategy_id)
        items = tuple(SequenceDraftItem(i.strategy_id, i.note.strip()) for i in self.items)
        return SequenceDraft(title, self.description.strip(), items)


@dataclass(frozen=True)
class BundledSequence:
    """A sequence as shipped in resources/sequences: strategies named by their playbook uid."""

    uid: str
    title: str
    description: str
    items: tuple[tuple[str, str], ...]  # (strategy uid, note)


class ItemState(enum.Enum):
    """Where one item of a sequence stands for a coachee."""

    DONE = "done"
    CURRENT = "current"
    NEXT = "next"
    TO_COME = "to_come"

    @property
    def label(self) -> str:
        return {
            ItemState.DONE: "done",
            ItemState.CURRENT: "this cycle",
            ItemState.NEXT: "next",
            ItemState.TO_COME: "",
        }[self]


def next_in_sequence(
    sequence: Sequence, done: Iterable[int], current: int | None
) -> SequenceItem | None:
    """Return the next item the coachee has not worked on yet, or None when all are done.

    ``done`` are the strategies of the coachee's cycles in the order they were worked on;
    ``current`` is this cycle's strategy. The search starts after ``current`` (or, when it
    is not in the sequence, after the latest done strategy that is) and skips what is done;
    items passed over earlier come round last.
    """
    done_ids = list(done)
    worked = {*done_ids, current}
    anchor = sequence.position_of(current)
    if anchor is None:
        placed = [p for p in map(sequence.position_of, done_ids) if p is not None]
        anchor = placed[-1] if placed else None
    start = 0 if anchor is None else anchor + 1
    order = [*sequence.items[start:], *sequence.items[:start]]
    for item in order:
        if item.strategy_id not in worked:
            return item
    return None


@dataclass(frozen=True)
class SequenceProgress:
    """A sequence as one coachee has worked through it, from one cycle's point of view."""

    sequence: Sequence
    states: tuple[ItemState, ...]
    next_item: SequenceItem | None

    @property
    def finished(self) -> bool:
        return self.next_item is None

    @property
    def done_count(self) -> int:
        return sum(s in (ItemState.DONE, ItemState.CURRENT) for s in self.states)


def sequence_progress(
    sequence: Sequence, done: Iterable[int], current: int | None
) -> SequenceProgress:
    """Return each item's state (done, this cycle, next, to come) and the next item."""
    done_ids = list(done)
    nxt = next_in_sequence(sequence, done_ids, current)
    states: list[ItemState] = []
    for item in sequence.items:
        if current is not None and item.strategy_id == current:
            states.append(ItemState.CURRENT)
        elif item.strategy_id in done_ids:
            states.append(ItemState.DONE)
        elif nxt is not None and item.strategy_id == nxt.strategy_id:
            states.append(ItemState.NEXT)
        else:
            states.append(ItemState.TO_COME)
    return SequenceProgress(sequence, tuple(states), nxt)


@dataclass(frozen=True)
class SequenceSuggestion:
    """The strategy a sequence suggests for a coachee's next cycle."""

    sequence: Sequence
    item: SequenceItem
    strategy: Strategy
