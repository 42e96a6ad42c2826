"""Fixtures for pane tests: a UiContext over fresh services, optionally with the demo in it."""

from __future__ import annotations

import pytest

from coachdesk.core.services import Services
from coachdesk.demo import fill_demo
from coachdesk.ui.context import UiContext
from tests.conftest import TODAY


@pytest.fixture
def ctx(qapp: object, services: Services) -> UiContext:
    return UiContext(services, today=lambda: TODAY)


@pytest.fixture
def demo_ctx(qapp: object, services: Services) -> UiContext:
    fill_demo(services, today=TODAY)
    return UiContext(services, today=lambda: TODAY)
