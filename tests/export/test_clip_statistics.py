"""Clip statistics in the exports: the summary's table and density strip, the log, the CSV."""

from __future__ import annotations

import base64
import csv
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.core.clips import ClipProbe
from coachdesk.core.evidence import clip_stats
from coachdesk.core.goal_measures import MeasureDefinition, MeasureKind, with_definition
from coachdesk.core.jobs import run_job
from coachdesk.core.services import Services
from coachdesk.core.tags import Polarity, Tag, TagKind, TagType
from coachdesk.export.clip_statistics import (
    BARS_BOTTOM,
    BARS_TOP,
    POLARITY_COLOURS,
    STATS_CSV_HEADER,
    density_svg,
    share_text,
    strip_bin_ms,
    video_evidence_text,
)
from coachdesk.export.coaching_log import log_csv, period_named, render_log_html
from coachdesk.export.gather import gather_log, gather_summary, observation_tags
from coachdesk.export.summary import SummaryParts, render_summary_html
from coachdesk.export.tags import write_tag_files
from coachdesk.ui import export_jobs
from tests.conftest import TODAY
from tests.export.conftest import PROBE, Tagged
from tests.export.page_parser import Page

SVG = "{http://www.w3.org/2000/svg}"
HEADER = ["Tag", "Count", "Per 10 min", "Time", "Share of time", "Polarity"]


@pytest.fixture
def busy(demo: Services, tagged: Tagged) -> Tagged:
    """The tagged clip (70 min) with two overlapping transitions and two off-task moments.

    Seven tags in all: 1.0 per 10 minutes; one positive against two negative; the
    transitions cover 0:00–8:00 once merged, 11% of the lesson.
    """
    behaviour = demo.tags.tag_sets()[0]
    by_label = {t.label: t for t in behaviour.types}
    transition, off_task = by_label["Transition"], by_label["Off-task behaviour"]
    demo.tags.add_tag(tagged.clip_id, transition.id, 0, 420_000, "")
    demo.tags.add_tag(tagged.clip_id, transition.id, 300_000, 480_000, "")
    demo.tags.add_tag(tagged.clip_id, off_task.id, 600_000, None, "")
    demo.tags.add_tag(tagged.clip_id, off_task.id, 1_200_000, None, "")
    observation = demo.observations.get(tagged.observation_id)
    demo.observations.save(replace(observation, tag_set_id=behaviour.id))
    return tagged


def page_of(services: Services, tagged: Tagged, **leave_out: bool) -> tuple[str, Page]:
    data = gather_summary(services, tagged.session_id, today=TODAY)
    html = render_summary_html(data, SummaryParts(thumbnails=False, **leave_out))
    return html, Page(html)


def strips(page: Page) -> list[ET.Element]:
    found = []
    for img in page.tags("img"):
        if img["alt"].startswith("Tags along the lesson"):
            assert img["src"].startswith("data:image/svg+xml;base64,")
            found.append(ET.fromstring(base64.b64decode(img["src"].split(",", 1)[1])))
    return found


def test_summary_shows_each_clips_statistics(demo: Services, busy: Tagged):
    _, page = page_of(demo, busy)
    [table] = page.tables("stats")
    assert table[0] == HEADER
    rows = {row[0]: row[1:] for row in table[1:]}
    assert rows["Transition"] == ["2", "0.3", "8:00", "11%", "neutral"]
    assert rows["Off-task behaviour"] == ["2", "0.3", "—", "—", "negative"]
    assert rows["Positive narration"] == ["1", "0.1", "—", "—", "positive"]
    assert rows["Non-verbal correction"][0] == "1"
    assert rows["Lesson entry"] == ["0", "0.0", "0:00", "0%", "neutral"]  # in the set, unused
    assert list(rows)[:3] == ["Positive narration", "Non-verbal correction", "Private correction"]
    assert (
        "9S2 particles.mp4 · 1:10:00 · 7 tags · 1.0 per 10 min · "
        "1 positive : 2 negative (33% positive)" in page.text
    )


def test_summary_has_the_density_strip_stacked_by_polarity(demo: Services, busy: Tagged):
    html, page = page_of(demo, busy)
    [svg] = strips(page)
    assert "<script" not in html.split("<body>", 1)[1].lower()
    text = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert "tags per 2 min, tallest bar 2" in text  # 70 min in 35 bars of 2 min
    assert "0:00" in text
    assert "1:00:00" in text
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("y") != "7" and r.get("x") != "0"]
    colours = [r.get("fill") for r in bars]
    assert colours.count(POLARITY_COLOURS[Polarity.NEGATIVE]) == 2
    assert colours.count(POLARITY_COLOURS[Polarity.POSITIVE]) == 1
    assert colours.count(POLARITY_COLOURS[Polarity.NEUTRAL]) == 4  # 0:00, 2:05, 5:00, 1:02:05
    first_bin = [r for r in bars if float(r.get("x", "0")) < 10 and r.get("fill") != "#f3f5f7"]
    assert len(first_bin) == 2  # the narration at 1:01 and the transition from 0:00
    top = min(float(r.get("y", "0")) for r in first_bin)
    assert top == pytest.approx(BARS_TOP)  # the tallest bar fills the strip
    assert sum(float(r.get("height", "0")) for r in first_bin) == pytest.approx(
        BARS_BOTTOM - BARS_TOP
    )


def test_statistics_can_be_left_out(demo: Services, busy: Tagged):
    _, page = page_of(demo, busy, statistics=False)
    assert not page.tables("stats")
    assert not strips(page)
    assert "Off-task behaviour" in page.text  # the moments are still there
    _, neither = page_of(demo, busy, statistics=False, evidence=False)
    assert "Off-task behaviour" not in neither.text


