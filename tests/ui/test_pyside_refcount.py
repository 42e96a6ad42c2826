"""Regression: PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call.

After a few thousand calls the interpreter aborts (``Fatal Python error: none_dealloc``), so a
green test run exits 134. pyproject.toml pins PySide6 below 6.12 on Python < 3.12; this test
fails if a release with the bug comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_do_not_eat_none(qapp: object):
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(20_000):
        label.setText("x" if i % 2 else "y")  # a void Qt call
    after = sys.getrefcount(None)
    label.deleteLater()
    assert after >= before - 100, f"None lost {before - after} references"
