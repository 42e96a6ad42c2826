"""Property-based tests (Hypothesis) for the importers, the school calendar, media times and the
stage rules. tests/core/test_import_files.py already feeds random bytes and random JSON to the
playbook parser; here: generated valid files round-trip, mutated files are only ever refused
cleanly (parser and store), and random sequences of cycle operations keep a cycle sound.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coachdesk.core.calendar import HalfTermTemplate, SchoolCalendar
from coachdesk.core.cycles import Outcome, Stage
from coachdesk.core.errors import (
    CoachDeskError,
    ImportFileError,
    StageNotReadyError,
    ValidationError,
)
from coachdesk.core.goals import MeasurementSource, PeersCriterion
from coachdesk.core.media_time import format_ms, media_time, parse_clock
from coachdesk.core.playbook import Category, StrategyDraft
from coachdesk.core.playbook_file import dump_playbook, parse_playbook
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.tags import RESERVED_HOTKEYS
from coachdesk.core.tagset_file import parse_tag_set
from coachdesk.storage.workspace import DB_NAME, Workspace, open_workspace
from tests.reliability.support import content_digest

FAST = settings(max_examples=100, deadline=None, database=None)
STORE = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def fws() -> Iterator[Workspace]:
    """A workspace on a RAM disk where there is one: these tests are about logic, not fsync."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    folder = Path(tempfile.mkdtemp(prefix="coachdesk-fuzz-", dir=base))
    ws = open_workspace(folder / "data")
    yield ws
    ws.close()
    shutil.rmtree(folder, ignore_errors=True)


# -- playbook files ----------------------------------------------------------------------------

line = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).map(str.strip)
words = line.filter(bool)
drafts = st.builds(
    StrategyDraft,
    title=words,
    category=st.sampled_from(Category),
    purpose=st.text(max_size=200).map(str.strip),
    wrong_choice_when=st.text(max_size=100).map(str.strip),
    steps=st.lists(words, max_size=7).map(tuple),
    look_fors=st.lists(words, max_size=4).map(tuple),
    problems=st.frozensets(st.sampled_from(PersistentProblem)),
    uid=st.uuids().map(lambda u: f"fuzz/{u}"),
)


@FAST
@given(st.text(max_size=200), st.lists(drafts, max_size=6, unique_by=lambda d: d.uid))
def test_any_valid_playbook_round_trips(name: str, strategies: list[StrategyDraft]):
    parsed_name, parsed = parse_playbook(dump_playbook(name, strategies))
    assert parsed == strategies
    assert parsed_name == (name if name else "Imported playbook")


def _mutate(doc: Any, path: list[Any], value: Any) -> Any:
    """Return ``doc`` with the item at ``path`` (as far as it reaches) replaced by ``value``."""
    if not path or not isinstance(doc, dict | list) or not doc:
        return value
    key = path[0]
    if isinstance(doc, dict):
        key = sorted(doc)[key % len(doc)] if isinstance(key, int) else key
        return {**doc, key: _mutate(doc.get(key), path[1:], value)}  # a new key: added
    index = key % len(doc) if isinstance(key, int) else 0
    return [*doc[:index], _mutate(doc[index], path[1:], value), *doc[index + 1 :]]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["questioning_feedback", "exposing_thinking", "#1a2b3c", "P", ""]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
mutation_paths = st.lists(st.integers(0, 50) | st.text(max_size=10), max_size=5)


@FAST
@given(
    st.lists(drafts, min_size=1, max_size=3, unique_by=lambda d: d.uid), mutation_paths, json_values
)
def test_a_mutated_playbook_is_read_or_refused_cleanly(
    strategies: list[StrategyDraft], path: list[Any], value: Any
):
    doc = json.loads(dump_playbook("Fuzz", strategies))
    data = json.dumps(_mutate(doc, path, value)).encode()
    with contextlib.suppress(ImportFileError):
        parse_playbook(data)


@FAST
@given(st.lists(drafts, min_size=1, max_size=3, unique_by=lambda d: d.uid), st.data())
def test_damaged_playbook_bytes_are_read_or_refused_cleanly(
    strategies: list[StrategyDraft], data: st.DataObject
):
    raw = bytearray(dump_playbook("Fuzz", strategies))
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    with contextlib.suppress(ImportFileError):
        parse_playbook(bytes(raw[:cut] if data.draw(st.booleans()) else raw))


@STORE
@given(
    st.lists(drafts, min_size=1, max_size=4, unique_by=lambda d: d.uid), mutation_paths, json_values
)
def test_the_store_imports_all_or_nothing(
    fws: Workspace, strategies: list[StrategyDraft], path: list[Any], value: Any
):
    doc = _mutate(json.loads(dump_playbook("Fuzz", strategies)), path, value)
    db = fws.data_dir / DB_NAME
    before = content_digest(db)
    try:
        report = fws.playbook.import_file(json.dumps(doc).encode()).value
    except CoachDeskError:
        assert content_digest(db) == before
        return
    assert report.added + report.updated + report.unchanged + report.kept_yours == len(
        doc["strategies"]
    )
    again = fws.playbook.import_file(json.dumps(doc).encode()).value
    assert again.added == again.updated == 0  # importing twice changes nothing more


