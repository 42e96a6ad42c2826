"""The playbook browser: search, filters, use in a cycle, own strategies, import and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.app import build_services
from coachdesk.core.model_clips import ModelClip
from coachdesk.core.playbook import Category, Strategy, StrategyDraft, StrategySource
from coachdesk.core.playbook_file import parse_playbook
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.resources import FileState, Resource
from coachdesk.core.sequences import SequenceDraft, SequenceDraftItem
from coachdesk.storage.workspace import open_workspace
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.strategy_list_model import BADGE_ROLE, CATEGORY_ROLE, ID_ROLE
from coachdesk.ui.panes.playbook_pane import PlaybookPane
from tests.conftest import TODAY
from tests.storage.test_model_clips import lesson

DRAFT = StrategyDraft(
    title="Turn and talk",
    category=Category.QUESTIONING_FEEDBACK,
    purpose="Everyone rehearses an answer aloud before anyone answers the class.",
    wrong_choice_when="When the answer is a single fact.",
    steps=("Pose the question", "Pairs talk for thirty seconds about the zeugma", "Cold call"),
    look_fors=("Every pair is talking", "Answers use the quincunx sentence stem"),
    problems=frozenset({PersistentProblem.ENLISTING_PARTICIPATION}),
)


@pytest.fixture
def pane(qtbot: QtBot, ctx: UiContext) -> PlaybookPane:
    widget = PlaybookPane(ctx)
    qtbot.addWidget(widget)
    return widget


def shown_ids(pane: PlaybookPane) -> list[int]:
    return [
        pane.model.data(pane.model.index(row, 0), ID_ROLE) for row in range(pane.model.rowCount())
    ]


def by_title(ctx: UiContext, title: str) -> Strategy:
    return next(s for s in ctx.services.playbook.list() if s.title == title)


# -- searching -------------------------------------------------------------------------------


def test_lists_the_whole_playbook_with_a_count(
    pane: PlaybookPane, ctx: UiContext, qtmodeltester: ModelTester
):
    total = len(ctx.services.playbook.list())
    assert total > 10
    assert pane.model.rowCount() == total
    assert pane.count.text() == f"{total} strategies"
    assert pane.selected_strategy() is not None  # the first one is shown straight away
    qtmodeltester.check(pane.model)


def test_typing_searches_steps_and_look_fors_after_a_pause(qtbot: QtBot, pane: PlaybookPane):
    own = pane.create_strategy(DRAFT)
    assert own is not None
    pane.clear_filters()
    with qtbot.waitSignal(pane.results_updated, timeout=2000) as blocker:
        qtbot.keyClicks(pane.search, "zeugma")  # a word only in one step
    assert blocker.args == [1]
    assert shown_ids(pane) == [own.id]
    assert pane.count.text() == "1 strategy"
    assert "zeugma" in pane.detail.toPlainText()

    pane.set_filters("quincunx")  # a word only in a look-for
    assert shown_ids(pane) == [own.id]


def test_search_puts_title_matches_first(pane: PlaybookPane, ctx: UiContext):
    pane.set_filters("cold call")
    ids = shown_ids(pane)
    assert ids[0] == by_title(ctx, "Cold call").id
    assert len(ids) > 1  # other strategies mention cold calling in their steps


def test_category_and_problem_filters(pane: PlaybookPane, ctx: UiContext):
    everything = ctx.services.playbook.list()
    pane.set_filters(category=Category.PRACTICE_RETRIEVAL)
    expected = {s.id for s in everything if s.category is Category.PRACTICE_RETRIEVAL}
    assert set(shown_ids(pane)) == expected
    assert all(
        pane.model.data(pane.model.index(r, 0), CATEGORY_ROLE) == "Practice and retrieval"
        for r in range(pane.model.rowCount())
    )

    pane.set_filters(problem=PersistentProblem.CONTAINING_BEHAVIOUR)
    expected = {s.id for s in everything if PersistentProblem.CONTAINING_BEHAVIOUR in s.problems}
    assert set(shown_ids(pane)) == expected
    assert 0 < len(expected) < len(everything)

    pane.set_filters(
        category=Category.PRACTICE_RETRIEVAL, problem=PersistentProblem.CONTAINING_BEHAVIOUR
    )
    assert shown_ids(pane) == []


def test_filter_combos_drive_the_search(pane: PlaybookPane, ctx: UiContext):
    combo = pane.filters.category
    combo.setCurrentIndex(combo.findText(Category.EXPLAINING_MODELLING.label))
    assert {s.category for s in pane.model.strategies()} == {Category.EXPLAINING_MODELLING}
    combo.setCurrentIndex(0)
    assert pane.model.rowCount() == len(ctx.services.playbook.list())


def test_nothing_found_says_so_and_offers_to_clear(pane: PlaybookPane, ctx: UiContext):
    pane.set_filters("xylophone", category=Category.CURRICULUM_PLANNING)
    assert pane.model.rowCount() == 0
    assert pane.count.text() == "0 strategies"
    assert pane.results.currentIndex() == 1
    assert "No strategies match “xylophone”" in pane.empty_text.text()
    assert not pane.clear_button.isHidden()
    assert not pane.use_button.isEnabled()
    pane.clear_button.click()
    assert pane.search.text() == ""
    assert pane.model.rowCount() == len(ctx.services.playbook.list())
    assert pane.results.currentIndex() == 0


def test_detail_escapes_what_the_coach_wrote(pane: PlaybookPane):
    draft = StrategyDraft(
        "<b>Bold</b> & brave",
        Category.CURRICULUM_PLANNING,
        steps=("Use <script>",),
        look_fors=("a < b",),
    )
    pane.create_strategy(draft)
    text = pane.detail.toPlainText()
    assert "<b>Bold</b> & brave" in text
    assert "Use <script>" in text
    assert "a < b" in text
    assert "Your own strategy" in text


# -- keyboard --------------------------------------------------------------------------------


def test_keyboard_search_down_and_enter(qtbot: QtBot, pane: PlaybookPane):
    pane.show()
    qtbot.waitExposed(pane)
    pane.activateWindow()
    pane.find_action.trigger()
    qtbot.waitUntil(pane.search.hasFocus)
    qtbot.keyClicks(pane.search, "hinge")
    qtbot.keyClick(pane.search, Qt.Key.Key_Down)  # searches at once, without the pause
    qtbot.waitUntil(pane.list.hasFocus)
    assert pane.count.text() == "1 strategy"
    selected = pane.selected_strategy()
    assert selected is not None
    assert selected.title == "Hinge question"
    qtbot.keyClick(pane.list, Qt.Key.Key_Return)
    qtbot.waitUntil(pane.detail.hasFocus)
    assert "Hinge question" in pane.detail.toPlainText()


# -- the cycle in hand -----------------------------------------------------------------------


def test_use_in_this_cycle_records_the_choice(qtbot: QtBot, demo_ctx: UiContext):
    pane = PlaybookPane(demo_ctx)
    qtbot.addWidget(pane)
    assert not pane.use_button.isEnabled()  # no cycle selected yet
    services = demo_ctx.services
    cycle = next(
        c
        for c in services.cycles.list()
        if services.cycles.dossier(c.id).strategy is None
        or services.cycles.dossier(c.id).strategy.strategy.title != "Wait time"
    )
    demo_ctx.select_cycle(cycle.id)
    wait_time = by_title(demo_ctx, "Wait time")
    assert pane.select_strategy(wait_time.id)
    assert pane.use_button.isEnabled()
    with qtbot.waitSignal(demo_ctx.status) as blocker:
        chosen = pane.use_in_cycle(wait_time.id)
    assert chosen is not None
    assert services.cycles.dossier(cycle.id).strategy.strategy.id == wait_time.id
    assert "“Wait time” is now the strategy" in blocker.args[0]
    assert not pane.use_button.isEnabled()
    assert "Chosen for this cycle" in pane.use_button.text()
    assert "chosen for this cycle" in pane.detail.toPlainText()


# -- own strategies --------------------------------------------------------------------------


def test_create_selects_the_new_strategy_even_when_filters_hide_it(
    pane: PlaybookPane, ctx: UiContext
):
    pane.set_filters(category=Category.PRACTICE_RETRIEVAL)
    made = pane.create_strategy(DRAFT)
    assert made is not None
    stored = ctx.services.playbook.get(made.id)
    assert stored.source is StrategySource.OWN
    assert stored.steps == DRAFT.steps
    assert pane.selected_strategy() == stored
    assert pane.model.data(pane.list.currentIndex(), BADGE_ROLE) == "own"
    ctx.undo_stack.undo()
    assert made.id not in {s.id for s in ctx.services.playbook.list()}
    ctx.undo_stack.redo()
    assert ctx.services.playbook.get(made.id).title == "Turn and talk"


def test_empty_title_is_refused(qtbot: QtBot, pane: PlaybookPane, ctx: UiContext):
    before = len(ctx.services.playbook.list())
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert pane.create_strategy(StrategyDraft("  ", Category.CURRICULUM_PLANNING)) is None
    assert "needs a title" in blocker.args[0]
    assert len(ctx.services.playbook.list()) == before


def test_duplicate_makes_an_own_copy(pane: PlaybookPane, ctx: UiContext):
    original = by_title(ctx, "Exit ticket")
    copy = pane.duplicate(original.id)
    assert copy is not None
    assert copy.title == "Exit ticket (copy)"
    assert copy.source is StrategySource.OWN
    assert copy.based_on == original.id
    assert copy.steps == original.steps
    assert pane.selected_strategy() == copy
    assert "based on “Exit ticket”" in pane.detail.toPlainText()


def test_edit_own_strategy_is_undoable(pane: PlaybookPane, ctx: UiContext):
    own = pane.create_strategy(DRAFT)
    assert own is not None
    changed = StrategyDraft("Turn and talk (Y9)", DRAFT.category, steps=("Pose", "Talk"))
    saved = pane.edit_strategy(own.id, changed)
    assert saved is not None
    assert saved.id == own.id
    assert ctx.services.playbook.get(own.id).steps == ("Pose", "Talk")
    assert "Turn and talk (Y9)" in pane.detail.toPlainText()
    ctx.undo_stack.undo()
    assert ctx.services.playbook.get(own.id).title == "Turn and talk"


def test_edit_bundled_makes_a_copy_and_leaves_the_original(pane: PlaybookPane, ctx: UiContext):
    bundled = by_title(ctx, "Cold call")
    assert pane.select_strategy(bundled.id)
    assert "copy" in pane.edit_action.text()
    assert not pane.delete_action.isEnabled()
    total = len(ctx.services.playbook.list())
    draft = StrategyDraft("Cold call for Y7", bundled.category, steps=("Warn them first",))
    copy = pane.edit_strategy(bundled.id, draft)
    assert copy is not None
    assert copy.id != bundled.id
    assert copy.source is StrategySource.OWN
    assert copy.based_on == bundled.id
    assert ctx.services.playbook.get(bundled.id) == bundled  # pristine
    assert len(ctx.services.playbook.list()) == total + 1
    assert pane.selected_strategy() == copy
    ctx.undo_stack.undo()
    assert len(ctx.services.playbook.list()) == total


def test_delete_own_strategy_and_undo(qtbot: QtBot, pane: PlaybookPane, ctx: UiContext):
    own = pane.create_strategy(DRAFT)
    assert own is not None
    assert pane.delete_action.isEnabled()
    with qtbot.waitSignal(ctx.status) as blocker:
        assert pane.delete(own.id)
    assert "Undo" in blocker.args[0]
    assert own.id not in {s.id for s in ctx.services.playbook.list()}
    assert own.id not in shown_ids(pane)
    ctx.undo_stack.undo()
    assert ctx.services.playbook.get(own.id) == own
    assert own.id in shown_ids(pane)
    ctx.undo_stack.redo()
    assert own.id not in {s.id for s in ctx.services.playbook.list()}


Belongings = tuple[list[Resource], list[ModelClip], list[list[tuple[int, str]]]]


def _with_belongings(ctx: UiContext, strategy_id: int, tmp_path: Path) -> Belongings:
    """Give a strategy a copied-in file, a link, a model clip and a place in a sequence;
    return what the coach sees of them."""
    services = ctx.services
    handout = tmp_path / "handout.pdf"
    handout.write_bytes(b"%PDF-1.4 the handout")
    services.resources.add_file(str(handout), strategy_id=strategy_id, copy_in=True)
    services.resources.add_link("https://example.org/guide", strategy_id=strategy_id)
    clip_id = lesson(services, "Priya Shah", "fractions.mp4").clip_id
    services.model_clips.add(strategy_id, clip_id, note="Pairs talk at once", today=TODAY)
    first = by_title(ctx, "Exit ticket").id
    services.sequences.create(
        SequenceDraft(
            "First weeks", items=(SequenceDraftItem(first), SequenceDraftItem(strategy_id, "then"))
        )
    )
    return belongings(ctx, strategy_id)


def belongings(ctx: UiContext, strategy_id: int) -> Belongings:
    services = ctx.services
    return (
        services.resources.for_strategy(strategy_id),
        services.model_clips.for_strategy(strategy_id),
        [[(i.strategy_id, i.note) for i in s.items] for s in services.sequences.list()],
    )


def test_undo_of_a_delete_brings_back_what_went_with_it(
    pane: PlaybookPane, ctx: UiContext, tmp_path: Path
):
    own = pane.create_strategy(DRAFT)
    assert own is not None
    before = _with_belongings(ctx, own.id, tmp_path)
    copy = next(r for r in ctx.services.resources.for_strategy(own.id) if r.copied_in)
    for _round in range(2):  # a second undo and redo work just the same
        assert pane.delete(own.id)
        resources, model_clips, sequences = belongings(ctx, own.id)
        assert resources == model_clips == []
        assert all(own.id not in {i for i, _note in items} for items in sequences)
        ctx.undo_stack.undo()
        assert ctx.services.playbook.get(own.id) == own
        assert belongings(ctx, own.id) == before
        assert ctx.services.resources.check(copy.id) is FileState.OK
        ctx.undo_stack.redo()
        assert own.id not in {s.id for s in ctx.services.playbook.list()}
        ctx.undo_stack.undo()
        assert belongings(ctx, own.id) == before


def test_redo_of_a_new_strategy_brings_back_what_was_added_to_it(
    pane: PlaybookPane, ctx: UiContext, tmp_path: Path
):
    own = pane.create_strategy(DRAFT)
    assert own is not None
    before = _with_belongings(ctx, own.id, tmp_path)
    ctx.undo_stack.undo()  # undoes the new strategy, and takes its belongings with it
    assert own.id not in {s.id for s in ctx.services.playbook.list()}
    ctx.undo_stack.redo()
    assert ctx.services.playbook.get(own.id) == own
    assert belongings(ctx, own.id) == before


def test_delete_bundled_is_refused(qtbot: QtBot, pane: PlaybookPane, ctx: UiContext):
    bundled = by_title(ctx, "Exit ticket")
    total = len(ctx.services.playbook.list())
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert not pane.delete(bundled.id)
    assert "Bundled strategies stay" in blocker.args[0]
    assert len(ctx.services.playbook.list()) == total


def test_delete_refused_while_a_cycle_uses_it(qtbot: QtBot, demo_ctx: UiContext):
    pane = PlaybookPane(demo_ctx)
    qtbot.addWidget(pane)
    own = pane.duplicate(by_title(demo_ctx, "Exit ticket").id)
    assert own is not None
    demo_ctx.select_cycle(demo_ctx.services.cycles.list()[0].id)
    pane.use_in_cycle(own.id)
    with qtbot.waitSignal(demo_ctx.problem) as blocker:
        assert not pane.delete(own.id)
    assert "is the strategy of a cycle (" in blocker.args[0]
    assert "choose another strategy there first" in blocker.args[0]
    assert "Nothing was deleted" in blocker.args[0]
    assert demo_ctx.services.playbook.get(own.id) == own
    assert demo_ctx.undo_stack.undoText() != f"Delete strategy “{own.title}”"


def test_refresh_keeps_the_selection(pane: PlaybookPane, ctx: UiContext):
    chosen = by_title(ctx, "Wait time")
    pane.select_strategy(chosen.id)
    ctx.run(lambda: ctx.services.playbook.create(DRAFT))  # someone else adds a strategy
    assert pane.model.rowCount() == len(ctx.services.playbook.list())
    assert pane.selected_strategy() == chosen


# -- files -----------------------------------------------------------------------------------


def _other_workspace_file(tmp_path: Path) -> Path:
    """Export two own strategies from a second coach's workspace."""
    workspace = open_workspace(tmp_path / "other-coach")
    try:
        other = build_services(workspace).playbook
        mine = [
            other.create(DRAFT).value,
            other.create(
                StrategyDraft(
                    "Silent signal",
                    Category.BEHAVIOUR_RELATIONSHIPS,
                    steps=("Raise a hand", "Wait"),
                )
            ).value,
        ]
        path = tmp_path / "shared.json"
        path.write_bytes(other.export_file([s.id for s in mine], name="Sam's playbook"))
    finally:
        workspace.close()
    return path


