"""``coachdesk export summary|log|tags|list`` through the parser the lead wires into __main__."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.app import build_services
from coachdesk.cli.export import add_export_parser, run_export
from coachdesk.demo import fill_demo
from coachdesk.storage.workspace import open_workspace
from tests.conftest import TODAY
from tests.export.conftest import PROBE
from tests.export.page_parser import Page

ROOT = Path(__file__).resolve().parents[2]


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="coachdesk")
    add_export_parser(main.add_subparsers(dest="command"))
    return main


def cli(data_dir: Path, *argv: str) -> int:
    return run_export(parser().parse_args(["export", *argv]), data_dir)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A closed demo workspace (the command line opens it itself) with a tagged clip."""
    folder = tmp_path / "data"
    workspace = open_workspace(folder)
    services = build_services(workspace)
    fill_demo(services, today=TODAY)
    tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
    observation = services.observations.list(services.cycles.list(tom.id)[0].id)[-1]
    clip_path = tmp_path / "videos" / "lesson.mp4"
    clip_path.parent.mkdir()
    clip = services.clips.add(observation.id, str(clip_path), "fp-cli", PROBE).value
    kind = services.tags.tag_sets()[0].types[0]
    services.tags.add_tag(clip.id, kind.id, 30_000, None, "Named, then waited")
    services.tags.add_tag(clip.id, kind.id, 90_000, 95_000, "")
    workspace.close()
    return folder


def ids(data_dir: Path) -> dict[str, int]:
    workspace = open_workspace(data_dir)
    services = build_services(workspace)
    tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
    cycle = services.cycles.list(tom.id)[0]
    observation = services.observations.list(cycle.id)[-1]
    found = {
        "session": services.sessions.list(cycle.id)[0].id,
        "observation": observation.id,
        "clip": services.clips.list(observation.id)[0].id,
    }
    workspace.close()
    return found


def test_summary_as_html_says_where_it_went(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / "summary.html"
    assert (
        cli(data_dir, "summary", "--session", str(ids(data_dir)["session"]), "--out", str(out)) == 0
    )
    assert str(out) in capsys.readouterr().out
    page = Page(out.read_text(encoding="utf-8"))
    assert "Most students can explain the particle model" in page.text
    assert "Named, then waited" in page.text


def test_summary_can_leave_items_out(data_dir: Path, tmp_path: Path):
    out = tmp_path / "summary.html"
    session = str(ids(data_dir)["session"])
    args = ["summary", "--session", session, "--out", str(out), "--leave-out", "actions"]
    assert cli(data_dir, *args, "--leave-out", "reflections") == 0
    text = Page(out.read_text(encoding="utf-8")).text
    assert "Plan three cold-call questions" not in text
    assert "Did the steps happen?" not in text
    assert "Most students can explain" in text


def test_summary_of_a_missing_session_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / "summary.html"
    assert cli(data_dir, "summary", "--session", "999", "--out", str(out)) == 2
    assert "no longer exists" in capsys.readouterr().err
    assert not out.exists()


def test_summary_as_pdf_from_a_fresh_process(data_dir: Path, tmp_path: Path):
    """The command line makes its own headless Qt application for the PDF."""
    out = tmp_path / "summary.pdf"
    session = ids(data_dir)["session"]
    code = (
        "import sys, argparse\n"
        "from pathlib import Path\n"
        "from coachdesk.cli.export import add_export_parser, run_export\n"
        "p = argparse.ArgumentParser(); add_export_parser(p.add_subparsers(dest='command'))\n"
        f"args = p.parse_args(['export', 'summary', '--session', '{session}', '--out', "
        f"{str(out)!r}])\n"
        f"sys.exit(run_export(args, Path({str(data_dir)!r})))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Plan three cold-call questions" in text


def test_log_for_dates_as_csv(data_dir: Path, tmp_path: Path):
    out = tmp_path / "log.csv"
    assert (
        cli(data_dir, "log", "--from", "2025-09-01", "--to", "2025-11-12", "--out", str(out)) == 0
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {r["Coachee"] for r in rows} == {"Tom Okafor", "Priya Shah", "Hannah Lewis"}
    assert all(r["Date"] >= "2025-09-01" for r in rows)


def test_log_refusals(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "log.csv"
    assert cli(data_dir, "log", "--from", "2025-09-01", "--out", str(out)) == 2
    assert "--from needs --to" in capsys.readouterr().err
    assert (
        cli(data_dir, "log", "--from", "2025-11-12", "--to", "2025-09-01", "--out", str(out)) == 2
    )
    assert "ends before it starts" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(SystemExit):
        parser().parse_args(["export", "log", "--period", "next-week", "--out", str(out)])


def test_log_for_this_year_as_named_period(data_dir: Path, tmp_path: Path):
    out = tmp_path / "log.csv"
    assert cli(data_dir, "log", "--period", "this-year", "--out", str(out)) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfDate,Coachee,")


def test_tags_as_csv_json_and_vtt_beside_the_clip(data_dir: Path, tmp_path: Path):
    found = ids(data_dir)
    csv_out, json_out = tmp_path / "tags.csv", tmp_path / "tags.json"
    assert cli(data_dir, "tags", "--clip", str(found["clip"]), "--out", str(csv_out)) == 0
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    assert [r["start_ms"] for r in rows] == ["30000", "90000"]
    obs = str(found["observation"])
    assert cli(data_dir, "tags", "--observation", obs, "--out", str(json_out)) == 0
    document = json.loads(json_out.read_text(encoding="utf-8"))
    assert document["source"] == {"kind": "observation", "id": found["observation"]}
    assert len(document["tags"]) == 2
    assert cli(data_dir, "tags", "--clip", str(found["clip"]), "--format", "vtt") == 0
    vtt = tmp_path / "videos" / "lesson.coachdesk.vtt"
    assert vtt.read_text(encoding="utf-8").startswith("WEBVTT")
    assert "00:00:30.000 --> 00:00:33.000" in vtt.read_text(encoding="utf-8")


def test_tag_statistics_as_csv(data_dir: Path, tmp_path: Path):
    out = tmp_path / "stats.csv"
    clip = str(ids(data_dir)["clip"])
    assert cli(data_dir, "tags", "--clip", clip, "--format", "stats", "--out", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    used = [r for r in rows if r["count"] != "0"]
    assert [(r["clip"], r["count"], r["per_10_min"]) for r in used] == [("lesson.mp4", "2", "0.29")]


def test_tags_need_a_file_for_csv(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    assert cli(data_dir, "tags", "--clip", str(ids(data_dir)["clip"])) == 2
    assert "--out FILE is needed" in capsys.readouterr().err


def test_list_shows_the_ids(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    assert cli(data_dir, "list") == 0
    out = capsys.readouterr().out
    found = ids(data_dir)
    assert f"session {found['session']}" in out
    assert "lesson.mp4" in out
