"""Tagging a clip with hotkeys: lead times, spans, undo keeping ids, notes, tag sets."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.clips import Clip, ClipProbe
from coachdesk.core.observations import Observation, ObservationMode
from coachdesk.core.services import Services
from coachdesk.core.tags import TagKind, TagSet, TagSetSource
from coachdesk.ui.context import UiContext
from coachdesk.ui.review.tag_buttons import TagButtons, strategy_step_label
from coachdesk.ui.review.tag_table import TagTable
from coachdesk.ui.review.tagging import QuickNote, TagController
from tests.conftest import TODAY

# The offscreen platform warns when a top-level widget is shown; these tests show the host so
# that focus and shortcuts behave as in the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROBE = ClipProbe(3_600_000, 30.0, False, 108_000, 1280, 720, 0, "h264", True)


@dataclass
class FakePlayer:
    """Stands in for the player: the tests move ``ms`` as if the clip were playing."""

    ms: int = 0

    def position(self) -> int:
        return self.ms


@dataclass
class Review:
    host: QWidget
    controller: TagController
    buttons: TagButtons
    table: TagTable
    player: FakePlayer
    observation: Observation
    clip: Clip


def tag_set_named(services: Services, name: str) -> TagSet:
    return next(s for s in services.tags.tag_sets() if s.name == name)


def make_review(qtbot: QtBot, ctx: UiContext, tag_set: str | None = "Questioning") -> Review:
    """An observation with a clip, and the tagging widgets on one host with the hotkeys."""
    services = ctx.services
    coachee = services.coachees.add("Ada Lovelace", "Maths", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    set_id = tag_set_named(services, tag_set).id if tag_set else None
    observation = services.observations.add(
        cycle.id, TODAY, ObservationMode.VIDEO, "8X2 fractions", tag_set_id=set_id
    ).value
    clip = services.clips.add(observation.id, "/lessons/8x2.mp4", "v1:00ab", PROBE).value
    player = FakePlayer()
    controller = TagController(ctx, player.position)
    host = QWidget()
    buttons = TagButtons(ctx, controller)
    table = TagTable(ctx, controller)
    layout = QVBoxLayout(host)
    layout.addWidget(buttons)
    layout.addWidget(table)
    buttons.install_shortcuts(host)
    qtbot.addWidget(host)
    host.resize(900, 600)
    host.show()
    qtbot.waitExposed(host)
    ctx.select_cycle(cycle.id)
    ctx.select_observation(observation.id)
    controller.set_clip(clip.id)
    host.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # stands in for the player, which has focus
    host.activateWindow()
    host.setFocus()
    qtbot.waitUntil(host.hasFocus)
    return Review(host, controller, buttons, table, player, observation, clip)


@pytest.fixture
def review(qtbot: QtBot, ctx: UiContext) -> Review:
    return make_review(qtbot, ctx)


def press_key(qtbot: QtBot, review: Review, key: Qt.Key, at_ms: int) -> None:
    review.player.ms = at_ms
    qtbot.keyClick(review.host, key)


def stored(ctx: UiContext, review: Review) -> list[tuple[str, int, int | None, str]]:
    """The clip's tags as the database has them: (label, start, end, note)."""
    labels = {t.id: t.label for s in ctx.services.tags.tag_sets() for t in s.types}
    tags = ctx.services.tags.tags(review.clip.id)
    return [(labels[t.type_id], t.at_ms, t.end_ms, t.note) for t in tags]


def test_hotkeys_tag_the_moment_minus_the_lead_time(qtbot: QtBot, ctx: UiContext, review: Review):
    assert set(review.buttons.buttons) == {t.id for t in review.controller.tag_set.types}
    press_key(qtbot, review, Qt.Key.Key_1, 61_250)  # Open question: lead 5 s
    press_key(qtbot, review, Qt.Key.Key_4, 125_000)  # Cold call: lead 5 s
    press_key(qtbot, review, Qt.Key.Key_2, 3_000)  # lead 5 s from 0:03: clamped at the start

    assert stored(ctx, review) == [
        ("Closed question", 0, None, ""),
        ("Open question", 56_250, None, ""),
        ("Cold call", 120_000, None, ""),
    ]
    assert [t.at_ms for t in review.controller.tags()] == [0, 56_250, 120_000]
    assert review.table.model.rowCount() == 3


