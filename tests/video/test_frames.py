"""frame_at gives the frame on screen at a media time: CFR, VFR, rotated and long-GOP clips."""

from __future__ import annotations

import random

import pytest

from coachdesk.video.errors import VideoError
from coachdesk.video.frames import ClipReader, frame_at, frames_at
from coachdesk.video.index import FrameIndex
from coachdesk.video.probe import probe_report
from tests.video.conftest import MadeClip, read_frame_number, upright

CLIPS = ["cfr_clip", "mp4v_clip", "vfr_clip", "rotated_clip", "long_gop_clip"]


def _clip(request: pytest.FixtureRequest, name: str) -> MadeClip:
    clip: MadeClip = request.getfixturevalue(name)
    return clip


def _numbers(images: list, rotation: int) -> list[int | None]:  # type: ignore[type-arg]
    return [read_frame_number(upright(image, rotation)) for image in images]


@pytest.mark.parametrize("with_index", [False, True], ids=["discovering", "indexed"])
@pytest.mark.parametrize("name", CLIPS)
def test_every_time_gives_the_frame_on_screen(
    request: pytest.FixtureRequest, name: str, with_index: bool
) -> None:
    clip = _clip(request, name)
    report = probe_report(clip.path)
    times = list(range(0, int(clip.pts[-1]) + 300, 7))
    images = frames_at(clip.path, times, report.index if with_index else None)
    assert _numbers(images, report.probe.rotation) == [clip.shown_at(ms) for ms in times]


@pytest.mark.parametrize("with_index", [False, True], ids=["discovering", "indexed"])
@pytest.mark.parametrize("name", CLIPS)
def test_jumping_about_in_one_reader(
    request: pytest.FixtureRequest, name: str, with_index: bool
) -> None:
    clip = _clip(request, name)
    report = probe_report(clip.path)
    times = random.Random(name).sample(range(int(clip.pts[-1]) + 100), 40)
    times += [0, int(clip.pts[-1]), int(clip.pts[-1]) - 1, 10**7]
    with ClipReader(clip.path, report.index if with_index else None) as reader:
        seen = [
            read_frame_number(upright(reader.frame_at(ms), report.probe.rotation)) for ms in times
        ]
    assert seen == [clip.shown_at(ms) for ms in times]


@pytest.mark.parametrize("name", ["vfr_clip", "rotated_clip", "long_gop_clip"])
def test_single_frames_at_frame_boundaries(request: pytest.FixtureRequest, name: str) -> None:
    clip = _clip(request, name)
    rotation = probe_report(clip.path).probe.rotation
    for number in (0, 49, 50, 51, 69, 70, 100, len(clip.pts) - 1):
        start = int(clip.pts[number])
        for ms in (start - 1, start, start + 1):
            image = upright(frame_at(clip.path, ms), rotation)
            assert read_frame_number(image) == clip.shown_at(ms), (number, ms)


def test_rotated_frames_come_upright(rotated_clip: MadeClip) -> None:
    image = frame_at(rotated_clip.path, 2000)
    assert image.shape[:2] == (192, 112)  # portrait, as the phone showed it
    assert read_frame_number(image) is None  # unreadable until turned back


def test_many_frames_keep_the_order_asked_for(vfr_clip: MadeClip) -> None:
    times = [4500, 0, 2150, 2150, 10]
    assert _numbers(frames_at(vfr_clip.path, times), 0) == [vfr_clip.shown_at(t) for t in times]


def test_past_the_cut_of_a_truncated_clip_gives_the_last_good_frame(
    truncated_clip: MadeClip,
) -> None:
    report = probe_report(truncated_clip.path)
    last = len(report.index) - 1
    assert read_frame_number(frame_at(truncated_clip.path, 5900, report.index)) == last
    # Without the index, a seek may decode a few frames past where sequential decoding stopped
    # (the decoder's delayed frames are not flushed at a cut); still a frame, never a hang.
    number = read_frame_number(frame_at(truncated_clip.path, 5900))
    assert number is not None
    assert last <= number < 75


def test_without_timestamps_frame_numbers_are_used(cfr_clip: MadeClip) -> None:
    index = probe_report(cfr_clip.path).index
    synthetic = FrameIndex(index.pts_ms, index.claimed_frames, index.claimed_fps, synthetic=True)
    assert _numbers(frames_at(cfr_clip.path, [0, 1234, 3999], synthetic), 0) == [0, 30, 99]


def test_a_bad_file_raises_video_error(text_file: object) -> None:
    with pytest.raises(VideoError):
        frame_at(text_file, 0)  # type: ignore[arg-type]
