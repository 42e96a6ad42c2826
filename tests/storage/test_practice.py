"""The practice store: rehearsals in sessions, smaller steps, validation, cascades and undo."""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import dataclass, replace

import pytest

from coachdesk.core import services as protocols
from coachdesk.core.changes import Entity
from coachdesk.core.cycles import Stage
from coachdesk.core.errors import NotFoundError, ValidationError
from coachdesk.core.sessions import SessionKind
from coachdesk.storage.practice import PracticeStore
from coachdesk.storage.workspace import Workspace
from tests.conftest import TODAY

HELD = TODAY - dt.timedelta(days=2)


@dataclass
class Setting:
    ws: Workspace
    cycle_id: int
    session_id: int
    steps: tuple[str, ...]

    @property
    def practice(self) -> PracticeStore:
        return self.ws.practice


def _cycle(ws: Workspace, *, with_strategy: bool = True) -> Setting:
    coachee = ws.coachees.add("Tom Okafor", today=TODAY).value
    cycle = ws.cycles.start(coachee.id, TODAY - dt.timedelta(days=30)).value
    steps: tuple[str, ...] = ()
    if with_strategy:
        strategy = next(s for s in ws.playbook.list() if len(s.steps) >= 3)
        ws.cycles.choose_strategy(cycle.id, strategy.id, TODAY - dt.timedelta(days=20))
        steps = strategy.steps
    session = ws.sessions.add(cycle.id, HELD, SessionKind.PRACTICE).value
    return Setting(ws, cycle.id, session.id, steps)


@pytest.fixture
def setting(workspace: Workspace) -> Setting:
    return _cycle(workspace)


def test_store_implements_the_practice_protocol(workspace: Workspace):
    store = workspace.practice
    for name, member in inspect.getmembers(protocols.PracticeService, inspect.isfunction):
        if name.startswith("_"):
            continue
        expected = list(inspect.signature(member).parameters)
        actual = list(inspect.signature(getattr(store, name)).parameters)
        assert ["self", *actual] == expected, name
    assert "practice" in protocols.Services.__dataclass_fields__
    # the workspace hands the store out as the service
    assert workspace.practice is store


def test_a_rehearsal_is_logged_round_by_round_and_marked_secure(setting: Setting):
    practice = setting.practice
    added = practice.add_rehearsal(setting.session_id, 1)
    assert added.changes.touches(Entity.REHEARSAL, Entity.CYCLE)
    assert added.changes.cycle_id == setting.cycle_id
    rid = added.value.id
    practice.add_round(rid, "  Named too fast — count in your head ")
    practice.add_round(rid, "")
    third = practice.add_round(rid, "Three seconds, whole class thinking").value
    assert third.rounds == (
        "Named too fast — count in your head",
        "",
        "Three seconds, whole class thinking",
    )
    assert third.round_count == 3
    saved = practice.save_rehearsal(replace(third, secure=True, rounds=third.rounds[::2])).value
    assert practice.rehearsals(setting.session_id) == [saved]
    assert saved.secure
    assert saved.round_count == 2
    second = practice.add_rehearsal(setting.session_id, 0).value
    assert second.position == saved.position + 1
    assert [r.id for r in practice.rehearsals(setting.session_id)] == [rid, second.id]

    step = practice.progress(setting.cycle_id).steps[1]
    assert step.secure
    assert step.practice.rounds == 2
    assert step.practice.last_on == HELD


def test_logging_a_rehearsal_records_the_step_practised_on_the_session_date(setting: Setting):
    ws = setting.ws
    assert ws.cycles.dossier(setting.cycle_id).missing(Stage.LEARN) == ["practice logged"]
    setting.practice.add_rehearsal(setting.session_id, 2)
    setting.practice.add_rehearsal(setting.session_id, 2)  # the same day is recorded once
    strategy = ws.cycles.dossier(setting.cycle_id).strategy
    assert strategy is not None
    assert strategy.practised_dates(2) == (HELD,)
    assert ws.cycles.dossier(setting.cycle_id).missing(Stage.LEARN) == []


def test_refusals_change_nothing(workspace: Workspace):
    unchosen = _cycle(workspace, with_strategy=False)
    with pytest.raises(ValidationError, match="choose a strategy first"):
        workspace.practice.add_rehearsal(unchosen.session_id, 0)
    with pytest.raises(ValidationError, match="choose a strategy first"):
        workspace.practice.split_step(unchosen.cycle_id, 0, ["a"])
    with pytest.raises(ValidationError, match="choose a strategy first"):
        workspace.practice.progress(unchosen.cycle_id)
    assert workspace.practice.smaller_steps(unchosen.cycle_id) == []

    setting = _cycle(workspace)
    practice = setting.practice
    for bad in (-1, len(setting.steps)):
        with pytest.raises(ValidationError, match="not part of the cycle's strategy"):
            practice.add_rehearsal(setting.session_id, bad)
        with pytest.raises(ValidationError, match="not part of the cycle's strategy"):
            practice.split_step(setting.cycle_id, bad, ["a"])
    with pytest.raises(NotFoundError):
        practice.add_rehearsal(99_999, 0)
    with pytest.raises(ValidationError, match="at least one"):
        practice.split_step(setting.cycle_id, 0, ["", "   "])
    part = practice.split_step(setting.cycle_id, 0, ["Look up"]).value[0]
    with pytest.raises(ValidationError, match="another step"):
        practice.add_rehearsal(setting.session_id, 1, part.id)
    # a smaller step of another cycle's strategy is refused too
    with pytest.raises(ValidationError, match="another step"):
        practice.add_rehearsal(_other_session(workspace), 0, part.id)
    rid = practice.add_rehearsal(setting.session_id, 0).value.id
    with pytest.raises(ValidationError, match="under"):
        practice.add_round(rid, "x" * 5000)
    assert practice.rehearsals(setting.session_id)[0].rounds == ()
    assert len(practice.rehearsals(setting.session_id)) == 1
    strategy = workspace.cycles.dossier(unchosen.cycle_id).strategy
    assert strategy is None


