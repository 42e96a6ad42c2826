"""The tag table: follows the controller, seeks on click, edits time, tag and note, deletes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QPixmap
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.core.tags import Tag, TagId, TagKind, TagSetId, TagType, TagTypeId
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.edit_roles import CHOICES_ROLE, VALUE_ROLE
from coachdesk.ui.models.tag_table_model import AUTHOR, NOTE, TAG, THUMBNAIL, TIME, TagTableModel
from tests.ui.test_tagging import Review, make_review, press_key, stored

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def review(qtbot: QtBot, ctx: UiContext) -> Review:
    made = make_review(qtbot, ctx)
    for key, ms in ((Qt.Key.Key_1, 20_000), (Qt.Key.Key_2, 80_000), (Qt.Key.Key_5, 50_000)):
        press_key(qtbot, made, key, ms)
    return made


def cells(review: Review, column: int) -> list[str]:
    model = review.table.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_table_lists_tags_in_time_order(review: Review, qtmodeltester: ModelTester):
    qtmodeltester.check(review.table.model)
    assert cells(review, TIME) == ["0:15.0", "0:45.0–0:55.0", "1:15.0"]
    assert cells(review, TAG) == ["Open question", "Whole-class response", "Closed question"]
    assert cells(review, AUTHOR) == ["coach"] * 3
    swatch = review.table.model.index(0, TAG).data(Qt.ItemDataRole.DecorationRole)
    assert swatch == QColor("#43a047")
    assert review.table.view.isVisible()
    assert not review.table.no_tags.isVisible()


def test_the_table_follows_adds_and_deletes(qtbot: QtBot, ctx: UiContext, review: Review):
    press_key(qtbot, review, Qt.Key.Key_4, 40_000)
    assert cells(review, TIME)[1] == "0:35.0"
    review.controller.delete_tags([review.controller.tags()[0].id])
    assert cells(review, TAG) == ["Cold call", "Whole-class response", "Closed question"]
    ctx.undo_stack.undo()
    assert cells(review, TAG)[0] == "Open question"


def test_clicking_a_row_asks_to_seek_there(qtbot: QtBot, review: Review):
    view = review.table.view
    rect = view.visualRect(review.table.model.index(1, NOTE))
    with qtbot.waitSignal(review.table.seek_requested) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [45_000]


def test_enter_on_a_row_seeks_too(qtbot: QtBot, review: Review):
    view = review.table.view
    view.setFocus()
    view.setCurrentIndex(review.table.model.index(2, TIME))
    with qtbot.waitSignal(review.table.seek_requested) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [75_000]


def test_editing_a_note_saves_it_and_undo_takes_it_back(ctx: UiContext, review: Review):
    model = review.table.model
    assert model.setData(model.index(0, NOTE), "  Hands up, then waited  ")
    assert stored(ctx, review)[0] == ("Open question", 15_000, None, "Hands up, then waited")
    assert cells(review, NOTE)[0] == "Hands up, then waited"
    ctx.undo_stack.undo()
    assert stored(ctx, review)[0][3] == ""
    assert cells(review, NOTE)[0] == ""


def test_editing_the_time_moves_the_row(ctx: UiContext, review: Review):
    model = review.table.model
    tag_id = model.tag_at(model.index(0, TIME)).id
    assert model.setData(model.index(0, TIME), "1:30")
    assert cells(review, TIME) == ["0:45.0–0:55.0", "1:15.0", "1:30.0"]
    assert model.tag_at(model.index(2, TIME)).id == tag_id
    # A span moves as a whole when given one time, or takes a new start and end.
    assert model.setData(model.index(0, TIME), "0:10")
    assert cells(review, TIME)[0] == "0:10.0–0:20.0"
    assert model.setData(model.index(0, TIME), "0:11–0:12.5")
    assert cells(review, TIME)[0] == "0:11.0–0:12.5"
    assert [t[1:3] for t in stored(ctx, review)] == [
        (11_000, 12_500),
        (75_000, None),
        (90_000, None),
    ]


def test_a_time_that_is_not_a_time_is_refused(qtbot: QtBot, ctx: UiContext, review: Review):
    model = review.table.model
    before = stored(ctx, review)
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert not model.setData(model.index(0, TIME), "soon")
    assert "not a time" in blocker.args[0]
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert not model.setData(model.index(1, TIME), "0:50–0:40")
    assert "end before it starts" in blocker.args[0]
    assert stored(ctx, review) == before


def test_changing_the_tag_type(ctx: UiContext, review: Review):
    model = review.table.model
    index = model.index(0, TAG)
    choices = index.data(CHOICES_ROLE)
    assert [label for label, _id in choices][:2] == ["Open question", "Closed question"]
    cold_call = next(value for label, value in choices if label == "Cold call")
    assert index.data(VALUE_ROLE) != cold_call
    assert model.setData(index, cold_call)
    assert stored(ctx, review)[0][0] == "Cold call"
    assert cells(review, TAG)[0] == "Cold call"


def test_delete_key_deletes_the_selected_tags_in_one_undo(
    qtbot: QtBot, ctx: UiContext, review: Review
):
    view = review.table.view
    view.setFocus()
    ids = [t.id for t in review.controller.tags()]
    selection = view.selectionModel()
    for row in (0, 2):
        selection.select(
            review.table.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [t[0] for t in stored(ctx, review)] == ["Whole-class response"]
    assert cells(review, TAG) == ["Whole-class response"]
    ctx.undo_stack.undo()
    assert [t.id for t in ctx.services.tags.tags(review.clip.id)] == ids
    assert review.table.model.rowCount() == 3


def test_the_last_delete_shows_the_empty_state(ctx: UiContext, review: Review):
    review.controller.delete_tags([t.id for t in review.controller.tags()])
    assert not review.table.view.isVisible()
    assert review.table.no_tags.isVisible()
    assert "No tags on this clip yet" in review.table.no_tags.text()


def test_follow_marks_the_tag_now_playing(review: Review):
    model = review.table.model
    review.table.follow(50_000)
    assert model.index(1, TIME).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, TIME).data(Qt.ItemDataRole.FontRole) is None
    review.table.follow(90_000)
    assert model.index(2, NOTE).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, TIME).data(Qt.ItemDataRole.FontRole) is None


def test_thumbnails_show_when_they_arrive(qtbot: QtBot, review: Review):
    ready: dict[int, QPixmap] = {}
    model = review.table.model
    model.set_thumbnail_provider(lambda tag: ready.get(tag.id))
    first = model.tag_at(model.index(0, 0))
    assert model.index(0, THUMBNAIL).data(Qt.ItemDataRole.DecorationRole) is None
    pixmap = QPixmap(64, 36)
    pixmap.fill(QColor("#123456"))
    ready[first.id] = pixmap
    with qtbot.waitSignal(model.dataChanged) as blocker:
        review.table.thumbnail_ready(first.id)
    assert blocker.args[0].row() == 0
    shown = model.index(0, THUMBNAIL).data(Qt.ItemDataRole.DecorationRole)
    assert shown.cacheKey() == pixmap.cacheKey()


def _tag(n: int, at_ms: int, end_ms: int | None = None) -> Tag:
    return Tag(TagId(n), 1, TagTypeId(1), at_ms, end_ms, note=f"n{n}", author="coach")


def test_the_model_alone_with_moves(qtmodeltester: ModelTester):
    types = {1: TagType(TagTypeId(1), TagSetId(1), "Span", kind=TagKind.DURATION)}
    model = TagTableModel()
    model.set_tags([_tag(n, n * 1000) for n in range(1, 201)], types)
    qtmodeltester.check(model)
    model.update_tag(_tag(5, 150_500))  # far later
    model.update_tag(_tag(150, 1))  # to the top
    model.update_tag(_tag(7, 7000, 9000))  # in place
    model.add_tag(_tag(999, 0))
    model.remove_tag(100)
    keys = [model.tag_at(model.index(r, 0)).at_ms for r in range(model.rowCount())]
    assert keys == sorted(keys)
    assert model.rowCount() == 200
    assert model.index(model.row_of(150), 0).data() == "0:00.0 ● recording"  # no end yet
    assert model.index(model.row_of(150), 0).data(Qt.ItemDataRole.EditRole) == "0:00.0"
    assert model.index(model.row_of(7), 0).data() == "0:07.0–0:09.0"
    assert model.row_of(5) == 149
    assert model.row_of(100) == -1
    qtmodeltester.check(model)


def test_without_a_clip_the_table_says_so(review: Review):
    review.controller.set_clip(None)
    assert review.table.model.rowCount() == 0
    assert review.table.no_tags.isVisible()
    assert "No lesson clip open" in review.table.no_tags.text()
