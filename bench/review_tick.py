"""The review pane's per-tick update while a clip with 5,000 tags plays (goal <= 2 ms).

A tick is what the player's ~15 Hz position_changed costs the UI: the scrubber moves its
playhead (repainting only the sliver it crossed), finds the current tag with bisect, and the
transport's time label changes; then Qt paints. References, measured in the same run: the same
tick repainting every layer (no cached pixmap), and finding the current tag by scanning every
tag, as BORIS does on every frame. Not included: the tag table following the playhead.
The machine's load average is printed with the figures: p99 moves with other work running.

Usage: .venv/bin/python bench/review_tick.py [--quick]
"""

from __future__ import annotations

import argparse
import bisect
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from bench.report import emit
from coachdesk.ui.review.player import TICK_MS, Player
from coachdesk.ui.review.scrubber import Scrubber
from coachdesk.ui.review.transport import Transport

CLIP_MS = 60 * 60 * 1000  # a one-hour lesson
TAGS = 5000
GOAL_MS = 2.0
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def make_tags(count: int) -> list[tuple[int, int | None, str, str]]:
    rng = random.Random(4)
    tags: list[tuple[int, int | None, str, str]] = []
    for i in range(count):
        start = rng.randrange(0, CLIP_MS - 60_000)
        end = start + rng.randrange(3_000, 60_000) if i % 5 == 0 else None
        tags.append((start, end, COLOURS[i % len(COLOURS)], f"Tag {i % 12}"))
    tags.sort(key=lambda t: t[0])
    return tags


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer ticks")
    args = parser.parse_args()
    ticks = 400 if args.quick else 5400  # 5400 ticks at 15 Hz: six minutes of playing

    app = QApplication.instance() or QApplication([])
    window = QWidget()
    player = Player()  # no clip: only its transport's labels are exercised
    scrubber = Scrubber()
    transport = Transport(player, scope=window)
    layout = QVBoxLayout(window)
    layout.addWidget(scrubber)
    layout.addWidget(transport)
    window.resize(1400, 160)
    window.show()
    tags = make_tags(TAGS)

    start = time.perf_counter()
    scrubber.set_duration(CLIP_MS)
    scrubber.set_tags(tags)
    app.processEvents()  # first paint: the still layers are drawn once, into the cache
    first_paint_ms = (time.perf_counter() - start) * 1000

    position = 20 * 60 * 1000
    costs: list[float] = []
    for _ in range(ticks):
        position += TICK_MS
        started = time.perf_counter()
        scrubber.set_position(position)
        transport._on_player_position_changed(position)
        app.processEvents()  # Qt paints the dirty slivers here
        costs.append((time.perf_counter() - started) * 1000)

    # Reference 1: a scrubber without the cached still layers repaints all of them each tick.
    full: list[float] = []
    for _ in range(10 if args.quick else 40):
        position += TICK_MS
        started = time.perf_counter()
        scrubber._invalidate()
        scrubber.set_position(position)
        app.processEvents()
        full.append((time.perf_counter() - started) * 1000)

    # Reference 2: finding the current tag by looking at every tag (BORIS, every frame).
    starts = [t[0] for t in tags]
    scans: list[float] = []
    bisects: list[float] = []
    for i in range(min(ticks, 2000)):
        ms = 20 * 60 * 1000 + i * TICK_MS
        started = time.perf_counter()
        current = -1
        for index, tag_start in enumerate(starts):
            if tag_start <= ms:
                current = index
        scans.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        found = bisect.bisect_right(starts, ms) - 1
        bisects.append((time.perf_counter() - started) * 1000)
        assert found == current

    load = os.getloadavg()[0]
    note = (
        f"{TAGS} tags on a 60-min clip, {ticks} ticks at {1000 // TICK_MS} Hz, incl. paint; "
        f"load average {load:.1f} on {os.cpu_count()} cores"
    )
    reference = f"repainting every layer each tick: {statistics.median(full):.1f} ms"
    goal = f"<= {GOAL_MS:g} ms"
    emit("review tick, median", statistics.median(costs), "ms", goal, note, reference)
    emit("review tick, p99", percentile(costs, 0.99), "ms", goal, note, reference)
    emit(
        "current tag by bisect (of the tick)",
        statistics.median(bisects) * 1000,
        "µs",
        "",
        f"{TAGS} tags",
        f"scanning every tag: {statistics.median(scans) * 1000:.0f} µs",
    )
    emit(
        "scrubber first paint with 5,000 tags",
        first_paint_ms,
        "ms",
        "",
        "once per clip, zoom or resize: the still layers are cached",
    )
    player.unload()
    window.close()


if __name__ == "__main__":
    main()
