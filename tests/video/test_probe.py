"""Probing: the facts of good clips, and a clear VideoError for every kind of bad file."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from coachdesk.core.clips import ClipProbe
from coachdesk.video import ffprobe
from coachdesk.video.errors import VideoError
from coachdesk.video.jobs import CancelledError, CancelToken, run_job
from coachdesk.video.probe import probe, probe_job, probe_report
from tests.video.conftest import MadeClip, needs_ffmpeg


def test_constant_rate_mjpeg(cfr_clip: MadeClip) -> None:
    report = probe_report(cfr_clip.path)
    assert report.probe == ClipProbe(
        duration_ms=4000, fps=25.0, variable_fps=False, frame_count=100, width=192, height=112,
        rotation=0, codec="mjpeg", has_audio=False,
    )  # fmt: skip
    assert report.warnings == ()
    assert len(report.index) == 100


def test_constant_rate_mp4v(mp4v_clip: MadeClip) -> None:
    facts = probe(mp4v_clip.path)
    assert (facts.frame_count, facts.duration_ms, facts.codec) == (75, 3000, "mpeg4")
    assert not facts.variable_fps


@needs_ffmpeg
def test_variable_rate_is_detected_and_counted_by_decoding(vfr_clip: MadeClip) -> None:
    report = probe_report(vfr_clip.path)
    assert report.probe.variable_fps
    assert report.probe.frame_count == 120
    assert report.probe.duration_ms == 5000  # last frame at 4980 ms, shown for 20 ms
    assert report.index.pts_ms.tolist() == list(vfr_clip.pts)


@needs_ffmpeg
def test_rotated_clip_reports_its_shape_as_shown(rotated_clip: MadeClip) -> None:
    facts = probe(rotated_clip.path)
    assert facts.rotation in (90, 270)
    assert (facts.width, facts.height) == (112, 192)
    stream = ffprobe.run_ffprobe(rotated_clip.path.resolve())
    assert stream is not None
    assert stream.rotation == facts.rotation  # ffprobe and OpenCV agree on the direction


@needs_ffmpeg
def test_sound_is_found_with_ffprobe(audio_video_clip: Path, long_gop_clip: MadeClip) -> None:
    assert probe(audio_video_clip).has_audio
    assert not probe(long_gop_clip.path).has_audio


@needs_ffmpeg
def test_without_ffprobe_opencv_alone_still_probes(
    monkeypatch: pytest.MonkeyPatch, audio_video_clip: Path, rotated_clip: MadeClip
) -> None:
    monkeypatch.setattr(ffprobe.shutil, "which", lambda name: None)
    facts = probe(audio_video_clip)
    assert facts.frame_count == 50
    assert not facts.has_audio  # OpenCV cannot tell
    assert probe(rotated_clip.path).rotation in (90, 270)


@needs_ffmpeg
def test_a_hanging_ffprobe_is_given_up(
    monkeypatch: pytest.MonkeyPatch, long_gop_clip: MadeClip
) -> None:
    def hang(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("ffprobe", 30)

    monkeypatch.setattr(ffprobe.subprocess, "run", hang)
    assert probe(long_gop_clip.path).frame_count == 150


@needs_ffmpeg
def test_truncated_clip_probes_with_its_real_length_and_a_warning(
    truncated_clip: MadeClip,
) -> None:
    report = probe_report(truncated_clip.path)
    assert 0 < report.probe.frame_count < 150
    assert report.probe.duration_ms < 5000
    assert len(report.warnings) == 1
    assert "Only the first 0:0" in report.warnings[0]
    assert "of “truncated.mp4” (0:06 long)" in report.warnings[0]


@needs_ffmpeg
def test_clip_damaged_in_the_middle_is_reported_not_crashed(corrupt_clip: MadeClip) -> None:
    report = probe_report(corrupt_clip.path)  # decoding stops where the damage starts
    assert 0 < report.probe.frame_count < 150
    assert "missing or damaged" in report.warnings[0]


@needs_ffmpeg
def test_unfinished_recording_is_named_as_such(unfinished_clip: Path) -> None:
    with pytest.raises(VideoError, match="unfinished recording"):
        probe(unfinished_clip)


@needs_ffmpeg
def test_sound_only_file(audio_only_file: Path) -> None:
    with pytest.raises(VideoError, match="holds sound only, no picture"):
        probe(audio_only_file)


@pytest.mark.parametrize("fixture", ["random_bytes_file", "text_file"])
def test_not_a_video(request: pytest.FixtureRequest, fixture: str) -> None:
    path: Path = request.getfixturevalue(fixture)
    with pytest.raises(VideoError, match="is not a video CoachDesk can read"):
        probe(path)


def test_not_a_video_without_ffprobe(monkeypatch: pytest.MonkeyPatch, text_file: Path) -> None:
    monkeypatch.setattr(ffprobe.shutil, "which", lambda name: None)
    with pytest.raises(VideoError, match="is not a video CoachDesk can read"):
        probe(text_file)


def test_empty_file(empty_file: Path) -> None:
    with pytest.raises(VideoError, match=r"is empty \(0 bytes\).*Copy the video again"):
        probe(empty_file)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(VideoError, match=r"There is no file at .*moved, renamed or deleted"):
        probe(tmp_path / "lesson.mp4")


def test_dangling_link(dangling_link: Path) -> None:
    with pytest.raises(VideoError, match=r"is a link to .*gone\.mp4, which no longer exists"):
        probe(dangling_link)


def test_folder(tmp_path: Path) -> None:
    (tmp_path / "lesson.mp4").mkdir()
    with pytest.raises(VideoError, match="is a folder, not a video file"):
        probe(tmp_path / "lesson.mp4")


def test_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "lesson.mp4"
    os.mkfifo(fifo)
    with pytest.raises(VideoError, match="not an ordinary file"):
        probe(fifo)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read any file")
def test_unreadable_file(cfr_clip: MadeClip, tmp_path: Path) -> None:
    locked = tmp_path / "locked.avi"
    locked.write_bytes(cfr_clip.path.read_bytes())
    locked.chmod(0)
    try:
        with pytest.raises(VideoError, match="not allowed to read"):
            probe(locked)
    finally:
        locked.chmod(0o600)


def test_probe_job_reports_progress_and_can_be_cancelled(cfr_clip: MadeClip) -> None:
    seen: list[str] = []
    result = run_job(probe_job(cfr_clip.path), lambda p: seen.append(p.message))
    assert result.probe.frame_count == 100
    assert seen
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        run_job(probe_job(cfr_clip.path, token))


@needs_ffmpeg
@pytest.mark.parametrize("name", ["vfr_clip", "rotated_clip", "cfr_clip", "long_gop_clip"])
def test_quick_probe_reads_the_same_times_from_the_container(
    request: pytest.FixtureRequest, name: str
) -> None:
    clip: MadeClip = request.getfixturevalue(name)
    quick = probe_report(clip.path, decode=False)
    full = probe_report(clip.path)
    assert (quick.decoded, full.decoded) == (False, True)
    assert quick.probe == full.probe
    assert quick.index.pts_ms.tolist() == full.index.pts_ms.tolist() == list(clip.pts)


@needs_ffmpeg
def test_quick_probe_of_a_cut_off_clip_decodes_after_all(truncated_clip: MadeClip) -> None:
    report = probe_report(truncated_clip.path, decode=False)
    assert report.decoded
    assert report.warnings