# -- tag-set files -----------------------------------------------------------------------------

KEYS = [k for k in "ABCDEFGHIJLMNOPQRSTUVWXYZ123456789" if k not in RESERVED_HOTKEYS]
FIELDS = ("label", "colour", "hotkey", "polarity", "lead_s", "lag_s", "kind")


@st.composite
def tag_type_lists(draw: st.DrawFn, max_size: int = 8) -> list[dict[str, Any]]:
    """Tag types with distinct labels and distinct (or no) hotkeys."""
    labels = draw(st.lists(words, min_size=1, max_size=max_size, unique_by=str.casefold))
    keys = draw(st.permutations(KEYS))
    return [
        {
            "label": label,
            "colour": draw(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)),
            "hotkey": keys[i] if draw(st.booleans()) else "",
            "polarity": draw(st.sampled_from(["positive", "negative", "neutral"])),
            "lead_s": draw(st.floats(0, 120)),
            "lag_s": draw(st.floats(0, 600)),
            "kind": draw(st.sampled_from(["point", "duration"])),
        }
        for i, label in enumerate(labels)
    ]


def _tag_set_doc(types: list[dict[str, Any]], name: str = "Fuzz set") -> dict[str, Any]:
    return {
        "format": "coachdesk-tagset",
        "version": 1,
        "uid": "fuzz/set",
        "name": name,
        "tag_types": types,
    }


@FAST
@given(tag_type_lists())
def test_any_valid_tag_set_is_read_as_written(types: list[dict[str, Any]]):
    draft = parse_tag_set(json.dumps(_tag_set_doc(types)).encode())
    assert [
        (t.label, t.colour, t.hotkey, t.polarity.value, t.lead_s, t.lag_s, t.kind.value)
        for t in draft.types
    ] == [tuple(t[f] for f in FIELDS) for t in types]


@FAST
@given(tag_type_lists(max_size=4), mutation_paths, json_values)
def test_a_mutated_tag_set_is_read_or_refused_cleanly(
    types: list[dict[str, Any]], path: list[Any], value: Any
):
    data = json.dumps(_mutate(_tag_set_doc(types), path, value)).encode()
    with contextlib.suppress(ImportFileError):
        parse_tag_set(data)


@FAST
@given(json_values)
def test_arbitrary_json_in_a_tag_set_envelope_is_read_or_refused(types: Any):
    doc = _tag_set_doc(types)
    with contextlib.suppress(ImportFileError):
        parse_tag_set(json.dumps(doc).encode())


@STORE
@given(tag_type_lists(max_size=4), mutation_paths, json_values, st.uuids())
def test_the_tag_store_imports_or_changes_nothing(
    fws: Workspace, types: list[dict[str, Any]], path: list[Any], value: Any, uid: Any
):
    doc = _mutate(_tag_set_doc(types) | {"uid": f"fuzz/{uid}"}, path, value)
    db = fws.data_dir / DB_NAME
    before = content_digest(db)
    try:
        fws.tags.import_file(json.dumps(doc).encode())
    except CoachDeskError:
        assert content_digest(db) == before


# -- the school calendar -----------------------------------------------------------------------


@st.composite
def calendars(draw: st.DrawFn) -> SchoolCalendar:
    """A valid template: twelve increasing days within a year starting on any day of 2001
    (September in England, mid-August in Scotland, late January in Australia), as six pairs."""
    first = dt.date(2001, 1, 1) + dt.timedelta(days=draw(st.integers(0, 364)))
    offsets = [0, *sorted(draw(st.sets(st.integers(1, 364), min_size=11, max_size=11)))]
    days = [first + dt.timedelta(days=o) for o in offsets]
    halves = tuple(
        HalfTermTemplate(f"Half {i + 1}", (a.month, a.day), (b.month, b.day))
        for i, (a, b) in enumerate(zip(days[::2], days[1::2], strict=True))
    )
    return SchoolCalendar(halves)


days = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def test_a_school_year_that_starts_in_august():
    """Before the fix, every day was placed counting from September: refused as back to front."""
    scottish = SchoolCalendar(
        (
            HalfTermTemplate("Autumn 1", (8, 18), (10, 10)),
            HalfTermTemplate("Autumn 2", (10, 20), (12, 19)),
            HalfTermTemplate("Spring 1", (1, 6), (2, 13)),
            HalfTermTemplate("Spring 2", (2, 18), (3, 27)),
            HalfTermTemplate("Summer 1", (4, 13), (5, 22)),
            HalfTermTemplate("Summer 2", (5, 26), (6, 26)),
        )
    )
    half = scottish.half_term_of(dt.date(2025, 8, 20))
    assert (half.name, half.year, half.start) == ("Autumn 1", 2025, dt.date(2025, 8, 18))
    assert scottish.half_term_of(dt.date(2026, 1, 7)).start == dt.date(2026, 1, 6)
    assert scottish.academic_year_of(dt.date(2025, 8, 17)) == 2024


@FAST
@given(calendars(), days)
def test_every_day_falls_in_exactly_one_half_term(calendar: SchoolCalendar, day: dt.date):
    half = calendar.half_term_of(day)
    year = calendar.academic_year_of(day)
    assert half.year == year
    first, last = calendar.year_span(year)
    assert first <= day <= last
    halves = calendar.half_terms_of(year)
    following = halves[half.index + 1].start if half.index < 5 else last + dt.timedelta(days=1)
    assert half.start <= day < following  # a holiday belongs to the half-term before it
    term = calendar.term_of(day)
    assert half in (term.first, term.second)
    assert term.start <= half.start <= half.end <= term.end


@FAST
@given(calendars(), days, st.integers(0, 800))
def test_half_terms_between_are_exactly_the_overlapping_ones(
    calendar: SchoolCalendar, start: dt.date, length: int
):
    end = start + dt.timedelta(days=length)
    found = list(calendar.half_terms_between(start, end))
    assert all(h.end >= start and h.start <= end for h in found)
    assert [h.start for h in found] == sorted(h.start for h in found)
    every = [
        h
        for year in range(calendar.academic_year_of(start) - 1, calendar.academic_year_of(end) + 2)
        for h in calendar.half_terms_of(year)
    ]
    assert found == [h for h in every if h.end >= start and h.start <= end]


@FAST
@given(calendars())
def test_a_calendar_survives_its_own_json(calendar: SchoolCalendar):
    assert SchoolCalendar.from_json(json.loads(json.dumps(calendar.to_json()))) == calendar


pairs = st.lists(st.integers(-5, 10**20) | st.floats() | st.text(max_size=3), max_size=3)
saved_halves = st.fixed_dictionaries(
    {"name": json_values, "start": pairs | json_values, "end": pairs | json_values}
)


@FAST
@given(json_values | st.lists(saved_halves | json_values, min_size=6, max_size=6))
@example([{"name": "Autumn 1", "start": [float("inf"), 1], "end": [10, 24]}] * 6)  # was a crash
def test_a_saved_calendar_that_is_rubbish_is_refused_cleanly(data: Any):
    with contextlib.suppress(ValidationError):
        SchoolCalendar.from_json(data if isinstance(data, list) else [data])


@FAST
@given(
    st.lists(
        st.tuples(
            st.integers(-3, 10**20), st.integers(-3, 40), st.integers(-3, 14), st.integers(-3, 40)
        ),
        min_size=6,
        max_size=6,
    )
)
def test_any_template_is_accepted_or_refused_cleanly(numbers: list[tuple[int, int, int, int]]):
    """Before the fix: a month beyond a C long raised OverflowError."""
    halves = tuple(
        HalfTermTemplate(f"H{i}", (a, b), (c, d)) for i, (a, b, c, d) in enumerate(numbers)
    )
    with contextlib.suppress(ValidationError):
        SchoolCalendar(halves)


# -- media times -------------------------------------------------------------------------------


@FAST
@given(st.integers(0, 10 * 3600 * 1000))
def test_a_formatted_time_reads_back(ms: int):
    assert parse_clock(format_ms(ms)) == ms // 1000 * 1000
    assert parse_clock(format_ms(ms, tenths=True)) == ms // 100 * 100


@FAST
@given(st.text(max_size=30) | st.from_regex(r"-?\d{0,4}(:\d{0,3}){0,3}(\.\d*)?", fullmatch=True))
def test_any_typed_time_is_a_time_or_a_clear_refusal(text: str):
    try:
        result = parse_clock(text)
    except ValidationError as exc:
        message = str(exc)
    else:
        message = ""
        assert isinstance(result, int)
        assert result >= 0
    assert message == "" or "time" in message


@FAST
@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**6), 10**12))
def test_media_time_refuses_negative_and_non_finite(value: float):
    finite = value == value and value not in (float("inf"), float("-inf"))
    if not finite or round(value) < 0:
        with pytest.raises(ValidationError):
            media_time(value)
    else:
        assert media_time(value) == round(value)


# -- the stage rules ---------------------------------------------------------------------------

