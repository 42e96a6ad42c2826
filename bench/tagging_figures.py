"""Tagging figures: hotkey to committed tag on the large database; UI cost per tag and per tick.

1. A hotkey press (a real key event through the QAction, TagController, the tag service and
   the tag table) until the tag is committed, p50/p99, on the database with 50,000 tags.
   Reference: the tag service's commit alone, measured in the same run.
2. The in-memory update when a tag is added to a clip with 5,000 tags shown in the table
   (sorted-list insert, model row insert, view update), and the per-tick cost of marking the
   tag now playing (bisect). Reference: finding the current tag by scanning every tag.

Usage: python bench/tagging_figures.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from bench.inputs import SEED, fresh_copy, large_db_dir
from bench.report import emit
from coachdesk.core.tags import Tag

TABLE_TAGS = 5_000


def _start(tag: Tag) -> tuple[int, int]:
    return (tag.at_ms, tag.id)


def p50(values: list[float]) -> float:
    return statistics.median(values)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small database, few repetitions")
    args = parser.parse_args()
    from coachdesk.app import build_services
    from coachdesk.storage import rows
    from coachdesk.storage.workspace import open_workspace
    from coachdesk.ui.context import UiContext
    from coachdesk.ui.review.tag_buttons import TagButtons
    from coachdesk.ui.review.tag_table import TagTable
    from coachdesk.ui.review.tagging import TagController

    app = QApplication.instance() or QApplication([])
    size = dict(coachees=2, years=1, tags=500) if args.quick else {}
    presses = 60 if args.quick else 1000
    master = large_db_dir(**size)
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(fresh_copy(master, Path(tmp) / "data"), daily_backup=False)
        services = build_services(ws)
        ctx = UiContext(services)
        ctx.undo_stack.setUndoLimit(100)
        tag_set = next(s for s in services.tags.tag_sets() if s.name == "Questioning")
        observation = services.observations.get(services.clips.get(1).observation_id)
        services.observations.save(replace(observation, tag_set_id=tag_set.id))
        in_db = services.tags.count_tags()

        # -- 1. hotkey -> committed tag, through the widgets the coach uses --------------------
        position = [0]
        controller = TagController(ctx, lambda: position[0])
        host = QWidget()
        buttons = TagButtons(ctx, controller)
        table = TagTable(ctx, controller)
        layout = QVBoxLayout(host)
        layout.addWidget(buttons)
        layout.addWidget(table)
        buttons.install_shortcuts(host)
        host.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        host.resize(900, 600)
        host.show()
        ctx.select_observation(observation.id)
        controller.set_clip(1)
        host.activateWindow()
        host.setFocus()
        app.processEvents()
        clip_tags = len(controller.tags())
        keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4]
        hotkey_ms, reference_ms = [], []
        type_id = tag_set.types[0].id
        for _ in range(presses):
            # Alternate with the reference so both meet the same disk and machine load.
            position[0] = rng.randint(0, 3_600_000)
            before = len(controller.tags())
            start = time.perf_counter()
            QTest.keyClick(host, rng.choice(keys))
            hotkey_ms.append((time.perf_counter() - start) * 1000)
            assert len(controller.tags()) == before + 1, "the hotkey did not tag"
            app.processEvents()  # paint between presses, as in the app
            start = time.perf_counter()
            services.tags.add_tag(2, type_id, rng.randint(0, 3_600_000))
            reference_ms.append((time.perf_counter() - start) * 1000)

        # -- 2. UI update per added tag, and per tick, with 5,000 tags in the table ------------
        clip_id = services.clips.list(observation.id)[0].id
        busy = services.clips.add(
            observation.id, "/clips/busy.mp4", "v1:busy", services.clips.get(clip_id).probe
        ).value
        with ws.db.session() as s:
            s.execute(
                rows.TagRow.__table__.insert(),
                [
                    {
                        "clip_id": busy.id,
                        "type_id": rng.choice(tag_set.types).id,
                        "at_ms": rng.randint(0, 3_600_000),
                        "end_ms": None,
                        "note": "",
                        "author": "coach",
                        "created_at": dt.datetime.now(),
                    }
                    for _ in range(TABLE_TAGS)
                ],
            )
        start = time.perf_counter()
        controller.set_clip(busy.id)
        app.processEvents()
        load_ms = (time.perf_counter() - start) * 1000
        update_ms, update_paint_ms = [], []
        fresh = [services.tags.add_tag(busy.id, type_id, rng.randint(0, 3_600_000)).value]
        fresh += [
            services.tags.add_tag(busy.id, type_id, rng.randint(0, 3_600_000)).value
            for _ in range(presses // 4)
        ]
        for tag in fresh:
            start = time.perf_counter()
            controller._apply(tag)  # what press() does after the commit: list, model, view
            middle = time.perf_counter()
            app.processEvents()  # and the repaint it causes
            end = time.perf_counter()
            update_ms.append((middle - start) * 1000)
            update_paint_ms.append((end - start) * 1000)
        shown = table.model.rowCount()
        tick_ms, find_ms, scan_ms = [], [], []
        tags = controller.tags()
        for tick in range(600 if args.quick else 6000):  # 5 or 50 minutes of playback at 20 Hz
            ms = tick * 50 * (12 if args.quick else 1)
            start = time.perf_counter()
            table.follow(ms)
            tick_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            controller.current_tag(ms)
            find_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            _current = max((t for t in tags if t.at_ms <= ms), key=_start, default=None)
            scan_ms.append((time.perf_counter() - start) * 1000)
        host.close()
        ws.close()

    emit(
        "hotkey → committed tag p50",
        p50(hotkey_ms),
        "ms",
        "",
        f"{in_db:,} tags in db; clip of {clip_tags} tags in the table",
        f"service commit alone p50 {p50(reference_ms):.2f} ms",
    )
    emit(
        "hotkey → committed tag p99",
        p99(hotkey_ms),
        "ms",
        "<= 10 ms",
        f"{presses} key presses through QAction, TagController, service, table",
        f"service commit alone p99 {p99(reference_ms):.2f} ms",
    )
    emit(
        "UI update per added tag (5,000 in table) p50",
        p50(update_ms),
        "ms",
        "",
        f"{shown:,} rows; with the repaint p50 {p50(update_paint_ms):.2f} ms, "
        f"p99 {p99(update_paint_ms):.2f} ms",
    )
    emit(
        "UI update per added tag (5,000 in table) p99",
        p99(update_ms),
        "ms",
        "",
        f"open clip of {TABLE_TAGS:,} tags: {load_ms:.0f} ms",
    )
    emit(
        "find the current tag (5,000 tags) p99",
        p99(find_ms),
        "ms",
        "",
        "bisect on the sorted list",
        f"scan every tag p99 {p99(scan_ms):.3f} ms",
    )
    emit(
        "tag table per-tick follow (5,000 tags) p99",
        p99(tick_ms),
        "ms",
        "<= 2 ms",
        f"find + mark the row + keep it in view, p50 {p50(tick_ms):.3f} ms",
    )


if __name__ == "__main__":
    main()
