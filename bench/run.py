"""Run every benchmark and print one table: figure, value, goal, reference, machine.

Usage: python bench/run.py [--quick]   (--quick: small inputs, so CI checks the scripts still run)
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    return sorted(
        p
        for p in HERE.glob("*.py")
        if p.name not in {"run.py", "inputs.py", "report.py", "__init__.py"}
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OPENCV_FFMPEG_LOGLEVEL": "-8",
        "QT_LOGGING_RULES": "qt.multimedia*=false",
    }
    rows: list[list[str]] = []
    failed = []
    for script in scripts():
        start = time.perf_counter()
        command = [sys.executable, str(script)] + (["--quick"] if args.quick else [])
        result = subprocess.run(
            command, cwd=HERE.parent, env=env, capture_output=True, text=True, timeout=3600
        )
        if result.returncode != 0:
            failed.append(script.name)
            sys.stderr.write(f"{script.name} failed:\n{result.stderr[-3000:]}\n")
            continue
        for line in result.stdout.splitlines():
            if line.startswith("FIGURE\t"):
                rows.append(line.split("\t")[1:])
        sys.stderr.write(f"  {script.name}: {time.perf_counter() - start:.1f} s\n")
    machine = (
        f"{platform.node()} · {platform.system()} {platform.machine()} · "
        f"{os.cpu_count()} cores · Python {platform.python_version()}"
    )
    print(f"CoachDesk benchmarks{' (quick mode: small inputs)' if args.quick else ''} — {machine}")
    header = ["figure", "value", "goal", "reference", "note"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