def test_import_adds_strategies_once(
    qtbot: QtBot, pane: PlaybookPane, ctx: UiContext, tmp_path: Path
):
    path = _other_workspace_file(tmp_path)
    total = len(ctx.services.playbook.list())
    with qtbot.waitSignal(ctx.status) as blocker:
        report = pane.import_file(path)
    assert report is not None
    assert report.added == 2
    assert "2 added" in blocker.args[0]
    assert len(ctx.services.playbook.list()) == total + 2
    assert pane.model.rowCount() == total + 2
    silent = by_title(ctx, "Silent signal")
    assert silent.source is StrategySource.IMPORTED
    pane.select_strategy(silent.id)
    assert pane.model.data(pane.list.currentIndex(), BADGE_ROLE) == "imported"
    assert pane.delete_action.isEnabled()

    with qtbot.waitSignal(ctx.status) as blocker:
        again = pane.import_file(path)
    assert again is not None
    assert again.added == 0
    assert "2 already there" in blocker.args[0]
    assert len(ctx.services.playbook.list()) == total + 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "coachdesk-playbook", "version": 1, "strategies": [', "not valid JSON"),
        (b'{"format": "something-else", "version": 1}', "“something-else” file"),
        (b"[" * 100 + b"]" * 100, "nested more than"),
        (b"\xff\xfe\x00binary", "not text"),
    ],
    ids=["malformed", "foreign", "nested", "binary"],
)
def test_bad_files_are_refused_and_change_nothing(
    qtbot: QtBot, pane: PlaybookPane, ctx: UiContext, tmp_path: Path, content: bytes, reason: str
):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = ctx.services.playbook.list()
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert pane.import_file(path) is None
    assert reason in blocker.args[0]
    assert "bad.json" in blocker.args[0]
    assert ctx.services.playbook.list() == before


