"""Video figures (issue 4): thumbnails, the activity strip, probing, peak memory while reviewing.

Every figure is measured on a generated clip (bench/inputs.py ``long_clip``: x264, GOP 250,
B-frames, AAC) against a reference taken in the same run on the same file:

- 60 thumbnails at tag times spread over a 60-minute 720p clip, into an empty thumbnail
  folder (the clip's frame-time index cached, as attaching leaves it; and without it), against
  60 runs of ``ffmpeg -ss T -i clip -frames:v 1 -f image2 out.png`` (goal: no slower);
- the activity strip of that clip (one pass, grab/retrieve, no seeks) against
  ``ffmpeg -i clip -f null -`` (goal: at most 1.5x ffmpeg's time);
- probing it from the container alone (``decode=False``) and by decoding every frame,
  against ffprobe ``-count_packets`` and ``-count_frames`` (informative);
- the peak memory (max RSS of a child process, RUSAGE_CHILDREN) while reviewing a 60-minute
  1080p clip: probe (container only), play 20 s through the review pane's Player into a
  QVideoSink while 60 thumbnails are made on a worker thread, the activity curve, 50 exact
  seeks with a ClipReader (goal <= 400 MB); reference: ffmpeg decoding 20 s of the same clip.

Values are wall-clock times; each note adds the CPU time of both sides (this process and the
children it waited for), steadier than wall time on a shared machine, and the load average.
The page cache is warm for both sides (the clip was just made or read).

--quick: a 1-minute 360p clip, 10 thumbnails, 2 s of playing (CI checks the script runs).
--only FIGURE...: some of thumbnails, activity, probe, memory. Unix only (uses resource).
The full run takes ~40 min on two idle cores (the 60-minute clips are decoded five times).

Usage: .venv/bin/python bench/video_figures.py [--quick] [--only FIGURE ...]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.inputs import SEED, long_clip
from bench.report import emit

T = TypeVar("T")

TAGS = 60
QUICK_TAGS = 10  # quick mode: fewer ffmpeg runs, so CI stays within seconds
SEEKS = 50


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds, and CPU seconds of this process and the children it waited for."""

    wall: float
    cpu: float


def timed(action: Callable[..., T], *args: Any) -> tuple[Timing, T]:
    """Run ``action(*args)`` and return how long it took, and its result."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = action(*args)
    return Timing(time.perf_counter() - wall, cpu_seconds() - cpu), result


def cpu_seconds() -> float:
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def run(*command: str) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def best(timings: list[Timing]) -> Timing:
    """Return the fastest of several rounds (other work on the machine comes and goes)."""
    return min(timings, key=lambda t: t.wall)


def versus(ours: Timing, theirs: Timing, name: str) -> str:
    return f"{ours.wall / theirs.wall:.2f}x {name} (CPU {ours.cpu:.1f} s vs {theirs.cpu:.1f} s)"


def figure(name: str, value: float, unit: str, goal: str, note: str, reference: str) -> None:
    """Emit a figure, its note ending with the machine's load (figures move with other work)."""
    note = f"{note}; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    emit(name, value, unit, goal, note, reference)


def tag_times(duration_ms: int, count: int, rng: random.Random) -> list[int]:
    """Return ``count`` times (ms), one at a random point of each equal slice of the clip."""
    slice_ms = duration_ms / count
    return [int(i * slice_ms + rng.uniform(0, slice_ms - 100)) for i in range(count)]


def mib(kilobytes: float) -> float:
    """ru_maxrss is in KiB on Linux, in bytes on macOS."""
    return kilobytes / (1024 * 1024 if sys.platform == "darwin" else 1024)


@functools.cache
def describe(clip: Path) -> str:
    from coachdesk.video.probe import probe

    facts = probe(clip, decode=False)
    return f"{facts.width}x{facts.height}, {facts.duration_ms / 60000:.0f} min"


