"""What the window imports before its first paint: not Qt Multimedia, OpenCV, PyAV or the
export templates, which the parts that need them load when first used (start-up figure)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("PySide6.QtMultimedia", "PySide6.QtNetwork", "cv2", "av", "numpy", "jinja2")


def test_the_main_window_module_loads_nothing_heavy():
    code = (
        "import sys; import coachdesk.app, coachdesk.ui.main_window; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
