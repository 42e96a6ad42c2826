"""The scrubber: seeking by click and drag, tag marks and notes, the activity strip, zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from coachdesk.ui.review.scrubber import Scrubber

MINUTE = 60_000
BLUE, RED, GREEN = "#1f77b4", "#d62728", "#2ca02c"


@pytest.fixture
def scrubber(qtbot: QtBot) -> Scrubber:
    widget = Scrubber()
    qtbot.addWidget(widget)
    widget.resize(1012, widget.sizeHint().height())  # 1000 px of timeline: 6 s a pixel
    widget.set_duration(100 * MINUTE)
    # given out of order on purpose: signals speak of the caller's indices
    widget.set_tags(
        [
            (50 * MINUTE, None, RED, "Cold call"),
            (10 * MINUTE, 20 * MINUTE, BLUE, "Group work"),
            (80 * MINUTE, None, GREEN, "Praise"),
        ]
    )
    return widget


def x_of(widget: Scrubber, ms: int) -> int:
    return round(widget._current_view().x_of(ms))


def test_current_tag_follows_the_playhead(qtbot: QtBot, scrubber: Scrubber):
    seen: list[int] = []
    scrubber.current_tag_changed.connect(seen.append)
    scrubber.set_position(5 * MINUTE)
    assert scrubber.current_tag() == -1
    scrubber.set_position(15 * MINUTE)
    assert scrubber.current_tag() == 1
    scrubber.set_position(60 * MINUTE)
    scrubber.set_position(61 * MINUTE)  # same tag: no signal
    assert scrubber.current_tag() == 0
    assert seen == [1, 0]
    assert scrubber.next_tag(60 * MINUTE) == 2
    assert scrubber.previous_tag(50 * MINUTE) == 1
    assert scrubber.next_tag(80 * MINUTE) == -1
    assert scrubber.tag_start(2) == 80 * MINUTE


def test_click_a_tag_mark_goes_to_it(qtbot: QtBot, scrubber: Scrubber):
    y = scrubber.lanes().tags.center().y()
    with (
        qtbot.waitSignal(scrubber.tag_clicked) as clicked,
        qtbot.waitSignal(scrubber.seek_requested) as seek,
    ):
        qtbot.mouseClick(
            scrubber, Qt.MouseButton.LeftButton, pos=QPoint(x_of(scrubber, 50 * MINUTE) + 2, y)
        )
    assert clicked.args == [0]
    assert seek.args == [50 * MINUTE]
    # inside a span counts too
    with qtbot.waitSignal(scrubber.tag_clicked) as clicked:
        qtbot.mouseClick(
            scrubber, Qt.MouseButton.LeftButton, pos=QPoint(x_of(scrubber, 15 * MINUTE), y)
        )
    assert clicked.args == [1]


def test_click_and_drag_on_the_bar_seeks(qtbot: QtBot, scrubber: Scrubber):
    y = scrubber.lanes().bar.center().y()
    seeks: list[int] = []
    scrubber.seek_requested.connect(seeks.append)
    qtbot.mousePress(
        scrubber, Qt.MouseButton.LeftButton, pos=QPoint(x_of(scrubber, 30 * MINUTE), y)
    )
    qtbot.mouseMove(scrubber, QPoint(x_of(scrubber, 40 * MINUTE), y))
    qtbot.mouseRelease(
        scrubber, Qt.MouseButton.LeftButton, pos=QPoint(x_of(scrubber, 40 * MINUTE), y)
    )
    assert seeks[0] == pytest.approx(30 * MINUTE, abs=6000)
    assert seeks[-1] == pytest.approx(40 * MINUTE, abs=6000)
    # an empty stretch of the tag track seeks as well
    qtbot.mouseClick(
        scrubber,
        Qt.MouseButton.LeftButton,
        pos=QPoint(x_of(scrubber, 65 * MINUTE), scrubber.lanes().tags.center().y()),
    )
    assert seeks[-1] == pytest.approx(65 * MINUTE, abs=6000)
    scrubber.setFocus()
    qtbot.keyClick(scrubber, Qt.Key.Key_End)
    assert seeks[-1] == 100 * MINUTE - 1
    qtbot.keyClick(scrubber, Qt.Key.Key_Home)
    assert seeks[-1] == 0


def test_notes_show_and_can_be_clicked(qtbot: QtBot, scrubber: Scrubber):
    scrubber.set_notes([(70 * MINUTE, "Hands up from the same table"), (5 * MINUTE, "Starter")])
    y = scrubber.lanes().notes.center().y()
    with qtbot.waitSignal(scrubber.note_clicked) as clicked:
        qtbot.mouseClick(
            scrubber, Qt.MouseButton.LeftButton, pos=QPoint(x_of(scrubber, 70 * MINUTE), y)
        )
    assert clicked.args == [0]
    tip = scrubber.tooltip_at(x_of(scrubber, 5 * MINUTE), y)
    assert tip == "Live note at 5:00: Starter"


def test_tooltips(scrubber: Scrubber):
    lanes = scrubber.lanes()
    assert scrubber.tooltip_at(x_of(scrubber, 50 * MINUTE), lanes.tags.center().y()) == (
        "Cold call at 50:00 (click to go there)"
    )
    assert "Group work at 10:00–20:00" in scrubber.tooltip_at(
        x_of(scrubber, 12 * MINUTE), lanes.tags.center().y()
    )
    assert scrubber.tooltip_at(x_of(scrubber, 30 * MINUTE), lanes.bar.center().y()) == "30:00.0"
    assert "not measured" in scrubber.tooltip_at(10, lanes.activity.center().y())
    scrubber.set_activity([0.0] * 3000 + [0.5] * 3000)
    assert scrubber.tooltip_at(x_of(scrubber, 75 * MINUTE), lanes.activity.center().y()) == (
        "Activity at 1:15:00: 50 % of the busiest second"
    )


def test_painting_shows_tags_and_activity(qtbot: QtBot, scrubber: Scrubber):
    scrubber.set_activity([0.0] * 3000 + [1.0] * 3000)  # still first half, busy second half
    image = scrubber.grab().toImage()
    lanes = scrubber.lanes()
    ratio = image.devicePixelRatio()

    def pixel(x: int, y: int) -> QColor:
        return image.pixelColor(round(x * ratio), round(y * ratio))

    tag_y = lanes.tags.center().y()
    assert pixel(x_of(scrubber, 80 * MINUTE), tag_y).name() == GREEN
    assert pixel(x_of(scrubber, 50 * MINUTE), tag_y).name() == RED
    empty = pixel(x_of(scrubber, 65 * MINUTE), tag_y).name()
    assert empty not in {GREEN, RED, BLUE}
    near_top = lanes.activity.top() + 3
    still = pixel(x_of(scrubber, 25 * MINUTE), near_top)
    busy = pixel(x_of(scrubber, 75 * MINUTE), near_top)
    assert still != busy
    assert busy.green() > busy.red()


def test_zoom_shows_part_and_follows_the_playhead(qtbot: QtBot, scrubber: Scrubber):
    scrubber.set_view(40 * MINUTE, 60 * MINUTE)
    assert scrubber.visible_span() == (40 * MINUTE, 60 * MINUTE)
    y = scrubber.lanes().tags.center().y()
    with qtbot.waitSignal(scrubber.tag_clicked) as clicked:
        qtbot.mouseClick(
            scrubber, Qt.MouseButton.LeftButton, pos=QPoint(x_of(scrubber, 50 * MINUTE), y)
        )
    assert clicked.args == [0]
    scrubber.set_position(70 * MINUTE)
    start, end = scrubber.visible_span()
    assert start <= 70 * MINUTE <= end
    assert end - start == 20 * MINUTE
    scrubber.set_view(0, 100 * MINUTE)
    assert scrubber.visible_span() == (0, 100 * MINUTE)


def test_many_tags_in_order(scrubber: Scrubber):
    tags = [(i * 1200, None, BLUE, f"T{i}") for i in range(5000)]
    scrubber.set_tags(tags)
    scrubber.set_position(600_001)
    assert scrubber.current_tag() == 500
    assert scrubber.tag_count() == 5000