reasons = st.sampled_from(["", "   ", "The coachee asked to move on"])
operations = st.one_of(
    st.tuples(st.just("advance"), reasons),
    st.tuples(st.just("step_back"), st.none()),
    st.tuples(st.just("restore_stage"), st.integers(0, 30)),
    st.tuples(
        st.just("save_cycle"),
        st.tuples(
            st.none() | st.sampled_from(PersistentProblem),
            st.sampled_from(["", "  ", "Seven of 28 answered"]),
            st.none() | st.sampled_from(Outcome),
        ),
    ),
    st.tuples(
        st.just("save_goal"),
        st.tuples(
            st.sampled_from(["", "Every pupil answers"]),
            st.sampled_from(["", "Pupils who answer"]),
            st.frozensets(st.sampled_from(PeersCriterion)),
        ),
    ),
    st.tuples(st.just("add_measurement"), st.floats(-1e6, 1e6, allow_nan=False)),
    st.tuples(st.just("delete_measurement"), st.none()),
    st.tuples(st.just("choose_strategy"), st.integers(0, 40)),
    st.tuples(st.just("clear_strategy"), st.none()),
    st.tuples(st.just("set_modelled"), st.booleans()),
    st.tuples(st.just("set_practised"), st.tuples(st.integers(-1, 7), st.booleans())),
)
ORDER = list(Stage)


def _apply(ws: Workspace, cycle_id: int, op: str, arg: Any, history: list[Any]) -> None:
    cycles, today = ws.cycles, dt.date(2025, 11, 12)
    if op == "advance":
        cycles.advance(cycle_id, today, arg)
    elif op == "step_back":
        cycles.step_back(cycle_id)
    elif op == "restore_stage":
        cycles.restore_stage(history[arg % len(history)])
    elif op == "save_cycle":
        problem, reality, outcome = arg
        cycle = cycles.get(cycle_id)
        cycles.save(
            dataclasses.replace(cycle, problem=problem, current_reality=reality, outcome=outcome)
        )
    elif op == "save_goal":
        text, measure, checks = arg
        goal = cycles.goal(cycle_id)
        cycles.save_goal(dataclasses.replace(goal, text=text, measure=measure, checks=checks))
    elif op == "add_measurement":
        cycles.add_measurement(cycle_id, today, arg, MeasurementSource.OBSERVATION)
    elif op == "delete_measurement":
        measurements = cycles.goal(cycle_id).measurements
        if measurements:
            cycles.delete_measurement(measurements[0].id)
    elif op == "choose_strategy":
        strategies = ws.playbook.list()
        cycles.choose_strategy(cycle_id, strategies[arg % len(strategies)].id, today)
    elif op == "clear_strategy":
        cycles.clear_strategy(cycle_id)
    elif op == "set_modelled":
        cycles.set_modelled(cycle_id, today if arg else None)
    elif op == "set_practised":
        step, practised = arg
        cycles.set_practised(cycle_id, step, today, practised)


def _check_sound(ws: Workspace, cycle_id: int) -> None:
    dossier = ws.cycles.dossier(cycle_id)
    cycle = dossier.cycle
    assert cycle.stage in ORDER
    assert (cycle.ended_on is not None) == (cycle.stage is Stage.COMPLETE)
    skipped = [s.stage for s in cycle.skips]
    assert len(skipped) == len(set(skipped)), f"a stage skipped twice: {skipped}"
    assert all(ORDER.index(s) < ORDER.index(cycle.stage) for s in skipped), (skipped, cycle.stage)
    assert all(s.reason.strip() for s in cycle.skips)
    dossier.needs()


@STORE
@given(st.lists(operations, min_size=1, max_size=25))
def test_no_sequence_of_operations_leaves_a_cycle_unsound(fws: Workspace, ops: list[Any]):
    coachee = fws.coachees.add("Stage Walker").value
    cycle_id = fws.cycles.start(coachee.id, dt.date(2025, 9, 8)).value.id
    history = [fws.cycles.get(cycle_id)]
    for op, arg in ops:
        before = fws.cycles.dossier(cycle_id)
        try:
            _apply(fws, cycle_id, op, arg, history)
        except (StageNotReadyError, ValidationError) as exc:
            refusal: Exception | None = exc
        else:
            refusal = None
        after = fws.cycles.dossier(cycle_id)
        if refusal is not None:
            assert after == before, f"{op} was refused but changed things"
            if op == "advance" and before.cycle.stage is not Stage.COMPLETE:
                assert isinstance(refusal, StageNotReadyError)
                assert before.missing()
                assert not arg.strip()
            continue
        if op == "advance":
            assert ORDER.index(after.cycle.stage) == ORDER.index(before.cycle.stage) + 1
            if before.missing():
                assert after.cycle.skips[-1].stage is before.cycle.stage
        elif op == "step_back":
            assert ORDER.index(after.cycle.stage) == ORDER.index(before.cycle.stage) - 1
        history.append(after.cycle)
        _check_sound(fws, cycle_id)
