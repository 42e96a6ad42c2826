"""One line per figure, tab-separated, so bench/run.py can gather them into a table."""

from __future__ import annotations


def emit(
    figure: str, value: float, unit: str, goal: str, note: str = "", reference: str = ""
) -> None:
    print(f"FIGURE\t{figure}\t{value:.2f} {unit}\t{goal}\t{reference}\t{note}", flush=True)
