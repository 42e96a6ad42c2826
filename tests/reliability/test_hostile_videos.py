"""Hostile video files, generated here: each is probed both ways the app probes
(``probe_job(decode=False)`` when a clip is attached, ``decode=True`` for the full check), and
attached through the review pane's ``ClipAttacher`` (copying it in).

A file CoachDesk cannot use gets a VideoError whose message names the file and says what to do;
nothing crashes or hangs (each probe is bounded in time); the database is unchanged (a digest of
every row) and nothing is left in the data folder. A file that is odd but sound (one pixel, one
frame, 4K, a slanted or absurd claim in its header) is attached with what really decodes, not
what its header claims. tests/video/test_probe.py checks the probe's messages one by one; this
table runs every case through the whole attach path.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from coachdesk.core.jobs import run_job
from coachdesk.core.observations import ObservationMode
from coachdesk.storage.workspace import DB_NAME, Workspace, open_workspace
from coachdesk.ui.context import UiContext
from coachdesk.ui.review.attach import ClipAttacher, prepare_clip
from coachdesk.video.errors import VideoError
from coachdesk.video.probe import ProbeReport, probe_job
from tests.reliability.support import content_digest, time_limit
from tests.video.conftest import FFMPEG, cut, ffmpeg, write_cfr, write_h264

BOUND_S = 20.0
TODAY = dt.date(2025, 11, 12)
CLEAR = re.compile(r"“[^”]+”")  # a message names the file it is about


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], Path]  # writes the file into the folder, returns its path
    refused: str | None  # a pattern of the message; None: attached
    needs_ffmpeg: bool = False
    warned: bool = False  # attached, with a warning that it is cut off or damaged...
    quick_sees_it: bool = True  # ...which the attach probe (container times) notices too


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    return make


def _good(folder: Path, faststart: bool = False) -> Path:
    name = "fast.mp4" if faststart else "good.mp4"
    extra = ("-g", "250", "-movflags", "+faststart") if faststart else ()
    return write_h264(folder / name, [(100, 40)], *extra).path


def _truncated(keep: float, faststart: bool) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        label = "fast" if faststart else "end-index"
        return cut(_good(folder, faststart), folder / f"cut {keep} {label}.mp4", keep)

    return make


def _front_cut(folder: Path) -> Path:
    data = _good(folder).read_bytes()
    target = folder / "front cut.mp4"
    target.write_bytes(data[int(len(data) * 0.3) :])
    return target


def _text_as_mov(folder: Path) -> Path:
    target = folder / "notes.mov"
    target.write_text("Lesson notes, not a video.\n" * 200, encoding="utf-8")
    return target


def _folder(folder: Path) -> Path:
    (folder / "x.mp4").mkdir()
    return folder / "x.mp4"


def _gone(folder: Path) -> Path:
    """Chosen in the dialog, then deleted (or its stick pulled out) before the probe."""
    target = write_cfr(folder / "chosen then gone.avi", 20).path
    target.unlink()
    return target


def _dangling(folder: Path) -> Path:
    os.symlink(folder / "elsewhere.mp4", folder / "link.mp4")
    return folder / "link.mp4"


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.mp4")
    return folder / "pipe.mp4"


def _lavfi(name: str, *args: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        ffmpeg(*args, str(folder / name))
        return folder / name

    return make


def _patched(name: str, patch: Callable[[bytearray], None]) -> Callable[[Path], Path]:
    """A sound MP4 whose header is edited to claim something absurd."""

    def make(folder: Path) -> Path:
        data = bytearray(_good(folder).read_bytes())
        patch(data)
        (folder / name).write_bytes(bytes(data))
        return folder / name

    return make


def _huge_size(data: bytearray) -> None:
    at = data.index(b"tkhd")
    end = at - 4 + struct.unpack(">I", data[at - 4 : at])[0]
    data[end - 8 : end] = struct.pack(">II", 65535 << 16, 65535 << 16)  # display size
    at = data.index(b"avc1")
    data[at + 28 : at + 32] = struct.pack(">HH", 65535, 65535)  # coded size


def _slanted(data: bytearray) -> None:
    at = data.index(b"tkhd")
    version = data[at + 4]
    matrix = at + 4 + 4 + (32 if version == 1 else 20) + 8 + 8
    data[matrix : matrix + 36] = b"\x7f\xff\xff\xff" * 9  # a display matrix of nonsense


def _huge_duration(data: bytearray) -> None:
    for box in (b"mdhd", b"mvhd"):
        at = data.index(box)
        offset = at + 8 + (16 if data[at + 4] == 1 else 8) + 4
        data[offset : offset + 4] = b"\xff\xff\xff\xff"


def _huge_count(data: bytearray) -> None:
    at = data.index(b"stsz")
    data[at + 12 : at + 16] = b"\x7f\xff\xff\xff"  # two thousand million frames claimed


def _middle(folder: Path) -> Path:
    data = bytearray(_good(folder, faststart=True).read_bytes())
    middle = len(data) // 2
    data[middle : middle + len(data) // 8] = np.random.default_rng(7).bytes(len(data) // 8)
    (folder / "corrupt middle.mp4").write_bytes(bytes(data))
    return folder / "corrupt middle.mp4"


NOT_A_VIDEO = "is not a video CoachDesk can read"
CASES: dict[str, Case] = {
    "zero bytes": Case(_bytes("empty.mp4", b""), r"is empty \(0 bytes\)"),
    "random bytes named .mp4": Case(
        _bytes("noise.mp4", np.random.default_rng(3).bytes(200_000)), NOT_A_VIDEO
    ),
    "MP4 header then noise": Case(
        _bytes("header.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(12) + os.urandom(50_000)),
        NOT_A_VIDEO + "|unfinished recording",
    ),
    "text renamed .mov": Case(_text_as_mov, NOT_A_VIDEO),
    "a folder named x.mp4": Case(_folder, "is a folder, not a video file"),
    "gone between choosing and probing": Case(_gone, "There is no file at"),
    "a dangling link": Case(_dangling, "which no longer exists"),
    "a named pipe": Case(_fifo, "not an ordinary file"),
    "first 30 %, index at the end": Case(_truncated(0.3, False), "unfinished recording", True),
    "first 30 %, index at the front": Case(
        _truncated(0.3, True), "not one picture in it could be decoded", True
    ),
    "first 60 %, index at the front": Case(_truncated(0.6, True), None, True, warned=True),
    "cut at the front": Case(_front_cut, NOT_A_VIDEO, True),
    "corrupt in the middle": Case(_middle, None, True, warned=True, quick_sees_it=False),
    "sound only": Case(
        _lavfi("sound.m4a", "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac"),
        "holds sound only, no picture",
        True,
    ),
    "absurd frame count claimed": Case(_patched("count.mp4", _huge_count), NOT_A_VIDEO, True),
    "1×1 pixel": Case(
        _lavfi(
            "one pixel.avi",
            "-f",
            "lavfi",
            "-i",
            "color=c=red:size=2x2:rate=25:duration=1",
            "-vf",
            "scale=1:1",
            "-c:v",
            "mjpeg",
            "-pix_fmt",
            "yuvj444p",
        ),
        None,
        True,
    ),
    "one frame": Case(lambda f: write_cfr(f / "one frame.avi", 1).path, None),
    "4K": Case(
        _lavfi(
            "uhd.mp4",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=3840x2160:rate=25:duration=0.4",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
        ),
        None,
        True,
    ),
    "65535×65535 claimed": Case(_patched("huge size.mp4", _huge_size), None, True),
    "slanted rotation claimed": Case(_patched("slanted.mp4", _slanted), None, True),
    "a day-long duration claimed": Case(_patched("long.mp4", _huge_duration), None, True),
    "spaces, accents and emoji in the name": Case(
        lambda f: write_cfr(f / "Leçon de Zoë — 3ᵉ 🎬.avi", 30).path, None
    ),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case's file, made once (a case that needs ffmpeg is skipped without it)."""
    root = tmp_path_factory.mktemp("hostile videos")
    paths: dict[str, Path] = {}
    for number, (name, case) in enumerate(CASES.items()):
        if case.needs_ffmpeg and FFMPEG is None:
            continue
        folder = root / f"case {number}"
        folder.mkdir()
        paths[name] = case.make(folder)
    return paths


