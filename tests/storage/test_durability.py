"""Kill a writing process at random moments: acknowledged writes survive, the file stays sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coachdesk.storage.workspace import DB_NAME, open_workspace

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("COACHDESK_KILLS", "20"))


def run_and_kill(data_dir: Path, rng: random.Random) -> list[tuple[int, int]]:
    """Start the writer, let it write for a random while, SIGKILL it; return what it acked."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.storage.writer_child", str(data_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    acked: list[tuple[int, int]] = []
    first = child.stdout.readline()  # wait until it is really writing
    assert first, child.stderr.read() if child.stderr else "writer died"
    acked.append(tuple(map(int, first.split())))  # type: ignore[arg-type]
    os.set_blocking(child.stdout.fileno(), False)
    deadline = time.monotonic() + rng.uniform(0.0, 0.4)
    while time.monotonic() < deadline:
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    os.set_blocking(child.stdout.fileno(), True)
    for line in child.stdout.read().splitlines():
        parts = line.split()
        if len(parts) == 2:  # a line cut by the kill was never acknowledged
            acked.append((int(parts[0]), int(parts[1])))
    child.stdout.close()
    if child.stderr is not None:
        child.stderr.close()
    return acked


@pytest.mark.slow
def test_acknowledged_writes_survive_sigkill(tmp_path: Path):
    rng = random.Random(20251112)
    acknowledged: list[tuple[int, int]] = []
    for _ in range(KILLS):
        acknowledged += run_and_kill(tmp_path, rng)
        connection = sqlite3.connect(tmp_path / DB_NAME)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tags = {r[0] for r in connection.execute("SELECT id FROM tag")}
        notes = {r[0] for r in connection.execute("SELECT id FROM note")}
        connection.close()
        lost = [(t, n) for t, n in acknowledged if t not in tags or n not in notes]
        assert lost == [], f"{len(lost)} acknowledged writes lost"
    ws = open_workspace(tmp_path)  # the app still opens, migrations and all
    assert ws.tags.count_tags() >= len(acknowledged)
    ws.close()
    assert len(acknowledged) > KILLS
