"""The job convention for long video work: see coachdesk.core.jobs (one definition for all).

A job is a generator of ``Progress`` that checks its ``CancelToken`` between steps and returns
its result (``StopIteration.value``, or through ``run_job``); a set token raises
``CancelledError`` at the next check and leaves no half-written file behind.
"""

from __future__ import annotations

from coachdesk.core.jobs import CancelledError, CancelToken, Job, Progress, run_job

__all__ = ["CancelToken", "CancelledError", "Job", "Progress", "run_job"]
