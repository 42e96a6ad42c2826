"""The cycle's observations: start, edit in place, delete, select; the selected one's notes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coachdesk.core.cycles import Cycle
from coachdesk.core.observations import EvidenceKind, Observation, ObservationMode
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.observation_list_model import (
    CONTEXT,
    DATE,
    EVIDENCE,
    MODE,
    NOTES,
    TAG_SET,
)
from coachdesk.ui.panes.cycle_observations_panel import EMPTY, LIST, CycleObservationsPanel
from coachdesk.ui.widgets import ask
from tests.conftest import TODAY


def _tom(ctx: UiContext) -> Cycle:
    return next(c for c in ctx.services.cycles.list() if c.title.startswith("Questions"))


def _panel(qtbot: QtBot, ctx: UiContext) -> CycleObservationsPanel:
    ctx.select_cycle(_tom(ctx).id)
    panel = CycleObservationsPanel(ctx)
    qtbot.addWidget(panel)
    return panel


def _only(ctx: UiContext) -> Observation:
    (obs,) = ctx.services.observations.list(_tom(ctx).id)
    return obs


def test_lists_observations_with_note_counts(
    qtbot: QtBot, demo_ctx: UiContext, qtmodeltester: ModelTester
):
    panel = _panel(qtbot, demo_ctx)
    model = panel.model
    assert panel.stack.currentIndex() == LIST
    assert model.rowCount() == 1
    assert model.index(0, DATE).data() == "Thu 23 Oct 2025"
    assert model.index(0, MODE).data() == "Lesson video"
    assert model.index(0, EVIDENCE).data() == "Observation"
    assert model.index(0, CONTEXT).data() == "9S2 particle model, filmed on the class iPad"
    assert model.index(0, TAG_SET).data() == "No tag set"
    assert model.index(0, NOTES).data() == "1"
    assert panel.summary.text() == "1 observation · 1 note"
    qtmodeltester.check(model)


def test_selecting_an_observation_selects_it_for_the_window(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    obs = _only(demo_ctx)
    assert panel.notes.note_texts() == []
    with qtbot.waitSignal(demo_ctx.observation_selected) as blocker:
        panel.select_row(0)
    assert blocker.args == [obs.id]
    assert demo_ctx.observation_id == obs.id
    assert panel.notes.note_texts() == [("4:12", "Cold call with wait time — three students named")]
    assert "9S2 particle model" in panel.notes.heading.text()

    demo_ctx.select_observation(None)  # e.g. another pane cleared it
    assert panel.selected_observation() is None
    demo_ctx.select_observation(obs.id)
    assert panel.selected_observation() == obs


def test_new_observation(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    tag_set = demo_ctx.services.tags.tag_sets()[1]
    panel.new_mode.setCurrentIndex(panel.new_mode.findData(ObservationMode.LIVE))
    panel.new_context.setText("  9S2 practical, period 4 ")
    panel.new_tag_set.setCurrentIndex(panel.new_tag_set.findData(tag_set.id))
    with qtbot.waitSignal(demo_ctx.observation_selected) as blocker:
        panel.new_button.click()
    newest = demo_ctx.services.observations.list(_tom(demo_ctx).id)[-1]
    assert blocker.args == [newest.id]
    assert (newest.observed_on, newest.mode, newest.context, newest.tag_set_id) == (
        TODAY,
        ObservationMode.LIVE,
        "9S2 practical, period 4",
        tag_set.id,
    )
    assert panel.new_context.text() == ""
    assert panel.model.rowCount() == 2
    assert panel.selected_observation() == newest  # newest first, and selected
    assert panel.model.row_of(newest.id) == 0
    assert panel.model.index(0, TAG_SET).data() == tag_set.name
    assert "No notes in this observation yet" in panel.notes.empty.text()


def test_edit_in_place_persists_and_undoes(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    model = panel.model
    before = _only(demo_ctx)
    tag_set = demo_ctx.services.tags.tag_sets()[0]
    assert model.setData(model.index(0, MODE), ObservationMode.LIVE)
    assert model.setData(model.index(0, EVIDENCE), EvidenceKind.STUDENT_WORK)
    assert model.setData(model.index(0, CONTEXT), "9S2 particle model ")
    assert model.setData(model.index(0, TAG_SET), tag_set.id)
    assert model.setData(model.index(0, DATE), dt.date(2025, 10, 22))
    after = _only(demo_ctx)
    assert after.mode is ObservationMode.LIVE
    assert after.evidence_kind is EvidenceKind.STUDENT_WORK
    assert after.context == "9S2 particle model"
    assert after.tag_set_id == tag_set.id
    assert after.observed_on == dt.date(2025, 10, 22)
    assert model.index(0, TAG_SET).data() == tag_set.name

    for _ in range(5):
        demo_ctx.undo_stack.undo()
    assert _only(demo_ctx) == before
    assert model.index(0, MODE).data() == "Lesson video"
    demo_ctx.undo_stack.redo()
    assert _only(demo_ctx).mode is ObservationMode.LIVE


def test_evidence_kind_is_chosen_with_the_cell_editor(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    panel.show()
    index = panel.model.index(0, EVIDENCE)
    panel.table.setCurrentIndex(index)
    panel.table.edit(index)
    combo = panel.table.viewport().findChild(QComboBox)
    assert combo is not None
    voice = combo.findData(EvidenceKind.STUDENT_VOICE)
    combo.setCurrentIndex(voice)
    combo.activated.emit(voice)
    assert _only(demo_ctx).evidence_kind is EvidenceKind.STUDENT_VOICE


def test_delete_says_how_many_notes_go(
    qtbot: QtBot, demo_ctx: UiContext, monkeypatch: pytest.MonkeyPatch
):
    panel = _panel(qtbot, demo_ctx)
    obs = _only(demo_ctx)
    panel.select_row(0)
    asked: list[str] = []

    def cancel(_parent: object, _title: str, text: str, **_kwargs: object) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(ask, "confirm", cancel)
    assert not panel.delete_observation()
    assert "its 1 note" in asked[0]
    assert demo_ctx.services.observations.list(_tom(demo_ctx).id) == [obs]

    assert panel.delete_observation(confirm=False)
    assert demo_ctx.services.observations.list(_tom(demo_ctx).id) == []
    assert demo_ctx.services.observations.notes(obs.id) == []
    assert demo_ctx.observation_id is None
    assert panel.stack.currentIndex() == EMPTY
    assert "No observations in this cycle yet" in panel.empty.text()


def test_notes_taken_elsewhere_are_counted_and_shown(qtbot: QtBot, demo_ctx: UiContext):
    panel = _panel(qtbot, demo_ctx)
    obs = _only(demo_ctx)
    panel.select_row(0)
    observations = demo_ctx.services.observations
    demo_ctx.run(lambda: observations.add_note(obs.id, 65_000, "Pairs talk before answering"))
    assert panel.model.index(0, NOTES).data() == "2"
    assert panel.notes.note_texts()[0] == ("1:05", "Pairs talk before answering")


def test_empty_without_a_cycle(qtbot: QtBot, ctx: UiContext):
    panel = CycleObservationsPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.stack.currentIndex() == EMPTY
    assert not panel.new_button.isEnabled()
    assert panel.new_observation() is None
