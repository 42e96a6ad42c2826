"""Measure the video package on a long 720p clip with x264's default keyframe spacing (250).

    .venv/bin/python bench/video_bench.py [SECONDS]   (default 600; the clip is cached in
                                                      bench/.cache/, making it takes ~5 min)

Prints: probe (full decode and container-only), frame_at cold, frames_at for sparse, dense and
spread times against `ffmpeg -ss T -i clip -frames:v 1` per time, and the activity pass.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coachdesk.video.activity import activity
from coachdesk.video.frames import frame_at, frames_at
from coachdesk.video.probe import probe_report

CACHE = Path(__file__).parent / ".cache"


def make_clip(seconds: int) -> Path:
    clip = CACHE / f"lesson_720p_{seconds}s.mp4"
    if not clip.exists():
        CACHE.mkdir(exist_ok=True)
        print(f"making {clip.name} …", flush=True)
        subprocess.run(
            ["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i",
             f"testsrc2=size=1280x720:rate=30:duration={seconds}", "-f", "lavfi", "-i",
             f"sine=duration={seconds}", "-c:v", "libx264", "-preset", "veryfast",
             "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(clip)],
            check=True,
        )  # fmt: skip
    return clip


def timed(label: str, work: object, media_s: float | None = None) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    took = time.perf_counter() - started
    speed = f" ({media_s / took:.1f}x realtime)" if media_s else ""
    print(f"{label}: {took:.2f} s{speed}", flush=True)
    return took


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    if shutil.which("ffmpeg") is None:
        sys.exit("ffmpeg is needed to make the clip")
    clip = make_clip(seconds)
    report = probe_report(clip)
    timed("probe, decoding every frame", lambda: probe_report(clip), seconds)
    timed("probe, container only (decode=False)", lambda: probe_report(clip, decode=False))
    index = report.index
    rng = random.Random(5)
    times = [rng.randrange(0, seconds * 1000) for _ in range(10)]
    for label, idx in (("no index", None), ("with index", index)):
        took = [
            timed(f"  frame_at({t} ms) cold, {label}", lambda t=t, i=idx: frame_at(clip, t, i))
            for t in times
        ]
        print(
            f"frame_at cold, {label}: median {statistics.median(took):.3f} s, max {max(took):.3f} s"
        )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "f.png"
        took = []
        for t in times:
            started = time.perf_counter()
            subprocess.run(
                [
                    "ffmpeg",
                    "-v",
                    "error",
                    "-y",
                    "-ss",
                    str(t / 1000),
                    "-i",
                    str(clip),
                    "-frames:v",
                    "1",
                    str(out),
                ],
                check=True,
            )
            took.append(time.perf_counter() - started)
    print(f"ffmpeg -ss per time: median {statistics.median(took):.3f} s, max {max(took):.3f} s")
    sets = {
        "10 random times": times,
        "60 times 1 s apart": [60_000 + i * 1000 for i in range(60)],
        f"100 times {seconds * 10} ms apart": [i * seconds * 10 for i in range(100)],
    }
    for name, wanted in sets.items():
        for label, idx in (("no index", None), ("with index", index)):
            took_s = timed(
                f"frames_at {name}, {label}", lambda w=wanted, i=idx: frames_at(clip, w, i)
            )
            print(f"  = {took_s / len(wanted) * 1000:.0f} ms a frame")
    timed("activity curve", lambda: activity(clip), seconds)


if __name__ == "__main__":
    main()
