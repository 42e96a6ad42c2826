"""The lead's overview window and the coach's export dialog, driven as the coach would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from coachdesk.core.coaching_log_file import encode, parse
from coachdesk.core.services import Services
from coachdesk.export.lead_log_file import gather_log_file
from coachdesk.storage.workspace import open_workspace
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.export_lead_log_dialog import ExportLeadLogDialog
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.models.school_overview_models import RowsTableModel
from coachdesk.ui.panes.school_overview import SchoolOverviewWindow
from tests.e2e.lead_coaches import build_ruth, build_sam

TODAY = dt.date(2025, 12, 12)


def cells(model: RowsTableModel) -> list[list[str]]:
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def coach_file(tmp_path: Path, who: str) -> Path:
    workspace = open_workspace(tmp_path / who)
    try:
        services = workspace.services()
        {"ruth": build_ruth, "sam": build_sam}[who](services)
        data = encode(gather_log_file(services, 2025, 1))
    finally:
        workspace.close()
    path = tmp_path / f"{who}.coachlog.json"
    path.write_bytes(data)
    return path


def test_open_files_shows_the_term_and_refuses_a_bad_file(
    qtbot: QtBot, services: Services, tmp_path: Path
):
    ctx = UiContext(services, today=lambda: TODAY)
    window = SchoolOverviewWindow(ctx)
    qtbot.addWidget(window)
    assert window.logs_model.rowCount() == 0
    assert "Open the coaching-log files" in window.summary.text()

    ruth, sam = coach_file(tmp_path, "ruth"), coach_file(tmp_path, "sam")
    broken = tmp_path / "broken.coachlog.json"
    doc = json.loads(ruth.read_bytes())
    doc["contacts"][0]["on"] = "2026-03-01"
    broken.write_text(json.dumps(doc))
    messages = window.import_paths([ruth, broken, sam, ruth])

    assert messages[0] == "✓ ruth.coachlog.json: Ruth Evans's log for Autumn 2025/26 is imported."
    assert messages[1].startswith(
        "✗ broken.coachlog.json: not imported. Contact 1 is on 2026-03-01"
    )
    assert "is imported" in messages[2]
    assert "already imported; nothing changed" in messages[3]
    assert window.messages.count() == 4
    assert window.messages.item(0).text() == messages[0]

    assert [row[0] for row in cells(window.logs_model)] == ["Ruth Evans", "Sam Lee"]
    assert window.term() == (2025, 1)
    contacts = cells(window.contacts_model)
    assert contacts[-1][0] == "Whole school"
    # Coach, then sessions/minutes/observations per half-term, then the term's totals.
    assert contacts[-1][1:] == ["1", "30", "1", "2", "65", "1", "5", "95", "2"]
    assert window.contacts_model.headerData(1, Qt.Orientation.Horizontal) == "Autumn 1\nsessions"
    assert [row[0] for row in cells(window.gaps_model)] == ["Dan Smith", "Eve Adams"]
    assert cells(window.goals_model)[-1] == ["Whole school", "2", "0", "0"]
    assert "2 coaches" in window.summary.text()


def test_remove_takes_a_coach_out_of_the_overview(qtbot: QtBot, services: Services, tmp_path: Path):
    ctx = UiContext(services, today=lambda: TODAY)
    window = SchoolOverviewWindow(ctx)
    qtbot.addWidget(window)
    window.import_paths([coach_file(tmp_path, "ruth"), coach_file(tmp_path, "sam")])
    assert not window.remove_button.isEnabled()
    window.logs_view.selectRow(1)
    assert window.remove_button.isEnabled()
    with qtbot.waitSignal(ctx.changed):
        qtbot.mouseClick(window.remove_button, Qt.MouseButton.LeftButton)
    assert [row[0] for row in cells(window.logs_model)] == ["Ruth Evans"]
    overview = window.overview()
    assert overview is not None
    assert [c.coach for c in overview.coaches] == ["Ruth Evans"]
    assert window.messages.item(0).text() == "Sam Lee's log for Autumn 2025/26 was removed."


def test_the_export_dialog_writes_the_chosen_term(qtbot: QtBot, services: Services, tmp_path: Path):
    build_ruth(services)
    services.settings.put("coach_name", "")
    ctx = UiContext(services, today=lambda: TODAY)
    dialog = ExportLeadLogDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.term() == (2025, 1)  # the current term
    assert not dialog.save_button.isEnabled()
    assert "Write your name" in dialog.preview.text()
    dialog.set_coach_name("  Ruth   Evans ")
    assert services.settings.coach_name() == "Ruth Evans"
    assert dialog.save_button.isEnabled()
    assert "1 cycle, 2 sessions and 1 observation" in dialog.preview.text()

    target = tmp_path / "out.coachlog.json"
    with qtbot.waitSignal(dialog.saved) as saved:
        assert dialog.save(target) == target
    assert saved.args == [target]
    log = parse(target.read_bytes())
    assert (log.coach.name, log.term, len(log.contacts)) == ("Ruth Evans", 1, 3)
    assert target.stat().st_mode & 0o777 == 0o600
    assert "Saved to" in dialog.status.text()

    dialog.choose_term(2025, 2)
    dialog.save(target)
    assert parse(target.read_bytes()).term == 2


@pytest.mark.qt_log_ignore(  # the offscreen platform cannot raise or size real windows
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
def test_the_file_menu_opens_both(qtbot: QtBot, services: Services):
    ctx = UiContext(services, today=lambda: TODAY)
    window = MainWindow(services, ctx)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    texts = {a.text() for a in file_menu.actions()}
    assert "School o&verview (coaching lead)…" in texts
    export_menu = next(a.menu() for a in file_menu.actions() if a.menu() and a.text() == "&Export")
    assert isinstance(export_menu, QMenu)
    export = next(a for a in export_menu.actions() if "lead" in a.text())
    export.trigger()
    dialog = window.findChild(ExportLeadLogDialog)
    assert dialog is not None
    dialog.close()
    overview = next(a for a in file_menu.actions() if "verview" in a.text())
    overview.trigger()
    opened = window.findChild(SchoolOverviewWindow)
    assert opened is not None
    assert opened.isVisible()
    overview.trigger()
    assert window.findChildren(SchoolOverviewWindow) == [opened]  # raised, not a second one
