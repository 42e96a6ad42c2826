"""What happens to each stream of an excerpt: copied packet by packet, or decoded and encoded.

Every handler is fed the source's packets in file order, from a keyframe at or before the
start, and writes into the output with times shifted so the start is time 0. Copied packets
from before the start get negative times; the MP4 muxer turns those into an edit list, so a
player begins exactly at the start although the file begins at the keyframe before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

import av
import numpy as np
from av.audio.frame import AudioFrame
from av.audio.stream import AudioStream
from av.container import OutputContainer
from av.packet import Packet
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from coachdesk.video import i420
from coachdesk.video.errors import VideoError
from coachdesk.video.frames import Image
from coachdesk.video.privacy import PrivacyFilter, upright

# superfast takes ~3/4 of veryfast's CPU time at 720p for files ~1.5× as big at the same
# quality: the excerpt is short, and a blurred one must keep up with real time on a laptop.
X264_OPTIONS = {"preset": "superfast", "crf": "21"}
AAC_BITRATE = 128_000
AUDIO_FRAME = 1024  # samples per AAC frame


@dataclass(frozen=True)
class FirstPicture:
    """Where an excerpt is read from, and the upright size of its pictures."""

    key: int  # the keyframe decoding starts from (video time base)
    shown: int  # the time of the frame on screen at the start (video time base)
    width: int
    height: int
    rotation: int  # clockwise degrees to turn a decoded picture upright


class StreamCut(Protocol):
    done: bool

    def feed(self, packet: Packet[Any]) -> None: ...

    def finish(self) -> None: ...


def _seconds(value: int, time_base: Fraction | None) -> float:
    return float(value * time_base_of(time_base))


def time_base_of(value: Fraction | None) -> Fraction:
    """Return a stream's time base (FFmpeg always sets one on an opened stream)."""
    if value is None:
        raise VideoError("The video has no time base, so its times cannot be read.")
    return value


class PacketCopy:
    """Copies packets: video from the keyframe ``key`` on, audio from the one playing at start."""

    def __init__(
        self,
        source: VideoStream | AudioStream,
        output: OutputContainer,
        start: int,
        end: int,
        key: int | None = None,
    ) -> None:
        self.stream = output.add_stream_from_template(source)
        self._output = output
        self._start, self._end = start, end  # in the source stream's time base
        self._key = key
        self._started = key is None
        self.done = False

    def feed(self, packet: Packet[Any]) -> None:
        if self.done or packet.pts is None or packet.dts is None:
            return
        if not self._started:
            if not packet.is_keyframe or self._key is None or packet.pts < self._key:
                return
            self._started = True
        if self._key is not None:
            # Video: keep every packet decoded before the end (with B-frames, the frames shown
            # before the end may need one shown after it); the edit list hides the extra.
            if packet.dts >= self._end:
                self.done = True
                return
        else:
            length = packet.duration or 0
            if packet.pts + length <= self._start:
                return
            if packet.pts >= self._end:
                self.done = True
                return
        packet.pts -= self._start
        packet.dts -= self._start
        packet.stream = self.stream
        self._output.mux(packet)

    def finish(self) -> None:
        self.done = True


