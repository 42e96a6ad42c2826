"""Faces stay covered between looks: moving heads, held boxes, I420 pictures, a moving clip.

The detector looks only a few times a second, so what protects the frames in between is the
tracking (``face_tracks``) and the look-ahead of ``PrivacyFilter``. The end-to-end test makes
a clip of the painted face (see ``test_privacy``) moving across a wall and checks every frame
of the blurred excerpt, not just the ones the detector looked at.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from coachdesk.video import i420
from coachdesk.video.excerpts import Span, write_excerpt
from coachdesk.video.face_tracks import FaceTracks, hull
from coachdesk.video.frames import Image
from coachdesk.video.privacy import Box, PrivacyFilter, PrivacyOptions
from tests.video.test_privacy import FACE_SIZE, classroom, detail, mask_of, painted_face


class SeenAt:
    """A detector that sees one face per frame number (in pixel 0,0), where it is told."""

    def __init__(self, boxes: dict[int, Box]) -> None:
        self.boxes = boxes

    def detect(self, image: Image) -> list[Box]:
        box = self.boxes.get(int(image[0, 0, 0]))
        return [] if box is None else [box]


def run_frames(blur: PrivacyFilter, count: int, step_ms: float) -> list[tuple[Image, Image]]:
    """Push ``count`` numbered noise frames; return (original, blurred) pairs in order."""
    rng = np.random.default_rng(3)
    originals, out = [], []
    for number in range(count):
        frame = rng.integers(0, 255, (200, 400, 3), dtype=np.uint8)
        frame[0, 0, 0] = number
        originals.append(frame.copy())
        out += blur.push(frame, number * step_ms)
    out += blur.flush()
    blur.close()
    assert [ms for _, ms in out] == [n * step_ms for n in range(count)]
    return list(zip(originals, [frame for frame, _ in out], strict=True))


def changed(original: Image, blurred: Image, box: Box) -> float:
    """Return the share of the pixels of ``box`` that ``blurred`` changed."""
    x, y, w, h = box
    before, after = original[y : y + h, x : x + w], blurred[y : y + h, x : x + w]
    return float(np.any(before != after, axis=2).mean())


def test_a_face_moving_further_than_its_width_is_covered_on_its_way() -> None:
    # Looks at frames 0, 5, 10 (every 100 ms): the face jumps 70 px (1.75 widths) at once.
    seen = {5: (100, 80, 40, 40), 10: (170, 80, 40, 40)}
    options = PrivacyOptions(blur_faces=True, detect_every_ms=100, grow=0, drift=0)
    pairs = run_frames(PrivacyFilter(options, SeenAt(seen)), 15, 20.0)
    for number in range(6, 10):  # between the looks: where the face passed, a straight line
        original, blurred = pairs[number]
        x = 100 + 70 * (number - 5) // 5
        assert changed(original, blurred, (x, 80, 40, 40)) > 0.95, number
        outside = ~mask_of([hull(seen[5], seen[10])], original.shape)
        assert np.array_equal(original[outside], blurred[outside])


def test_a_held_face_is_widened_the_longer_it_is_not_seen() -> None:
    tracks = FaceTracks(hold_ms=500, drift=1.0)
    tracks.add_look(0.0, [(100, 100, 40, 40)])
    tracks.add_look(100.0, [])
    assert tracks.boxes_at(0.0, 400, 300) == [(100, 100, 40, 40)]
    assert tracks.boxes_at(250.0, 400, 300) == [(90, 90, 60, 60)]  # a quarter second: +25 %
    assert tracks.boxes_at(-50.0, 400, 300) == [(98, 98, 44, 44)]  # the look-back, too
    assert tracks.boxes_at(501.0, 400, 300) == []  # the hold is over


def test_a_face_the_detector_misses_is_followed_where_it_was_heading() -> None:
    tracks = FaceTracks(hold_ms=500, drift=0)
    tracks.add_look(0.0, [(100, 100, 40, 40)])
    tracks.add_look(100.0, [(120, 104, 40, 40)])  # moving 20 px right, 4 down, per look
    tracks.add_look(200.0, [])  # missed
    tracks.add_look(300.0, [])  # missed
    assert tracks.boxes_at(300.0, 400, 300) == [(120, 104, 80, 48)]  # to (160, 112)
    assert tracks.boxes_at(-50.0, 400, 300) == [(90, 98, 50, 42)]  # and where it came from
    assert tracks.boxes_at(50.0, 400, 300) == [(100, 100, 60, 44)]  # between: the hull


def test_i420_pictures_are_blurred_in_all_three_planes_and_nowhere_else() -> None:
    frame = classroom()
    picture = i420.from_bgr(frame)
    before = picture.copy()
    blur = PrivacyFilter(PrivacyOptions(blur_faces=True), i420=True)
    ((done, _),) = blur.push(picture, 0.0) + blur.flush()
    blur.close()
    (face,) = blur.boxes_at(0.0, 640, 360)
    x, y, w, h = face
    for plane, original in zip(i420.planes(done), i420.planes(before), strict=True):
        scale = plane.shape[1] / 640
        cx, cy, cw, ch = (x, y, w, h) if scale == 1 else i420.chroma_box(face)
        inside = np.zeros(plane.shape, bool)
        inside[cy : cy + ch, cx : cx + cw] = True
        assert np.array_equal(plane[~inside], original[~inside])
        patch = (slice(cy, cy + ch), slice(cx, cx + cw))
        sharpness = [cv2.Laplacian(p[patch], cv2.CV_64F).var() for p in (plane, original)]
        assert sharpness[0] < sharpness[1] / 10
    shown = i420.to_bgr(done)
    assert detail(shown[y : y + h, x : x + w]) < detail(frame[y : y + h, x : x + w]) / 10


def read_all(path: Path) -> list[Image]:
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, picture = capture.read()
        if not ok:
            break
        frames.append(picture)
    capture.release()
    return frames


def face_path(number: int) -> tuple[int, int]:
    """Where the painted face's canvas is in frame ``number`` of the moving clip (640×360)."""
    return 20 + 8 * number, 90 + round(30 * np.sin(number / 6))


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_a_moving_face_is_blurred_in_every_frame_of_the_excerpt(tmp_path: Path) -> None:
    """200 px/s across a textured wall at 25 fps: looks every 200 ms, checks every frame."""
    noise = np.random.default_rng(4).integers(60, 200, (360, 640, 3), dtype=np.uint8)
    wall = cv2.GaussianBlur(noise, (0, 0), 1.5)  # the classroom's wall, with no one on it
    face = painted_face()
    frames = []
    for number in range(55):
        frame = wall.copy()
        x, y = face_path(number)
        frame[y : y + FACE_SIZE, x : x + FACE_SIZE] = face
        frames.append(frame)
    source = tmp_path / "walking.mp4"
    subprocess.run(
        ["ffmpeg", "-y", "-v", "error", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", "640x360",
         "-r", "25", "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18",
         "-pix_fmt", "yuv420p", str(source)],
        input=b"".join(f.tobytes() for f in frames), check=True, timeout=60,
    )  # fmt: skip
    target = write_excerpt(source, tmp_path / "blurred.mp4", Span(0, 2200),
                           PrivacyOptions(blur_faces=True))  # fmt: skip
    decoded, shown = read_all(source), read_all(target)
    assert len(decoded) == len(shown) == 55
    for number, (original, blurred) in enumerate(zip(decoded, shown, strict=True)):
        x, y = face_path(number)
        brows_to_chin = (slice(y + 40, y + 120), slice(x + 45, x + 115))
        assert detail(blurred[brows_to_chin]) < detail(original[brows_to_chin]) / 10, number
        away = np.ones(original.shape[:2], bool)
        away[max(0, y - 80) : y + FACE_SIZE + 80, max(0, x - 120) : x + FACE_SIZE + 120] = False
        assert float(cv2.absdiff(blurred, original)[away].mean()) < 3.0, number
