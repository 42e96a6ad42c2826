"""Following faces between detections, so a blur covers a face on every frame, not just the looks.

The detector looks a few times a second. Each face it finds is followed as a *track* of
sightings (time, box): a box of the next look continues a track when it overlaps the track's
last box, or failing that is of a like size and near it (a head moving faster than its width
from one look to the next). On a frame between two sightings of a track, the box blurred is
the hull of both — wherever a head moved in a straight line between them, it stays inside —
widened by ``drift`` of the face's size per second away from the nearer sighting, for a head
that swerves.
Before a track's first sighting (back to the previous look, which did not find it) and for
``hold_ms`` after its last (a look may miss a face), its nearest box is blurred together with
where the face would be had it kept moving as between its two nearest sightings, widened the
same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Box = tuple[int, int, int, int]  # x, y, width, height in pixels
SAME_FACE = 0.05  # boxes of two looks overlapping more than this (IoU) are one face...
NEAR = 2.0  # ...and so are boxes of a like size whose centres are this many face sizes apart


def grown(box: Box, share: float, width: int, height: int) -> Box:
    """Return ``box`` widened by ``share`` of its size on every side, kept inside the picture."""
    x, y, w, h = box
    dx, dy = round(w * share), round(h * share)
    left, top = max(0, x - dx), max(0, y - dy)
    right, bottom = min(width, x + w + dx), min(height, y + h + dy)
    return (left, top, max(0, right - left), max(0, bottom - top))


def hull(a: Box, b: Box) -> Box:
    """Return the smallest box holding both ``a`` and ``b``."""
    left, top = min(a[0], b[0]), min(a[1], b[1])
    right, bottom = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return (left, top, right - left, bottom - top)


def likeness(a: Box, b: Box) -> float:
    """Return how surely boxes of two looks show the same face: their overlap, or a little
    for a face of the same size that moved further than its width (a fast head, a slow look)."""
    score = overlap(a, b)
    if score > SAME_FACE:
        return score
    size_a, size_b = max(a[2], a[3]), max(b[2], b[3])
    dx = (a[0] + a[2] / 2) - (b[0] + b[2] / 2)
    dy = (a[1] + a[3] / 2) - (b[1] + b[3] / 2)
    alike = 0.5 <= size_a / max(1, size_b) <= 2.0
    near = (dx * dx + dy * dy) ** 0.5 <= NEAR * max(size_a, size_b)
    return SAME_FACE / 2 if alike and near else 0.0


def overlap(a: Box, b: Box) -> float:
    """Return the intersection over union of two boxes."""
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, right - left) * max(0, bottom - top)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


@dataclass
class Track:
    """One face followed across detections: when and where it was seen."""

    sightings: list[tuple[float, Box]] = field(default_factory=list)

    @property
    def first_ms(self) -> float:
        return self.sightings[0][0]

    @property
    def last_ms(self) -> float:
        return self.sightings[-1][0]

    def box_at(self, ms: float, lookback_ms: float, hold_ms: float) -> tuple[Box, float] | None:
        """Return the box to blur at ``ms`` and how far (ms) it is from a sighting, if in reach."""
        if ms < self.first_ms - lookback_ms or ms > self.last_ms + hold_ms:
            return None
        before = [(when, box) for when, box in self.sightings if when <= ms]
        after = [(when, box) for when, box in self.sightings if when >= ms]
        if before and after:
            (b_ms, b_box), (a_ms, a_box) = before[-1], after[0]
            return hull(b_box, a_box), min(ms - b_ms, a_ms - ms)
        if before:  # held after the last sighting: where it was, and where it was heading
            (when, box), earlier = before[-1], before[-2:-1]
        else:  # before the first: where it was found, and where it came from
            (when, box), earlier = after[0], after[1:2]
        if earlier:
            box = hull(box, _carried_on(earlier[0], (when, box), ms))
        return box, abs(ms - when)


def _carried_on(one: tuple[float, Box], other: tuple[float, Box], ms: float) -> Box:
    """Return where a box moving from ``one`` to ``other`` at that speed would be at ``ms``."""
    (t1, (x1, y1, _, _)), (t2, (x2, y2, w, h)) = one, other
    if t1 == t2:
        return other[1]
    share = (ms - t2) / (t2 - t1)
    return (round(x2 + (x2 - x1) * share), round(y2 + (y2 - y1) * share), w, h)


class FaceTracks:
    """The tracks of every face found so far (dropping those no frame still needs)."""

    def __init__(self, hold_ms: float, drift: float) -> None:
        self.hold_ms = hold_ms
        self.drift = drift  # widen a box by this share of its size per second from a sighting
        self.tracks: list[Track] = []
        self.lookback_ms = 0.0  # the longest gap between two looks so far
        self._last_look_ms: float | None = None

    def add_look(self, ms: float, found: list[Box]) -> None:
        """Add one detection's boxes to the tracks they continue, or start new tracks."""
        if self._last_look_ms is not None:
            self.lookback_ms = max(self.lookback_ms, ms - self._last_look_ms)
        self._last_look_ms = ms
        live = [t for t in self.tracks if ms - t.last_ms <= self.hold_ms]
        pairs = sorted(
            (
                (likeness(t.sightings[-1][1], box), i, j)
                for i, t in enumerate(live)
                for j, box in enumerate(found)
            ),
            reverse=True,
        )
        used_tracks: set[int] = set()
        used_boxes: set[int] = set()
        for score, i, j in pairs:
            if score <= 0 or i in used_tracks or j in used_boxes:
                continue
            live[i].sightings.append((ms, found[j]))
            used_tracks.add(i)
            used_boxes.add(j)
        for j, box in enumerate(found):
            if j not in used_boxes:
                self.tracks.append(Track([(ms, box)]))

    def boxes_at(self, ms: float, width: int, height: int) -> list[Box]:
        """Return the face boxes to blur in the width × height frame at ``ms``."""
        boxes = []
        for track in self.tracks:
            reach = track.box_at(ms, self.lookback_ms, self.hold_ms)
            if reach is not None:
                box, away_ms = reach
                boxes.append(grown(box, self.drift * away_ms / 1000, width, height))
        return boxes

    def forget_before(self, ms: float) -> None:
        """Drop the tracks that no frame from ``ms`` on can need."""
        self.tracks = [t for t in self.tracks if t.last_ms + self.hold_ms >= ms]
