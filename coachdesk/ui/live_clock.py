"""The lesson clock for live notes: start, pause, resume, reset — no Qt, an injectable time."""

from __future__ import annotations

import enum
import time
from collections.abc import Callable


class ClockState(enum.Enum):
    STOPPED = "stopped"  # never started, or reset: reads zero
    RUNNING = "running"
    PAUSED = "paused"  # stopped at a time other than zero (also: carried on from earlier notes)


class LiveClock:
    """Time into the lesson, in milliseconds.

    ``now`` returns seconds from any monotonic origin (``time.monotonic`` by default); tests
    pass a fake they advance by hand. The clock only reads ``now`` when asked, so it keeps
    running while nobody looks at it (the coach switched to another observation).
    """

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._base_ms = 0  # elapsed time banked before the current run
        self._run_started: float | None = None  # ``now()`` when the current run began

    @property
    def running(self) -> bool:
        return self._run_started is not None

    @property
    def state(self) -> ClockState:
        if self.running:
            return ClockState.RUNNING
        return ClockState.PAUSED if self._base_ms else ClockState.STOPPED

    def elapsed_ms(self) -> int:
        if self._run_started is None:
            return self._base_ms
        return self._base_ms + max(0, round((self._now() - self._run_started) * 1000))

    def start(self) -> None:
        """Run the clock from where it stands (zero for a new clock)."""
        if self._run_started is None:
            self._run_started = self._now()

    resume = start

    def pause(self) -> None:
        if self._run_started is not None:
            self._base_ms = self.elapsed_ms()
            self._run_started = None

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        """Stop the clock and set it back to zero."""
        self._base_ms = 0
        self._run_started = None

    def set_elapsed(self, ms: int) -> None:
        """Make the clock read ``ms`` now, running on from there if it was running."""
        self._base_ms = max(0, int(ms))
        if self._run_started is not None:
            self._run_started = self._now()


def clock_text(ms: int) -> str:
    """Format a clock reading as MM:SS, or H:MM:SS from an hour on."""
    total_s = max(0, ms) // 1000
    hours, rem = divmod(total_s, 3600)
    minutes, seconds = divmod(rem, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
