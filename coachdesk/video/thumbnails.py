"""Thumbnails on disk, keyed by clip fingerprint, media time and width (exact on VFR, rotated)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import cv2
import numpy as np

from coachdesk.core.atomic import private_folder, write_atomically
from coachdesk.core.errors import CoachDeskError
from coachdesk.video.errors import VideoError
from coachdesk.video.frames import ClipReader, Image
from coachdesk.video.index import FrameIndex, IndexCache
from coachdesk.video.jobs import CancelToken, Job, Progress

DEFAULT_WIDTH = 160
JPEG_QUALITY = 85


def scaled(image: Image, width: int) -> Image:
    """Return ``image`` scaled to ``width`` pixels wide, keeping its shape."""
    height, old_width = image.shape[:2]
    new_height = max(1, round(height * width / old_width))
    result = cv2.resize(image, (width, new_height), interpolation=cv2.INTER_AREA)
    return np.asarray(result, dtype=np.uint8)


def encode_jpeg(image: Image) -> bytes:
    """Return ``image`` as JPEG bytes."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise VideoError("A thumbnail could not be made from this frame.")
    return bytes(data.tobytes())


def encode_png(image: Image) -> bytes:
    """Return ``image`` as PNG bytes (lossless, for a frame the coach saves)."""
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise VideoError("The frame could not be turned into a PNG image.")
    return bytes(data.tobytes())


class ThumbnailCache:
    """JPEG thumbnails in ``folder``, one sub-folder per clip fingerprint.

    Give it the ``IndexCache`` the clips were probed into, and thumbnails are found with the
    clip's timestamp index; without one, frames are found by decoding ahead (also exact).
    """

    def __init__(self, folder: Path, indexes: IndexCache | None = None) -> None:
        self.folder = folder
        self.indexes = indexes

    def path_for(self, fingerprint: str, ms: int, width: int = DEFAULT_WIDTH) -> Path:
        """Return where the thumbnail of ``ms`` at ``width`` is (or would be) kept."""
        return self._clip_folder(fingerprint) / f"{int(ms):010d}-w{int(width)}.jpg"

    def cached(self, fingerprint: str, ms: int, width: int = DEFAULT_WIDTH) -> Path | None:
        """Return the thumbnail's path if it is already made, else None (cheap; no decoding)."""
        file = self.path_for(fingerprint, ms, width)
        return file if file.is_file() else None

    def thumbnail(self, path: Path, fingerprint: str, ms: int, width: int = DEFAULT_WIDTH) -> Path:
        """Return the thumbnail of the frame shown at ``ms``, making it if needed."""
        found = self.cached(fingerprint, ms, width)
        if found is not None:
            return found
        with ClipReader(path, self._index(fingerprint)) as reader:
            return self._make(reader, fingerprint, ms, width)

    def thumbnails(
        self,
        path: Path,
        fingerprint: str,
        times: Iterable[int],
        cancel: CancelToken | None = None,
        width: int = DEFAULT_WIDTH,
    ) -> Job[dict[int, Path]]:
        """Make the thumbnails of ``times`` in one pass; the job's result maps ms -> file."""
        wanted = sorted({int(ms) for ms in times})
        made: dict[int, Path] = {}
        reader: ClipReader | None = None
        try:
            for done, ms in enumerate(wanted):
                if cancel is not None:
                    cancel.check()
                found = self.cached(fingerprint, ms, width)
                if found is None:
                    if reader is None:
                        reader = ClipReader(path, self._index(fingerprint))
                    found = self._make(reader, fingerprint, ms, width)
                made[ms] = found
                yield Progress(done + 1, len(wanted), "Making thumbnails")
        finally:
            if reader is not None:
                reader.close()
        return made

    def forget(self, fingerprint: str) -> None:
        """Delete every thumbnail of the clip (when it is removed or its coachee is erased)."""
        shutil.rmtree(self._clip_folder(fingerprint), ignore_errors=True)

    def _make(self, reader: ClipReader, fingerprint: str, ms: int, width: int) -> Path:
        image = scaled(reader.frame_at(ms), width)
        target = self.path_for(fingerprint, ms, width)
        private_folder(target.parent)  # thumbnails of children: the owner's alone
        try:
            return write_atomically(target, encode_jpeg(image))
        except CoachDeskError as exc:
            raise VideoError(f"The thumbnail could not be saved: {exc}") from None

    def _clip_folder(self, fingerprint: str) -> Path:
        return self.folder / fingerprint.replace(":", "-")

    def _index(self, fingerprint: str) -> FrameIndex | None:
        return self.indexes.load(fingerprint) if self.indexes is not None else None
