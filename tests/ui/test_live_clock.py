"""The lesson clock keeps time from an injected clock: start, pause, resume, reset, set."""

from __future__ import annotations

from coachdesk.ui.live_clock import ClockState, LiveClock, clock_text


class FakeTime:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self, start: float = 5000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_new_clock_reads_zero_and_does_not_run():
    time = FakeTime()
    clock = LiveClock(time)
    time.advance(30)
    assert clock.elapsed_ms() == 0
    assert clock.state is ClockState.STOPPED
    assert not clock.running


def test_start_pause_resume_counts_only_running_time():
    time = FakeTime()
    clock = LiveClock(time)
    clock.start()
    time.advance(12.5)
    assert clock.elapsed_ms() == 12_500
    assert clock.state is ClockState.RUNNING
    clock.pause()
    time.advance(100)  # paused: the coach stepped out
    assert clock.elapsed_ms() == 12_500
    assert clock.state is ClockState.PAUSED
    clock.resume()
    time.advance(2)
    assert clock.elapsed_ms() == 14_500


def test_start_and_pause_twice_change_nothing():
    time = FakeTime()
    clock = LiveClock(time)
    clock.start()
    time.advance(3)
    clock.start()  # already running: must not restart the run
    time.advance(3)
    assert clock.elapsed_ms() == 6_000
    clock.pause()
    clock.pause()
    assert clock.elapsed_ms() == 6_000


def test_toggle_alternates_running_and_paused():
    time = FakeTime()
    clock = LiveClock(time)
    clock.toggle()
    assert clock.running
    time.advance(4)
    clock.toggle()
    assert not clock.running
    time.advance(4)
    assert clock.elapsed_ms() == 4_000


def test_reset_stops_at_zero():
    time = FakeTime()
    clock = LiveClock(time)
    clock.start()
    time.advance(60)
    clock.reset()
    assert clock.elapsed_ms() == 0
    assert clock.state is ClockState.STOPPED
    time.advance(5)
    assert clock.elapsed_ms() == 0


def test_set_elapsed_while_paused_and_while_running():
    time = FakeTime()
    clock = LiveClock(time)
    clock.set_elapsed(660_000)  # carry on from the last note at 11:00
    assert clock.state is ClockState.PAUSED
    assert clock.elapsed_ms() == 660_000
    clock.resume()
    time.advance(10)
    assert clock.elapsed_ms() == 670_000
    clock.set_elapsed(1_000)
    time.advance(1)
    assert clock.elapsed_ms() == 2_000
    assert clock.running


def test_set_elapsed_refuses_negative_times():
    clock = LiveClock(FakeTime())
    clock.set_elapsed(-5)
    assert clock.elapsed_ms() == 0


def test_clock_text_shows_minutes_then_hours():
    assert clock_text(0) == "00:00"
    assert clock_text(65_400) == "01:05"
    assert clock_text(59 * 60_000 + 59_999) == "59:59"
    assert clock_text(3_600_000 + 2 * 60_000 + 3_000) == "1:02:03"
