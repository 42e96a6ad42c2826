"""Finding faces with CenterFace, a model shipped in ``resources/models`` and run by ``cv2.dnn``.

OpenCV 5 has no Haar cascades, and nothing may be downloaded at run time, so the model file
ships with CoachDesk (see ``resources/models/NOTICE.md`` for its source and licence). The
picture is shrunk so its longer side is ``size`` pixels before the detector looks at it: at 640
a 1280×720 frame takes ~0.1 s on one laptop core and faces from ~20 px across are found.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from coachdesk import resources
from coachdesk.video.errors import VideoError
from coachdesk.video.frames import Image

Box = tuple[int, int, int, int]  # x, y, width, height in pixels
MODEL_NAME = "centerface.onnx"
OUTPUTS = ["537", "538", "539", "540"]  # heatmap, scale, offset, landmarks
STRIDE = 4  # one heatmap cell per 4×4 pixels
OVERLAP = 0.3  # boxes overlapping more than this are one face


def model_path() -> Path:
    """Return the bundled face model's path."""
    return Path(str(resources.root() / "models" / MODEL_NAME))


class CenterFace:
    """A face detector; load once per excerpt and use from one thread at a time."""

    def __init__(self, size: int = 640, threshold: float = 0.35, model: Path | None = None) -> None:
        path = model or model_path()
        if not path.is_file():
            raise VideoError(
                f"The face detector's model ({path.name}) is missing from this installation, "
                "so faces cannot be blurred. Reinstall CoachDesk, or export without blurring faces."
            )
        try:
            self._net: Any = cv2.dnn.readNetFromONNX(str(path))
        except cv2.error:
            raise VideoError(
                f"The face detector's model ({path.name}) is damaged, so faces cannot be "
                "blurred. Reinstall CoachDesk, or export without blurring faces."
            ) from None
        self.size = size
        self.threshold = threshold

    def input_size(self, width: int, height: int) -> tuple[int, int]:
        """Return the (width, height) the detector sees, multiples of 32, never enlarged."""
        scale = min(1.0, self.size / max(width, height))
        return (
            max(32, math.ceil(width * scale / 32) * 32),
            max(32, math.ceil(height * scale / 32) * 32),
        )

    def detect(self, image: Image) -> list[Box]:
        """Return the faces in ``image`` (BGR) as boxes in its pixels."""
        height, width = image.shape[:2]
        in_w, in_h = self.input_size(width, height)
        blob = cv2.dnn.blobFromImage(image, 1.0, (in_w, in_h), (0, 0, 0), swapRB=True, crop=False)
        self._net.setInput(blob)
        heat, scale, offset, _ = self._net.forward(OUTPUTS)
        boxes, scores = decode(heat, scale, offset, self.threshold)
        if not boxes:
            return []
        keep = cv2.dnn.NMSBoxes(boxes, scores, self.threshold, OVERLAP)
        sx, sy = width / in_w, height / in_h
        found: list[Box] = []
        for i in np.asarray(keep, dtype=np.int64).reshape(-1):
            x, y, w, h = boxes[int(i)]
            left, top = max(0, round(x * sx)), max(0, round(y * sy))
            right, bottom = min(width, round((x + w) * sx)), min(height, round((y + h) * sy))
            if right > left and bottom > top:
                found.append((left, top, right - left, bottom - top))
        return found


def decode(
    heat: np.ndarray[Any, Any],
    scale: np.ndarray[Any, Any],
    offset: np.ndarray[Any, Any],
    threshold: float,
) -> tuple[list[list[float]], list[float]]:
    """Turn CenterFace's outputs into boxes [x, y, w, h] (input pixels) and their scores."""
    rows, cols = np.nonzero(heat[0, 0] > threshold)
    if not len(rows):
        return [], []
    h = np.exp(scale[0, 0, rows, cols]) * STRIDE
    w = np.exp(scale[0, 1, rows, cols]) * STRIDE
    cy = (rows + offset[0, 0, rows, cols] + 0.5) * STRIDE
    cx = (cols + offset[0, 1, rows, cols] + 0.5) * STRIDE
    left = np.maximum(0.0, cx - w / 2)
    top = np.maximum(0.0, cy - h / 2)
    boxes = np.stack([left, top, w, h], axis=1).astype(float).tolist()
    scores = heat[0, 0, rows, cols].astype(float).tolist()
    return boxes, scores
