"""Times inside media: integer milliseconds of presentation time."""

from __future__ import annotations

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


def parse_clock(text: str) -> MediaTime:
    """Parse "H:MM:SS", "M:SS" or "SS" (seconds may have decimals) into a media time."""
    parts = text.strip().split(":")
    if not 1 <= len(parts) <= 3 or any(p.strip() == "" for p in parts):
        raise ValidationError(f"“{text}” is not a time; write it as M:SS or H:MM:SS.")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ValidationError(f"“{text}” is not a time; write it as M:SS or H:MM:SS.") from None
    seconds = 0.0
    for number in numbers:
        seconds = seconds * 60 + number
    return media_time(seconds * 1000)
