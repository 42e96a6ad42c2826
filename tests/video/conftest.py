"""Clips made in the test run: every frame carries its own number as a barcode.

A frame shows 16 black/white blocks (a 12-bit frame number and a 4-bit check) that survive
JPEG, MPEG-4 and H.264 compression, so a test can read back which frame it was handed.
Nothing binary is committed; clips are small (192x112) and a few seconds long.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

WIDTH, HEIGHT = 192, 112
BLOCK, ROW_STEP, TOP = 24, 28, 8
BITS = 16
FFMPEG = shutil.which("ffmpeg")
needs_ffmpeg = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg is not installed")


@dataclass(frozen=True)
class MadeClip:
    """A generated clip and the presentation time (ms) of each of its frames."""

    path: Path
    pts: tuple[float, ...]

    def shown_at(self, ms: float) -> int:
        """Return the number of the frame on screen at ``ms`` (the last one with pts <= ms)."""
        shown = 0
        for number, pts in enumerate(self.pts):
            if pts <= ms:
                shown = number
        return shown


def _check(number: int) -> int:
    return (number * 7 + 3) % 15


def draw_frame(number: int) -> np.ndarray:
    """Return a BGR frame whose blocks encode ``number`` (0..4095)."""
    image = np.full((HEIGHT, WIDTH, 3), 0, np.uint8)
    code = number | (_check(number) << 12)
    for bit in range(BITS):
        row, col = divmod(bit, 8)
        if code >> bit & 1:
            y, x = TOP + row * ROW_STEP, col * BLOCK
            image[y : y + BLOCK, x : x + BLOCK] = 255
    image[72:108, 4:44] = (0, 0, 255)  # a red patch bottom-left shows which way is up
    return image


def read_frame_number(image: np.ndarray) -> int | None:
    """Return the number drawn in ``image`` (upright, 192x112), or None if it does not check."""
    if image.shape[:2] != (HEIGHT, WIDTH):
        return None
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    code = 0
    for bit in range(BITS):
        row, col = divmod(bit, 8)
        y, x = TOP + row * ROW_STEP + 6, col * BLOCK + 6
        if grey[y : y + 12, x : x + 12].mean() > 128:
            code |= 1 << bit
    number = code & 0xFFF
    return number if code >> 12 == _check(number) else None


def upright(image: np.ndarray, rotation: int) -> np.ndarray:
    """Undo a clockwise display rotation, giving back the picture as it was drawn."""
    return np.ascontiguousarray(np.rot90(image, rotation // 90))


def write_cfr(path: Path, frames: int, fps: float = 25, fourcc: str = "MJPG") -> MadeClip:
    """Write a constant-rate clip with OpenCV."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (WIDTH, HEIGHT))
    assert writer.isOpened()
    for number in range(frames):
        writer.write(draw_frame(number))
    writer.release()
    return MadeClip(path, tuple(round(n * 1000 / fps, 3) for n in range(frames)))


def ffmpeg(*args: str, stdin: bytes | None = None) -> None:
    """Run ffmpeg quietly, failing the test on an error."""
    if FFMPEG is None:
        pytest.skip("ffmpeg is not installed")
    quiet = ["-nostdin"] if stdin is None else []
    subprocess.run(
        [FFMPEG, "-y", "-v", "error", *quiet, *args], input=stdin, check=True, timeout=60
    )


def write_h264(path: Path, segments: Sequence[tuple[int, int]], *extra: str) -> MadeClip:
    """Encode frames with x264; ``segments`` are (frame count, ms per frame): VFR if they differ.

    The frame times are set exactly with setpts in a 1 ms time base.
    """
    times: list[float] = []
    starts: list[tuple[int, int, int]] = []
    now = 0
    for count, step in segments:
        starts.append((len(times), now, step))
        times.extend(float(now + i * step) for i in range(count))
        now += count * step
    first, start_ms, step = starts[-1]
    expression = f"{start_ms}+(N-{first})*{step}"
    for (first, start_ms, step), (following, _, _) in zip(
        reversed(starts[:-1]), reversed(starts[1:]), strict=True
    ):
        expression = f"if(lt(N,{following}),{start_ms}+(N-{first})*{step},{expression})"
    frames = b"".join(draw_frame(n).tobytes() for n in range(len(times)))
    ffmpeg(
        "-f",
        "rawvideo",
        "-pix_fmt",
        "bgr24",
        "-s",
        f"{WIDTH}x{HEIGHT}",
        "-r",
        "25",
        "-i",
        "-",
        "-vf",
        f"settb=1/1000,setpts='{expression}'",
        "-fps_mode",
        "passthrough",
        "-enc_time_base",
        "1/1000",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        *extra,
        str(path),
        stdin=frames,
    )
    return MadeClip(path, tuple(times))