def thumbnails_figure(clip: Path, work: Path, tags: int, rounds: int) -> None:
    from coachdesk.video.fingerprint import fingerprint
    from coachdesk.video.index import IndexCache
    from coachdesk.video.jobs import run_job
    from coachdesk.video.probe import probe_report
    from coachdesk.video.thumbnails import ThumbnailCache

    report = probe_report(clip, decode=False)
    fp = fingerprint(clip)
    indexes = IndexCache(work / "index")
    indexes.save(fp, report.index)  # as attaching a clip leaves it
    times = tag_times(report.probe.duration_ms, tags, random.Random(SEED))

    def ours(folder: Path, with_index: bool) -> None:
        cache = ThumbnailCache(folder, indexes if with_index else None)
        made = run_job(cache.thumbnails(clip, fp, times))
        if len(made) != tags or not all(p.is_file() for p in made.values()):
            raise SystemExit(f"the thumbnail job made {len(made)} of {tags} thumbnails")

    one_frame = ["-frames:v", "1", "-f", "image2"]

    def ffmpeg(folder: Path) -> None:
        folder.mkdir()
        for i, ms in enumerate(times):
            png = str(folder / f"{i:02d}.png")
            at = f"{ms / 1000:.3f}"
            run("ffmpeg", "-v", "error", "-y", "-ss", at, "-i", str(clip), *one_frame, png)

    indexed, bare, theirs = [], [], []
    for n in range(rounds):  # interleaved, so both sides meet the same load
        indexed.append(timed(ours, work / f"thumbs-{n}", True)[0])
        theirs.append(timed(ffmpeg, work / f"ffmpeg-{n}")[0])
        bare.append(timed(ours, work / f"thumbs-bare-{n}", False)[0])
    reference = f"ffmpeg -ss T -frames:v 1, {tags} runs: {best(theirs).wall:.1f} s"
    figure(
        f"{tags} thumbnails, cold cache",
        best(indexed).wall,
        "s",
        "no slower than ffmpeg",
        f"{versus(best(indexed), best(theirs), 'ffmpeg')}; {describe(clip)}; frame-time index "
        f"cached; 160 px JPEG vs full-size PNG; best of {rounds}",
        reference,
    )
    figure(
        f"{tags} thumbnails, cold cache, no index",
        best(bare).wall,
        "s",
        "",
        f"{versus(best(bare), best(theirs), 'ffmpeg')}; frames found by decoding ahead",
        reference,
    )


def activity_figure(clip: Path) -> None:
    from coachdesk.video.activity import activity_job
    from coachdesk.video.jobs import run_job

    theirs, _ = timed(run, "ffmpeg", "-v", "error", "-i", str(clip), "-f", "null", "-")
    ours, curve = timed(lambda: run_job(activity_job(clip)))
    figure(
        "activity strip",
        ours.wall,
        "s",
        "<= 1.5x ffmpeg",
        f"{versus(ours, theirs, 'ffmpeg')}; {len(curve)} s of {describe(clip)}, every frame "
        "grabbed, 4 a second compared",
        f"ffmpeg -i clip -f null -: {theirs.wall:.1f} s",
    )


def probe_figures(clip: Path) -> None:
    from coachdesk.video.probe import probe

    ffprobe = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries"]
    for decode, counted in ((False, "packets"), (True, "frames")):
        count = [f"stream=nb_read_{counted}", f"-count_{counted}", str(clip)]
        theirs, _ = timed(run, *ffprobe, *count)
        ours, facts = timed(functools.partial(probe, clip, decode=decode))
        figure(
            f"probe, {'every frame decoded' if decode else 'container only'}",
            ours.wall,
            "s",
            "",
            f"{versus(ours, theirs, 'ffprobe')}; {facts.frame_count} frames",
            f"ffprobe -count_{counted}: {theirs.wall:.1f} s",
        )


def memory_figure(clip: Path, work: Path, play_s: float) -> None:
    reference = peak_of(
        ["ffmpeg", "-v", "error", "-t", "20", "-i", str(clip), "-f", "null", "-"], work
    )[0]
    command = [sys.executable, __file__, "--review-child", str(clip), str(work), str(play_s)]
    peak, output = peak_of(command, work)
    stages = json.loads(output.strip().splitlines()[-1])
    steps = ", ".join(f"{k} {v:.0f}" for k, v in stages["peaks"].items())
    figure(
        "peak memory, reviewing a clip",
        peak,
        "MB",
        "<= 400 MB",
        f"{stages['clip']}; {stages['played']}; peak after each step (MB): {steps}",
        f"ffmpeg decoding 20 s: {reference:.0f} MB",
    )


# The measured process is started by a small launcher that reads RUSAGE_CHILDREN once it ends:
# on Linux a child's ru_maxrss starts from the peak of the process that spawned it (exec keeps
# the high-water mark of the image it replaces), so spawning it from this script directly
# would report this script's own peak for anything smaller.
LAUNCHER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def peak_of(command: list[str], work: Path) -> tuple[float, str]:
    """Run ``command``; return its max RSS (MiB, with its own children) and its output."""
    out, err, peak = work / "child.out", work / "child.err", work / "child.peak"
    with out.open("w") as stdout, err.open("w") as stderr:
        launch = [sys.executable, "-S", "-c", LAUNCHER, str(peak), *command]
        code = subprocess.call(launch, stdout=stdout, stderr=stderr)
    if code != 0:
        sys.stderr.write(err.read_text()[-3000:])
        raise SystemExit(f"{command[:3]} failed ({code})")
    return mib(float(peak.read_text())), out.read_text()


