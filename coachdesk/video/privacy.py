"""Privacy blur for excerpts: faces found by a bundled detector, and regions the coach draws.

Faces are looked for a few times a second (detection is the costly part), on a worker thread
while the frames in between are decoded and encoded. Frames are held back until the look after
them is done, so each is blurred knowing where faces were just before and just after it
(``face_tracks``): a face is neither shown for a few frames as it appears, nor uncovered as it
moves between looks, nor flickers free when the detector misses it once (it is held for
``hold_ms``).

Coordinates are pixels of the upright picture (after the clip's rotation is applied), as the
coach sees it; a drawn ``Region`` is kept as fractions of that picture.
"""

from __future__ import annotations

import collections
import functools
import operator
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from coachdesk.video.face_detector import CenterFace
from coachdesk.video.face_tracks import Box, FaceTracks, grown
from coachdesk.video.frames import Image
from coachdesk.video.i420 import chroma_box, planes, size_of, to_bgr

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
    detect_every_ms: float = 200.0  # look for faces five times a second...
    detect_size: int = 640  # ...on a copy whose longer side is this many pixels
    hold_ms: float = 750.0  # keep a face blurred this long after it was last seen
    grow: float = 0.25  # widen each face box by this share of its size on every side...
    drift: float = 0.6  # ...and by this share more per second away from where it was seen
    threshold: float = 0.35  # detector confidence; low, since a missed face is the worse error

    @property
    def active(self) -> bool:
        return self.blur_faces or bool(self.regions)


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


class PrivacyFilter:
    """Blurs faces and regions in a stream of upright frames, handing them back a little later.

    ``push(image, ms)`` returns the frames that are ready (in order, each with its time);
    ``flush()`` returns the rest at the end, and ``close()`` stops the detector's thread (after
    ``flush``, or when the excerpt is abandoned). Frames are changed in place and only inside
    the blurred boxes: everything else is left exactly as it was. A frame handed to the detector
    is not changed until the detector is done with it.
    """

    def __init__(
        self, options: PrivacyOptions, detector: FaceDetector | None = None, *, i420: bool = False
    ) -> None:
        if options.blur_faces and detector is None:
            detector = CenterFace(options.detect_size, options.threshold)
        self.options = options
        self.i420 = i420  # frames are I420 pictures (``i420``), else BGR images
        self._detector = detector if options.blur_faces else None
        self._worker = (
            ThreadPoolExecutor(1, thread_name_prefix="coachdesk-faces")
            if self._detector is not None
            else None
        )
        self._waiting: collections.deque[tuple[Image, float]] = collections.deque()
        self._looking: collections.deque[tuple[float, Future[list[Box]]]] = collections.deque()
        self._size = (0, 0)  # width, height of the frames
        self._tracks = FaceTracks(options.hold_ms, options.drift)
        self._last_look_ms: float | None = None
        self.detections = 0  # how many times the detector ran (for tests and benchmarks)

    def push(self, image: Image, ms: float) -> list[tuple[Image, float]]:
        """Take the next frame; return the frames now ready to be written."""
        self._waiting.append((image, ms))
        self._size = self._frame_size(image)
        if self._detector is None or self._worker is None:
            return self._release(lambda when: True)
        last = self._last_look_ms
        if last is None or ms - last >= self.options.detect_every_ms - 1.0:
            self._look_at(image, ms)
        # One look may run on while this thread decodes and encodes; wait for any older one.
        return self._take_looks(in_flight=1)

    def flush(self) -> list[tuple[Image, float]]:
        """Return every frame still held back (looking at the last one first)."""
        if self._waiting and self._waiting[-1][1] != self._last_look_ms:
            self._look_at(*self._waiting[-1])
        out = self._take_looks(in_flight=0)
        return out + self._release(lambda when: True)

    def close(self) -> None:
        """Stop the detector's thread (a look under way is left to finish on its own)."""
        if self._worker is not None:
            self._worker.shutdown(wait=False, cancel_futures=True)

    def boxes_at(self, ms: float, width: int, height: int) -> list[Box]:
        """Return every box blurred in the frame at ``ms`` (faces, then the drawn regions)."""
        faces = self._tracks.boxes_at(ms, width, height)
        return faces + [region.box(width, height) for region in self.options.regions]

    def _look_at(self, image: Image, ms: float) -> None:
        """Have the detector's thread look for faces in ``image``."""
        if self._detector is None or self._worker is None:
            return
        self._last_look_ms = ms
        self._looking.append((ms, self._worker.submit(self._look, self._detector, image)))
        self.detections += 1

    def _frame_size(self, image: Image) -> tuple[int, int]:
        return size_of(image) if self.i420 else (image.shape[1], image.shape[0])

    def _look(self, detector: FaceDetector, image: Image) -> list[Box]:
        """Return the faces in ``image`` (on the detector's thread)."""
        return detector.detect(to_bgr(image) if self.i420 else image)

    def _take_looks(self, in_flight: int) -> list[tuple[Image, float]]:
        """Follow the faces of finished looks (waiting while more than ``in_flight`` run)."""
        out: list[tuple[Image, float]] = []
        while self._looking and (len(self._looking) > in_flight or self._looking[0][1].done()):
            ms, look = self._looking.popleft()
            width, height = self._size
            found = [grown(b, self.options.grow, width, height) for b in look.result()]
            self._tracks.add_look(ms, found)
            out += self._release(functools.partial(operator.ge, ms))  # when <= ms
        return out

    def _release(self, ready: Callable[[float], bool]) -> list[tuple[Image, float]]:
        out: list[tuple[Image, float]] = []
        while self._waiting and ready(self._waiting[0][1]):
            image, ms = self._waiting.popleft()
            width, height = self._frame_size(image)
            for box in self.boxes_at(ms, width, height):
                if self.i420:
                    y, u, v = planes(image)
                    blur_box(y, box)
                    blur_box(u, chroma_box(box))
                    blur_box(v, chroma_box(box))
                else:
                    blur_box(image, box)
            out.append((image, ms))
        if out:
            self._tracks.forget_before(self._waiting[0][1] if self._waiting else out[-1][1])
        return out


def upright(image: Image, clockwise: int) -> Image:
    """Return ``image`` turned by ``clockwise`` degrees (0, 90, 180 or 270), as shown."""
    turn = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    code = turn.get(clockwise % 360)
    return image if code is None else np.ascontiguousarray(cv2.rotate(image, code))
