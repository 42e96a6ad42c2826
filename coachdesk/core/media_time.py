"""Times inside media: integer milliseconds of presentation time."""

from __future__ import annotations

import re
from typing import NewType

from coachdesk.core.errors import ValidationError

MediaTime = NewType("MediaTime", int)


def media_time(ms: int | float) -> MediaTime:
    """Return a media time, refusing negatives and non-finite values."""
    if isinstance(ms, float):
        if ms != ms or ms in (float("inf"), float("-inf")):
            raise ValidationError("A media time must be a finite number of milliseconds.")
        ms = round(ms)
    if ms < 0:
        raise ValidationError(f"A media time cannot be negative ({ms} ms).")
    return MediaTime(int(ms))


def format_ms(ms: int, *, tenths: bool = False) -> str:
    """Format milliseconds as H:MM:SS or M:SS (optionally with tenths)."""
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    total_s, rest = divmod(ms, 1000)
    hours, rem = divmod(total_s, 3600)
    minutes, seconds = divmod(rem, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    if tenths:
        text += f".{rest // 100}"
    return sign + text


MAX_CLOCK_MS = 24 * 3600 * 1000  # no lesson recording is a day long: a typo, refused
MAX_CLOCK_TEXT = 20  # characters: "23:59:59.999" with room for spaces
_PART = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_FORMAT = "write it as M:SS or H:MM:SS"


def parse_clock(text: str) -> MediaTime:
    """Parse "H:MM:SS", "M:SS" or "SS" (seconds may have decimals) into a media time.

    Only digits, colons and one decimal point (in the seconds) are read: no signs, exponents,
    "nan" or "inf". Minutes and seconds after the first part are below 60, and the time is
    under 24 hours; anything else is refused with a ValidationError that says why.
    """
    shown = text if len(text) <= MAX_CLOCK_TEXT else text[:MAX_CLOCK_TEXT] + "…"
    stripped = text.strip()
    if len(stripped) > MAX_CLOCK_TEXT:
        raise ValidationError(f"“{shown}” is too long to be a time; {_FORMAT}.")
    parts = [p.strip() for p in stripped.split(":")]
    if not 1 <= len(parts) <= 3 or not all(_PART.fullmatch(p) for p in parts):
        raise ValidationError(f"“{shown}” is not a time; {_FORMAT}.")
    if any("." in p for p in parts[:-1]):
        raise ValidationError(f"“{shown}” is not a time: only seconds may have decimals.")
    if any(float(p) >= 60 for p in parts[1:]):
        raise ValidationError(
            f"“{shown}” is not a time: minutes and seconds after a colon go up to 59."
        )
    seconds = 0.0
    for part in parts[:-1]:
        seconds = (seconds + int(part)) * 60
    ms = round((seconds + float(parts[-1])) * 1000)
    if ms >= MAX_CLOCK_MS:
        raise ValidationError(
            f"“{shown}” is not a time in a lesson recording: times go up to 23:59:59."
        )
    return media_time(ms)