def test_missing_file_is_reported(qtbot: QtBot, pane: PlaybookPane, ctx: UiContext, tmp_path: Path):
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert pane.import_file(tmp_path / "gone.json") is None
    assert "Could not read “gone.json”" in blocker.args[0]


def test_export_writes_a_file_that_parses(pane: PlaybookPane, ctx: UiContext, tmp_path: Path):
    target = tmp_path / "playbook.json"
    assert pane.export_file(target) == target
    name, drafts = parse_playbook(target.read_bytes())
    assert name
    assert len(drafts) == len(ctx.services.playbook.list())

    one = by_title(ctx, "Exit ticket")
    single = tmp_path / "exit-ticket.json"
    pane.export_file(single, [one.id])
    _name, drafts = parse_playbook(single.read_bytes())
    assert [d.title for d in drafts] == ["Exit ticket"]
    assert json.loads(single.read_text("utf-8"))["format"] == "coachdesk-playbook"
    assert not list(tmp_path.glob("*.partial"))


def test_export_to_a_missing_folder_is_reported(
    qtbot: QtBot, pane: PlaybookPane, ctx: UiContext, tmp_path: Path
):
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert pane.export_file(tmp_path / "nowhere" / "playbook.json") is None
    assert "Choose another folder" in blocker.args[0]


def test_actions_for_the_main_window(pane: PlaybookPane):
    assert pane.import_action.text().replace("&", "") == "Import playbook…"
    assert pane.export_action.text().replace("&", "") == "Export playbook…"
    assert pane.find_action.shortcut().toString() == "Ctrl+F"
