"""Hostile text in every export: what a coach or teacher typed is shown as typed and never runs.

One workspace per hostile text, with that text in every field a coach writes that reaches an
export (coachee name and role, cycle title, current reality, goal and measure, an own strategy's
title, purpose and steps, session notes and both reflections, an action, an observation's
context, a note and its category, a tag's note, an own tag set's type labels, the coach's name,
shared resources' titles, notes and file names, a clip's file name). Each export is rendered the
way the UI and the command line render it (``export.gather`` over the services):

- the session summary's HTML page, the coaching log's HTML page (the PDF is printed from it) and
  the review package's ``index.html`` are read with an HTML parser: no ``<script>`` (the review
  package's own player script aside), no ``on*`` attribute, no ``javascript:`` address, exactly
  the elements and attribute names the same export has with plain words in every field, and
  each field's text is there, as typed;
- the coaching log's CSV reads back cell for cell;
- the coaching-log file for the lead reads back to the very same log.

A link to ``javascript:`` is refused when it is added; a web address with a quote in it stays
one attribute value. One summary is opened in headless Chromium (when installed) and its DOM
searched for anything the text could have injected.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from coachdesk.app import build_services
from coachdesk.core.clips import ClipProbe
from coachdesk.core.coaching_log_file import encode, parse
from coachdesk.core.errors import ValidationError
from coachdesk.core.observations import ObservationMode
from coachdesk.core.playbook import Category, StrategyDraft
from coachdesk.core.services import Services
from coachdesk.core.tags import Polarity
from coachdesk.core.tagset_file import TagTypeDraft
from coachdesk.export.coaching_log import first_line, log_csv, period_named, render_log_html
from coachdesk.export.gather import gather_log, gather_summary
from coachdesk.export.lead_log_file import gather_log_file
from coachdesk.export.review_package import (
    PLAYER_SCRIPT,
    PackageVideo,
    package_for_clip,
    render_index_html,
    with_videos,
)
from coachdesk.export.summary import render_summary_html
from coachdesk.storage.workspace import open_workspace
from tests.conftest import TODAY
from tests.export.page_parser import Page

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "attribute break-out": '"><svg onload=alert(1)>',
    "style break-out": "</style><script>",
    "Jinja": "{{ 7*7 }} {% raw %}",
    "template literal": "${7*7} #{7*7}",
    "javascript URL": "javascript:alert(1)",
    "RTL override": "invoice\u202egnp.exe \u202bשלום\u202c",
    "control characters": "bell\x07 esc\x1b[31m del\x7f c1\x85\x9f vt\x0b ff\x0c sep\x1e",
    "10,000 characters": ('<em onclick="alert(1)">x</em> & ' * 400)[:10_000],
}
PLAIN = "Plain words"
QUOTED_LINK = 'https://x/"onmouseover=alert(1)'
PROBE = ClipProbe(600_000, 25.0, False, 15_000, 640, 360, 0, "h264", True)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}


@dataclass
class Filled:
    """A workspace with ``text`` in every field; ``shown`` is what each field holds as stored."""

    services: Services
    text: str
    session_id: int
    clip_id: int
    shown: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


def _write(filled: Filled, name: str, write: Callable[[], str]) -> None:
    """Store a field; note what it holds now, or that it was refused (clearly)."""
    try:
        filled.shown[name] = write()
    except ValidationError:
        filled.refused.append(name)


def fill(services: Services, text: str) -> Filled:
    """Write ``text`` in every field an export shows (a field that refuses it keeps plain words)."""
    s = services
    coachee = s.coachees.add("Plain Person").value
    cycle = s.cycles.start(coachee.id, TODAY).value
    tag_set = s.tags.create(
        "Plain set",
        [
            TagTypeDraft("Plain type", "#2e7d32", "1", Polarity.POSITIVE),
            TagTypeDraft("Second type", "#c62828", "2", Polarity.NEGATIVE),
        ],
    ).value
    strategy = s.playbook.create(
        StrategyDraft("Plain strategy", Category.QUESTIONING_FEEDBACK, steps=("Step one",))
    ).value
    s.cycles.choose_strategy(cycle.id, strategy.id, TODAY)
    session = s.sessions.add(cycle.id, TODAY).value
    observation = s.observations.add(cycle.id, TODAY, ObservationMode.VIDEO).value
    s.observations.save(replace(observation, tag_set_id=tag_set.id))
    filled = Filled(s, text, session.id, 0)

    def coachee_field(name: str) -> str:
        saved = s.coachees.save(replace(s.coachees.get(coachee.id), **{name: text})).value
        return str(getattr(saved, name))

    _write(filled, "coachee name", lambda: coachee_field("name"))
    _write(filled, "coachee role", lambda: coachee_field("role"))
    _write(filled, "coach name", lambda: (s.settings.put("coach_name", text), text)[1])
    _write(filled, "cycle title", lambda: s.cycles.save(replace(cycle, title=text)).value.title)

    def reality() -> str:
        saved = s.cycles.save(replace(s.cycles.get(cycle.id), current_reality=text))
        return saved.value.current_reality

    _write(filled, "current reality", reality)

    def goal_field(name: str) -> str:
        goal = replace(s.cycles.goal(cycle.id), baseline=40.0, target=90.0, **{name: text})
        return str(getattr(s.cycles.save_goal(goal).value, name))

    for name in ("text", "measure", "unit"):
        _write(filled, f"goal {name}", lambda name=name: goal_field(name))  # type: ignore[misc]

    def measurement() -> str:
        goal = s.cycles.add_measurement(cycle.id, TODAY, 55.0, note=text).value
        return goal.measurements[-1].note

    _write(filled, "measurement note", measurement)

    def strategy_field(name: str) -> str:
        current = s.playbook.get(strategy.id).draft()
        value: object = (text, "Step two") if name == "steps" else text
        saved = s.playbook.save(strategy.id, replace(current, **{name: value})).value
        found = getattr(saved, name)
        return found[0] if name == "steps" else str(found)

    for name in ("title", "purpose", "steps"):
        _write(filled, f"strategy {name}", lambda name=name: strategy_field(name))  # type: ignore[misc]

    def session_field(name: str) -> str:
        saved = s.sessions.save(replace(s.sessions.get(session.id), **{name: text})).value
        return str(getattr(saved, name))

    for name in ("notes", "habit_reflection", "understanding_reflection"):
        _write(filled, f"session {name}", lambda name=name: session_field(name))  # type: ignore[misc]
    _write(filled, "action", lambda: s.sessions.add_action(session.id, text).value.text)

    def context() -> str:
        saved = s.observations.save(replace(s.observations.get(observation.id), context=text))
        return saved.value.context

    _write(filled, "observation context", context)
    _write(
        filled,
        "note",
        lambda: s.observations.add_note(observation.id, 61_000, text, category=text).value.text,
    )
    filled.shown["note category"] = filled.shown.get("note", "") and text
    if "note" not in filled.shown:
        s.observations.add_note(observation.id, 61_000, PLAIN)

    def type_label() -> str:
        first = s.tags.tag_set(tag_set.id).types[0]
        return s.tags.save_type(replace(first, label=text)).value.types[0].label

    _write(filled, "tag type label", type_label)
    _write(filled, "tag set name", lambda: s.tags.rename_set(tag_set.id, text).value.name)
    clip_name = text.replace("/", "⁄").replace("\x00", "")
    clip = s.clips.add(observation.id, f"/lessons/{clip_name}.mp4", f"v1:{id(text)}", PROBE).value
    filled.clip_id = clip.id
    filled.shown["clip file name"] = f"{clip_name}.mp4"
    types = s.tags.tag_set(tag_set.id).types
    s.tags.add_tag(clip.id, types[1].id, 5_000)
    _write(
        filled,
        "tag note",
        lambda: s.tags.add_tag(clip.id, types[0].id, 65_000, None, text).value.note,
    )

    def resource(name: str, add: Callable[[], str]) -> None:
        _write(filled, name, add)

    resource(
        "link title",
        lambda: (
            s.resources.add_link(
                QUOTED_LINK, cycle_id=cycle.id, title=text, note=text, shared_on=TODAY
            ).value.title
        ),
    )
    filled.shown["link note"] = filled.shown.get("link title", "") and text.strip()
    if "link title" in filled.refused:  # too long for a title: the rest of the text still goes
        s.resources.add_link(
            QUOTED_LINK, cycle_id=cycle.id, title=text[:200], note=text[:5000], shared_on=TODAY
        )
    shared = services.data_dir.parent / "shared" / f"{clip_name[:60]}.pdf"  # a name a disk takes
    shared.parent.mkdir(exist_ok=True)
    shared.write_bytes(b"%PDF-1.4 a handout")
    resource(
        "file name",
        lambda: (
            s.resources.add_file(
                str(shared), cycle_id=cycle.id, title="Plain file", shared_on=TODAY
            ).value.where
        ),
    )
    return filled


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    made = Path(tempfile.mkdtemp(prefix="coachdesk-exports-", dir=base))
    yield made
    shutil.rmtree(made, ignore_errors=True)


_FILLED: dict[str, Filled] = {}


def filled_with(folder: Path, key: str) -> Filled:
    """Return (once per module) a workspace filled with HOSTILE[key], or plain words."""
    if key not in _FILLED:
        workspace = open_workspace(folder / re.sub(r"\W+", "-", key))
        _FILLED[key] = fill(build_services(workspace), HOSTILE.get(key, PLAIN))
    return _FILLED[key]


# -- reading what came out ------------------------------------------------------------------------


def squeeze(text: str) -> str:
    return " ".join(text.split())


def shape(page: Page) -> list[tuple[str, tuple[str, ...]]]:
    """Return each element's name with its attribute names, in order."""
    return [(tag, tuple(sorted(attrs))) for tag, attrs in page.elements]


