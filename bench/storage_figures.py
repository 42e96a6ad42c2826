"""Storage figures: open + load the timeline on the large database; p50/p99 to commit one tag.

Usage: python bench/storage_figures.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.inputs import fresh_copy, large_db_dir
from bench.report import emit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small database, few repetitions")
    args = parser.parse_args()
    from coachdesk.storage.workspace import open_workspace

    size = dict(coachees=2, years=1, tags=500) if args.quick else {}
    master = large_db_dir(**size)
    with tempfile.TemporaryDirectory() as tmp:
        folder = fresh_copy(master, Path(tmp) / "data")
        loads, checks = [], []
        for _ in range(3 if args.quick else 15):
            start = time.perf_counter()
            # The window's path: the full integrity check runs in the background afterwards.
            ws = open_workspace(folder, daily_backup=False, check_integrity=False)
            data = ws.timeline.load()
            loads.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            ws.db.verify_integrity()
            checks.append((time.perf_counter() - start) * 1000)
            ws.close()
        lanes = len(data.lanes)
        events = sum(len(lane.markers) for lane in data.lanes)
        ws = open_workspace(folder, daily_backup=False)
        clip_id = 1
        type_id = ws.tags.tag_sets()[0].types[0].id
        commits = []
        for i in range(50 if args.quick else 1000):
            start = time.perf_counter()
            ws.tags.add_tag(clip_id, type_id, 1000 + i * 10)
            commits.append((time.perf_counter() - start) * 1000)
        total_tags = ws.tags.count_tags()
        ws.close()
    commits.sort()
    emit(
        "open + load timeline (median)",
        statistics.median(loads),
        "ms",
        "<= 50 ms",
        f"{lanes} lanes, {events} markers, {total_tags} tags in db",
    )
    emit(
        "integrity check (background, median)",
        statistics.median(checks),
        "ms",
        "",
        "PRAGMA quick_check after the first paint",
    )
    emit("tag commit p50", commits[len(commits) // 2], "ms", "", "synchronous=FULL, WAL")
    emit(
        "tag commit p99",
        commits[int(len(commits) * 0.99) - 1],
        "ms",
        "<= 5 ms",
        f"{len(commits)} commits",
    )


if __name__ == "__main__":
    main()