def test_a_point_tag_with_a_lag_is_a_fixed_span(qtbot: QtBot, ctx: UiContext, review: Review):
    press_key(qtbot, review, Qt.Key.Key_5, 30_000)  # Whole-class response: lead 5, lag 5
    assert stored(ctx, review) == [("Whole-class response", 25_000, 35_000, "")]


def test_duration_tags_open_on_one_press_and_close_on_the_next(qtbot: QtBot, ctx: UiContext):
    review = make_review(qtbot, ctx, "Participation and talk")
    teacher_talk = review.controller.tag_set.types[0]
    button = review.buttons.buttons[teacher_talk.id]

    press_key(qtbot, review, Qt.Key.Key_1, 10_000)  # Teacher talk: lead 2 s
    # Committed at once, still open: nothing is lost if the app stops now.
    assert stored(ctx, review) == [("Teacher talk", 8_000, None, "")]
    assert button.isChecked()
    assert "recording" in button.text()
    assert set(review.controller.open_spans()) == {teacher_talk.id}

    press_key(qtbot, review, Qt.Key.Key_2, 12_000)  # another span meanwhile
    press_key(qtbot, review, Qt.Key.Key_1, 40_000)
    assert stored(ctx, review) == [
        ("Teacher talk", 8_000, 40_000, ""),
        ("Student talk", 10_000, None, ""),
    ]
    assert not button.isChecked()
    assert set(review.controller.open_spans()) == {review.controller.tag_set.types[1].id}


def test_an_open_span_is_picked_up_after_a_restart(qtbot: QtBot, ctx: UiContext):
    review = make_review(qtbot, ctx, "Participation and talk")
    press_key(qtbot, review, Qt.Key.Key_1, 10_000)
    again = TagController(ctx, review.player.position)
    again.set_clip(review.clip.id, review.controller.tag_set)
    review.player.ms = 30_000
    again.press(review.controller.tag_set.types[0])
    assert stored(ctx, review) == [("Teacher talk", 8_000, 30_000, "")]


def test_closing_a_span_before_it_started_is_refused(qtbot: QtBot, ctx: UiContext):
    review = make_review(qtbot, ctx, "Participation and talk")
    press_key(qtbot, review, Qt.Key.Key_1, 60_000)
    review.player.ms = 10_000
    with qtbot.waitSignal(ctx.problem) as blocker:
        review.controller.press(review.controller.tag_set.types[0])
    assert "started at 0:58.0" in blocker.args[0]
    assert stored(ctx, review) == [("Teacher talk", 58_000, None, "")]


def test_clicking_a_button_tags_too(qtbot: QtBot, ctx: UiContext, review: Review):
    review.player.ms = 90_000
    cold_call = review.controller.tag_set.types[3]
    qtbot.mouseClick(review.buttons.buttons[cold_call.id], Qt.MouseButton.LeftButton)
    assert stored(ctx, review) == [("Cold call", 85_000, None, "")]


def test_undo_and_redo_keep_the_tag_id(qtbot: QtBot, ctx: UiContext, review: Review):
    press_key(qtbot, review, Qt.Key.Key_1, 20_000)
    tag = review.controller.tags()[0]

    ctx.undo_stack.undo()
    assert ctx.services.tags.tags(review.clip.id) == []
    assert review.controller.tags() == []
    assert review.table.model.rowCount() == 0

    ctx.undo_stack.redo()
    assert ctx.services.tags.tags(review.clip.id) == [tag]
    assert review.controller.tags() == [tag]
    assert review.table.model.tag_at(review.table.model.index(0, 0)) == tag


