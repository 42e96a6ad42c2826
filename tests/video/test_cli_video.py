"""``coachdesk probe`` and ``coachdesk frame``."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from coachdesk.cli.video import frame_command, probe_command
from tests.video.conftest import MadeClip, read_frame_number


def test_probe_prints_json(cfr_clip: MadeClip, capsys: pytest.CaptureFixture[str]) -> None:
    assert probe_command(cfr_clip.path) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["frame_count"] == 100
    assert out["duration_ms"] == 4000
    assert out["warnings"] == []


def test_probe_of_a_truncated_clip_warns(
    truncated_clip: MadeClip, capsys: pytest.CaptureFixture[str]
) -> None:
    assert probe_command(truncated_clip.path) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["warnings"]
    assert captured.err.startswith("coachdesk: warning: Only the first")


@pytest.mark.parametrize("fixture", ["empty_file", "text_file", "dangling_link"])
def test_probe_of_a_bad_file_says_why_in_one_line(
    request: pytest.FixtureRequest, fixture: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert probe_command(request.getfixturevalue(fixture)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("coachdesk: ")
    assert captured.err.count("\n") == 1


def test_frame_writes_the_frame_shown(
    vfr_clip: MadeClip, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "frame.png"
    assert frame_command(vfr_clip.path, 2150, out) == 0
    image = cv2.imread(str(out))
    assert read_frame_number(image) == vfr_clip.shown_at(2150) == 51
    assert "0:02.1 (192×112)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("at_ms", "out_name", "message"),
    [
        (-5, "f.png", "cannot be negative"),
        (100, "missing-folder/f.png", "Cannot write in"),
    ],
)
def test_frame_refuses_bad_arguments(
    cfr_clip: MadeClip,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    at_ms: int,
    out_name: str,
    message: str,
) -> None:
    assert frame_command(cfr_clip.path, at_ms, tmp_path / out_name) == 2
    err = capsys.readouterr().err
    assert err.startswith("coachdesk: ")
    assert message in err


def test_frame_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert frame_command(tmp_path / "gone.mp4", 0, tmp_path / "f.png") == 2
    assert "There is no file at" in capsys.readouterr().err
    assert not (tmp_path / "f.png").exists()