def assert_nothing_runs(html: str, plain_html: str, scripts: int = 0) -> Page:
    """Check ``html`` has the elements of ``plain_html`` and nothing that could run."""
    page, plain = Page(html), Page(plain_html)
    assert len(page.tags("script")) == scripts
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}=…> came from the text"
            if name in URL_ATTRIBUTES:
                bare = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not bare.startswith(("javascript:", "vbscript:")), f"<{tag} {name}={value}>"
    assert shape(page) == shape(plain)
    return page


def assert_shown(page_text: str, filled: Filled, fields: list[str]) -> None:
    """Check each of ``fields`` that was stored is in the page's text as typed."""
    text = squeeze(page_text)
    for name in fields:
        if name in filled.shown:
            assert squeeze(filled.shown[name]) in text, f"{name} is not shown as typed"


SUMMARY_FIELDS = [
    "coachee name",
    "coachee role",
    "coach name",
    "cycle title",
    "current reality",
    "goal text",
    "goal measure",
    "goal unit",
    "measurement note",
    "strategy title",
    "strategy purpose",
    "strategy steps",
    "session notes",
    "session habit_reflection",
    "session understanding_reflection",
    "action",
    "observation context",
    "note",
    "note category",
    "tag type label",
    "tag note",
    "clip file name",
    "link title",
    "link note",
    "file name",
]