def review_child(clip: Path, work: Path, play_s: float) -> None:
    """Review ``clip`` as the app does, and print each step's peak RSS as JSON (last line)."""
    import threading

    from coachdesk.video.fingerprint import fingerprint
    from coachdesk.video.frames import ClipReader
    from coachdesk.video.index import IndexCache
    from coachdesk.video.jobs import run_job
    from coachdesk.video.probe import probe_report
    from coachdesk.video.thumbnails import ThumbnailCache

    peaks: dict[str, float] = {}

    def mark(step: str) -> None:
        peaks[step] = mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

    mark("start")
    report = probe_report(clip, decode=False)
    fp = fingerprint(clip)
    indexes = IndexCache(work / "review-index")
    indexes.save(fp, report.index)
    mark("probe")
    times = tag_times(report.probe.duration_ms, TAGS, random.Random(SEED))
    cache = ThumbnailCache(work / "review-thumbs", indexes)
    worker = threading.Thread(target=lambda: run_job(cache.thumbnails(clip, fp, times)))
    player, played = play(clip, report.probe.fps, play_s, worker.start)
    worker.join()
    mark("play + thumbnails" if player is not None else "thumbnails")
    from coachdesk.video.activity import activity_job

    run_job(activity_job(clip))
    mark("activity")
    rng = random.Random(SEED + 1)
    with ClipReader(clip, report.index) as reader:
        for _ in range(SEEKS):
            reader.frame_at(rng.uniform(0, report.probe.duration_ms))
    mark(f"{SEEKS} seeks")
    if player is not None:
        player.unload()
    facts = report.probe
    print(
        json.dumps(
            {
                "clip": f"{facts.width}x{facts.height}, {facts.duration_ms / 60000:.0f} min",
                "played": played,
                "peaks": peaks,
            }
        )
    )


def play(clip: Path, fps: float, seconds: float, started: Callable[[], None]) -> tuple[Any, str]:
    """Play ``seconds`` of ``clip`` through the review Player into a QVideoSink.

    ``started`` runs once playing has begun. Return the player (left loaded and paused, as in
    the review pane; None if Qt Multimedia cannot play here) and what was played.
    """
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtMultimedia import QVideoSink

    from coachdesk.ui.review.player import Player

    app = QGuiApplication.instance() or QGuiApplication([])
    sink = QVideoSink()
    player = Player(sink)
    if not player.available:
        started()
        return None, f"not played ({player.problem})"
    frames = [0]
    sink.videoFrameChanged.connect(lambda _frame: frames.__setitem__(0, frames[0] + 1))

    def spin(limit_s: float, done: Callable[[], bool] = lambda: False) -> None:
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: loop.quit() if done() else None)
        poll.start(20)
        QTimer.singleShot(int(limit_s * 1000), loop.quit)
        loop.exec()
        poll.stop()

    player.load(clip, fps)
    spin(20, lambda: player.duration_ms > 0 and frames[0] > 0)
    player.play()
    started()
    spin(seconds)
    player.pause()
    reached = player.position_ms / 1000
    app.processEvents()
    return player, f"played {reached:.1f} s into a QVideoSink ({frames[0]} frames shown)"


FIGURES = ("thumbnails", "activity", "probe", "memory")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a 1-minute 360p clip")
    parser.add_argument("--only", nargs="+", choices=FIGURES, default=FIGURES, metavar="FIGURE")
    parser.add_argument("--review-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.review_child:
        clip, work, play_s = args.review_child
        review_child(Path(clip), Path(work), float(play_s))
        return
    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        raise SystemExit("ffmpeg and ffprobe are needed for the video figures")
    tags = QUICK_TAGS if args.quick else TAGS
    with tempfile.TemporaryDirectory(prefix="coachdesk-video-bench-") as tmp:
        work = Path(tmp)
        if set(args.only) - {"memory"}:
            clip = long_clip(1, 360, preset="ultrafast") if args.quick else long_clip(60, 720)
        if "thumbnails" in args.only:
            thumbnails_figure(clip, work, tags, rounds=1 if args.quick else 2)
        if "activity" in args.only:
            activity_figure(clip)
        if "probe" in args.only:
            probe_figures(clip)
        if "memory" in args.only:
            review = long_clip(1, 360, preset="ultrafast") if args.quick else long_clip(60, 1080)
            memory_figure(review, work, play_s=2 if args.quick else 20)


if __name__ == "__main__":
    main()
