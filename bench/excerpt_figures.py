"""Excerpt figures (issue 5): a 30 s excerpt of a 60-minute 720p clip, copied and blurred.

Measured on the generated clip of bench/inputs.py (H.264 from x264, GOP 250 with B-frames,
AAC), each against FFmpeg doing the same job on the same file in the same run:

- without blurring (goal <= 2 s): ``write_excerpt`` (stream copy, start and end exact through
  edit lists) against ``ffmpeg -ss S -i clip -t 30 -c copy`` — whose result plays a few
  frames longer than asked; both lengths are printed, as ffprobe reports them;
- with faces blurred (goal: at least real time): decode to I420, look for faces 5 times a
  second at 640 px on a worker thread, blur, encode x264 superfast + copy the sound, against
  ``ffmpeg -ss S -i clip -t 30 -vf boxblur=10 -c:v libx264 -preset superfast -crf 21 -c:a
  copy`` (blurring everything, finding nothing); the note splits the time per frame into the
  detector's (on its thread, overlapping the rest) and everything else; and with only a drawn
  region blurred (no face detection, so decode + blur + encode alone), informative.

Figures on a shared machine are noisy: each note ends with the load average and the CPU time.

Usage: .venv/bin/python bench/excerpt_figures.py [--quick]   (--quick: 5 s of a 1-minute 360p clip)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.inputs import long_clip
from bench.report import emit


def cpu_seconds() -> float:
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Return the best wall time of ``rounds`` runs, and the CPU seconds of that run."""
    results = []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), cpu_seconds()
        action()
        results.append((time.perf_counter() - wall, cpu_seconds() - cpu))
    return min(results)


def played_s(path: Path) -> float:
    """Return how long ``path`` plays, as ffprobe says."""
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", str(path)],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    return float(json.loads(done.stdout)["format"]["duration"])


def ffmpeg(*args: str) -> None:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-nostdin", *args],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


class TimedDetector:
    """The bundled detector, timing each look (on the filter's detector thread)."""

    def __init__(self) -> None:
        from coachdesk.video.face_detector import CenterFace

        self._detector = CenterFace()
        self.looks: list[float] = []

    def detect(self, image: Any) -> Any:
        began = time.perf_counter()
        found = self._detector.detect(image)
        self.looks.append(time.perf_counter() - began)
        return found


def note(text: str, cpu: float) -> str:
    return f"{text}; CPU {cpu:.1f} s; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        raise SystemExit("ffmpeg and ffprobe are needed for the excerpt figures")

    from coachdesk.video.excerpts import Span, write_excerpt
    from coachdesk.video.privacy import PrivacyOptions, Region

    if args.quick:
        clip, start_s, length_s, rounds, what = (
            long_clip(1, 360, preset="ultrafast"),
            20.5,
            5,
            1,
            "1 min 360p",
        )
    else:
        clip, start_s, length_s, rounds, what = long_clip(60, 720), 1234.5, 30, 3, "60 min 720p"
    span = Span(round(start_s * 1000), round((start_s + length_s) * 1000))
    at, seconds = f"{start_s:g}", f"{length_s:g}"
    work = Path(tempfile.mkdtemp(prefix="coachdesk-excerpt-bench-"))
    try:
        ours, theirs = work / "ours.mp4", work / "ffmpeg.mp4"
        wall, cpu = timed(lambda: write_excerpt(clip, ours, span), rounds)
        ref, ref_cpu = timed(
            lambda: ffmpeg("-ss", at, "-i", str(clip), "-t", seconds, "-c", "copy", str(theirs)),
            rounds,
        )
        emit(
            f"{length_s} s excerpt, no blur ({what})", wall, "s", "<= 2 s",
            note(f"plays {played_s(ours):.3f} s of {length_s} s asked", cpu),
            f"ffmpeg -c copy: {ref:.2f} s, plays {played_s(theirs):.3f} s (CPU {ref_cpu:.1f} s)",
        )  # fmt: skip

        faces = PrivacyOptions(blur_faces=True)
        detector = TimedDetector()
        wall, cpu = timed(lambda: write_excerpt(clip, ours, span, faces, detector=detector), 1)
        frames = length_s * 30  # the bench clip is 30 fps
        look_ms = 1000 * sum(detector.looks) / max(1, len(detector.looks))
        looks = len(detector.looks)
        split = (
            f"{1000 * wall / frames:.1f} ms per frame: {looks} looks of {look_ms:.0f} ms on the "
            f"detector's thread = {look_ms * looks / frames:.1f} ms per frame, overlapped with "
            "decode, blur and encode"
        )
        blur = "boxblur=10"
        ref, ref_cpu = timed(
            lambda: ffmpeg(
                "-ss", at, "-i", str(clip), "-t", seconds, "-vf", blur, "-c:v", "libx264",
                "-preset", "superfast", "-crf", "21", "-c:a", "copy", str(theirs),
            ),
            1,
        )  # fmt: skip
        emit(
            f"{length_s} s excerpt, faces blurred ({what})", length_s / wall, "x real time",
            ">= 1x", note(f"{wall:.1f} s; plays {played_s(ours):.3f} s; {split}", cpu),
            f"ffmpeg boxblur + x264 superfast: {length_s / ref:.2f}x ({ref:.1f} s, CPU "
            f"{ref_cpu:.1f} s)",
        )  # fmt: skip

        region = PrivacyOptions(regions=(Region(0.1, 0.1, 0.3, 0.3),))
        wall, cpu = timed(lambda: write_excerpt(clip, ours, span, region), 1)
        emit(
            f"{length_s} s excerpt, a drawn region only ({what})", length_s / wall,
            "x real time", "informative",
            note(f"{wall:.1f} s = {1000 * wall / frames:.1f} ms per frame, no face detection", cpu),
            "the same ffmpeg figure as above",
        )  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
