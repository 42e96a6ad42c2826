"""Privacy blur: boxes lose their detail, nothing else changes, faces stay blurred between looks.

The detector is tested on a face painted procedurally (shaded skin, eye sockets, irises,
brows, nostrils, lips, hair) that the bundled CenterFace model finds with ~0.7 confidence; a
cartoon face drawn with OpenCV's primitives is not found. The timing (hold and look-back) is
tested with a scripted detector, so it does not depend on what a model sees.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from coachdesk.video.excerpts import Span, write_excerpt
from coachdesk.video.face_detector import CenterFace
from coachdesk.video.frames import Image
from coachdesk.video.privacy import Box, PrivacyFilter, PrivacyOptions, Region, blur_box, grown

FACE_AT = (240, 90)  # where the painted face's canvas goes in a 640×360 frame
FACE_SIZE = 160


def painted_face(size: int = FACE_SIZE, seed: int = 0) -> Image:
    """Return a size×size BGR picture of a face with a little shading and noise."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    img = np.zeros((size, size, 3), np.float32)
    img[:] = (0.45, 0.5, 0.55)
    skin = np.array([0.55, 0.65, 0.85], np.float32)
    fx, fy = (x - 0.5) / 0.26, (y - 0.5) / 0.34
    r2 = fx**2 + fy**2
    face = r2 < 1
    img[face] = (skin * np.clip(1 - 0.35 * r2 - 0.15 * fx, 0, 1)[..., None])[face]
    hair = ((x - 0.5) / 0.29) ** 2 + ((y - 0.44) / 0.36) ** 2 < 1
    img[hair & (y < 0.33 + 0.32 * np.abs(x - 0.5))] = (0.12, 0.15, 0.22)

    def spot(px: float, py: float, rx: float, ry: float, bgr: tuple[float, ...], k: float) -> None:
        w = np.exp(-(((x - px) / rx) ** 2 + ((y - py) / ry) ** 2) * 2.5)[..., None] * k
        img[:] = img * (1 - w) + np.array(bgr, np.float32) * w

    for side in (-1, 1):
        eye = 0.5 + side * 0.11
        spot(eye, 0.45, 0.075, 0.05, (0.3, 0.35, 0.5), 0.6)  # socket
        spot(eye, 0.455, 0.045, 0.018, (0.9, 0.9, 0.9), 1)  # white
        spot(eye, 0.455, 0.018, 0.018, (0.1, 0.08, 0.06), 1)  # iris
        spot(eye, 0.39, 0.06, 0.012, (0.1, 0.12, 0.18), 1)  # brow
        spot(0.5 + side * 0.025, 0.57, 0.012, 0.008, (0.2, 0.25, 0.4), 1)  # nostril
        spot(0.5 + side * 0.2, 0.56, 0.06, 0.07, (0.5, 0.55, 0.9), 0.3)  # cheek
    spot(0.515, 0.52, 0.02, 0.06, (0.4, 0.5, 0.7), 0.5)  # side of the nose
    spot(0.5, 0.645, 0.07, 0.016, (0.3, 0.3, 0.65), 1)  # lips
    spot(0.5, 0.645, 0.06, 0.004, (0.15, 0.15, 0.35), 1)  # mouth
    img[(np.abs(x - 0.5) < 0.09) & (y > 0.78)] = skin * 0.7  # neck
    img[(y > 0.9) & (np.abs(x - 0.5) < 0.45)] = (0.5, 0.3, 0.2)  # jumper
    img += np.random.default_rng(seed).normal(0, 0.015, img.shape).astype(np.float32)
    return np.clip(img * 255, 0, 255).astype(np.uint8)


def classroom(seed: int = 1) -> Image:
    """Return a 640×360 frame: a textured wall with the painted face on it."""
    rng = np.random.default_rng(seed)
    frame = cv2.GaussianBlur(rng.integers(60, 200, (360, 640, 3), dtype=np.uint8), (0, 0), 1.5)
    x, y = FACE_AT
    frame[y : y + FACE_SIZE, x : x + FACE_SIZE] = painted_face()
    return np.ascontiguousarray(frame)


