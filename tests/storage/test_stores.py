"""The stores behind the services: search, cascades, undo-style restores, protocol conformance."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from dataclasses import replace

import pytest

from coachdesk.core import services as protocols
from coachdesk.core.errors import NotFoundError, StageNotReadyError, ValidationError
from coachdesk.core.goals import PeersCriterion
from coachdesk.core.playbook import Category, StrategyDraft
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.services import Services
from coachdesk.core.sessions import SessionKind
from coachdesk.demo import fill_demo
from coachdesk.storage.workspace import Workspace
from tests.conftest import TODAY


def test_stores_implement_the_service_protocols(services: Services):
    checked = []
    for field in dataclasses.fields(Services):
        protocol = getattr(protocols, str(field.type), None)
        if protocol is None:
            continue  # data_dir
        store = getattr(services, field.name)
        checked.append(field.name)
        for name, member in inspect.getmembers(protocol, inspect.isfunction):
            if name.startswith("_"):
                continue
            assert hasattr(store, name), f"{type(store).__name__} lacks {name}"
            expected = list(inspect.signature(member).parameters)
            actual = list(inspect.signature(getattr(store, name)).parameters)
            assert ["self", *actual] == expected, f"{type(store).__name__}.{name}"
    assert {"coachees", "resources", "model_clips", "practice", "sequences", "lead_logs"} <= set(
        checked
    )


def test_bundled_content_is_installed_once(workspace: Workspace):
    count = len(workspace.playbook.list())
    assert count >= 40
    assert len(workspace.tags.tag_sets()) == 4


def test_full_text_search_reaches_steps_and_look_fors(services: Services):
    step_word = services.playbook.list()[0].steps[2].split()[-1].strip(".,;")
    found = services.playbook.search(step_word)
    assert found, step_word
    assert services.playbook.search("zzzyzzy") == []
    assert services.playbook.search("  ") == services.playbook.search()
    by_prefix = services.playbook.search("whiteboa")
    assert any("whiteboard" in s.title.lower() for s in by_prefix)
    behaviour = services.playbook.search(category=Category.BEHAVIOUR_RELATIONSHIPS)
    assert behaviour
    assert all(s.category is Category.BEHAVIOUR_RELATIONSHIPS for s in behaviour)
    problem = PersistentProblem.CONTAINING_BEHAVIOUR
    assert all(problem in s.problems for s in services.playbook.search(problem=problem))


def test_search_handles_fts_syntax_in_input(services: Services):
    for text in ('"', "AND OR NOT", "*", "cold-call", "NEAR(", "é", "😀 questions"):
        services.playbook.search(text)  # no exception: input is quoted, never FTS syntax


def test_editing_a_bundled_strategy_makes_a_copy(services: Services):
    bundled = services.playbook.list()[0]
    draft = replace(bundled.draft(), title="My version")
    mine = services.playbook.save(bundled.id, draft).value
    assert mine.id != bundled.id
    assert mine.based_on == bundled.id
    assert mine.is_editable
    assert services.playbook.get(bundled.id) == bundled
    with pytest.raises(ValidationError, match="Bundled"):
        services.playbook.delete(bundled.id)
    services.playbook.delete(mine.id)
    with pytest.raises(NotFoundError):
        services.playbook.get(mine.id)


def test_import_twice_does_not_duplicate(services: Services):
    own = services.playbook.create(
        StrategyDraft("Silent signal", Category.BEHAVIOUR_RELATIONSHIPS, steps=("Raise a hand",))
    ).value
    data = services.playbook.export_file([own.id])
    report = services.playbook.import_file(data).value
    assert (report.added, report.unchanged) == (0, 1)


def test_cycle_through_the_stages(services: Services):
    coachee = services.coachees.add("Ada").value
    cycle = services.cycles.start(coachee.id, TODAY).value
    with pytest.raises(StageNotReadyError):
        services.cycles.advance(cycle.id, TODAY)
    services.cycles.save(
        replace(cycle, current_reality="Quiet room", problem=PersistentProblem.EXPOSING_THINKING)
    )
    goal = services.cycles.goal(cycle.id)
    services.cycles.save_goal(
        replace(goal, text="All explain", measure="% explaining", checks=frozenset(PeersCriterion))
    )
    strategy = services.playbook.list()[0]
    services.cycles.choose_strategy(cycle.id, strategy.id, TODAY)
    services.cycles.set_modelled(cycle.id, TODAY)
    assert services.cycles.advance(cycle.id, TODAY).value.stage.value == "learn"
    services.cycles.set_practised(cycle.id, 1, TODAY)
    assert services.cycles.dossier(cycle.id).strategy.practised_dates(1) == (TODAY,)  # type: ignore[union-attr]
    services.cycles.set_practised(cycle.id, 1, TODAY, practised=False)
    assert not services.cycles.dossier(cycle.id).strategy.any_practice  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        services.cycles.set_practised(cycle.id, 99, TODAY)


def test_deleted_session_comes_back_with_its_actions(services: Services):
    coachee = services.coachees.add("Ada").value
    cycle = services.cycles.start(coachee.id, TODAY).value
    session = services.sessions.add(cycle.id, TODAY, SessionKind.FEEDBACK, 20).value
    services.sessions.add_action(session.id, "Try it Thursday", TODAY + dt.timedelta(days=2))
    before = services.sessions.list(cycle.id)[0]
    services.sessions.delete(session.id)
    assert services.sessions.list(cycle.id) == []
    services.sessions.restore(before)
    assert services.sessions.list(cycle.id) == [before]


def test_deleting_a_coachee_erases_every_row(services: Services, workspace: Workspace):
    fill_demo(services, today=TODAY)
    from sqlalchemy import text

    with workspace.db.read() as s:
        before = {
            t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("cycle", "coaching_session", "observation", "note", "goal")
        }
    for coachee in services.coachees.list():
        services.coachees.delete(coachee.id)
    with workspace.db.read() as s:
        for table in before:
            assert s.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
        assert (
            s.execute(text("SELECT count(*) FROM note_fts WHERE note_fts MATCH 'lesson'")).scalar()
            == 0
        )
    assert sum(before.values()) > 10


def test_timeline_loads_lanes_with_markers(services: Services):
    fill_demo(services, today=TODAY)
    data = services.timeline.load()
    names = [lane.coachee.name for lane in data.lanes]
    assert "Grace Adeyemi" not in names  # archived
    assert "Grace Adeyemi" in [
        lane.coachee.name for lane in services.timeline.load(include_archived=True).lanes
    ]
    tom = next(lane for lane in data.lanes if lane.coachee.name == "Tom Okafor")
    assert tom.bars
    assert tom.open_actions
    assert {m.kind.value for m in tom.markers} >= {"session", "observation"}
