"""Reliability figures: hundreds of SIGKILLs of real work, and the suite's case counts.

Each kill interrupts one of eight kinds of work (editing a goal, importing a playbook file, a
first start's migration, a table-rebuilding migration, restoring a backup, taking a backup, a
burst of tagging, exporting a session summary over the same file) at a random moment;
after each, the file must pass PRAGMA integrity_check, CoachDesk must open it and every
acknowledged change must be there (see tests/reliability/crash_scenarios.py).

Usage: python bench/reliability_figures.py [--quick] [--kills N] [--seed S] [--table]
  --kills N   kills per kind of work (default 50, so 400 in all; COACHDESK_BENCH_KILLS also
              sets it; 0: none, e.g. with --table)
  --quick     3 kills per kind, so CI checks the script still runs
  --table     also run tests/reliability category by category and print the table for
              docs/reliability.md (cases tried, passed, command)
Exit code 1 if any kill lost data or left a file that does not open.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import emit  # noqa: E402

CATEGORIES = (
    ("Crash safety (CI part)", "test_crash_safety.py"),
    ("Hostile files", "test_hostile_files.py"),
    ("Hostile videos", "test_hostile_videos.py"),
    ("Hostile environment", "test_hostile_environment.py"),
    ("Hostile text", "test_hostile_text.py"),
    ("Hostile text in exports", "test_hostile_exports.py"),
    ("Hostile names and times", "test_hostile_names.py"),
    ("Privacy", "test_privacy.py"),
    ("Privacy: erasing a coachee's files", "test_erasure_files.py"),
    ("Fuzzing", "test_fuzz.py"),
)


def crash_campaigns(kills: int, seed: int) -> int:
    """Run every crash scenario ``kills`` times; emit figures; return the number of failures."""
    from tests.reliability.crash_harness import Zygote, campaign
    from tests.reliability.crash_scenarios import SCENARIOS

    rng = random.Random(seed)
    zygote = Zygote()
    total_kills = total_acks = failures = 0
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="coachdesk-crash-") as tmp:
            for kind in SCENARIOS:
                outcome = campaign(
                    zygote, kind(Path(tmp) / kind.name), kills, rng, stop_on_failure=False
                )
                total_kills += outcome.kills
                total_acks += outcome.acks
                failures += len(outcome.failures)
                for failure in outcome.failures:
                    sys.stderr.write(f"FAILED {kind.name}: {failure}\n")
                emit(
                    f"crash: {kind.name}",
                    outcome.kills,
                    "kills",
                    "0 failures",
                    f"{outcome.runs} runs, {outcome.acks} acknowledged changes checked, "
                    f"{len(outcome.failures)} failures",
                )
    finally:
        zygote.close()
    emit(
        "crash: all kinds",
        total_kills,
        "kills",
        "0 failures",
        f"{failures} failures; {total_acks} acknowledged changes checked; "
        f"{time.perf_counter() - start:.0f} s; seed {seed}",
    )
    return failures


def category_table() -> str:
    """Run each test file of tests/reliability; return the table of cases tried and passed."""
    rows = ["| Category | Cases tried | Passed | Command to reproduce |", "|---|---|---|---|"]
    for name, file in CATEGORIES:
        command = [sys.executable, "-m", "pytest", f"tests/reliability/{file}", "-q", "-rs"]
        command.append("--hypothesis-show-statistics")
        result = subprocess.run(
            command,
            cwd=ROOT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=1800,
        )
        found = re.findall(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)", result.stdout)
        counts = {word: int(n) for n, word in found}
        examples = sum(int(n) for n in re.findall(r"(\d+) passing", result.stdout))
        tried = sum(counts.values())
        passed = counts.get("passed", 0)
        note = f" ({examples} generated examples)" if examples else ""
        skipped = "".join(
            f", {counts[word]} {word}" for word in ("skipped", "xfailed") if counts.get(word)
        )
        rows.append(
            f"| {name} | {tried} tests{note} | {passed}{skipped} | "
            f"`pytest tests/reliability/{file}` |"
        )
        emit(f"suite: {name}", passed, "passed", f"{tried} tried", note.strip(" ()"))
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="3 kills per kind of work")
    parser.add_argument(
        "--kills", type=int, default=int(os.environ.get("COACHDESK_BENCH_KILLS", 50))
    )
    parser.add_argument("--seed", type=int, default=20251112)
    parser.add_argument("--table", action="store_true", help="also run the suite for the table")
    args = parser.parse_args()
    kills = 3 if args.quick else args.kills
    failures = crash_campaigns(kills, args.seed) if kills > 0 else 0
    if args.table:
        print(category_table(), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