def detail(image: Image) -> float:
    """Return the Laplacian variance: high for sharp detail, near zero for a smooth patch."""
    return float(cv2.Laplacian(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())


def mask_of(boxes: list[Box], shape: tuple[int, ...]) -> np.ndarray:
    mask = np.zeros(shape[:2], bool)
    for x, y, w, h in boxes:
        mask[y : y + h, x : x + w] = True
    return mask


def face_box() -> Box:
    """The painted face from brows to chin, in frame pixels."""
    x, y = FACE_AT
    return (x + 45, y + 40, 70, 80)


# -- blurring --------------------------------------------------------------------------------


def test_blur_box_removes_detail_inside_and_nothing_outside() -> None:
    frame = classroom()
    before = frame.copy()
    box = (200, 80, 160, 120)
    blur_box(frame, box)
    x, y, w, h = box
    assert detail(frame[y : y + h, x : x + w]) < detail(before[y : y + h, x : x + w]) / 20
    outside = ~mask_of([box], frame.shape)
    assert np.array_equal(frame[outside], before[outside])


def test_regions_are_fractions_of_the_upright_picture() -> None:
    region = Region.from_pixels(-10, 50, 200, 100, 640, 360)
    assert region.box(640, 360) == (0, 50, 190, 100)
    assert region.box(1280, 720) == (0, 100, 380, 200)  # the same place at another size
    with pytest.raises(ValueError, match="outside"):
        Region.from_pixels(700, 10, 20, 20, 640, 360)
    assert grown((100, 100, 40, 40), 0.25, 130, 400) == (90, 90, 40, 60)


# -- holding a blur between detections -----------------------------------------------------


class ScriptedDetector:
    """Sees a face at ``box`` in the frames numbered first..last (the number is in pixel 0,0)."""

    def __init__(self, box: Box, first: int, last: int) -> None:
        self.box, self.first, self.last = box, first, last
        self.looked_at: list[int] = []

    def detect(self, image: Image) -> list[Box]:
        number = int(image[0, 0, 0])
        self.looked_at.append(number)
        return [self.box] if self.first <= number <= self.last else []


def test_a_face_stays_blurred_for_the_hold_and_from_just_before_it_was_found() -> None:
    box = (40, 30, 30, 30)
    detector = ScriptedDetector(box, 10, 25)  # frames every 20 ms: on screen 200..500 ms
    options = PrivacyOptions(blur_faces=True, detect_every_ms=100, hold_ms=300, grow=0, drift=0)
    blur = PrivacyFilter(options, detector)
    rng = np.random.default_rng(5)
    originals = []
    out: list[tuple[Image, float]] = []
    for number in range(50):
        frame = rng.integers(0, 255, (100, 120, 3), dtype=np.uint8)
        frame[0, 0, 0] = number
        originals.append(frame.copy())
        out += blur.push(frame, number * 20.0)
    out += blur.flush()
    assert [ms for _, ms in out] == [n * 20.0 for n in range(50)]
    assert detector.looked_at == [*range(0, 50, 5), 49]  # every 100 ms, and the last frame
    inside = mask_of([box], (100, 120))
    blurred = [ms for (frame, ms), orig in zip(out, originals, strict=True)
               if not np.array_equal(frame[inside], orig[inside])]  # fmt: skip
    # Seen at 200, 300, 400, 500 ms; not at 100 ms: blurred from the frame after that look
    # (120 ms) — before it was found — to 300 ms after it was last seen (800 ms).
    assert blurred == [n * 20.0 for n in range(6, 41)]
    for (frame, _), orig in zip(out, originals, strict=True):
        assert np.array_equal(frame[~inside], orig[~inside])


def test_drawn_regions_are_blurred_in_every_frame() -> None:
    options = PrivacyOptions(regions=(Region(0.5, 0.5, 0.5, 0.5),))
    blur = PrivacyFilter(options)
    frame = classroom()
    ((done, _),) = blur.push(frame.copy(), 0.0)
    assert detail(done[180:, 320:]) < detail(frame[180:, 320:]) / 20
    assert np.array_equal(done[:180], frame[:180])
    assert np.array_equal(done[:, :320], frame[:, :320])


# -- the bundled detector -----------------------------------------------------------------


def test_bundled_detector_finds_the_painted_face_only() -> None:
    detector = CenterFace()
    frame = classroom()
    (found,) = detector.detect(frame)
    fx, fy, fw, fh = face_box()
    x, y, w, h = found
    assert x < fx + fw / 2 < x + w  # centred on the face
    assert y < fy + fh / 2 < y + h
    assert 0.4 < w / fw < 1.6
    assert detector.detect(classroom(seed=2)[:, :200]) == []  # just the wall


def test_frame_processing_blurs_the_face_and_leaves_the_rest() -> None:
    blur = PrivacyFilter(PrivacyOptions(blur_faces=True))
    frames = [classroom() for _ in range(8)]
    out: list[tuple[Image, float]] = []
    for i, frame in enumerate(frames):
        out += blur.push(frame.copy(), i * 40.0)
    out += blur.flush()
    x, y, w, h = face_box()
    for (done, ms), frame in zip(out, frames, strict=True):
        assert detail(done[y : y + h, x : x + w]) < detail(frame[y : y + h, x : x + w]) / 10
        outside = ~mask_of(blur.boxes_at(ms, 640, 360), frame.shape)
        assert outside.mean() > 0.8
        assert np.array_equal(done[outside], frame[outside])


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_excerpt_with_faces_blurred(tmp_path: Path) -> None:
    source = tmp_path / "face.mp4"
    frames = b"".join(classroom().tobytes() for _ in range(30))
    subprocess.run(
        ["ffmpeg", "-y", "-v", "error", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", "640x360",
         "-r", "25", "-i", "-", "-f", "lavfi", "-i", "sine=duration=2", "-c:v", "libx264",
         "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
         str(source)],
        input=frames, check=True, timeout=60,
    )  # fmt: skip
    target = write_excerpt(source, tmp_path / "blurred.mp4", Span(200, 1000),
                           PrivacyOptions(blur_faces=True))  # fmt: skip
    before, after = cv2.VideoCapture(str(source)), cv2.VideoCapture(str(target))
    before.set(cv2.CAP_PROP_POS_FRAMES, 10)
    _, original = before.read()
    for _ in range(6):
        _, blurred = after.read()
    before.release()
    after.release()
    x, y, w, h = face_box()
    assert detail(blurred[y : y + h, x : x + w]) < detail(original[y : y + h, x : x + w]) / 10
    wall = np.ones(original.shape[:2], bool)
    wall[y - 60 : y + h + 60, x - 60 : x + w + 60] = False  # the face, grown, and a margin
    difference = cv2.absdiff(blurred, original)[wall]
    assert float(difference.mean()) < 3.0  # only the encoder's noise