def test_a_clip_without_tags_and_an_observation_without_video(demo: Services, busy: Tagged):
    demo.clips.add(busy.observation_id, "/videos/second camera.mp4", "fp-2", PROBE)
    _, page = page_of(demo, busy)
    assert "second camera.mp4 · 1:10:00 · 0 tags" in page.text
    assert "No tags on this clip yet." in page.text
    assert len(page.tables("stats")) == 1
    assert len(strips(page)) == 1
    data = gather_summary(demo, busy.session_id, observation_ids=[], today=TODAY)
    empty = Page(render_summary_html(data))
    assert not empty.tables("stats")
    assert "per 10 min" not in empty.text


def test_the_goal_says_when_its_measure_comes_from_tags(demo: Services, busy: Tagged):
    _, page = page_of(demo, busy)
    assert "Worked out from the tagged video" not in page.text
    behaviour = demo.tags.tag_sets()[0]
    off_task = next(t for t in behaviour.types if t.label == "Off-task behaviour")
    goal = demo.cycles.goal(busy.cycle_id)
    demo.cycles.save_goal(
        with_definition(goal, MeasureDefinition(MeasureKind.RATE, (off_task.id,)))
    )
    _, page = page_of(demo, busy)
    assert "Worked out from the tagged video: Off-task behaviour per 10 minutes" in page.text


def test_the_coaching_log_sums_up_each_observations_video(demo: Services, busy: Tagged):
    log = gather_log(demo, period_named("this-year", demo.settings.calendar(), TODAY), TODAY)
    text = "7 tags in 1:10:00 of video · 1.0 per 10 min · 33% positive"
    rows = list(csv.DictReader(io.StringIO(log_csv(log).decode("utf-8-sig"), newline="")))
    filmed = [r for r in rows if r["Tagged video"]]  # sessions and live visits have none
    assert [r["Tagged video"] for r in filmed] == [text]
    assert (filmed[0]["Date"], filmed[0]["Kind"]) == ("2025-10-23", "Observation (lesson video)")
    assert text in Page(render_log_html(log)).text


def test_video_evidence_text_for_no_clip_and_no_tags():
    assert video_evidence_text([], []) == ""
    clip = _clip(PROBE)
    assert video_evidence_text([(clip, [])], []) == "No tags on 1:10:00 of video"


def test_the_tag_export_writes_statistics_as_csv(demo: Services, busy: Tagged, tmp_path: Path):
    out = tmp_path / "stats.csv"
    clips = observation_tags(demo, busy.observation_id)
    assert write_tag_files(clips, demo.tags.tag_sets(), "stats", out, {}) == [out]
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0].keys()) == STATS_CSV_HEADER
    transition = next(r for r in rows if r["tag"] == "Transition")
    assert transition["count"] == "2"
    assert transition["kind"] == "duration"
    assert transition["time_ms"] == "480000"
    assert transition["share_of_time"] == "0.1143"
    assert transition["per_10_min"] == "0.29"
    assert transition["first_ms"] == "0"
    assert transition["tag set"] == "Behaviour and routines"
    narration = next(r for r in rows if r["tag"] == "Positive narration")
    assert (narration["time_ms"], narration["share_of_time"]) == ("", "")
    assert {r["clip"] for r in rows} == {"9S2 particles.mp4"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_pdf_prints_the_table_and_draws_the_strip(
    qapp: object, demo: Services, busy: Tagged, tmp_path: Path
):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from coachdesk.ui.pdf import build_document

    html, page = page_of(demo, busy)
    [strip] = [i["src"] for i in page.tags("img") if i["alt"].startswith("Tags along")]
    image = build_document(html).resource(QTextDocument.ResourceType.ImageResource, QUrl(strip))
    assert not image.isNull()
    assert image.width() >= 600  # drawn at print resolution, not scaled up
    data = gather_summary(demo, busy.session_id, today=TODAY)
    out = tmp_path / "summary.pdf"
    run_job(export_jobs.summary_work(data, SummaryParts(thumbnails=False), out, "pdf", tmp_path))
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    assert "Tag Count Per 10 min Time Share of time Polarity" in text
    assert "Transition 2 0.3 8:00 11% neutral" in text
    assert "1 positive : 2 negative (33% positive)" in text


# -- the strip and the numbers on their own -------------------------------------------------


def _clip(probe: ClipProbe):  # type: ignore[no-untyped-def]
    from coachdesk.core.clips import Clip

    return Clip(1, 1, "/videos/lesson.mp4", "fp", probe)


def test_no_tags_no_strip_and_bar_widths_follow_the_length():
    assert density_svg(clip_stats([], 2_700_000)) is None
    assert strip_bin_ms(0) == 30_000
    assert strip_bin_ms(30 * 60_000) == 30_000
    assert strip_bin_ms(45 * 60_000) == 60_000
    assert strip_bin_ms(3 * 3_600_000) == 300_000
    assert strip_bin_ms(30 * 3_600_000) == 1_800_000  # very long clips still get a strip


def test_a_zero_length_clip_and_a_tag_past_its_end_still_draw():
    kind = TagType(1, 1, "Praise", polarity=Polarity.POSITIVE, kind=TagKind.POINT)
    tags = [Tag(1, 1, 1, 5_000), Tag(2, 1, 1, 95_000)]
    svg = density_svg(clip_stats(tags, 0, [kind], 30_000))
    assert svg is not None
    root = ET.fromstring(svg)
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("y") != "7"]
    assert fills.count(POLARITY_COLOURS[Polarity.POSITIVE]) == 2


@pytest.mark.parametrize(
    ("share", "text"), [(None, ""), (0.0, "0%"), (0.004, "<1%"), (0.114, "11%"), (1.0, "100%")]
)
def test_share_text(share: float | None, text: str):
    assert share_text(share) == text
