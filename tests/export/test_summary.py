"""The session summary: what it shows, what it leaves out, and that nothing in it can run."""

from __future__ import annotations

import base64
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.core.services import Services
from coachdesk.export.gather import default_evidence, gather_summary, with_thumbnails
from coachdesk.export.summary import SummaryParts, image_data_uri, render_summary_html
from tests.conftest import TODAY
from tests.export.conftest import HOSTILE, HOSTILE_NOTE, Tagged, png
from tests.export.page_parser import Page


def summary_page(services: Services, tagged: Tagged, **leave_out: bool) -> Page:
    data = gather_summary(services, tagged.session_id, today=TODAY)
    data = with_thumbnails(data, {tag_id: png() for tag_id in tagged.tag_ids})
    return Page(render_summary_html(data, SummaryParts(**leave_out)))


def test_summary_shows_goal_actions_every_tag_and_the_notes(demo: Services, tagged: Tagged):
    page = summary_page(demo, tagged)
    text = page.text
    assert tagged.goal_text in text
    assert tagged.action_text in text
    for label in tagged.labels:
        assert label in text
    assert "1:01" in text  # the first tag's time
    assert "2:05–2:20" in text  # a tag with a duration shows its span
    assert "1:02:05" in text  # an hour into the lesson
    assert "Cold call with wait time" in text  # the live observation note
    assert "Exposing student thinking" in text  # the persistent problem
    assert "Questions that reach everyone" in text
    assert "Learn stage" in text
    assert "Steps 1 and 2 happen every time now" in text  # a reflection
    assert "Did the steps happen?" in text  # with its prompt
    assert "38% of the way from baseline to target" in text


def test_notes_and_names_with_markup_are_text_not_elements(demo: Services, tagged: Tagged):
    page = summary_page(demo, tagged)
    assert not page.tags("script")
    assert not page.tags("aside")
    assert not page.tags("b") or all("TJ" not in str(a) for a in page.tags("b"))
    assert HOSTILE_NOTE in page.text  # shown exactly as typed
    assert 'Tom "TJ" Okafor <b>' in page.text


def test_the_page_is_self_contained(demo: Services, tagged: Tagged):
    html = render_summary_html(
        with_thumbnails(
            gather_summary(demo, tagged.session_id, today=TODAY),
            {tid: png() for tid in tagged.tag_ids},
        )
    )
    page = Page(html)
    images = page.tags("img")
    # the chart, the clip's density strip and one picture per moment
    assert len(images) == 2 + len(tagged.tag_ids)
    assert all(img["src"].startswith("data:image/") for img in images)
    assert not page.tags("link")
    assert not page.tags("script")
    assert "http://" not in html
    assert "https://" not in html.replace("http://www.w3.org", "")
    assert "@page" in html
    assert "A4" in html
    assert any(
        m.get("http-equiv") == "Content-Security-Policy" and "default-src 'none'" in m["content"]
        for m in page.tags("meta")
    )
    chart = next(img for img in images if img["src"].startswith("data:image/svg+xml"))
    assert "Chart of the measurements" in chart["alt"]
    svg = base64.b64decode(chart["src"].split(",", 1)[1]).decode()
    assert "<script" not in svg
    assert "Target 80" in svg
    assert "Baseline 35" in svg


@pytest.mark.parametrize(
    ("part", "gone"),
    [
        ("goal", "Most students can explain"),
        ("strategy", "Strategy: Cold call"),
        ("reflections", "Steps 1 and 2 happen"),
        ("actions", "Plan three cold-call questions"),
        ("conversation_notes", "Looked at the tally"),
        ("observation_notes", "Cold call with wait time"),
    ],
)
def test_items_can_be_left_out(demo: Services, tagged: Tagged, part: str, gone: str):
    assert gone in summary_page(demo, tagged).text
    assert gone not in summary_page(demo, tagged, **{part: False}).text


def test_leaving_out_moments_and_pictures(demo: Services, tagged: Tagged):
    no_pictures = summary_page(demo, tagged, thumbnails=False)
    assert len(no_pictures.tags("img")) == 2  # the chart and the density strip
    assert tagged.labels[1] in no_pictures.text
    no_moments = summary_page(demo, tagged, evidence=False, statistics=False)
    assert tagged.labels[1] not in no_moments.text
    assert "Cold call with wait time" in no_moments.text  # notes are a separate item
    no_chart = summary_page(demo, tagged, progress_chart=False)
    assert not any(i["alt"].startswith("Chart of") for i in no_chart.tags("img"))
    assert any(i["alt"].startswith("Tags along the lesson") for i in no_chart.tags("img"))
    assert "Exit ticket before the cycle" in no_chart.text  # the measurements table stays


def test_evidence_defaults_to_observations_since_the_last_session(demo: Services, tagged: Tagged):
    dossier = demo.cycles.dossier(tagged.cycle_id)
    assert [o.id for o in default_evidence(dossier, tagged.session_id)] == [tagged.observation_id]
    data = gather_summary(demo, tagged.session_id, observation_ids=[], today=TODAY)
    assert data.evidence == ()
    assert tagged.labels[0] not in Page(render_summary_html(data)).text


def test_an_odd_colour_or_picture_cannot_inject_anything(demo: Services, tagged: Tagged):
    data = gather_summary(demo, tagged.session_id, today=TODAY)
    sets = tuple(
        replace(s, types=tuple(replace(t, colour="red;background:url(http://x)") for t in s.types))
        for s in data.tag_sets
    )
    html = render_summary_html(
        replace(data, tag_sets=sets, thumbnails={tagged.tag_ids[0]: b"GIF89a not allowed"})
    )
    assert "http://x" not in html
    assert image_data_uri(b"GIF89a") is None
    assert image_data_uri(png()).startswith("data:image/png;base64,")


def test_a_school_can_restyle_the_templates(demo: Services, tagged: Tagged, tmp_path: Path):
    school = tmp_path / "templates"
    school.mkdir()
    (school / "style.css").write_text("body { color: #123456; } /* Hillside house style */")
    data = gather_summary(demo, tagged.session_id, today=TODAY)
    html = render_summary_html(data, template_dirs=[school])
    assert "Hillside house style" in html
    assert tagged.goal_text in Page(html).text


def test_a_session_with_little_recorded_still_renders(demo: Services):
    priya = next(c for c in demo.coachees.list() if c.name == "Priya Shah")
    cycle = demo.cycles.list(priya.id)[0]
    fresh = demo.sessions.add(cycle.id, TODAY).value
    text = Page(render_summary_html(gather_summary(demo, fresh.id, today=TODAY))).text
    assert "No actions were agreed in this conversation." in text
    assert "Not yet arranged" in text
    assert "Every pupil answers at least one question" in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_chromium_runs_no_script_from_a_note(demo: Services, tagged: Tagged, tmp_path: Path):
    data = with_thumbnails(
        gather_summary(demo, tagged.session_id, today=TODAY), {tagged.tag_ids[0]: png()}
    )
    page = tmp_path / "summary.html"
    page.write_text(render_summary_html(data), encoding="utf-8")
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = Page(result.stdout)
    assert tagged.goal_text in dom.text  # the page did render
    assert not dom.tags("aside")  # the script in the note would have added one
    assert not dom.tags("script")
    assert HOSTILE in dom.text
