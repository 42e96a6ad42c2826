"""Three coaches export their term's log files; the lead opens them (one twice): exact totals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from coachdesk.cli.logfile import export_logfile
from coachdesk.core.school_overview import ContactCount
from coachdesk.export.lead_log_file import gather_log_file, write_log_file
from coachdesk.storage.workspace import open_workspace
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.export_lead_log_dialog import ExportLeadLogDialog
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.panes.school_overview import SchoolOverviewWindow
from tests.e2e.lead_coaches import open_coach

TODAY = dt.date(2025, 12, 12)
NOW = dt.datetime(2025, 12, 12, 16, 0, tzinfo=dt.UTC)


def export_three(qtbot: QtBot, tmp_path: Path) -> list[Path]:
    """Each coach exports Autumn 2025/26 a different way: the CLI, the dialog, the library."""
    out = tmp_path / "handed-in"
    out.mkdir()
    open_coach(tmp_path, "ruth").close()
    assert export_logfile(tmp_path / "ruth", 1, 2025, out, now=NOW) == 0
    ruth = out / "coaching-log Ruth Evans 2025 T1.coachlog.json"

    sam_ws = open_coach(tmp_path, "sam")
    try:
        dialog = ExportLeadLogDialog(UiContext(sam_ws.services(), today=lambda: TODAY))
        qtbot.addWidget(dialog)
        sam = dialog.save(out / "sam.coachlog.json")
        assert sam is not None
    finally:
        sam_ws.close()

    ada_ws = open_coach(tmp_path, "ada")
    try:
        ada = write_log_file(gather_log_file(ada_ws.services(), 2025, 1, NOW), out / "ada.json")
    finally:
        ada_ws.close()
    return [ruth, sam, ada]


@pytest.mark.qt_log_ignore(  # the offscreen platform cannot raise or size real windows
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
def test_three_coaches_files_one_twice_give_the_school_totals(qtbot: QtBot, tmp_path: Path):
    ruth, sam, ada = export_three(qtbot, tmp_path)

    lead = open_workspace(tmp_path / "lead")
    try:
        services = lead.services()
        window = MainWindow(services, UiContext(services, today=lambda: TODAY))
        qtbot.addWidget(window)
        action = next(
            a
            for a in window.findChildren(QAction)
            if a.text() == "School o&verview (coaching lead)…"
        )
        action.trigger()
        pane = window.findChild(SchoolOverviewWindow)
        assert pane is not None
        messages = pane.import_paths([ruth, sam, ada, ada])
        assert [m.split(": ", 1)[1] for m in messages] == [
            "Ruth Evans's log for Autumn 2025/26 is imported.",
            "Sam Lee's log for Autumn 2025/26 is imported.",
            "Ada King's log for Autumn 2025/26 is imported.",
            "Ada King's log for Autumn 2025/26 is already imported; nothing changed.",
        ]
        assert len(services.lead_logs.logs()) == 3

        overview = pane.overview()
        assert overview is not None
        assert overview.term_label == "Autumn 2025/26"
        by_coach = {c.coach: c.per_half_term for c in overview.coaches}
        assert by_coach == {
            "Ada King": (  # the 22 Dec review is in the holiday: Autumn 2; 10 Jan is Spring
                ContactCount(sessions=2, observations=1, minutes=90),
                ContactCount(sessions=1, observations=1, minutes=15),
            ),
            "Ruth Evans": (
                ContactCount(sessions=1, observations=1, minutes=30),
                ContactCount(sessions=1, observations=0, minutes=45),
            ),
            "Sam Lee": (
                ContactCount(),
                ContactCount(sessions=1, observations=1, minutes=20),
            ),
        }
        assert overview.school.per_half_term == (
            ContactCount(sessions=3, observations=2, minutes=120),
            ContactCount(sessions=3, observations=2, minutes=80),
        )
        assert (overview.school.total.contacts, overview.school.total.minutes) == (10, 200)
        assert overview.school.colleagues == 3
        assert overview.colleagues_in_cycles == 3  # Priya, Tom (named by two coaches), Lena

        assert [(p.label, p.cycles, p.colleagues, p.coaches) for p in overview.problems] == [
            ("Exposing student thinking", 2, 2, 2),
            ("Containing student behaviour", 1, 1, 1),
        ]
        assert [(s.label, s.cycles, s.coaches) for s in overview.strategies] == [
            ("Mini-whiteboards", 2, 2),
            ("Entry routine", 1, 1),
        ]
        assert [(g.coach, g.cycles, g.completed, g.goal_met) for g in overview.goals] == [
            ("Ada King", 1, 1, 1),  # Mo's cycle ended last school year: not in the term
            ("Ruth Evans", 1, 0, 0),
            ("Sam Lee", 1, 0, 0),
        ]
        total = overview.goals_total
        assert (total.cycles, total.completed, total.goal_met) == (3, 1, 1)
        assert [(g.name, g.coaches) for g in overview.gaps] == [
            ("Dan Smith", ("Ruth Evans", "Sam Lee")),  # "dan smith" on Sam's list: once
            ("Eve Adams", ("Sam Lee",)),
            ("Mo Green", ("Ada King",)),
        ]  # Tom has a cycle with Sam; archived Grace is never a gap

        school_row = [
            pane.contacts_model.index(3, c).data() for c in range(pane.contacts_model.columnCount())
        ]
        assert school_row == ["Whole school", "3", "120", "2", "3", "80", "2", "10", "200", "3"]
    finally:
        lead.close()
