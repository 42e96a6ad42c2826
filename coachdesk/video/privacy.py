"""Privacy blur for excerpts: faces found by a bundled detector, and regions the coach draws.

Faces are looked for a few times a second on a smaller copy of the picture (detection is the
costly part). Each face found is followed as a *track*: it stays blurred for ``hold_ms`` after
it was last seen, and — because frames are held back until the next detection has run — also
from the frame after the detection before the one that first found it, so a face is neither
shown for a few frames as it appears nor flickers free between detections. Where a face moved
between two detections, both of its boxes are blurred.

Coordinates are pixels of the upright picture (after the clip's rotation is applied), as the
coach sees it; a drawn ``Region`` is kept as fractions of that picture.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import cv2
import numpy as np

from coachdesk.video.face_detector import Box, CenterFace
from coachdesk.video.frames import Image

__all__ = [
    "Box",
    "CenterFace",
    "FaceDetector",
    "PrivacyFilter",
    "PrivacyOptions",
    "Region",
    "blur_box",
    "grown",
]

BLOCKS_ACROSS = 6  # a blurred face is pixelated to about this many blocks across


class FaceDetector(Protocol):
    """Finds faces in an upright BGR picture; returns their boxes in its pixels."""

    def detect(self, image: Image) -> list[Box]: ...


@dataclass(frozen=True)
class Region:
    """A rectangle to blur for the whole excerpt, as fractions (0–1) of the upright picture."""

    x: float
    y: float
    w: float
    h: float

    def __post_init__(self) -> None:
        if not (0 <= self.x < 1 and 0 <= self.y < 1 and self.w > 0 and self.h > 0):
            raise ValueError(f"{self} is not a rectangle inside the picture")

    @classmethod
    def from_pixels(cls, x: int, y: int, w: int, h: int, width: int, height: int) -> Region:
        """Return the region of the pixel rectangle (x, y, w, h) in a width × height picture."""
        left, top = max(0, x), max(0, y)
        right, bottom = min(width, x + w), min(height, y + h)
        if right <= left or bottom <= top:
            raise ValueError("The rectangle is outside the picture.")
        return cls(left / width, top / height, (right - left) / width, (bottom - top) / height)

    def box(self, width: int, height: int) -> Box:
        """Return the region in pixels of a width × height picture (at least one pixel)."""
        left, top = int(self.x * width), int(self.y * height)
        right = max(left + 1, min(width, round((self.x + self.w) * width)))
        bottom = max(top + 1, min(height, round((self.y + self.h) * height)))
        return (left, top, right - left, bottom - top)


@dataclass(frozen=True)
class PrivacyOptions:
    """What to blur in an excerpt, and how hard to look for faces."""

    blur_faces: bool = False
    regions: tuple[Region, ...] = ()
    detect_every_ms: float = 160.0  # look for faces about six times a second...
    detect_size: int = 640  # ...on a copy whose longer side is this many pixels
    hold_ms: float = 750.0  # keep a face blurred this long after it was last seen
    grow: float = 0.25  # widen each face box by this share of its size on every side
    threshold: float = 0.35  # detector confidence; low, since a missed face is the worse error

    @property
    def active(self) -> bool:
        return self.blur_faces or bool(self.regions)


def grown(box: Box, share: float, width: int, height: int) -> Box:
    """Return ``box`` widened by ``share`` of its size on every side, kept inside the picture."""
    x, y, w, h = box
    dx, dy = round(w * share), round(h * share)
    left, top = max(0, x - dx), max(0, y - dy)
    right, bottom = min(width, x + w + dx), min(height, y + h + dy)
    return (left, top, max(0, right - left), max(0, bottom - top))


def blur_box(image: Image, box: Box) -> None:
    """Blur ``box`` of ``image`` in place beyond recognition.

    The box is shrunk to about ``BLOCKS_ACROSS`` pixels across (each the average of its
    block) and stretched back with linear interpolation: smooth colour, no detail, no block
    edges — and cheap, where a Gaussian as strong costs ~8 ms per face at 720p.
    """
    x, y, w, h = box
    if w <= 0 or h <= 0:
        return
    patch = image[y : y + h, x : x + w]
    across = max(1, min(BLOCKS_ACROSS, w))
    down = max(1, min(h, round(across * h / w)))
    small = cv2.resize(patch, (across, down), interpolation=cv2.INTER_AREA)
    patch[:] = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


@dataclass
class _Track:
    """One face followed across detections: when and where it was seen."""

    sightings: list[tuple[float, Box]] = field(default_factory=list)

    @property
    def first_ms(self) -> float:
        return self.sightings[0][0]

    @property
    def last_ms(self) -> float:
        return self.sightings[-1][0]

    def boxes_at(self, ms: float, lookback_ms: float, hold_ms: float) -> list[Box]:
        """Return the boxes to blur at ``ms``: the sightings either side of it, if in reach."""
        if ms < self.first_ms - lookback_ms or ms > self.last_ms + hold_ms:
            return []
        before = [box for when, box in self.sightings if when <= ms]
        after = [box for when, box in self.sightings if when >= ms]
        return [*before[-1:], *after[:1]]


def _overlap(a: Box, b: Box) -> float:
    """Return the intersection over union of two boxes."""
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, right - left) * max(0, bottom - top)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


class PrivacyFilter:
    """Blurs faces and regions in a stream of upright frames, handing them back a little later.

    ``push(image, ms)`` returns the frames that are ready (in order, each with its time);
    ``flush()`` returns the rest at the end. Frames are changed in place and only inside the
    blurred boxes: everything else is left exactly as it was.
    """

    def __init__(self, options: PrivacyOptions, detector: FaceDetector | None = None) -> None:
        if options.blur_faces and detector is None:
            detector = CenterFace(options.detect_size, options.threshold)
        self.options = options
        self._detector = detector if options.blur_faces else None
        self._waiting: collections.deque[tuple[Image, float]] = collections.deque()
        self._tracks: list[_Track] = []
        self._last_detection_ms: float | None = None
        self._lookback_ms = 0.0
        self.detections = 0  # how many times the detector ran (for tests and benchmarks)

    def push(self, image: Image, ms: float) -> list[tuple[Image, float]]:
        """Take the next frame; return the frames now ready to be written."""
        self._waiting.append((image, ms))
        last = self._last_detection_ms
        if self._detector is not None and (
            last is None or ms - last >= self.options.detect_every_ms - 1.0
        ):
            height, width = image.shape[:2]
            found = [
                grown(b, self.options.grow, width, height) for b in self._detector.detect(image)
            ]
            self.detections += 1
            if self._last_detection_ms is not None:
                self._lookback_ms = max(self._lookback_ms, ms - self._last_detection_ms)
            self._last_detection_ms = ms
            self._follow(found, ms)
            return self._release(lambda when: when <= ms)
        if self._detector is None:
            return self._release(lambda when: True)
        return []

    def flush(self) -> list[tuple[Image, float]]:
        """Return every frame still held back."""
        return self._release(lambda when: True)

    def boxes_at(self, ms: float, width: int, height: int) -> list[Box]:
        """Return every box blurred in the frame at ``ms`` (faces, then the drawn regions)."""
        boxes = [
            box
            for track in self._tracks
            for box in track.boxes_at(ms, self._lookback_ms, self.options.hold_ms)
        ]
        return boxes + [region.box(width, height) for region in self.options.regions]

    def _follow(self, found: list[Box], ms: float) -> None:
        """Add this detection's boxes to the tracks they continue, or start new tracks."""
        live = [t for t in self._tracks if ms - t.last_ms <= self.options.hold_ms]
        pairs = sorted(
            (
                (_overlap(t.sightings[-1][1], box), i, j)
                for i, t in enumerate(live)
                for j, box in enumerate(found)
            ),
            reverse=True,
        )
        used_tracks: set[int] = set()
        used_boxes: set[int] = set()
        for score, i, j in pairs:
            if score <= 0.05 or i in used_tracks or j in used_boxes:
                continue
            live[i].sightings.append((ms, found[j]))
            used_tracks.add(i)
            used_boxes.add(j)
        for j, box in enumerate(found):
            if j not in used_boxes:
                self._tracks.append(_Track([(ms, box)]))

    def _release(self, ready: Callable[[float], bool]) -> list[tuple[Image, float]]:
        out: list[tuple[Image, float]] = []
        while self._waiting and ready(self._waiting[0][1]):
            image, ms = self._waiting.popleft()
            height, width = image.shape[:2]
            for box in self.boxes_at(ms, width, height):
                blur_box(image, box)
            out.append((image, ms))
        if out:
            oldest = self._waiting[0][1] if self._waiting else out[-1][1]
            hold = self.options.hold_ms
            self._tracks = [t for t in self._tracks if t.last_ms + hold >= oldest]
        return out


def upright(image: Image, clockwise: int) -> Image:
    """Return ``image`` turned by ``clockwise`` degrees (0, 90, 180 or 270), as shown."""
    turn = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    code = turn.get(clockwise % 360)
    return image if code is None else np.ascontiguousarray(cv2.rotate(image, code))