class VideoEncode:
    """Decodes from the keyframe, turns frames upright, blurs them, and encodes H.264.

    Pictures stay in I420 from decoder to encoder (``i420``): no BGR round trip per frame.

    The frame on screen at the start (which may begin a little before it, on variable-rate
    video) becomes the first frame; frames keep their own times, so VFR stays VFR.
    """

    def __init__(
        self,
        source: VideoStream,
        output: OutputContainer,
        start: int,
        end: int,
        first: FirstPicture,
        privacy: PrivacyFilter | None,
    ) -> None:
        self._source = source
        self._tb = time_base_of(source.time_base)
        self._output = output
        self._start, self._end, self._key = start, end, first.key
        self._rotation = first.rotation
        self._privacy = privacy
        self._started = False
        self._pending: VideoFrame | None = None  # the last frame before the start
        self._last_pts: int | None = None
        # Every stream must exist before the first packet is written (the header goes first).
        self.stream = self._open(first.width, first.height)
        self.done = False

    def _open(self, width: int, height: int) -> VideoStream:
        rate = self._source.average_rate or self._source.guessed_rate or Fraction(30)
        stream = self._output.add_stream("libx264", rate=rate, options=dict(X264_OPTIONS))
        stream.width, stream.height = width - width % 2, height - height % 2
        stream.pix_fmt = "yuv420p"
        stream.time_base = self._tb
        stream.codec_context.time_base = self._tb
        return stream

    def feed(self, packet: Packet[Any]) -> None:
        if self.done:
            return
        if not self._started:
            if not packet.is_keyframe or packet.pts is None or packet.pts < self._key:
                return
            self._started = True
        for frame in packet.decode():
            self._take(frame)

    def _take(self, frame: VideoFrame) -> None:
        if self.done:
            return
        pts = frame.pts if frame.pts is not None else self._guess_pts()
        self._last_pts = pts
        if pts < self._start:
            self._pending = frame
            return
        if pts >= self._end:
            self.done = True
            return
        if self._pending is not None:
            if pts > self._start:  # the frame before was still on screen at the start
                self._write(self._pending, self._start)
            self._pending = None
        self._write(frame, pts)

    def _guess_pts(self) -> int:
        step = 1 / (self._source.average_rate or 30) / self._tb
        return (self._last_pts or self._start) + max(1, round(step))

    def _write(self, frame: VideoFrame, pts: int) -> None:
        image = self._picture(frame)
        ms = _seconds(pts - self._start, self._tb) * 1000
        ready = [(image, ms)] if self._privacy is None else self._privacy.push(image, ms)
        for picture, when in ready:
            self._encode(picture, when)

    def _picture(self, frame: VideoFrame) -> Image:
        """Return ``frame`` upright as an I420 picture of the output's size (see ``i420``)."""
        size = (self.stream.width, self.stream.height)
        if self._rotation == 0 and (frame.width, frame.height) == size:
            return np.asarray(frame.to_ndarray(format="yuv420p"), np.uint8)
        image = upright(np.asarray(frame.to_ndarray(format="bgr24"), np.uint8), self._rotation)
        return i420.from_bgr(image[: size[1], : size[0]])

    def _encode(self, image: Image | None, ms: float) -> None:
        picture = None
        if image is not None:
            picture = VideoFrame.from_ndarray(image, "yuv420p")
            picture.pts = round(ms / 1000 / self._tb)
            picture.time_base = self._tb
        for out in self.stream.encode(picture):
            self._output.mux(out)

    def finish(self) -> None:
        if not self.done and self._started:
            for frame in self._source.codec_context.decode(None):
                self._take(frame)
        if self._pending is not None:  # nothing after the start: show the last frame
            self._write(self._pending, self._start)
            self._pending = None
        if self._privacy is not None:
            for picture, when in self._privacy.flush():
                self._encode(picture, when)
        self._encode(None, 0.0)
        self.done = True


class AudioEncode:
    """Decodes sound the MP4 cannot carry as it is, trims it to the sample, encodes AAC."""

    def __init__(self, source: AudioStream, output: OutputContainer, start: int, end: int) -> None:
        self._source = source
        self._output = output
        self._rate = rate = source.rate or 48_000
        layout = "mono" if (source.channels or 2) == 1 else "stereo"
        self.stream = output.add_stream("aac", rate=rate)
        self.stream.layout = layout
        self.stream.bit_rate = AAC_BITRATE
        self._resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        self._fifo = av.AudioFifo()
        self._first = round(_seconds(start, source.time_base) * rate)  # in samples
        self._last = round(_seconds(end, source.time_base) * rate)
        self._written = 0
        self.done = False

    def feed(self, packet: Packet[Any]) -> None:
        if self.done:
            return
        for frame in packet.decode():
            if isinstance(frame, AudioFrame):
                self._take(frame)

    def _take(self, frame: AudioFrame) -> None:
        if frame.pts is None or self.done:
            return
        at = round(_seconds(frame.pts, frame.time_base or self._source.time_base) * self._rate)
        if at >= self._last:
            self.done = True
            return
        keep_from = max(0, self._first - at)
        keep_to = min(frame.samples, self._last - at)
        if keep_to <= keep_from:
            return
        if keep_from or keep_to < frame.samples:
            frame = _trimmed(frame, keep_from, keep_to)
        for piece in self._resampler.resample(frame):
            piece.pts = None
            self._fifo.write(piece)
        self._drain(AUDIO_FRAME)

    def _drain(self, size: int) -> None:
        while self._fifo.samples >= size > 0 or (size == 0 and self._fifo.samples):
            piece = self._fifo.read(size or self._fifo.samples)
            if piece is None:
                return
            piece.pts = self._written
            piece.time_base = Fraction(1, self._rate)
            self._written += piece.samples
            for out in self.stream.encode(piece):
                self._output.mux(out)

    def finish(self) -> None:
        self._drain(0)
        for out in self.stream.encode(None):
            self._output.mux(out)
        self.done = True


def _trimmed(frame: AudioFrame, keep_from: int, keep_to: int) -> AudioFrame:
    """Return the samples keep_from..keep_to of ``frame`` (planar or packed)."""
    data = frame.to_ndarray()
    if frame.format.is_planar:
        part = data[:, keep_from:keep_to]
    else:
        channels = len(frame.layout.channels)
        part = data[:, keep_from * channels : keep_to * channels]
    result = AudioFrame.from_ndarray(
        np.ascontiguousarray(part),  # type: ignore[arg-type]  # the frame's own sample type
        format=frame.format.name,
        layout=frame.layout.name,
    )
    result.sample_rate = frame.sample_rate
    return result
