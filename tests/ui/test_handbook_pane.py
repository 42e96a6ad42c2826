"""The handbook pane: search, open pages and links between them, Back, help for a pane (F1)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.core.handbook import PANE_IDS, Handbook
from coachdesk.ui.context import UiContext
from coachdesk.ui.panes.handbook_pane import (
    PAGE_ID_ROLE,
    HandbookPane,
    load_bundled_handbook,
    pane_id_for,
)


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_bundled_handbook()


@pytest.fixture
def pane(qtbot: QtBot, ctx: UiContext, handbook: Handbook) -> HandbookPane:
    widget = HandbookPane(ctx, handbook)
    qtbot.addWidget(widget)
    return widget


def test_opens_on_the_start_page_with_every_page_listed(
    pane: HandbookPane, handbook: Handbook, qtmodeltester: ModelTester
):
    assert pane.current_page_id == handbook.start
    assert pane.model.page_ids() == [p.id for p in handbook.pages]
    assert pane.browser.toPlainText().startswith(handbook.page(handbook.start).title)
    assert pane.list.currentIndex().data(PAGE_ID_ROLE) == handbook.start
    qtmodeltester.check(pane.model)


def test_search_lists_matches_and_enter_opens_the_best(qtbot: QtBot, pane: HandbookPane):
    found = pane.search("pre-roll")
    assert found[0] == "tagging-video"
    assert pane.model.page_ids() == found
    assert pane.search_box.text() == "pre-roll"
    qtbot.keyClick(pane.search_box, Qt.Key.Key_Return)
    assert pane.current_page_id == "tagging-video"
    assert "pre-roll" in pane.browser.toPlainText()
    assert pane.browser.textCursor().selectedText() == "pre-roll"  # shows why it matched


def test_down_from_the_search_box_moves_to_the_list(qtbot: QtBot, pane: HandbookPane):
    pane.show()
    qtbot.waitExposed(pane)
    pane.activateWindow()
    pane.search_box.setFocus()
    qtbot.waitUntil(pane.search_box.hasFocus)
    qtbot.keyClick(pane.search_box, Qt.Key.Key_Down)
    assert pane.list.hasFocus()


def test_search_with_no_match_says_so_and_empty_search_lists_all(
    pane: HandbookPane, handbook: Handbook
):
    assert pane.search("xylophones") == []
    assert pane.empty.isVisibleTo(pane)
    assert not pane.list.isVisibleTo(pane)
    assert "xylophones" in pane.empty.text()
    assert pane.search("") == [p.id for p in handbook.pages]
    assert pane.list.isVisibleTo(pane)


def test_choosing_a_page_in_the_list_shows_it(pane: HandbookPane):
    pane.search("persistent")
    row = pane.model.row_of("persistent-problems")
    index = pane.model.index(row, 0)
    pane.list.setCurrentIndex(index)
    assert pane.current_page_id == "persistent-problems"
    assert "Containing student behaviour" in pane.browser.toPlainText()


def test_links_between_pages_and_back(qtbot: QtBot, ctx: UiContext, pane: HandbookPane):
    pane.show_page("impact-cycle")
    with qtbot.waitSignal(pane.page_shown) as blocker:
        pane.browser.anchorClicked.emit(QUrl("peers-goals.md"))
    assert blocker.args == ["peers-goals"]
    assert pane.current_page_id == "peers-goals"
    assert pane.back_button.isEnabled()
    pane.go_back()
    assert pane.current_page_id == "impact-cycle"
    with qtbot.waitSignal(ctx.status) as status:
        pane.browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert "does not open links" in status.args[0]
    assert pane.current_page_id == "impact-cycle"


def test_unknown_page_changes_nothing(qtbot: QtBot, ctx: UiContext, pane: HandbookPane):
    before = pane.current_page_id
    with qtbot.waitSignal(ctx.status):
        assert not pane.show_page("no-such-page")
    assert pane.current_page_id == before


def test_help_for_each_pane(pane: HandbookPane, handbook: Handbook):
    for pane_id in PANE_IDS:
        assert pane.show_help_for_pane(pane_id) == handbook.page_for_pane(pane_id).id  # type: ignore[union-attr]
    assert pane.show_help_for_pane("review") == "tagging-video"
    assert pane.show_help_for_pane(None) == handbook.start


def test_pane_id_for_walks_up_to_the_innermost_pane(qtbot: QtBot):
    window = QWidget()
    qtbot.addWidget(window)
    workspace, goal, elsewhere = QWidget(), QWidget(), QLineEdit()
    field = QLineEdit()
    QVBoxLayout(goal).addWidget(field)
    inner = QVBoxLayout(workspace)
    inner.addWidget(goal)
    outer = QVBoxLayout(window)
    outer.addWidget(workspace)
    outer.addWidget(elsewhere)
    panes = {workspace: "stage", goal: "goal"}
    assert pane_id_for(field, panes) == "goal"
    assert pane_id_for(goal, panes) == "goal"
    assert pane_id_for(workspace, panes) == "stage"
    assert pane_id_for(elsewhere, panes) is None
    assert pane_id_for(None, panes) is None


def test_f1_shows_the_page_for_the_focused_pane(qtbot: QtBot, ctx: UiContext, handbook: Handbook):
    window = QWidget()
    qtbot.addWidget(window)
    notes = QWidget()
    field = QLineEdit()
    QVBoxLayout(notes).addWidget(field)
    help_pane = HandbookPane(ctx, handbook)
    layout = QVBoxLayout(window)
    layout.addWidget(notes)
    layout.addWidget(help_pane)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    assert help_pane.show_help_for_focus({notes: "notes"}) == "observing"
    assert help_pane.current_page_id == "observing"