def test_undo_of_closing_a_span_reopens_it(qtbot: QtBot, ctx: UiContext):
    review = make_review(qtbot, ctx, "Participation and talk")
    press_key(qtbot, review, Qt.Key.Key_1, 10_000)
    press_key(qtbot, review, Qt.Key.Key_1, 20_000)
    ctx.undo_stack.undo()
    assert stored(ctx, review) == [("Teacher talk", 8_000, None, "")]
    assert review.buttons.buttons[review.controller.tag_set.types[0].id].isChecked()


def test_a_quick_note_goes_on_the_last_tag(qtbot: QtBot, ctx: UiContext, review: Review):
    note = QuickNote(review.host)
    note.submitted.connect(review.controller.note_for_last)
    press_key(qtbot, review, Qt.Key.Key_1, 20_000)
    press_key(qtbot, review, Qt.Key.Key_3, 10_000)  # made last, though earlier in the lesson

    note.open("Probing follow-up")
    assert note.hasFocus()
    qtbot.keyClicks(note, "Asked 'why 3?' 12 times")  # digits type, they do not tag
    qtbot.keyClick(note, Qt.Key.Key_Return)

    assert not note.isVisible()
    assert stored(ctx, review) == [
        ("Probing follow-up", 5_000, None, "Asked 'why 3?' 12 times"),
        ("Open question", 15_000, None, ""),
    ]
    ctx.undo_stack.undo()
    assert stored(ctx, review)[0][3] == ""


def test_escape_closes_the_quick_note_without_saving(qtbot: QtBot, ctx: UiContext, review: Review):
    note = QuickNote(review.host)
    note.submitted.connect(review.controller.note_for_last)
    press_key(qtbot, review, Qt.Key.Key_1, 20_000)
    note.open()
    qtbot.keyClicks(note, "never mind")
    with qtbot.waitSignal(note.cancelled):
        qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert not note.isVisible()
    assert stored(ctx, review) == [("Open question", 15_000, None, "")]


def test_next_previous_and_current_tag(qtbot: QtBot, review: Review):
    for key, ms in ((Qt.Key.Key_1, 20_000), (Qt.Key.Key_2, 40_000), (Qt.Key.Key_3, 60_000)):
        press_key(qtbot, review, key, ms)
    c = review.controller
    assert c.current_tag(10_000) is None
    assert c.current_tag(30_000).at_ms == 15_000  # tags start at 15, 35 and 55 s
    assert c.current_tag(35_000).at_ms == 35_000
    assert c.next_tag(30_000).at_ms == 35_000
    assert c.next_tag(55_000) is None
    assert c.previous_tag(35_000).at_ms == 15_000
    assert c.previous_tag(15_000) is None
    assert c.next_tag(0).at_ms == 15_000


def test_tagging_without_a_clip_says_what_to_do(qtbot: QtBot, ctx: UiContext, review: Review):
    review.controller.set_clip(None)
    with qtbot.waitSignal(ctx.problem) as blocker:
        press_key(qtbot, review, Qt.Key.Key_1, 20_000)
    assert "Open a lesson clip" in blocker.args[0]


def test_tags_added_elsewhere_are_picked_up(ctx: UiContext, review: Review):
    type_id = review.controller.tag_set.types[0].id
    added = ctx.services.tags.add_tag(review.clip.id, type_id, 5_000)
    ctx.broadcast(added.changes)
    assert review.controller.tags() == [added.value]
    assert review.table.model.rowCount() == 1


def test_choosing_a_tag_set_is_saved_on_the_observation(
    qtbot: QtBot, ctx: UiContext, review: Review
):
    behaviour = tag_set_named(ctx.services, "Behaviour and routines")
    combo = review.buttons.tag_set_combo
    combo.setCurrentIndex(combo.findData(behaviour.id))
    combo.activated.emit(combo.currentIndex())

    assert ctx.services.observations.get(review.observation.id).tag_set_id == behaviour.id
    assert review.controller.tag_set == behaviour
    assert set(review.buttons.buttons) == {t.id for t in behaviour.types}
    press_key(qtbot, review, Qt.Key.Key_6, 30_000)  # the new set's hotkeys: Lesson entry
    assert stored(ctx, review) == [("Lesson entry", 28_000, None, "")]

    ctx.undo_stack.undo()  # the tag
    ctx.undo_stack.undo()  # the choice of set
    questioning = tag_set_named(ctx.services, "Questioning")
    assert ctx.services.observations.get(review.observation.id).tag_set_id == questioning.id
    assert review.controller.tag_set == questioning