def cut(source: Path, target: Path, keep: float) -> Path:
    """Write the first ``keep`` share of ``source``'s bytes to ``target``."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


@pytest.fixture(scope="session")
def clips_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def cfr_clip(clips_dir: Path) -> MadeClip:
    """4 s at 25 fps, MJPEG in AVI (every frame a keyframe)."""
    return write_cfr(clips_dir / "cfr.avi", 100)


@pytest.fixture(scope="session")
def mp4v_clip(clips_dir: Path) -> MadeClip:
    """3 s at 25 fps, MPEG-4 part 2 in MP4 (OpenCV's own encoder)."""
    return write_cfr(clips_dir / "mp4v.mp4", 75, fourcc="mp4v")


@pytest.fixture(scope="session")
def vfr_clip(clips_dir: Path) -> MadeClip:
    """5 s of H.264 at 25, then 10, then 50 fps: OpenCV's average-rate seeks miss here."""
    return write_h264(
        clips_dir / "vfr.mp4", [(50, 40), (20, 100), (50, 20)], "-movflags", "+faststart"
    )


@pytest.fixture(scope="session")
def rotated_clip(clips_dir: Path, vfr_clip: MadeClip) -> MadeClip:
    """The variable-rate clip tagged to be shown turned (as a phone held upright records)."""
    target = clips_dir / "rotated.mp4"
    ffmpeg("-i", str(vfr_clip.path), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(target))
    return MadeClip(target, vfr_clip.pts)


@pytest.fixture(scope="session")
def long_gop_clip(clips_dir: Path) -> MadeClip:
    """6 s of H.264 at 25 fps with one keyframe every 250 frames, index at the front."""
    return write_h264(
        clips_dir / "gop.mp4", [(150, 40)], "-g", "250", "-bf", "3", "-movflags", "+faststart"
    )


@pytest.fixture(scope="session")
def audio_video_clip(clips_dir: Path) -> Path:
    target = clips_dir / "with_sound.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={WIDTH}x{HEIGHT}:rate=25:duration=2",
        "-f",
        "lavfi",
        "-i",
        "sine=duration=2",
        "-c:v",
        "libx264",
        "-c:a",
        "aac",
        "-shortest",
        str(target),
    )
    return target


@pytest.fixture(scope="session")
def audio_only_file(clips_dir: Path) -> Path:
    target = clips_dir / "sound.m4a"
    ffmpeg("-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", str(target))
    return target


@pytest.fixture(scope="session")
def truncated_clip(clips_dir: Path, long_gop_clip: MadeClip) -> MadeClip:
    """The long-GOP clip cut in half; its index is at the front, so it still opens."""
    return MadeClip(cut(long_gop_clip.path, clips_dir / "truncated.mp4", 0.5), long_gop_clip.pts)


@pytest.fixture(scope="session")
def unfinished_clip(clips_dir: Path) -> Path:
    """An MP4 cut off before its index (written at the end) — a recording that never stopped."""
    whole = write_h264(clips_dir / "index_at_end.mp4", [(50, 40)])
    return cut(whole.path, clips_dir / "unfinished.mp4", 0.6)


@pytest.fixture(scope="session")
def corrupt_clip(clips_dir: Path, long_gop_clip: MadeClip) -> MadeClip:
    """The long-GOP clip with random bytes written over its middle."""
    data = bytearray(long_gop_clip.path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + len(data) // 8] = np.random.default_rng(7).bytes(len(data) // 8)
    target = clips_dir / "corrupt.mp4"
    target.write_bytes(bytes(data))
    return MadeClip(target, long_gop_clip.pts)


@pytest.fixture
def random_bytes_file(tmp_path: Path) -> Path:
    target = tmp_path / "noise.mp4"
    target.write_bytes(np.random.default_rng(3).bytes(50_000))
    return target


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    target = tmp_path / "notes.mov"
    target.write_text("Lesson notes, not a video.\n" * 50, encoding="utf-8")
    return target


@pytest.fixture
def empty_file(tmp_path: Path) -> Path:
    target = tmp_path / "empty.mp4"
    target.touch()
    return target


@pytest.fixture
def dangling_link(tmp_path: Path) -> Path:
    link = tmp_path / "lesson.mp4"
    os.symlink(tmp_path / "gone.mp4", link)
    return link
