"""Pictures kept as the encoder takes them: planar YUV 4:2:0 (I420) in one uint8 array.

An excerpt with blurring decodes to I420, blurs there and encodes from there: converting every
720p frame to BGR and back costs about as much as the blurring and face detection together.
The array is (height × 3/2, width): the Y plane, then U and V at half size (FFmpeg's and
OpenCV's layout). Only the frames the face detector looks at are converted to BGR.
"""

from __future__ import annotations

import cv2
import numpy as np

from coachdesk.video.face_tracks import Box
from coachdesk.video.frames import Image


def size_of(picture: Image) -> tuple[int, int]:
    """Return the (width, height) of an I420 picture."""
    return picture.shape[1], picture.shape[0] * 2 // 3


def planes(picture: Image) -> tuple[Image, Image, Image]:
    """Return views of the Y, U and V planes of ``picture`` (changing them changes it)."""
    width, height = size_of(picture)
    flat = picture.reshape(-1)
    luma, chroma = width * height, (width // 2) * (height // 2)
    y = flat[:luma].reshape(height, width)
    u = flat[luma : luma + chroma].reshape(height // 2, width // 2)
    v = flat[luma + chroma : luma + 2 * chroma].reshape(height // 2, width // 2)
    return y, u, v


def from_bgr(image: Image) -> Image:
    """Return the I420 picture of a BGR ``image`` (cut to an even width and height)."""
    height, width = image.shape[:2]
    even = np.ascontiguousarray(image[: height - height % 2, : width - width % 2])
    return np.asarray(cv2.cvtColor(even, cv2.COLOR_BGR2YUV_I420), np.uint8)


def to_bgr(picture: Image) -> Image:
    """Return ``picture`` as BGR (for the face detector)."""
    return np.asarray(cv2.cvtColor(picture, cv2.COLOR_YUV2BGR_I420), np.uint8)


def chroma_box(box: Box) -> Box:
    """Return the part of the half-size U and V planes that colours ``box`` (rounded outward)."""
    x, y, w, h = box
    left, top = x // 2, y // 2
    return (left, top, (x + w + 1) // 2 - left, (y + h + 1) // 2 - top)