def summary_html(filled: Filled) -> str:
    return render_summary_html(gather_summary(filled.services, filled.session_id, today=TODAY))


def log_of(filled: Filled):  # type: ignore[no-untyped-def]
    period = period_named("this-term", filled.services.settings.calendar(), TODAY)
    return gather_log(filled.services, period, today=TODAY)


def package_html(filled: Filled, folder: Path) -> str:
    clip = filled.services.clips.get(filled.clip_id)
    package, tags, types = package_for_clip(filled.services, clip, today=TODAY)
    title = filled.shown.get("clip file name", "Whole lesson")
    video = PackageVideo(folder / "lesson.mp4", title)
    return render_index_html(with_videos(package, [video], tags, types))


# -- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(HOSTILE))
def test_the_session_summary_shows_every_field_as_typed_and_runs_nothing(folder: Path, key: str):
    filled = filled_with(folder, key)
    html = summary_html(filled)
    page = assert_nothing_runs(html, summary_html(filled_with(folder, "plain")))
    assert_shown(page.text, filled, SUMMARY_FIELDS)
    links = [a["href"] for a in page.tags("a")]
    assert links == [QUOTED_LINK]  # the quote stays inside the one attribute
    assert "<script" not in html.lower()
    assert "<svg" not in html.lower()


@pytest.mark.parametrize("key", list(HOSTILE))
def test_the_coaching_log_page_and_csv_keep_every_field_as_typed(folder: Path, key: str):
    filled = filled_with(folder, key)
    log = log_of(filled)
    html = render_log_html(log)
    page = assert_nothing_runs(html, render_log_html(log_of(filled_with(folder, "plain"))))
    shown = filled.shown
    expected = {
        "coachee name": shown.get("coachee name", "Plain Person"),
        "cycle title": shown.get("cycle title", "").strip(),
        "strategy title": shown.get("strategy title", ""),
        "summary": first_line(shown.get("session notes", "")),
        "next step": shown.get("action", "").strip(),
        "context": first_line(shown.get("observation context", "")),
        "coach name": shown.get("coach name", ""),
    }
    text = squeeze(page.text)
    for name, value in expected.items():
        assert squeeze(value) in text, f"{name} is not shown as typed"
    rows = list(csv.DictReader(io.StringIO(log_csv(log).decode("utf-8-sig"), newline="")))
    assert len(rows) == 2
    session_row = next(r for r in rows if not r["Kind"].startswith("Observation"))
    observation_row = next(r for r in rows if r["Kind"].startswith("Observation"))
    for row in rows:
        assert row["Coachee"] == expected["coachee name"]
        if expected["cycle title"]:
            assert row["Cycle"] == expected["cycle title"]
        if "strategy title" in shown:
            assert row["Focus"].endswith(expected["strategy title"])
    assert session_row["Summary"] == expected["summary"]
    assert session_row["Next step"] == expected["next step"]
    assert observation_row["Summary"].startswith(expected["context"])


