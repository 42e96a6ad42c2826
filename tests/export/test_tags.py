"""Tag data: CSV for a spreadsheet, versioned JSON, and WebVTT that a player reads."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from coachdesk.core.errors import ValidationError
from coachdesk.core.services import Services
from coachdesk.export.gather import clip_tags, observation_tags
from coachdesk.export.tags import (
    CSV_HEADER,
    tag_rows,
    tags_csv,
    tags_json,
    tags_vtt,
    vtt_path_for,
    vtt_time,
    write_tag_files,
)
from tests.export.conftest import CSV_NOTE, HOSTILE_NOTE, Tagged

TIMING = re.compile(
    r"^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})$"
)


@dataclass(frozen=True)
class Cue:
    ident: str
    start_ms: int
    end_ms: int
    text: str


def parse_vtt(text: str) -> list[Cue]:
    """A strict reader of the WebVTT this exporter writes (per the W3C WebVTT spec)."""
    assert text.startswith("WEBVTT")
    assert text[6:7] in ("", "\n", " ", "\t")
    blocks = text.replace("\r\n", "\n").split("\n\n")
    assert blocks[0].split("\n")[0].startswith("WEBVTT")
    cues: list[Cue] = []
    for block in blocks[1:]:
        if not block.strip():
            continue
        lines = block.strip("\n").split("\n")
        ident = ""
        if "-->" not in lines[0]:
            ident = lines.pop(0)
            assert "-->" not in ident
        match = TIMING.match(lines[0])
        assert match, f"bad timing line: {lines[0]!r}"
        h1, m1, s1, f1, h2, m2, s2, f2 = (int(g) for g in match.groups())
        start = ((h1 * 60 + m1) * 60 + s1) * 1000 + f1
        end = ((h2 * 60 + m2) * 60 + s2) * 1000 + f2
        assert end > start
        assert not cues or start >= cues[-1].start_ms  # cues in start order
        body = "\n".join(lines[1:])
        assert body.strip(), "a cue needs text"
        assert "-->" not in body
        assert "<" not in body
        assert re.search(r"&(?!amp;|lt;|gt;)", body) is None
        cues.append(Cue(ident, start, end, html.unescape(body)))
    return cues


def test_csv_has_one_row_per_tag_in_milliseconds(demo: Services, tagged: Tagged):
    clips = clip_tags(demo, tagged.clip_id)
    data = tags_csv(tag_rows(clips, demo.tags.tag_sets()))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0].keys()) == CSV_HEADER
    assert [r["tag"] for r in rows] == list(tagged.labels)
    assert [r["start_ms"] for r in rows] == ["61000", "125500", "3725000"]
    assert [r["end_ms"] for r in rows] == ["", "140250", ""]
    assert [r["duration_ms"] for r in rows] == ["0", "14750", "0"]
    assert rows[0]["note"] == HOSTILE_NOTE
    assert rows[1]["note"] == CSV_NOTE  # comma, quotes and newline round-trip
    assert {r["clip"] for r in rows} == {"9S2 particles.mp4"}
    assert all(r["tag set"] for r in rows)
    assert {r["polarity"] for r in rows} <= {"positive", "negative", "neutral"}
    assert all(r["created"][:4].isdigit() and "T" in r["created"] for r in rows)


def test_json_is_versioned_and_complete(demo: Services, tagged: Tagged):
    clips = observation_tags(demo, tagged.observation_id)
    rows = tag_rows(clips, demo.tags.tag_sets())
    source = {"kind": "observation", "id": tagged.observation_id}
    document = json.loads(tags_json(rows, [c for c, _ in clips], source))
    assert document["format"] == "coachdesk-tags"
    assert document["version"] == 1
    assert document["source"] == source
    assert [c["id"] for c in document["clips"]] == [tagged.clip_id]
    assert document["clips"][0]["file"] == "9S2 particles.mp4"
    assert [t["id"] for t in document["tags"]] == list(tagged.tag_ids)
    second = document["tags"][1]
    assert (second["start_ms"], second["end_ms"], second["duration_ms"]) == (125500, 140250, 14750)
    assert second["note"] == CSV_NOTE
    assert document["tags"][0]["end_ms"] is None


def test_webvtt_cues_escape_notes_and_last_three_seconds_for_a_point(
    demo: Services, tagged: Tagged
):
    clip, tags = clip_tags(demo, tagged.clip_id)[0]
    text = tags_vtt(tag_rows([(clip, tags)], demo.tags.tag_sets()), clip)
    cues = parse_vtt(text)
    assert [(c.start_ms, c.end_ms) for c in cues] == [
        (61_000, 64_000),
        (125_500, 140_250),
        (3_725_000, 3_728_000),
    ]
    assert cues[0].text == f"{tagged.labels[0]} — {HOSTILE_NOTE}"
    assert cues[1].text == f"{tagged.labels[1]} — {CSV_NOTE}"
    assert cues[2].text == tagged.labels[2]
    assert "&lt;script&gt;" in text
    assert "&amp;" in text
    assert [c.ident for c in cues] == [f"tag-{i}" for i in tagged.tag_ids]
    assert vtt_time(3_725_000) == "01:02:05.000"


def test_blank_lines_in_a_note_do_not_end_the_cue(demo: Services, tagged: Tagged):
    clip, tags = clip_tags(demo, tagged.clip_id)[0]
    last = next(t for t in tags if t.id == tagged.tag_ids[2])
    demo.tags.save_tag(replace(last, note="first\n\n\nsecond --> third"))
    clip, tags = clip_tags(demo, tagged.clip_id)[0]
    cues = parse_vtt(tags_vtt(tag_rows([(clip, tags)], demo.tags.tag_sets()), clip))
    assert cues[-1].text == f"{tagged.labels[2]} — first\nsecond --> third"


def test_webvtt_is_written_beside_the_clip(demo: Services, tagged: Tagged):
    clips = clip_tags(demo, tagged.clip_id)
    clip_path = Path(clips[0][0].path)
    written = write_tag_files(clips, demo.tags.tag_sets(), "vtt", None, {"kind": "clip"})
    assert written == [clip_path.with_name("9S2 particles.coachdesk.vtt")]
    assert vtt_path_for(clip_path) == written[0]
    assert len(parse_vtt(written[0].read_text(encoding="utf-8"))) == 3


def test_csv_and_json_need_a_file_and_formats_are_checked(
    demo: Services, tagged: Tagged, tmp_path: Path
):
    clips = clip_tags(demo, tagged.clip_id)
    with pytest.raises(ValidationError, match="where to write"):
        write_tag_files(clips, demo.tags.tag_sets(), "csv", None, {})
    with pytest.raises(ValidationError, match="not a tag format"):
        write_tag_files(clips, demo.tags.tag_sets(), "xlsx", tmp_path / "t.xlsx", {})
    out = tmp_path / "tags.json"
    assert write_tag_files(clips, demo.tags.tag_sets(), "json", out, {}) == [out]
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 1