def _other_session(workspace: Workspace) -> int:
    return _cycle(workspace).session_id


def test_smaller_steps_are_added_after_existing_ones_edited_and_deleted_with_undo(
    setting: Setting,
):
    practice = setting.practice
    first = practice.split_step(setting.cycle_id, 1, ["Count silently", " ", "Scan the room"])
    assert first.changes.touches(Entity.REHEARSAL)
    a, b = first.value
    (c,) = practice.split_step(setting.cycle_id, 1, ["Then name"]).value
    assert [s.position for s in (a, b, c)] == [0, 1, 2]
    assert practice.smaller_steps(setting.cycle_id) == [a, b, c]
    edited = practice.save_smaller_step(replace(b, text="Scan the whole room")).value
    assert edited.text == "Scan the whole room"

    rehearsed = practice.add_rehearsal(setting.session_id, 1, b.id).value
    practice.add_round(rehearsed.id, "Missed the back row")
    removed = practice.delete_smaller_step(b.id).value
    assert removed.step == edited
    assert [r.id for r in removed.rehearsals] == [rehearsed.id]
    assert practice.rehearsals(setting.session_id) == []
    assert [s.id for s in practice.smaller_steps(setting.cycle_id)] == [a.id, c.id]
    assert [p.label for p in practice.progress(setting.cycle_id).steps[1].smaller] == ["2a", "2b"]

    practice.restore_smaller_step(removed)
    assert practice.smaller_steps(setting.cycle_id) == [a, edited, c]
    (back,) = practice.rehearsals(setting.session_id)
    assert back.rounds == ("Missed the back row",)
    assert back.split_id == b.id


def test_delete_and_restore_a_rehearsal(setting: Setting):
    practice = setting.practice
    rid = practice.add_rehearsal(setting.session_id, 0).value.id
    practice.add_round(rid, "Clear question")
    secure = practice.save_rehearsal(
        replace(practice.rehearsals(setting.session_id)[0], secure=True)
    ).value
    before = practice.delete_rehearsal(rid).value
    assert before == secure
    assert practice.rehearsals(setting.session_id) == []
    with pytest.raises(NotFoundError):
        practice.add_round(rid, "too late")
    practice.restore_rehearsal(before)
    assert practice.rehearsals(setting.session_id) == [secure]


def test_deleting_a_session_deletes_its_rehearsals_and_undo_can_restore_them(setting: Setting):
    practice, sessions = setting.practice, setting.ws.sessions
    rid = practice.add_rehearsal(setting.session_id, 0).value.id
    practice.add_round(rid, "Good")
    kept = practice.rehearsals(setting.session_id)
    before = sessions.delete(setting.session_id).value
    with pytest.raises(NotFoundError):
        practice.rehearsals(setting.session_id)
    assert not practice.progress(setting.cycle_id).steps[0].practice.rehearsed
    sessions.restore(before)
    assert practice.rehearsals(setting.session_id) == []
    for r in kept:
        practice.restore_rehearsal(r)
    assert practice.rehearsals(setting.session_id) == kept


def test_deleting_the_cycle_deletes_its_smaller_steps_and_rehearsals(setting: Setting):
    practice = setting.practice
    part = practice.split_step(setting.cycle_id, 0, ["Look up"]).value[0]
    practice.add_rehearsal(setting.session_id, 0, part.id)
    setting.ws.cycles.delete(setting.cycle_id)
    with pytest.raises(NotFoundError):
        practice.smaller_steps(setting.cycle_id)
    with pytest.raises(NotFoundError):
        practice.save_smaller_step(part)


def test_choosing_another_strategy_clears_the_rehearsals_of_the_old_one(setting: Setting):
    rehearsal = setting.practice.add_rehearsal(setting.session_id, 0).value
    setting.practice.add_round(rehearsal.id, "Good pause before the question")
    other = next(
        s for s in setting.ws.playbook.list() if len(s.steps) >= 1 and s.steps != setting.steps
    )
    setting.ws.cycles.choose_strategy(setting.cycle_id, other.id, TODAY)
    # the feedback was about a step of the old strategy: it must not appear under the new one's
    assert setting.practice.rehearsals(setting.session_id) == []
    assert not any(p.practice.rehearsed for p in setting.practice.progress(setting.cycle_id).steps)
