"""Excerpts: the frames shown from the start to the end, with sound, copied or re-encoded.

Each generated frame carries its number as a barcode, so the test reads back which frames the
excerpt shows; ffprobe says how long it plays and whether it has sound.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import cv2
import pytest

from coachdesk.core.atomic import ExportError
from coachdesk.core.tags import Tag, TagId, TagKind, TagSetId, TagType, TagTypeId
from coachdesk.video.errors import VideoError
from coachdesk.video.excerpts import (
    POINT_PAD_MS,
    Span,
    clamp_span,
    excerpt_job,
    excerpt_name,
    span_for_tag,
    write_excerpt,
)
from coachdesk.video.jobs import CancelledError, CancelToken, Progress, run_job
from coachdesk.video.privacy import PrivacyOptions, Region
from tests.video.conftest import MadeClip, ffmpeg, read_frame_number, upright, write_h264

pytestmark = pytest.mark.skipif(shutil.which("ffprobe") is None, reason="needs ffprobe")

BLUR_CORNER = PrivacyOptions(regions=(Region(0.75, 0.7, 0.2, 0.25),))


def with_sound(clip: MadeClip, target: Path, codec: str = "aac") -> MadeClip:
    """Return ``clip`` with a tone as its sound track (video copied as it is)."""
    ffmpeg(
        "-i", str(clip.path), "-f", "lavfi", "-i", "sine=frequency=440:duration=30",
        "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", codec, "-shortest", str(target),
    )  # fmt: skip
    return MadeClip(target, clip.pts)


def ffprobe(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format",
         "-count_frames", str(path)],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def streams(info: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [s for s in info["streams"] if s["codec_type"] == kind]


def shown_numbers(path: Path, rotation: int = 0) -> list[int | None]:
    """Return the number of every frame OpenCV decodes from ``path`` (as shown, upright)."""
    capture = cv2.VideoCapture(str(path))
    numbers = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        numbers.append(read_frame_number(upright(image, rotation)))
    capture.release()
    return numbers


def expected(clip: MadeClip, span: Span) -> list[int]:
    """Return the frames shown from span start (the one on screen then) to before its end."""
    later = [n for n, pts in enumerate(clip.pts) if span.start_ms < pts < span.end_ms]
    return [clip.shown_at(span.start_ms), *later]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def gop_sound_clip(clips_dir: Path) -> MadeClip:
    """6 s at 25 fps, one keyframe only, 3 B-frames, AAC sound."""
    clip = write_h264(clips_dir / "excerpt_gop.mp4", [(150, 40)], "-g", "250", "-bf", "3")
    return with_sound(clip, clips_dir / "excerpt_gop_sound.mp4")


@pytest.fixture(scope="module")
def vfr_sound_clip(clips_dir: Path, vfr_clip: MadeClip) -> MadeClip:
    return with_sound(vfr_clip, clips_dir / "excerpt_vfr_sound.mp4")


@pytest.fixture(scope="module")
def rotated_sound_clip(clips_dir: Path, vfr_sound_clip: MadeClip) -> MadeClip:
    target = clips_dir / "excerpt_rotated_sound.mp4"
    ffmpeg(
        "-i", str(vfr_sound_clip.path), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(target)
    )
    return MadeClip(target, vfr_sound_clip.pts)


@pytest.fixture(scope="module")
def ts_clip(clips_dir: Path, gop_sound_clip: MadeClip) -> MadeClip:
    """The long-GOP clip in MPEG-TS, as AVCHD cameras record (.mts): Annex B, ADTS sound."""
    target = clips_dir / "excerpt_gop.ts"
    ffmpeg("-i", str(gop_sound_clip.path), "-c", "copy", str(target))
    return MadeClip(target, gop_sound_clip.pts)


@pytest.fixture(scope="module")
def avi_pcm_clip(clips_dir: Path, cfr_clip: MadeClip) -> MadeClip:
    """MJPEG pictures and 16-bit PCM sound in AVI: neither can be copied into the MP4."""
    return with_sound(cfr_clip, clips_dir / "excerpt_pcm.avi", codec="pcm_s16le")


# -- the stretch a tag shows ---------------------------------------------------------------


def _tag(at_ms: int, end_ms: int | None = None) -> Tag:
    return Tag(TagId(1), 1, TagTypeId(1), at_ms, end_ms, created_at=dt.datetime(2025, 11, 12))


def _type(lead_s: float = 0, lag_s: float = 0, kind: TagKind = TagKind.POINT) -> TagType:
    return TagType(TagTypeId(1), TagSetId(1), "Praise", lead_s=lead_s, lag_s=lag_s, kind=kind)


def test_a_point_tag_shows_its_lead_and_its_lag() -> None:
    # Stored with the lead applied: pressed at 65 s with a 5 s lead, so at_ms is 60 s.
    assert span_for_tag(_tag(60_000), _type(lead_s=5, lag_s=3)) == Span(60_000, 68_000)


def test_a_point_tag_without_lag_shows_a_few_seconds_after_the_press() -> None:
    assert span_for_tag(_tag(60_000), _type(lead_s=2)) == Span(60_000, 62_000 + POINT_PAD_MS)


def test_a_span_tag_shows_its_span_and_is_kept_inside_the_clip() -> None:
    duration = _type(kind=TagKind.DURATION, lag_s=2)
    assert span_for_tag(_tag(10_000, 25_000), duration) == Span(10_000, 25_000)
    assert span_for_tag(_tag(10_000, 25_000), duration, clip_ms=20_000) == Span(10_000, 20_000)


def test_a_range_outside_the_clip_is_refused() -> None:
    with pytest.raises(VideoError, match="not inside the clip"):
        clamp_span(70_000, 80_000, clip_ms=60_000)
    assert clamp_span(-500, 3_000, clip_ms=60_000) == Span(0, 3_000)


def test_excerpt_names_are_safe_file_names() -> None:
    name = excerpt_name("/v/Lesson 3.mov", Span(3_725_000, 3_730_000), 'Q/A: "why?"')
    assert name == "Lesson 3 1h02m05s Q A why.mp4"
    assert excerpt_name("x.mp4", Span(65_000, 70_000)) == "x 1m05s.mp4"


# -- writing ---------------------------------------------------------------------------------


def test_copied_excerpt_shows_exactly_the_range_with_sound(
    gop_sound_clip: MadeClip, tmp_path: Path
) -> None:
    before = digest(gop_sound_clip.path)
    span = Span(2300, 4300)  # 2280..2320 ms is frame 57; the only keyframe is frame 0
    target = write_excerpt(gop_sound_clip.path, tmp_path / "praise.mp4", span)
    assert shown_numbers(target) == expected(gop_sound_clip, span)
    info = ffprobe(target)
    assert float(info["format"]["duration"]) == pytest.approx(2.0, abs=0.04)  # one frame
    (video,) = streams(info, "video")
    assert video["codec_name"] == "h264"
    # Copied, not re-encoded: the group of pictures from the keyframe is in the file.
    assert int(video["nb_frames"]) > int(video["nb_read_frames"])
    (sound,) = streams(info, "audio")
    assert float(sound["duration"]) == pytest.approx(2.0, abs=0.04)
    assert digest(gop_sound_clip.path) == before  # the original is only read
    assert sorted(p.name for p in tmp_path.iterdir()) == ["praise.mp4"]


def test_blurred_excerpt_is_reencoded_from_the_frame_on_screen(
    gop_sound_clip: MadeClip, tmp_path: Path
) -> None:
    span = Span(2300, 4300)
    target = write_excerpt(gop_sound_clip.path, tmp_path / "blurred.mp4", span, BLUR_CORNER)
    assert shown_numbers(target) == expected(gop_sound_clip, span)
    info = ffprobe(target)
    assert float(info["format"]["duration"]) == pytest.approx(2.0, abs=0.04)
    (video,) = streams(info, "video")
    assert video["codec_name"] == "h264"
    assert (
        int(video["nb_frames"])
        == int(video["nb_read_frames"])
        == len(expected(gop_sound_clip, span))
    )
    assert streams(info, "audio")
    capture = cv2.VideoCapture(str(target))
    _, picture = capture.read()
    capture.release()
    corner = picture[int(0.7 * 112) + 4 : int(0.95 * 112) - 4, int(0.75 * 192) + 4 : 182]
    assert cv2.Laplacian(corner, cv2.CV_64F).var() < 50  # the blocks' edges are gone


@pytest.mark.parametrize("privacy", [None, BLUR_CORNER], ids=["copy", "encode"])
def test_variable_frame_rate_excerpt(
    vfr_sound_clip: MadeClip, tmp_path: Path, privacy: PrivacyOptions | None
) -> None:
    span = Span(1500, 3700)  # from the 25 fps part, through 10 fps, into 50 fps
    target = write_excerpt(vfr_sound_clip.path, tmp_path / "vfr.mp4", span, privacy)
    assert shown_numbers(target) == expected(vfr_sound_clip, span)
    info = ffprobe(target)
    assert float(info["format"]["duration"]) == pytest.approx(2.2, abs=0.1)  # one 10 fps frame
    assert streams(info, "audio")


@pytest.mark.parametrize("privacy", [None, BLUR_CORNER], ids=["copy", "encode"])
def test_rotated_excerpt_is_shown_upright(
    rotated_sound_clip: MadeClip, tmp_path: Path, privacy: PrivacyOptions | None
) -> None:
    span = Span(400, 1600)
    target = write_excerpt(rotated_sound_clip.path, tmp_path / "rotated.mp4", span, privacy)
    capture = cv2.VideoCapture(str(target))
    ok, picture = capture.read()
    capture.release()
    assert ok
    assert picture.shape[:2] == (192, 112)  # portrait, as the phone showed it
    assert shown_numbers(target, rotation=270) == expected(rotated_sound_clip, span)


def test_other_formats_become_h264_and_aac(avi_pcm_clip: MadeClip, tmp_path: Path) -> None:
    span = Span(1000, 3000)
    target = write_excerpt(avi_pcm_clip.path, tmp_path / "from_avi.mp4", span)
    info = ffprobe(target)
    assert [s["codec_name"] for s in info["streams"]] == ["h264", "aac"]
    assert float(info["format"]["duration"]) == pytest.approx(2.0, abs=0.04)
    (sound,) = streams(info, "audio")
    assert float(sound["duration"]) == pytest.approx(2.0, abs=0.03)
    assert shown_numbers(target) == expected(avi_pcm_clip, span)


def test_camera_transport_stream_is_copied_into_mp4(ts_clip: MadeClip, tmp_path: Path) -> None:
    span = Span(2300, 4300)
    target = write_excerpt(ts_clip.path, tmp_path / "from_camera.mp4", span)
    assert shown_numbers(target) == expected(ts_clip, span)
    info = ffprobe(target)
    assert [s["codec_name"] for s in info["streams"]] == ["h264", "aac"]
    assert float(info["format"]["duration"]) == pytest.approx(2.0, abs=0.04)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium (Debian package)")
def test_browsers_start_a_copied_excerpt_on_the_frame_asked_for(
    gop_sound_clip: MadeClip, tmp_path: Path
) -> None:
    """Chromium honours the edit list: it shows frame 57 first, not the keyframe (frame 0)."""
    span = Span(2300, 4300)
    write_excerpt(gop_sound_clip.path, tmp_path / "copy.mp4", span)
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html><body style="margin:0"><video src="copy.mp4" preload="auto" '
        'muted style="display:block;width:192px;height:112px"></video></body></html>',
        encoding="utf-8",
    )
    shot = tmp_path / "shot.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=192,112", "--virtual-time-budget=4000", f"--screenshot={shot}",
         page.as_uri()],
        capture_output=True, timeout=90, check=False,
    )  # fmt: skip
    picture = cv2.imread(str(shot))
    assert picture is not None
    assert read_frame_number(picture[:112, :192]) == gop_sound_clip.shown_at(span.start_ms)


def test_excerpt_job_reports_progress(gop_sound_clip: MadeClip, tmp_path: Path) -> None:
    seen: list[Progress] = []
    job = excerpt_job(gop_sound_clip.path, tmp_path / "p.mp4", Span(0, 5000), BLUR_CORNER)
    assert run_job(job, seen.append) == tmp_path / "p.mp4"
    assert seen[-1].done == seen[-1].total > 0
    assert len(seen) > 2


def test_cancelled_excerpt_leaves_nothing(gop_sound_clip: MadeClip, tmp_path: Path) -> None:
    token = CancelToken()
    job = excerpt_job(gop_sound_clip.path, tmp_path / "c.mp4", Span(0, 5900), BLUR_CORNER, token)
    with pytest.raises(CancelledError):
        run_job(job, lambda _: token.cancel())
    assert list(tmp_path.iterdir()) == []


def test_failed_excerpt_keeps_the_file_that_was_there(
    gop_sound_clip: MadeClip, tmp_path: Path
) -> None:
    target = tmp_path / "kept.mp4"
    target.write_bytes(b"an earlier excerpt")
    with pytest.raises(VideoError):
        write_excerpt(gop_sound_clip.path, target, Span(9000, 9500))  # the clip is 6 s long
    assert target.read_bytes() == b"an earlier excerpt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.mp4"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_is_explained(gop_sound_clip: MadeClip, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="Choose another folder"):
            write_excerpt(gop_sound_clip.path, folder / "x.mp4", Span(0, 1000))
    finally:
        folder.chmod(0o700)


def test_missing_folder_and_own_clip_are_refused(gop_sound_clip: MadeClip, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="Choose another folder"):
        write_excerpt(gop_sound_clip.path, tmp_path / "gone" / "x.mp4", Span(0, 1000))
    with pytest.raises(ExportError, match="cannot replace its own clip"):
        write_excerpt(gop_sound_clip.path, gop_sound_clip.path, Span(0, 1000))


def test_missing_source_is_explained(tmp_path: Path) -> None:
    with pytest.raises(VideoError, match="no file"):
        write_excerpt(tmp_path / "moved.mp4", tmp_path / "x.mp4", Span(0, 1000))
