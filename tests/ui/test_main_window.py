"""The main window: first-run welcome and demo, layout memory, backups, shortcut hygiene."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from pytestqt.qtbot import QtBot

from coachdesk.core.services import Services
from coachdesk.demo import fill_demo
from coachdesk.ui.context import UiContext
from coachdesk.ui.main_window import MainWindow
from tests.conftest import TODAY


def make_window(qtbot: QtBot, services: Services, demo: bool = True) -> MainWindow:
    ctx = UiContext(services, today=lambda: TODAY)
    window = MainWindow(
        services, ctx, load_demo=(lambda: fill_demo(services, today=TODAY)) if demo else None
    )
    qtbot.addWidget(window)
    return window


def test_first_run_offers_the_demo(qtbot: QtBot, services: Services):
    window = make_window(qtbot, services)
    assert window.centre.currentWidget() is window.welcome
    assert "Welcome to CoachDesk" in window.welcome.text.text()
    assert window.welcome.demo_button.isEnabled()
    window.welcome.demo_button.click()
    assert len(services.coachees.list()) == 5
    assert window.coachees_pane.model.rowCount() == 4  # the archived one is hidden
    assert "No cycle selected" in window.welcome.text.text()
    with qtbot.waitSignal(window.ctx.problem) as blocker:
        window.load_demo()  # a second time: refused, nothing added
    assert "only added to an empty workspace" in blocker.args[0]
    assert len(services.coachees.list()) == 5


def test_selecting_a_cycle_shows_the_workspace(qtbot: QtBot, services: Services):
    fill_demo(services, today=TODAY)
    window = make_window(qtbot, services)
    tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
    window.ctx.select_cycle(services.cycles.list(tom.id)[0].id)
    assert window.centre.currentWidget() is window.workspace
    assert window.workspace.heading.text() == "Tom Okafor — Questions that reach everyone"


def test_layout_is_remembered(qtbot: QtBot, services: Services):
    window = make_window(qtbot, services)
    window.show()
    qtbot.waitExposed(window)
    window.playbook_dock.raise_()
    window.timeline_dock.hide()
    window.close()
    again = make_window(qtbot, services)
    again.show()
    qtbot.waitExposed(again)
    assert not again.timeline_dock.isVisible()
    again.reset_layout()
    assert again.timeline_dock.isVisible()
    assert (services.data_dir / "window.ini").stat().st_mode & 0o777 == 0o600


def test_back_up_now(qtbot: QtBot, services: Services):
    window = make_window(qtbot, services)
    with qtbot.waitSignal(window.ctx.status) as blocker:
        window.back_up_now()
    assert "Backup written to" in blocker.args[0]
    assert "newest backup is" in services.backups.describe_newest()


def test_no_two_actions_share_a_shortcut(qtbot: QtBot, services: Services):
    window = make_window(qtbot, services)
    window_wide = [
        a
        for a in window.findChildren(QAction)
        if not a.shortcut().isEmpty()
        and a.isEnabled()
        and a.shortcutContext().name == "WindowShortcut"
    ]
    assert len(window_wide) >= 8  # the menus really were searched
    counts = Counter(a.shortcut().toString() for a in window_wide)
    assert [key for key, n in counts.items() if n > 1] == []


def test_f1_opens_the_handbook_page_for_the_pane_in_hand(qtbot: QtBot, services: Services):
    fill_demo(services, today=TODAY)
    window = make_window(qtbot, services)
    window.show()
    qtbot.waitExposed(window)
    tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
    window.ctx.select_cycle(services.cycles.list(tom.id)[0].id)
    window.workspace.show_tab("PEERS goal")
    window.activateWindow()
    window.workspace.goal_panel.setFocus()
    focus = window.workspace.goal_panel.focusWidget() or window.workspace.goal_panel
    focus.setFocus()
    qtbot.waitUntil(
        lambda: (
            window.workspace.goal_panel.isAncestorOf(window.focusWidget())
            or window.focusWidget() is window.workspace.goal_panel
        )
    )
    window.show_help()
    assert window.handbook_dock.isVisible()
    assert window.handbook_pane.current_page_id == "peers-goals"


def test_f1_knows_the_panes_built_later_and_the_overview_window(qtbot: QtBot, services: Services):
    fill_demo(services, today=TODAY)
    window = make_window(qtbot, services)
    window.show()
    qtbot.waitExposed(window)
    # nothing of the cycle workspace is built before a cycle is opened
    assert not any(window.workspace.is_built(t) for t in window.workspace.TABS)
    tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
    window.ctx.select_cycle(services.cycles.list(tom.id)[0].id)
    window.workspace.show_tab("Sessions")
    assert window.workspace.is_built("Sessions")
    assert not window.workspace.is_built("Video review")
    rehearsal = window.workspace.sessions_panel.editor.rehearsal
    window.activateWindow()
    rehearsal.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is rehearsal)
    window.show_help()
    assert window.handbook_pane.current_page_id == "feedback-after-practice"

    from coachdesk.ui.lead_menu import open_school_overview

    overview = open_school_overview(window, window.ctx, window.show_help_for)
    (help_key,) = overview.findChildren(QShortcut)
    assert (
        help_key.key().matches(QKeySequence(Qt.Key.Key_F1)) == QKeySequence.SequenceMatch.ExactMatch
    )
    help_key.activated.emit()
    assert window.handbook_pane.current_page_id == "school-overview"
    overview.close()
