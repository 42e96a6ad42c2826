"""The shared rows model under the measurement and resource tables: Qt model checks, in-place
updates keep the rows (dataChanged), other changes reset, headers follow the columns."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from coachdesk.core.goals import Measurement
from coachdesk.core.resources import FileState, Resource, ResourceKind
from coachdesk.ui.models.measurement_table_model import MeasurementTableModel
from coachdesk.ui.models.resource_list_model import KIND, TITLE, ResourceListModel


def test_measurements(qtbot, qtmodeltester):
    model = MeasurementTableModel()
    rows = [
        Measurement(2, 1, dt.date(2025, 1, 2), 3.0),
        Measurement(1, 1, dt.date(2025, 1, 1), 2.0),
    ]
    model.set_measurements(rows, "min")
    qtmodeltester.check(model)
    assert model.row_of(1) == 0
    assert model.measurement_at(model.index(1, 0)).id == 2
    with qtbot.waitSignal(model.dataChanged):
        model.set_measurements(rows, "min")
    with qtbot.waitSignal(model.modelReset):
        model.set_measurements(rows[:1])
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Value"


def test_resources(qtbot, qtmodeltester):
    kind = next(iter(ResourceKind))
    r = Resource(5, kind, "Plan", "/nope/plan.pdf")
    model = ResourceListModel((TITLE, KIND))
    model.set_resources([(r, FileState.MISSING)])
    qtmodeltester.check(model)
    assert model.columnCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Kind"
    assert model.state_at(model.index(0, 0)) is FileState.MISSING
    assert model.row_of(5) == 0
    assert model.state_at(model.index(3, 0)) is FileState.OK
    assert model.resource_at(model.index(3, 0)) is None
    with qtbot.waitSignal(model.dataChanged):
        model.set_resources([(r, FileState.OK)])
