"""A short synthetic lesson clip for the demo workspace (no camera, no download)."""

from __future__ import annotations

import math
import os
import random
from pathlib import Path

import cv2
import numpy as np

WIDTH, HEIGHT, FPS = 640, 360, 15


def write_demo_lesson(target: Path, seconds: int = 90, seed: int = 7) -> Path:
    """Write a classroom-like clip: a board, desks, pupils who move more when it gets busy."""
    rng = random.Random(seed)
    pupils = [(80 + (i % 6) * 95, 190 + (i // 6) * 70, rng.random() * 6.28) for i in range(12)]
    busy = [(20, 32), (55, 70)]  # seconds with lots of movement: group work, a transition
    target.parent.mkdir(parents=True, exist_ok=True)
    # The container follows the file's extension, so the partial file keeps ".avi".
    partial = target.with_name(f".{target.stem}.partial{target.suffix}")
    writer = cv2.VideoWriter(str(partial), cv2.VideoWriter.fourcc(*"MJPG"), FPS, (WIDTH, HEIGHT))
    try:
        for n in range(seconds * FPS):
            t = n / FPS
            writer.write(_frame(t, pupils, any(a <= t < b for a, b in busy)))
    finally:
        writer.release()
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    return target


def _frame(t: float, pupils: list[tuple[int, int, float]], busy: bool) -> np.ndarray:
    frame = np.full((HEIGHT, WIDTH, 3), (214, 222, 226), np.uint8)
    cv2.rectangle(frame, (150, 20), (490, 120), (60, 90, 60), -1)  # the board
    cv2.putText(
        frame,
        "Particle model",
        (180, 60),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.9,
        (235, 235, 235),
        2,
        cv2.LINE_AA,
    )
    cv2.putText(
        frame,
        f"{int(t) // 60}:{int(t) % 60:02d}",
        (540, 345),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.5,
        (90, 90, 90),
        1,
        cv2.LINE_AA,
    )
    teacher_x = int(320 + 140 * math.sin(t / 6))
    cv2.circle(frame, (teacher_x, 140), 16, (70, 110, 200), -1)
    cv2.rectangle(frame, (teacher_x - 14, 156), (teacher_x + 14, 200), (70, 110, 200), -1)
    amplitude = 14 if busy else 3
    for x, y, phase in pupils:
        dx = int(amplitude * math.sin(t * 2.3 + phase))
        dy = int(amplitude * 0.5 * math.cos(t * 1.7 + phase))
        cv2.rectangle(frame, (x - 30, y + 18), (x + 30, y + 30), (120, 150, 180), -1)  # desk
        cv2.circle(frame, (x + dx, y + dy), 11, (60, 140, 160), -1)
    return frame
