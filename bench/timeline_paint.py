"""How long one full paint of the cycle timeline takes, with a busy coach's three years of data.

12 coachees x 3 school years: about three cycles a year each, two sessions and an observation
per half-term, some clip reviews and open actions; built in memory (no database), painted at
1600x700 into a QImage. Run: .venv/bin/python bench/timeline_paint.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from bench.report import emit
from coachdesk.core.calendar import SchoolCalendar
from coachdesk.core.coachees import Coachee, CoacheeId
from coachdesk.core.cycles import Stage
from coachdesk.core.timeline import (
    CycleBar,
    Lane,
    Marker,
    MarkerKind,
    OpenAction,
    TimelineData,
)
from coachdesk.ui.timeline.canvas import TimelineCanvas

TODAY = dt.date(2026, 5, 20)  # Summer 1 of the third year: most of the data is in view
FIRST_YEAR = 2023
WIDTH, HEIGHT = 1600, 700
GOAL_MS = 16.0
NAMES = (
    "Priya Shah",
    "Tom Okafor",
    "Hannah Lewis",
    "Marcus Bell",
    "Grace Adeyemi",
    "Sam Patel",
    "Ellie Brooks",
    "Joe Murphy",
    "Aisha Khan",
    "Owen Price",
    "Ruth Clarke",
    "Dan Evans",
)
TITLES = (
    "Getting everyone answering",
    "Questions that reach everyone",
    "Calm starts",
    "Worked examples before practice",
    "Exit tickets that inform planning",
    "Think, pair, share that works",
    "Modelling the writing process",
)


def build_data(calendar: SchoolCalendar, rng: random.Random) -> TimelineData:
    """Return 12 lanes of three years' cycles, sessions, observations, clips and actions."""
    lanes = []
    cycle_id = 0
    for n, name in enumerate(NAMES):
        bars: list[CycleBar] = []
        markers: list[Marker] = []
        actions: list[OpenAction] = []
        for year in range(FIRST_YEAR, FIRST_YEAR + 3):
            for term in calendar.terms_of(year):
                if term.start > TODAY:
                    break
                cycle_id += 1
                start = term.start + dt.timedelta(days=rng.randint(3, 15))
                end = term.end - dt.timedelta(days=rng.randint(0, 10))
                running = end >= TODAY
                stage = rng.choice((Stage.LEARN, Stage.IMPROVE)) if running else Stage.COMPLETE
                bars.append(
                    CycleBar(cycle_id, rng.choice(TITLES), stage, start, None if running else end)
                )
                for half in (term.first, term.second):
                    for _ in range(2):
                        day = half.start + dt.timedelta(days=rng.randint(0, 30))
                        markers.append(Marker(MarkerKind.SESSION, day, cycle_id, "feedback"))
                    day = half.start + dt.timedelta(days=rng.randint(0, 30))
                    markers.append(Marker(MarkerKind.OBSERVATION, day, cycle_id, "video"))
                    if rng.random() < 0.5:
                        markers.append(Marker(MarkerKind.CLIP_REVIEW, day, cycle_id, "clip"))
                    if rng.random() < 0.4:
                        due = day + dt.timedelta(days=rng.randint(5, 20))
                        actions.append(OpenAction("Plan three hinge questions", due, cycle_id))
        markers = [m for m in markers if m.on <= TODAY]
        coachee = Coachee(CoacheeId(n + 1), name, "Class teacher")
        meeting = dt.datetime.combine(TODAY + dt.timedelta(days=n % 9), dt.time(15, 30))
        lanes.append(
            Lane(
                coachee,
                tuple(bars),
                tuple(sorted(markers, key=lambda m: m.on)),
                tuple(actions),
                meeting,
            )
        )
    return TimelineData(tuple(lanes))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(action: Callable[[], object], repeats: int) -> tuple[list[float], list[float]]:
    """Return wall and CPU milliseconds of ``repeats`` runs, after a few warm-up runs."""
    wall, cpu = [], []
    for n in range(repeats + 5):
        started, cpu_started = time.perf_counter(), time.thread_time()
        action()
        if n >= 5:  # the first runs warm font, glyph and allocation caches
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - cpu_started) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 repetitions instead of 200")
    args = parser.parse_args()
    repeats = 20 if args.quick else 200
    _app = QApplication.instance() or QApplication([])
    calendar = SchoolCalendar()
    data = build_data(calendar, random.Random(7))
    canvas = TimelineCanvas()
    canvas.resize(WIDTH, HEIGHT)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)

    def paint_once() -> None:
        painter = QPainter(image)
        canvas.paint(painter)
        painter.end()

    def change_and_lay_out() -> None:
        canvas.set_data(data, calendar, TODAY)
        canvas.timeline_layout  # noqa: B018 - the layout is built lazily: force it here

    layout_ms, _ = timed(change_and_lay_out, max(repeats // 4, 5))
    paint_ms, cpu_ms = timed(paint_once, repeats)
    events = sum(len(lane.markers) + len(lane.bars) for lane in data.lanes)
    note = (
        f"{len(data.lanes)} coachees, {events} bars+markers, 3 school years, "
        f"{WIDTH}x{HEIGHT}, {repeats} paints"
    )
    goal = f"< {GOAL_MS:g} ms"
    emit("timeline paint (median)", statistics.median(paint_ms), "ms", goal, note)
    emit("timeline paint p99", percentile(paint_ms, 0.99), "ms", goal)
    # CPU time of the painting thread: steadier than wall time when the machine is busy
    emit("timeline paint CPU (median)", statistics.median(cpu_ms), "ms", goal)
    emit("timeline relayout after a change (median)", statistics.median(layout_ms), "ms", "")


if __name__ == "__main__":
    main()
