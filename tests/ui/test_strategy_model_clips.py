"""Model clips in the playbook: link, note, remove (undo), the add dialog, and the reel player."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Slot
from pytestqt.qtbot import QtBot

from coachdesk.core.changes import Entity
from coachdesk.core.clips import ClipProbe
from coachdesk.core.model_clips import ModelClip
from coachdesk.core.observations import ObservationMode
from coachdesk.core.tags import TagKind
from coachdesk.core.tagset_file import TagTypeDraft
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.model_clip_dialog import ModelClipDialog
from coachdesk.ui.models.model_clip_list_model import MISSING_ROLE
from coachdesk.ui.panes.playbook_pane import PlaybookPane
from coachdesk.ui.panes.strategy_model_clips import EMPTY, StrategyModelClips
from coachdesk.ui.review.reel_player import ReelPlayer
from tests.conftest import TODAY
from tests.ui.test_review_player import QUIET_MULTIMEDIA
from tests.video.conftest import MadeClip, write_cfr

# Showing the video surface after a message page: the offscreen platform cannot raise it.
pytestmark = pytest.mark.qt_log_ignore(*QUIET_MULTIMEDIA.args, "This plugin does not support raise")

# Three short spans on a 10 s clip: the reel plays 3.0–3.5 s, 5.0–5.5 s and 8.0–8.5 s.
SPANS = ((3_000, 3_500), (5_000, 5_500), (8_000, 8_500))


@pytest.fixture(scope="module")
def lesson_clip(tmp_path_factory: pytest.TempPathFactory) -> MadeClip:
    """10 s at 25 fps, MJPEG in AVI (exact seeks)."""
    return write_cfr(tmp_path_factory.mktemp("model") / "lesson.avi", 250)


def add_lesson(ctx: UiContext, name: str, path: Path, spans=SPANS) -> int:
    """A coachee's filmed lesson with a tagged clip at ``path``; return the clip id."""
    services = ctx.services
    coachee = services.coachees.add(name, today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    observation = services.observations.add(cycle.id, TODAY, ObservationMode.VIDEO).value
    probe = ClipProbe(10_000, 25.0, False, 250, 320, 240, 0, "mjpeg", False)
    clip = services.clips.add(observation.id, str(path), "fp-" + path.name, probe).value
    tag_set = services.tags.create(
        f"{name} look-fors",
        [TagTypeDraft("Cold call", "#1e88e5"), TagTypeDraft("Pair talk", kind=TagKind.DURATION)],
    ).value
    cold, talk = tag_set.types
    for number, (start, end) in enumerate(spans):
        services.tags.add_tag(clip.id, (cold if number % 2 == 0 else talk).id, start, end)
    return clip.id


@pytest.fixture
def clip_file(tmp_path: Path, lesson_clip: MadeClip) -> Path:
    return Path(shutil.copy(lesson_clip.path, tmp_path / "8X2 fractions.avi"))


@pytest.fixture
def strategy_id(ctx: UiContext) -> int:
    return ctx.services.playbook.list()[0].id


@pytest.fixture
def section(qtbot: QtBot, ctx: UiContext, strategy_id: int) -> Iterator[StrategyModelClips]:
    widget = StrategyModelClips(ctx)
    qtbot.addWidget(widget)
    widget.show_strategy(strategy_id)
    yield widget
    if widget.reel_player is not None:
        widget.reel_player.close()


def test_add_note_remove_and_undo(
    qtbot: QtBot, ctx: UiContext, section: StrategyModelClips, clip_file: Path, strategy_id: int
):
    assert section.empty.text() == EMPTY
    assert not section.play_button.isEnabled()
    clip_id = add_lesson(ctx, "Priya Shah", clip_file)
    with qtbot.waitSignal(ctx.changed, check_params_cb=lambda c: c.touches(Entity.MODEL_CLIP)):
        added = section.add_clip(clip_id, "the wait time")
    assert added is not None
    assert section.model.rowCount() == 1
    row = section.model.index(0, 0)
    text = row.data(Qt.ItemDataRole.DisplayRole)
    assert "Priya Shah · 12 Nov 2025 · 8X2 fractions.avi · 0:10 · 3 tags" in text
    assert text.endswith("\nthe wait time")
    assert "as long as Priya Shah's records are kept" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert row.data(MISSING_ROLE) is False
    assert section.play_button.isEnabled()
    assert section.note.text() == "the wait time"

    section.note.setText("  the cold call at 0:04 ")
    section.note.editingFinished.emit()
    assert [c.note for c in ctx.services.model_clips.for_strategy(strategy_id)] == [
        "the cold call at 0:04"
    ]
    ctx.undo_stack.undo()
    assert section.note.text() == "the wait time"

    assert section.remove_selected()
    assert ctx.services.model_clips.for_strategy(strategy_id) == []
    assert section.model.rowCount() == 0
    assert not section.list.isVisibleTo(section)
    ctx.undo_stack.undo()  # the clip comes back, with its note
    assert [c.note for c in section.model.clips()] == ["the wait time"]
    ctx.undo_stack.undo()  # undo the add itself
    assert section.model.rowCount() == 0
    ctx.undo_stack.redo()
    assert [c.id for c in section.model.clips()] == [added.id]


def test_a_clip_twice_is_refused_with_a_message(
    qtbot: QtBot, ctx: UiContext, section: StrategyModelClips, clip_file: Path
):
    clip_id = add_lesson(ctx, "Priya Shah", clip_file)
    section.add_clip(clip_id)
    with qtbot.waitSignal(ctx.problem) as problem:
        assert section.add_clip(clip_id) is None
    assert "already a model clip" in problem.args[0]
    assert section.model.rowCount() == 1


def test_erasing_the_coachee_takes_the_clip_off(
    ctx: UiContext, section: StrategyModelClips, clip_file: Path
):
    clip_id = add_lesson(ctx, "Priya Shah", clip_file)
    section.add_clip(clip_id)
    priya = next(c for c in ctx.services.coachees.list() if c.name == "Priya Shah")
    ctx.run(lambda: ctx.services.coachees.delete(priya.id))
    assert section.model.rowCount() == 0
    assert section.empty.isVisibleTo(section)


def test_the_add_dialog_lists_clips_and_says_how_long_they_stay(
    qtbot: QtBot, ctx: UiContext, clip_file: Path, tmp_path: Path
):
    first = add_lesson(ctx, "Priya Shah", clip_file)
    second = add_lesson(ctx, "Tom Okafor", tmp_path / "9S2 particles.mp4", spans=())
    dialog = ModelClipDialog(
        ctx.services.model_clips.candidates(), "Turn and talk", already=[first]
    )
    qtbot.addWidget(dialog)
    rows = [
        [dialog.table.topLevelItem(r).text(c) for c in range(5)]
        for r in range(dialog.table.topLevelItemCount())
    ]
    assert [
        "Priya Shah",
        "12 Nov 2025",
        "8X2 fractions.avi",
        "0:10",
        "already a model clip",
    ] in rows
    assert ["Tom Okafor", "12 Nov 2025", "9S2 particles.mp4", "0:10", "no tags yet"] in rows
    assert not dialog.ok.isEnabled()
    assert not dialog.choose(first)  # already linked: not offered
    assert dialog.choose(second)
    assert dialog.ok.isEnabled()
    assert dialog.privacy.text().startswith("This clip stays only as long as Tom Okafor's records")
    dialog.note.setText(" watch the routine ")
    assert (dialog.chosen().clip_id, dialog.note_text()) == (second, "watch the routine")


def test_the_playbook_shows_the_selected_strategy_s_model_clips(
    qtbot: QtBot, ctx: UiContext, clip_file: Path
):
    pane = PlaybookPane(ctx)
    qtbot.addWidget(pane)
    clip_id = add_lesson(ctx, "Priya Shah", clip_file)
    strategies = ctx.services.playbook.list()
    ctx.run(lambda: ctx.services.model_clips.add(strategies[1].id, clip_id, "", TODAY))
    assert pane.select_strategy(strategies[0].id)
    assert pane.model_clips.strategy_id == strategies[0].id
    assert pane.model_clips.model.rowCount() == 0
    assert pane.select_strategy(strategies[1].id)
    assert [c.clip_id for c in pane.model_clips.model.clips()] == [clip_id]


def test_nothing_to_play_is_explained(
    qtbot: QtBot, ctx: UiContext, section: StrategyModelClips, tmp_path: Path
):
    section.add_clip(add_lesson(ctx, "Priya Shah", tmp_path / "untagged.avi", spans=()))
    assert not section.play_button.isEnabled()
    with qtbot.waitSignal(ctx.problem) as problem:
        assert section.play() is None
    assert "no tagged moments" in problem.args[0]


# -- the reel player -------------------------------------------------------------------------


class Positions(QObject):
    """Collects the player's positions on the GUI thread (a QObject slot, not a callable)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[int, int]] = []  # (moment index, position)
        self.player: ReelPlayer | None = None

    @Slot(int)
    def add(self, ms: int) -> None:
        assert self.player is not None
        self.seen.append((self.player.index, ms))


def test_the_reel_plays_each_moment_then_jumps_to_the_next(
    qtbot: QtBot, ctx: UiContext, section: StrategyModelClips, clip_file: Path
):
    section.add_clip(add_lesson(ctx, "Priya Shah", clip_file), "the wait time")
    log = Positions()
    player = section.play()
    assert isinstance(player, ReelPlayer)
    log.player = player
    player.player.position_changed.connect(log.add)
    assert player.caption.text() == "Moment 1 of 3 — Cold call"
    assert "Priya Shah's lesson, 12 Nov 2025 · 0:03–0:03" in player.where.text()
    assert "the wait time" in player.where.text()
    qtbot.waitUntil(lambda: player.index == 1, timeout=15_000)
    assert player.caption.text() == "Moment 2 of 3 — Pair talk"
    qtbot.waitUntil(lambda: player.index == 2, timeout=15_000)
    assert player.caption.text() == "Moment 3 of 3 — Cold call"
    qtbot.waitUntil(lambda: player.finished_reel, timeout=15_000)
    assert player.caption.text() == "End of the reel — 3 moments"
    assert player.pause_button.text() == "&Play again"

    for index, (start, end) in enumerate(SPANS):
        inside = [ms for i, ms in log.seen if i == index and start <= ms <= end + 200]
        assert inside, f"moment {index + 1} was not played: {log.seen}"
        # played, not jumped over: the playhead moved through the moment
        assert max(inside) - min(inside) >= 200, log.seen
    # nothing before or between the moments was played (the load shows 0 ms first)
    between = (300, 2_700), (3_900, 4_700), (5_900, 7_700)
    assert not [ms for _i, ms in log.seen if any(a < ms < b for a, b in between)], log.seen


def test_previous_next_and_pause(
    qtbot: QtBot, ctx: UiContext, section: StrategyModelClips, clip_file: Path
):
    section.add_clip(add_lesson(ctx, "Priya Shah", clip_file))
    player = section.play()
    assert player is not None
    qtbot.waitUntil(lambda: player.player.is_playing, timeout=10_000)
    player.next_button.click()
    assert player.index == 1
    qtbot.waitUntil(lambda: 5_000 <= player.player.position_ms <= 5_500, timeout=10_000)
    player.pause_button.click()
    assert player.pause_button.text() == "&Play"
    qtbot.waitUntil(lambda: not player.player.is_playing, timeout=10_000)
    paused_at = player.player.position_ms
    qtbot.wait(300)
    assert (player.index, player.player.position_ms) == (1, paused_at)
    player.previous_button.click()
    assert player.index == 0
    assert player.caption.text() == "Moment 1 of 3 — Cold call"
    qtbot.waitUntil(lambda: 3_000 <= player.player.position_ms <= 3_500, timeout=10_000)


def test_a_missing_clip_file_is_explained_and_can_be_skipped(
    qtbot: QtBot, ctx: UiContext, section: StrategyModelClips, clip_file: Path, tmp_path: Path
):
    section.add_clip(add_lesson(ctx, "Tom Okafor", tmp_path / "moved away.avi"))
    section.add_clip(add_lesson(ctx, "Priya Shah", clip_file, spans=SPANS[1:2]))
    gone: ModelClip = section.model.clips()[0]
    assert section.model.index_of(gone.id).data(MISSING_ROLE) is True
    player = section.play()
    assert player is not None
    assert player.caption.text() == "Moment 1 of 4 — Cold call"
    assert player.stack.currentIndex() == 1
    assert "not where it was" in player.message.text()
    assert "moved away.avi" in player.message.text()
    assert player.skip_button.text() == "&Skip this clip"
    player.skip_button.click()
    assert player.index == 3
    assert player.caption.text() == "Moment 4 of 4 — Cold call"
    assert player.stack.currentIndex() == 0
    qtbot.waitUntil(lambda: player.finished_reel, timeout=15_000)
