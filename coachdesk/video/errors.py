"""The error the video package raises for a file it cannot use."""

from __future__ import annotations

from coachdesk.core.errors import CoachDeskError


class VideoError(CoachDeskError):
    """A video file cannot be used; the message says what is wrong and what to do."""
