"""The protocol for long work: a generator that yields Progress and honours a CancelToken.

Long work (probing, thumbnails, activity curves, exports) is written as a generator function
that yields ``Progress`` now and then, checks ``token.cancelled`` (or calls ``token.check()``),
and ``return``s its result — which arrives as ``StopIteration.value``. ``ui/jobs.py`` runs such
a generator off the GUI thread; ``run_job`` runs it in the foreground (CLI, tests).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

from coachdesk.core.errors import CoachDeskError

T = TypeVar("T")


class CancelledError(CoachDeskError):
    """The coach cancelled the work; whatever it was writing has been discarded."""


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    message: str = ""

    @property
    def fraction(self) -> float:
        return 0.0 if self.total <= 0 else min(1.0, self.done / self.total)


class CancelToken:
    """A thread-safe flag the GUI sets and the worker checks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise CancelledError("CancelledError.")


Job = Generator[Progress, None, T]


def run_job(job: Job[T], on_progress: Callable[[Progress], object] | None = None) -> T:
    """Drive ``job`` to its end on this thread and return its result."""
    while True:
        try:
            progress = next(job)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        if on_progress is not None:
            on_progress(progress)
