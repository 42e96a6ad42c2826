"""Ending an MP4 exactly where asked, by shortening its edit lists (no re-encoding).

A stream copy must keep whole groups of pictures: the frames after the wanted end that a kept
frame refers to (with B-frames, the next P-frame) have to stay in the file. What a player
shows is decided by each track's edit list (``moov/trak/edts/elst``), so after writing, the
edits are cut to the wanted length — as FFmpeg's muxer already does for the start. The movie
and track headers are shortened to match. Only numbers in place are changed; no box moves.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from coachdesk.video.errors import VideoError

_CONTAINERS = {b"trak", b"edts"}


@dataclass
class _Box:
    kind: bytes
    start: int  # offset of the box's header in the buffer
    body: int  # offset of its content
    end: int


def _boxes(data: bytes | bytearray, start: int, end: int) -> list[_Box]:
    found: list[_Box] = []
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:
            (size,) = struct.unpack_from(">Q", data, at + 8)
            header = 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise VideoError("The excerpt was written in a form CoachDesk cannot finish.")
        found.append(_Box(kind, at, at + header, at + size))
        at += size
    return found


def _find_moov(path: Path) -> tuple[int, int]:
    """Return the offset and size of the top-level ``moov`` box of the file at ``path``."""
    with path.open("rb") as handle:
        at = 0
        while True:
            handle.seek(at)
            header = handle.read(16)
            if len(header) < 8:
                break
            size, kind = struct.unpack_from(">I4s", header)
            if size == 1:
                (size,) = struct.unpack_from(">Q", header, 8)
            elif size == 0:
                size = path.stat().st_size - at
            if kind == b"moov":
                return at, size
            if size < 8:
                break
            at += size
    raise VideoError("The excerpt was written without an index (moov); it cannot be used.")


def _duration_field(data: bytearray, box: _Box) -> tuple[int, str]:
    """Return where the duration of an ``mvhd`` or ``tkhd`` box is, and its struct format."""
    version = data[box.body]
    if box.kind == b"mvhd":
        return (box.body + 24, ">Q") if version == 1 else (box.body + 16, ">I")
    return (box.body + 28, ">Q") if version == 1 else (box.body + 20, ">I")


def _trim_edits(data: bytearray, elst: _Box, limit: int) -> int:
    """Shorten the edits of an ``elst`` to ``limit`` (movie time units); return their total."""
    version = data[elst.body]
    (count,) = struct.unpack_from(">I", data, elst.body + 4)
    entry = ">Qq" if version == 1 else ">Ii"
    step = struct.calcsize(entry) + 4  # + media rate
    total = 0
    for i in range(count):
        at = elst.body + 8 + i * step
        duration, media_time = struct.unpack_from(entry, data, at)
        kept = max(0, min(duration, limit - total))
        if kept != duration:
            struct.pack_into(entry, data, at, kept, media_time)
        total += kept
    return total


def trim_to(path: Path, seconds: float) -> None:
    """Make the MP4 at ``path`` present at most ``seconds``, by cutting its edit lists."""
    offset, size = _find_moov(path)
    with path.open("r+b") as handle:
        handle.seek(offset)
        data = bytearray(handle.read(size))
        top = _boxes(data, 0, len(data))
        if len(top) != 1 or top[0].kind != b"moov":
            raise VideoError("The excerpt was written in a form CoachDesk cannot finish.")
        children = _boxes(data, top[0].body, top[0].end)
        mvhd = next((b for b in children if b.kind == b"mvhd"), None)
        if mvhd is None:
            raise VideoError("The excerpt was written in a form CoachDesk cannot finish.")
        (timescale,) = struct.unpack_from(
            ">I", data, mvhd.body + (20 if data[mvhd.body] == 1 else 12)
        )
        limit = round(seconds * timescale)
        longest = 0
        for trak in (b for b in children if b.kind == b"trak"):
            parts = _boxes(data, trak.body, trak.end)
            tkhd = next((b for b in parts if b.kind == b"tkhd"), None)
            edts = next((b for b in parts if b.kind == b"edts"), None)
            if tkhd is None:
                continue
            at, fmt = _duration_field(data, tkhd)
            (track_length,) = struct.unpack_from(fmt, data, at)
            elst = None
            if edts is not None:
                elst = next(
                    (b for b in _boxes(data, edts.body, edts.end) if b.kind == b"elst"), None
                )
            if elst is not None:
                track_length = _trim_edits(data, elst, limit)
            # Without an edit list the track plays whole; it is left as written.
            struct.pack_into(fmt, data, at, track_length)
            longest = max(longest, track_length)
        at, fmt = _duration_field(data, mvhd)
        struct.pack_into(fmt, data, at, longest)
        handle.seek(offset)
        handle.write(data)
