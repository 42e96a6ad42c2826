"""Export figures: a session summary with 40 tagged moments (and their pictures) to HTML and PDF.

Usage: python bench/export_figures.py [--quick]
Each figure is the median wall time from the summary's core objects (already read from the
database, pictures already made, as when the coach presses Save) to the file on disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.report import emit

TODAY = dt.date(2025, 11, 12)


def pictures(count: int) -> list[bytes]:
    """Return ``count`` JPEG frames of 320x180 with texture, sized like real thumbnails."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(7)
    frames = []
    for i in range(count):
        base = np.full((180, 320, 3), (60 + i * 4 % 150, 110, 160), np.uint8)
        noise = rng.integers(0, 60, (180, 320, 3), dtype=np.uint8)
        image = cv2.GaussianBlur(cv2.add(base, noise), (5, 5), 0)
        cv2.putText(image, f"moment {i + 1}", (20, 100), cv2.FONT_HERSHEY_SIMPLEX, 1, (0, 0, 0), 2)
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
        assert ok
        frames.append(bytes(data.tobytes()))
    return frames


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    from coachdesk.app import build_services
    from coachdesk.core.clips import ClipProbe
    from coachdesk.core.jobs import run_job
    from coachdesk.demo import fill_demo
    from coachdesk.export.gather import gather_summary, with_thumbnails
    from coachdesk.export.summary import SummaryParts
    from coachdesk.storage.workspace import open_workspace
    from coachdesk.ui.export_jobs import summary_work
    from coachdesk.ui.pdf import ensure_app

    moments, runs = 40, (2 if args.quick else 9)
    ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workspace = open_workspace(folder / "data", daily_backup=False)
        services = build_services(workspace)
        fill_demo(services, today=TODAY)
        tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
        cycle = services.cycles.list(tom.id)[0]
        observation = services.observations.list(cycle.id)[-1]
        probe = ClipProbe(3_600_000, 30.0, False, 108_000, 1280, 720, 0, "h264", True)
        clip = services.clips.add(observation.id, str(folder / "lesson.mp4"), "fp", probe).value
        types = services.tags.tag_sets()[0].types
        tag_ids = [
            services.tags.add_tag(
                clip.id,
                types[i % len(types)].id,
                60_000 + i * 80_000,
                None,
                f"Moment {i + 1}: students answered after a pause",
            ).value.id
            for i in range(moments)
        ]
        session = services.sessions.list(cycle.id)[0]
        data = gather_summary(services, session.id, today=TODAY)
        data = with_thumbnails(data, dict(zip(tag_ids, pictures(moments), strict=True)))
        workspace.close()
        timings: dict[str, list[float]] = {"html": [], "pdf": []}
        sizes: dict[str, int] = {}
        for _ in range(runs):
            for fmt in ("html", "pdf"):
                out = folder / f"summary.{fmt}"
                start = time.perf_counter()
                run_job(summary_work(data, SummaryParts(), out, fmt, folder / "data"))
                timings[fmt].append(time.perf_counter() - start)
                sizes[fmt] = out.stat().st_size
    note = f"{moments} moments with 320x180 JPEG pictures, median of {runs}"
    emit(
        "summary to HTML (40 pictures)",
        statistics.median(timings["html"]),
        "s",
        "<= 0.5 s",
        f"{note}; {sizes['html'] // 1024} KiB",
    )
    emit(
        "summary to PDF (40 pictures)",
        statistics.median(timings["pdf"]),
        "s",
        "<= 2 s",
        f"{note}; {sizes['pdf'] // 1024} KiB, A4",
    )


if __name__ == "__main__":
    main()
