"""Drive the crash workers: start one, SIGKILL it at a random moment, check what survived.

Used by tests/reliability/test_crash_safety.py (a few kills each) and by
bench/reliability_figures.py (hundreds).
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.reliability.support import ROOT


class WorkerError(AssertionError):
    """A worker failed by itself (not by our kill): the work raised."""


@dataclass
class Run:
    """One worker's life: what it started, what it acknowledged, how it ended."""

    scenario: str
    events: list[tuple[str, str]] = field(default_factory=list)  # ("START"/"ACK", payload)
    killed: bool = False
    status: int = 0
    ready_after: float = 0.0  # seconds from fork to READY
    kill_after: float = 0.0  # seconds from READY to the kill
    lasted: float = 0.0  # seconds from READY to the end

    @property
    def acks(self) -> list[str]:
        return [payload for kind, payload in self.events if kind == "ACK"]


class Zygote:
    """A warm Python with CoachDesk imported, forking one worker per run."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.crash_child"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        threading.Thread(target=self._pump_stderr, daemon=True).start()
        first = self._next(60)
        if not first.startswith("ZYGOTE"):
            raise WorkerError(f"the zygote did not start: {first!r} {self.stderr()}")

    def _pump(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _pump_stderr(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            self._stderr.append(line)

    def stderr(self) -> str:
        return "".join(self._stderr[-40:])

    def _next(self, timeout: float) -> str:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise WorkerError(f"no word from the worker in {timeout} s") from None
        if line is None:
            raise WorkerError(f"the zygote died: {self.stderr()}")
        return line

    def run(self, scenario: str, args: dict[str, Any], kill_after: float | None) -> Run:
        """Run ``scenario``; SIGKILL it ``kill_after`` seconds after READY (None: let it end)."""
        assert self._process.stdin is not None
        self._process.stdin.write(f"RUN {scenario} {json.dumps(args)}\n")
        self._process.stdin.flush()
        started = time.monotonic()
        pid = 0  # the worker's: from FORKED or from its own first word, whichever comes first
        result = Run(scenario)
        deadline: float | None = None
        while True:
            timeout = 30.0 if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                line = ""
            if line == "" and deadline is not None:  # time's up: kill it mid-work
                try:
                    os.kill(pid, signal.SIGKILL)
                    result.killed = True
                except ProcessLookupError:
                    pass
                deadline = None
                result.kill_after = kill_after or 0.0
                continue
            if line is None or line == "":
                raise WorkerError(f"{scenario}: the worker went quiet. {self.stderr()}")
            word, sender, *rest = line.split(" ", 2)
            payload = rest[0] if rest else ""
            if word == "REAPED" and result.ready_after:
                result.lasted = time.monotonic() - started - result.ready_after
            if word == "FORKED":
                pid = int(payload)
            elif word == "READY":
                pid = int(sender)
                result.ready_after = time.monotonic() - started
                if kill_after is not None:
                    deadline = time.monotonic() + kill_after
            elif word in ("START", "ACK"):
                result.events.append((word, payload))
            elif word == "REAPED":
                reaped, status = payload.split(" ")
                assert pid in (0, int(reaped)), (pid, reaped)
                result.status = int(status)
                break
        # Killed by us, or by itself at a chosen statement (see crash_child.die_at).
        result.killed = os.WIFSIGNALED(result.status) and (
            os.WTERMSIG(result.status) == signal.SIGKILL
        )
        if not result.killed and result.status != 0:
            raise WorkerError(f"{scenario}: the worker failed by itself:\n{self.stderr()}")
        return result

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(30)
        for stream in (self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()


@dataclass
class Campaign:
    """The outcome of many kills of one scenario."""

    scenario: str
    runs: int = 0
    kills: int = 0
    acks: int = 0
    failures: list[str] = field(default_factory=list)


class Scenario:
    """A kind of work to interrupt: prepares a folder, gives each run its args, checks after."""

    name = ""
    max_delay = 0.3  # seconds after READY within which the kill lands
    finite = False  # True: the work ends by itself; a first run measures how long it takes

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def prepare(self) -> None:
        raise NotImplementedError

    def args(self, number: int) -> dict[str, Any]:
        raise NotImplementedError

    def verify(self, run: Run) -> None:
        raise NotImplementedError


def campaign(
    zygote: Zygote, scenario: Scenario, kills: int, rng: random.Random, *, stop_on_failure: bool
) -> Campaign:
    """Run ``scenario`` until ``kills`` runs were killed at a random moment (a run may finish
    before its moment comes; at most four times as many runs), verifying the folder after each."""
    scenario.prepare()
    outcome = Campaign(scenario.name)
    if scenario.finite:
        run = zygote.run(scenario.name, scenario.args(0), kill_after=None)
        scenario.verify(run)
        scenario.max_delay = 0.8 * run.lasted  # most kills then land before the work ends
    number = 0
    while outcome.kills < kills and number < 4 * kills + 4:
        number += 1
        run = zygote.run(scenario.name, scenario.args(number), rng.uniform(0, scenario.max_delay))
        outcome.runs += 1
        outcome.kills += run.killed
        outcome.acks += len(run.acks)
        try:
            scenario.verify(run)
        except AssertionError as exc:
            outcome.failures.append(f"run {number}: {exc}")
            if stop_on_failure:
                raise
    return outcome
