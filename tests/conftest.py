"""Shared fixtures: a fresh workspace in a temporary folder, and services over it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

from coachdesk.app import build_services
from coachdesk.core.services import Services
from coachdesk.storage.workspace import Workspace, open_workspace

TODAY = dt.date(2025, 11, 12)  # a Wednesday in Autumn 2 of 2025/26


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path / "data")
    yield ws
    ws.close()


@pytest.fixture
def services(workspace: Workspace) -> Services:
    return build_services(workspace)
