"""Clips: local lesson video, referenced by path and content fingerprint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NewType

ClipId = NewType("ClipId", int)


@dataclass(frozen=True)
class ClipProbe:
    """What probing a video file found out."""

    duration_ms: int
    fps: float
    variable_fps: bool
    frame_count: int
    width: int
    height: int
    rotation: int
    codec: str
    has_audio: bool


@dataclass(frozen=True)
class Clip:
    """A lesson video attached to an observation."""

    id: ClipId
    observation_id: int
    path: str
    fingerprint: str
    probe: ClipProbe
    copied_in: bool = False
    added_at: dt.datetime | None = None