def test_no_tag_set_chosen_shows_how_to_get_one(qtbot: QtBot, ctx: UiContext):
    review = make_review(qtbot, ctx, None)
    assert review.buttons.buttons == {}
    assert "No tag set chosen" in review.buttons.empty.text()
    press_key(qtbot, review, Qt.Key.Key_1, 20_000)
    assert stored(ctx, review) == []


def test_a_tag_set_from_the_cycles_strategy(qtbot: QtBot, ctx: UiContext, review: Review):
    strategy = ctx.services.playbook.list()[0]
    ctx.services.cycles.choose_strategy(review.observation.cycle_id, strategy.id, TODAY)

    built = review.buttons.build_from_strategy()

    assert built is not None
    assert built.source is TagSetSource.STRATEGY
    # One tag per step, labelled with the step (long steps shortened to fit a button).
    assert [t.label for t in built.types] == [strategy_step_label(s) for s in strategy.steps]
    assert [t.hotkey for t in built.types] == list("1234567890"[: len(strategy.steps)])
    assert ctx.services.observations.get(review.observation.id).tag_set_id == built.id
    assert len(review.buttons.buttons) == len(strategy.steps)
    press_key(qtbot, review, Qt.Key.Key_2, 60_000)  # step 2, lead 5 s
    assert stored(ctx, review) == [(built.types[1].label, 55_000, None, "")]
    # Asking again uses the same set rather than making another.
    count = len(ctx.services.tags.tag_sets())
    assert review.buttons.build_from_strategy().id == built.id
    assert len(ctx.services.tags.tag_sets()) == count


def test_a_strategy_tag_set_needs_a_strategy(qtbot: QtBot, ctx: UiContext, review: Review):
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert review.buttons.build_from_strategy() is None
    assert "no strategy yet" in blocker.args[0]


def test_tag_set_edits_reach_the_buttons_and_hotkeys(qtbot: QtBot, ctx: UiContext, review: Review):
    own = ctx.services.tags.duplicate_set(review.controller.tag_set.id).value
    review.buttons.choose_tag_set(own.id)
    first = own.types[0]
    changed = ctx.services.tags.save_type(replace(first, hotkey="Q", label="Open Q"))
    ctx.broadcast(changed.changes | Changes.of(Entity.TAG_SET))
    assert "Open Q" in review.buttons.buttons[first.id].text()
    press_key(qtbot, review, Qt.Key.Key_Q, 20_000)
    press_key(qtbot, review, Qt.Key.Key_1, 30_000)  # no longer a hotkey
    assert stored(ctx, review) == [("Open Q", 15_000, None, "")]


def test_a_type_made_a_duration_picks_up_its_open_tag(qtbot: QtBot, ctx: UiContext, review: Review):
    own = ctx.services.tags.duplicate_set(review.controller.tag_set.id).value
    review.buttons.choose_tag_set(own.id)
    press_key(qtbot, review, Qt.Key.Key_1, 20_000)  # a point tag, so no end
    changed = ctx.services.tags.save_type(replace(own.types[0], kind=TagKind.DURATION))
    ctx.broadcast(changed.changes)
    assert set(review.controller.open_spans()) == {own.types[0].id}
    assert review.buttons.buttons[own.types[0].id].isChecked()
    press_key(qtbot, review, Qt.Key.Key_1, 50_000)  # so this press ends it
    assert stored(ctx, review) == [("Open question", 15_000, 50_000, "")]
