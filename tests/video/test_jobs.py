"""The job protocol: progress, results through StopIteration, cancelling."""

from __future__ import annotations

import threading

import pytest

from coachdesk.video.jobs import CancelledError, CancelToken, Job, Progress, run_job


def _counting(n: int, token: CancelToken) -> Job[int]:
    for i in range(n):
        token.check()
        yield Progress(i + 1, n, "Counting")
    return n * 10


def test_result_comes_back_through_stop_iteration() -> None:
    job = _counting(2, CancelToken())
    assert next(job) == Progress(1, 2, "Counting")
    next(job)
    with pytest.raises(StopIteration) as stop:
        next(job)
    assert stop.value.value == 20


def test_run_job_reports_and_returns() -> None:
    seen: list[float] = []
    assert run_job(_counting(4, CancelToken()), lambda p: seen.append(p.fraction)) == 40
    assert seen == [0.25, 0.5, 0.75, 1.0]
    assert Progress(3, 0).fraction == 0.0


def test_cancel_from_another_thread() -> None:
    token = CancelToken()
    job = _counting(10, token)
    next(job)
    thread = threading.Thread(target=token.cancel)
    thread.start()
    thread.join()
    assert token.cancelled
    with pytest.raises(CancelledError):
        run_job(job)