def path_of(made: dict[str, Path], name: str) -> Path:
    if name not in made:
        pytest.skip("ffmpeg is not installed")
    return made[name]


def probe(path: Path, decode: bool) -> ProbeReport:
    with time_limit(BOUND_S):
        return run_job(probe_job(path, decode=decode))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("decode", [False, True], ids=["attach probe", "full decode"])
@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_each_hostile_video_is_refused_clearly_or_read_for_what_it_is(
    made: dict[str, Path], name: str, decode: bool
):
    case, path = CASES[name], path_of(made, name)
    if case.refused is not None:
        with pytest.raises(VideoError, match=case.refused) as caught:
            probe(path, decode)
        message = str(caught.value)
        assert CLEAR.search(message) or str(path.parent) in message, message
        assert "Traceback" not in message
        assert len(message) < 600
        return
    report = probe(path, decode)
    facts = report.probe
    assert facts.frame_count >= 1
    assert facts.duration_ms > 0
    assert 1 <= facts.width <= 8192
    assert 1 <= facts.height <= 8192
    assert facts.rotation in (0, 90, 180, 270)
    assert facts.duration_ms < 60_000  # every file here is a few seconds long, whatever it says
    expected = case.warned and (decode or case.quick_sees_it)
    assert bool(report.warnings) == expected, report.warnings


