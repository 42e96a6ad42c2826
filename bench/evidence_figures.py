"""Evidence figures: statistics of a clip with 5,000 tags, and of a cycle of 12 observations.

1. ``clip_stats`` on one 60-minute clip with 5,000 tags (points and spans), p50/p99; and the
   clip statistics panel's refresh (statistics + model reset), which runs on every tag added.
2. Cohen's kappa per tag type between two observers with 2,500 tags each (30-second bins).
3. A cycle of 12 observations, each with a 45-minute clip of 400 tags: read every clip's tags
   through the services (every clip's tags in one read) and work out each lesson's statistics
   and a goal measure — what the lesson comparison and the measure panel do. Reference: the
   services' reads alone.
Goal for each: ≤ 50 ms.

Usage: python bench/evidence_figures.py [--quick]
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
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from bench.inputs import SEED
from bench.report import emit
from coachdesk.core.agreement import agreement
from coachdesk.core.clips import ClipProbe
from coachdesk.core.evidence import clip_stats
from coachdesk.core.goal_measures import MeasureDefinition, MeasureKind, compute
from coachdesk.core.lesson_compare import lesson_stats
from coachdesk.core.observations import ObservationMode
from coachdesk.core.tags import TagKind

CLIP_TAGS = 5_000
OBSERVATIONS = 12
TAGS_PER_LESSON = 400
HOUR = ClipProbe(3_600_000, 30.0, False, 108_000, 1280, 720, 0, "h264", True)
LESSON = ClipProbe(2_700_000, 30.0, False, 81_000, 1280, 720, 0, "h264", True)
GOAL = "≤ 50 ms"


def timed(work: object, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        runs.append((time.perf_counter() - start) * 1000)
    return runs


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="few repetitions")
    args = parser.parse_args()
    repeat = 5 if args.quick else 50
    from coachdesk.app import build_services
    from coachdesk.storage import rows
    from coachdesk.storage.workspace import open_workspace
    from coachdesk.ui.context import UiContext
    from coachdesk.ui.panes.evidence_source import (
        all_tag_types,
        evidence_by_observation,
        types_for,
    )
    from coachdesk.ui.review.clip_stats import ClipStatsPanel
    from coachdesk.ui.review.tagging import TagController

    app = QApplication.instance() or QApplication([])
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "data", daily_backup=False)
        services = build_services(ws)
        tag_set = next(s for s in services.tags.tag_sets() if s.name == "Participation and talk")
        types = tag_set.types

        def random_rows(clip_id: int, count: int, length_ms: int) -> list[dict[str, object]]:
            made = []
            for i in range(count):
                tag_type = rng.choice(types)
                at = rng.randint(0, length_ms - 1)
                span = tag_type.kind is TagKind.DURATION
                made.append(
                    {
                        "clip_id": clip_id,
                        "type_id": tag_type.id,
                        "at_ms": at,
                        "end_ms": at + rng.randint(5_000, 120_000) if span else None,
                        "note": "",
                        "author": "coach" if i % 2 else "Sam",
                        "created_at": dt.datetime.now(),
                    }
                )
            return made

        coachee = services.coachees.add("Bench", today=dt.date(2025, 11, 12)).value
        cycle = services.cycles.start(coachee.id, dt.date(2025, 9, 8)).value

        # -- 1. one clip with 5,000 tags -------------------------------------------------------
        observation = services.observations.add(
            cycle.id, dt.date(2025, 9, 9), ObservationMode.VIDEO, tag_set_id=tag_set.id
        ).value
        busy = services.clips.add(observation.id, "/clips/busy.mp4", "v1:busy", HOUR).value
        with ws.db.session() as s:
            s.execute(rows.TagRow.__table__.insert(), random_rows(busy.id, CLIP_TAGS, 3_600_000))
        tags = services.tags.tags(busy.id)
        runs = timed(lambda: clip_stats(tags, HOUR.duration_ms, types), repeat)
        emit(
            "Clip statistics, 5,000 tags (p50)",
            statistics.median(runs),
            "ms",
            GOAL,
            f"p99 {p99(runs):.2f} ms; counts, rates, merged time, strips per type",
        )
        ctx = UiContext(services)
        controller = TagController(ctx, lambda: 0)
        ctx.select_observation(observation.id)
        controller.set_clip(busy.id, tag_set)
        panel = ClipStatsPanel(ctx, controller)
        panel.resize(560, 320)
        panel.show()
        app.processEvents()

        def refresh_and_paint() -> None:
            panel.refresh()
            panel.repaint()

        runs = timed(refresh_and_paint, repeat)
        emit(
            "Clip statistics panel refresh + paint, 5,000 tags (p50)",
            statistics.median(runs),
            "ms",
            GOAL,
            f"p99 {p99(runs):.2f} ms; runs on every tag added while tagging",
        )

        # -- 2. agreement between two observers ---------------------------------------------
        runs = timed(lambda: agreement(tags, "coach", "Sam", HOUR.duration_ms), repeat)
        emit(
            "Observer agreement (kappa), 2 × 2,500 tags (p50)",
            statistics.median(runs),
            "ms",
            GOAL,
            f"p99 {p99(runs):.2f} ms; 30 s bins, {len(types)} tag types",
        )

        # -- 3. a cycle of 12 observations ------------------------------------------------------
        cycle2 = services.cycles.start(coachee.id, dt.date(2026, 1, 5)).value
        for i in range(OBSERVATIONS):
            day = dt.date(2026, 1, 6) + dt.timedelta(days=7 * i)
            added = services.observations.add(
                cycle2.id, day, ObservationMode.VIDEO, tag_set_id=tag_set.id
            ).value
            clip = services.clips.add(added.id, f"/clips/l{i}.mp4", f"v1:l{i}", LESSON).value
            with ws.db.session() as s:
                s.execute(
                    rows.TagRow.__table__.insert(),
                    random_rows(clip.id, TAGS_PER_LESSON, LESSON.duration_ms),
                )
        definition = MeasureDefinition(MeasureKind.RATE, (types[4].id, types[5].id))

        def whole_cycle() -> None:
            known = all_tag_types(services)
            observations = services.observations.list(cycle2.id)
            by_observation = evidence_by_observation(services, (o.id for o in observations))
            for obs in observations:
                evidence = by_observation[obs.id]
                lesson_stats(evidence, types_for(services, obs, evidence, known))
                compute(definition, evidence)

        def reads_only() -> None:
            observations = services.observations.list(cycle2.id)
            evidence_by_observation(services, (o.id for o in observations))

        runs = timed(whole_cycle, repeat)
        reference = timed(reads_only, repeat)
        emit(
            "Cycle of 12 observations: statistics + measure (p50)",
            statistics.median(runs),
            "ms",
            GOAL,
            f"p99 {p99(runs):.2f} ms; {OBSERVATIONS * TAGS_PER_LESSON:,} tags read through the "
            "services",
            f"services' reads alone {statistics.median(reference):.2f} ms",
        )
        panel.close()
        ws.close()


if __name__ == "__main__":
    main()
