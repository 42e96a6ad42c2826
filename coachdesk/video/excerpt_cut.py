"""Reading a stretch of a clip once and writing it as MP4: finding the start, then demuxing.

The start is looked up first: the last keyframe at or before it (decoding must begin there)
and the time of the frame on screen at it. A stream copy starts its timeline at that frame, so
players show it first (FFmpeg's MP4 reader drops a frame that begins before an edit, even
when it is still on screen). Then one pass over the packets from a second before the keyframe
(sound is stored near, not beside, its picture) feeds each stream's handler.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
from av.audio.stream import AudioStream
from av.container import InputContainer
from av.packet import Packet
from av.video.stream import VideoStream

from coachdesk.core.media_time import format_ms
from coachdesk.video.errors import VideoError
from coachdesk.video.excerpt_streams import (
    AudioEncode,
    FirstPicture,
    PacketCopy,
    StreamCut,
    VideoEncode,
    time_base_of,
)
from coachdesk.video.jobs import CancelToken, Job, Progress
from coachdesk.video.privacy import FaceDetector, PrivacyFilter, PrivacyOptions

AUDIO_MARGIN_S = 1.0  # sound is stored up to about this far from its picture in the file
OVERRUN_S = 2.0  # once the picture is complete, read this much further for the sound
COPY_VIDEO = {"h264"}  # plays in every browser and player; anything else is re-encoded
COPY_AUDIO = {"aac", "mp3"}
PROGRESS_EVERY = 48  # packets between progress reports (and cancel checks)
SEEK_TRIES = 8


def cut_job(
    source: Path,
    temp: Path,
    start_ms: int,
    end_ms: int,
    privacy: PrivacyOptions | None,
    detector: FaceDetector | None,
    cancel: CancelToken | None,
    *,
    copy: bool,
    copy_sound: bool = True,
) -> Job[float]:
    """Write start..end of ``source`` to ``temp``; return how many seconds it should play.

    ``copy`` copies H.264 video as it is (else it is decoded, blurred, encoded); ``copy_sound``
    copies AAC or MP3 sound as it is (else it is encoded as AAC).
    """
    with _open_source(source) as container:
        if not container.streams.video:
            raise VideoError(f"“{source.name}” has no picture to make an excerpt of.")
        video = container.streams.video[0]
        video.thread_type = "AUTO"  # decode on every core (set before the decoder opens)
        audio = container.streams.audio[0] if container.streams.audio else None
        tb = time_base_of(video.time_base)
        origin = float((video.start_time or 0) * tb)

        def at(seconds: float, stream: VideoStream | AudioStream) -> int:
            return round((origin + seconds) / time_base_of(stream.time_base))

        start_s, end_s = start_ms / 1000, min(end_ms / 1000, _length_s(container, video))
        if end_s <= start_s:
            raise VideoError(
                f"{format_ms(start_ms)} is after the end of “{source.name}” "
                f"({format_ms(round(end_s * 1000))} long): choose an earlier start."
            )
        first = _find_start(container, video, at(start_s, video), source.name)
        copy = copy and video.codec_context.name in COPY_VIDEO
        if copy:  # the timeline starts with the frame on screen at the start
            start_s = min(start_s, float(first.shown * tb) - origin)
        options = {"movflags": "+faststart"}
        with av.open(str(temp), "w", format="mp4", container_options=options) as output:
            cuts: list[StreamCut] = []
            v_start, v_end = at(start_s, video), at(end_s, video)
            blur = None
            if copy:
                cuts.append(PacketCopy(video, output, v_start, v_end, first.key))
            else:
                blur = PrivacyFilter(privacy, detector, i420=True) if privacy is not None else None
                cuts.append(VideoEncode(video, output, v_start, v_end, first, blur))
            if audio is not None:
                a_start, a_end = at(start_s, audio), at(end_s, audio)
                if copy_sound and audio.codec_context.name in COPY_AUDIO:
                    cuts.append(PacketCopy(audio, output, a_start, a_end))
                else:
                    cuts.append(AudioEncode(audio, output, a_start, a_end))
            try:
                yield from _demux(
                    container, video, audio, cuts, first.key, (start_s, end_s), cancel
                )
            finally:
                if blur is not None:
                    blur.close()  # the face detector's thread
    return end_s - start_s


def _length_s(container: InputContainer, video: VideoStream) -> float:
    """Return how long the video plays, from its header (infinity if it does not say)."""
    if video.duration and video.time_base:
        return float(video.duration * video.time_base)
    if container.duration:
        return container.duration / 1_000_000
    return float("inf")


def _open_source(source: Path) -> InputContainer:
    try:
        return av.open(str(source), "r")
    except (av.FFmpegError, OSError):
        raise VideoError(
            f"“{source.name}” is not a video CoachDesk can read: it may be damaged or in a "
            "format CoachDesk cannot decode. Convert it to MP4 (H.264) and try again."
        ) from None


def _find_start(
    container: InputContainer, video: VideoStream, target: int, name: str
) -> FirstPicture:
    """Find the last keyframe at or before ``target`` (video time base), and decode it."""
    origin = video.start_time or 0
    tb = time_base_of(video.time_base)
    want, step = target, max(1, round(1 / tb))  # one second
    for _ in range(SEEK_TRIES):
        container.seek(max(want, origin), stream=video, backward=True, any_frame=False)
        packets = container.demux(video)
        key = next((p for p in packets if p.is_keyframe and p.pts is not None), None)
        if key is None or key.pts is None:
            break
        if key.pts > target and want > origin:
            want, step = want - step, step * 2  # landed after the start: look further back
            continue
        shown = key.pts
        frames = key.decode() or video.codec_context.decode(None)
        for packet in packets:  # the frames decoded up to the start: which one is on screen?
            if packet.dts is None or packet.dts > target:
                break
            if packet.pts is not None and shown < packet.pts <= target:
                shown = packet.pts
        video.codec_context.flush_buffers()
        if not frames:
            break
        frame = frames[0]
        rotation = (-(frame.rotation or 0)) % 360
        width, height = frame.width, frame.height
        if rotation in (90, 270):
            width, height = height, width
        return FirstPicture(key.pts, min(shown, target), width, height, rotation)
    when = format_ms(max(0, round(float((target - origin) * tb) * 1000)))
    raise VideoError(
        f"No picture could be found at or before {when} in “{name}”: the file may be damaged "
        "there. Try a later start, or copy the video again from the device."
    )


def _demux(
    container: InputContainer,
    video: VideoStream,
    audio: AudioStream | None,
    cuts: list[StreamCut],
    key: int,
    span_s: tuple[float, float],
    cancel: CancelToken | None,
) -> Job[None]:
    tb = time_base_of(video.time_base)
    origin = float((video.start_time or 0) * tb)
    margin = round(AUDIO_MARGIN_S / tb)
    container.seek(max(key - margin, 0), stream=video, backward=True, any_frame=False)
    streams: list[VideoStream | AudioStream] = [video] if audio is None else [video, audio]
    handler = {s.index: cut for s, cut in zip(streams, cuts, strict=True)}
    start_s, end_s = span_s
    total = max(1, round((end_s - start_s) * 1000))
    count = 0
    for packet in container.demux(*streams):
        if packet.pts is None and packet.size == 0:
            continue  # the demuxer's end-of-stream marker: finish() flushes instead
        handler[packet.stream.index].feed(packet)
        count += 1
        if count % PROGRESS_EVERY == 0:
            if cancel is not None:
                cancel.check()
            done = round((_seconds(packet, origin) - start_s) * 1000)
            yield Progress(max(0, min(total, done)), total, "Writing the excerpt")
        if cuts[0].done and (
            all(c.done for c in cuts) or _seconds(packet, origin) > end_s + OVERRUN_S
        ):
            break
    for cut in cuts:
        cut.finish()
    yield Progress(total, total, "Finishing the excerpt")


def _seconds(packet: Packet[Any], origin: float) -> float:
    if packet.pts is None or packet.time_base is None:
        return 0.0
    return float(packet.pts * packet.time_base) - origin