@pytest.fixture
def attach_ctx(qapp: object, tmp_path: Path) -> Iterator[tuple[Workspace, UiContext, int]]:
    from coachdesk.app import build_services

    ws = open_workspace(tmp_path / "data", daily_backup=False)
    coachee = ws.coachees.add("Ada Lovelace").value
    cycle = ws.cycles.start(coachee.id, TODAY).value
    obs = ws.observations.add(cycle.id, TODAY, ObservationMode.VIDEO, "Lesson").value
    yield ws, UiContext(build_services(ws), today=lambda: TODAY), obs.id
    ws.close()


@pytest.mark.timeout(90)
@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_attaching_a_hostile_video_changes_nothing_or_attaches_what_decodes(
    qtbot: QtBot,
    made: dict[str, Path],
    attach_ctx: tuple[Workspace, UiContext, int],
    name: str,
):
    ws, ctx, observation_id = attach_ctx
    case, path = CASES[name], path_of(made, name)
    before = content_digest(ws.data_dir / DB_NAME)
    window = __import__("PySide6.QtWidgets", fromlist=["QWidget"]).QWidget()
    qtbot.addWidget(window)
    attacher = ClipAttacher(ctx, window)
    problems: list[str] = []
    ctx.problem.connect(problems.append)
    done = attacher.failed if case.refused is not None else attacher.attached
    with qtbot.waitSignal(done, timeout=int(BOUND_S * 1000)):
        assert attacher.attach_file(observation_id, path, copy_in=True) is not None
    qtbot.waitUntil(lambda: not attacher.busy, timeout=5000)
    clips = ws.clips.list(observation_id)
    if case.refused is not None:
        assert re.search(case.refused, problems[0]), problems
        assert content_digest(ws.data_dir / DB_NAME) == before
        assert clips == []
        left = [p for p in ws.data_dir.rglob("*") if p.parts[-2:-1] in (("clips",), ("index",))]
        assert left == []  # no copy, no frame-time index of a file that was refused
    else:
        assert len(clips) == 1
        assert Path(clips[0].path).is_file()
        assert Path(clips[0].path).parent == ws.data_dir / "clips"
        assert len(problems) == int(case.warned and case.quick_sees_it), problems


def test_a_video_that_vanishes_while_it_is_being_checked_is_explained(tmp_path: Path):
    """The stick is pulled out after the probe began: the next step says what happened."""
    source = write_cfr(tmp_path / "lesson.avi", 40).path
    job = prepare_clip(source, tmp_path / "data", copy_in=True)
    next(job)  # "Checking the video": the file was found
    source.unlink()
    with time_limit(BOUND_S), pytest.raises(VideoError, match=r"lesson\.avi"):
        run_job(job)
    assert not (tmp_path / "data" / "clips").exists() or not any(
        (tmp_path / "data" / "clips").iterdir()
    )