@pytest.mark.parametrize("key", list(HOSTILE))
def test_the_review_package_page_runs_only_its_own_player(folder: Path, key: str):
    filled = filled_with(folder, key)
    html = package_html(filled, folder)
    page = assert_nothing_runs(html, package_html(filled_with(folder, "plain"), folder), scripts=1)
    assert html.count("<script") == 1
    assert re.search(r"<script>(.*?)</script>", html, re.S).group(1) == PLAYER_SCRIPT  # type: ignore[union-attr]
    fields = ["coachee name", "coach name", "observation context", "goal text", "goal measure"]
    assert_shown(page.text, filled, [*fields, "action", "tag type label", "tag note"])
    button = page.tags("button")[0]
    assert button["data-title"] == filled.shown["clip file name"]  # one attribute, as typed


@pytest.mark.parametrize("key", list(HOSTILE))
def test_the_coaching_log_file_for_the_lead_reads_back_exactly(folder: Path, key: str):
    filled = filled_with(folder, key)
    log = gather_log_file(filled.services, 2025, 1)
    assert parse(encode(log)) == log
    colleague = log.colleagues[0]
    assert colleague.name == filled.shown.get("coachee name", "Plain Person")
    assert colleague.role == filled.shown.get("coachee role", "")
    assert log.coach.name == filled.text.strip()
    if "strategy title" in filled.shown:
        assert log.cycles[0].strategy is not None
        assert log.cycles[0].strategy.title == filled.shown["strategy title"]


def test_a_javascript_link_is_refused_and_nothing_is_added(folder: Path):
    filled = filled_with(folder, "plain")
    cycle_id = filled.services.sessions.get(filled.session_id).cycle_id
    before = filled.services.resources.for_cycle(cycle_id)
    for address in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>"):
        with pytest.raises(ValidationError, match="web and e-mail links only"):
            filled.services.resources.add_link(address, cycle_id=cycle_id, shared_on=TODAY)
    assert filled.services.resources.for_cycle(cycle_id) == before


def test_what_each_field_refused_is_a_clear_rule(folder: Path):
    """Only names and titles have limits: the long text and, in a name, control characters."""
    for key in HOSTILE:
        refused = set(filled_with(folder, key).refused)
        if key == "10,000 characters":
            assert refused == {"coachee name", "strategy title", "link title"}, refused
        elif key == "control characters":
            assert refused == {"coachee name"}, refused
        else:
            assert refused == set(), (key, refused)


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_chromium_finds_nothing_injected_in_a_summary(folder: Path, tmp_path: Path):
    filled = filled_with(folder, "img onerror")
    page = tmp_path / "summary.html"
    page.write_text(summary_html(filled), encoding="utf-8")
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
    assert_shown(dom.text, filled, ["coachee name", "note", "tag note", "action"])
    assert not dom.tags("script")
    assert not dom.tags("svg")
    assert all(img["src"].startswith("data:image/") for img in dom.tags("img"))
    assert not [(t, a) for t, a in dom.elements if any(k.startswith("on") for k in a)]
