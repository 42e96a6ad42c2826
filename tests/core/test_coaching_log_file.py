"""The coaching-log file: built from core objects, written, read back; every refusal named."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from coachdesk.core.calendar import SchoolCalendar
from coachdesk.core.coachees import Coachee, CoacheeId
from coachdesk.core.coaching_log_file import (
    CoachIdentity,
    CoachingLogFile,
    build_log_file,
    digest,
    encode,
    parse,
    suggested_file_name,
    to_document,
)
from coachdesk.core.cycles import Cycle, CycleDossier, CycleId, Outcome, Stage
from coachdesk.core.errors import ImportFileError, ValidationError
from coachdesk.core.files import MAX_DEPTH
from coachdesk.core.observations import Observation, ObservationId
from coachdesk.core.playbook import (
    Category,
    CycleStrategy,
    CycleStrategyId,
    Strategy,
    StrategyId,
    StrategySource,
)
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.sessions import CoachingSession, SessionId, SessionKind

D = dt.date
COACH = CoachIdentity("0b6c7c1e-2f4a-4e55-9d0e-5d7b9b1f7a10", "Ruth Evans")
EXPORTED = dt.datetime(2025, 12, 12, 15, 30, tzinfo=dt.UTC)
WHITEBOARDS = Strategy(
    StrategyId(7),
    "starter/mini-whiteboards",
    "Mini-whiteboards",
    Category.QUESTIONING_FEEDBACK,
    "",
    "",
    ("Ask", "Show", "Scan"),
    (),
    frozenset(),
    StrategySource.BUNDLED,
)


def _dossier(
    cycle: Cycle,
    sessions: tuple[tuple[dt.date, SessionKind, int], ...] = (),
    observed: tuple[dt.date, ...] = (),
    strategy: Strategy | None = None,
) -> CycleDossier:
    return CycleDossier(
        cycle,
        strategy=CycleStrategy(CycleStrategyId(1), cycle.id, strategy, cycle.started_on)
        if strategy
        else None,
        sessions=tuple(
            CoachingSession(SessionId(i), cycle.id, on, kind, minutes)
            for i, (on, kind, minutes) in enumerate(sessions, start=1)
        ),
        observations=tuple(
            Observation(ObservationId(i), cycle.id, on) for i, on in enumerate(observed, start=1)
        ),
    )


def sample() -> CoachingLogFile:
    coachees = [
        Coachee(CoacheeId(1), "Priya Shah", "Year 4"),
        Coachee(CoacheeId(2), "Tom Okafor", "Science"),
        Coachee(CoacheeId(3), "Grace Adeyemi", archived=True),  # no cycle in the term: left out
        Coachee(CoacheeId(4), "Lena Ortiz", archived=True),  # archived, but coached this term
    ]
    priya = Cycle(CycleId(10), 1, D(2025, 9, 8), problem=PersistentProblem.EXPOSING_THINKING)
    lena = Cycle(
        CycleId(11),
        4,
        D(2025, 9, 5),
        stage=Stage.COMPLETE,
        outcome=Outcome.CONTINUE,
        ended_on=D(2025, 12, 10),
    )
    last_year = Cycle(CycleId(12), 2, D(2025, 3, 1), stage=Stage.COMPLETE, ended_on=D(2025, 7, 1))
    dossiers = [
        _dossier(
            priya,
            ((D(2025, 9, 10), SessionKind.IDENTIFY, 30), (D(2026, 1, 6), SessionKind.REVIEW, 20)),
            (D(2025, 10, 1),),
            WHITEBOARDS,
        ),
        _dossier(lena, ((D(2025, 12, 22), SessionKind.FEEDBACK, 15),)),
        _dossier(last_year, ((D(2025, 5, 1), SessionKind.FEEDBACK, 40),)),
    ]
    return build_log_file(COACH, SchoolCalendar(), 2025, 1, coachees, dossiers, EXPORTED)


def test_the_file_holds_the_terms_cycles_contacts_and_colleagues():
    log = sample()
    assert (log.term_label, log.term_start, log.term_end) == (
        "Autumn 2025/26",
        D(2025, 9, 1),
        D(2026, 1, 4),  # the Christmas holiday belongs to the term
    )
    assert [h.key for h in log.half_terms] == ["2025-h1", "2025-h2"]
    assert [c.name for c in log.colleagues] == ["Lena Ortiz", "Priya Shah", "Tom Okafor"]
    assert [c.ref for c in log.cycles] == ["cy11", "cy10"]  # last year's cycle is not in it
    lena = log.cycles[0]
    assert (lena.stage, lena.outcome, lena.goal_met) == ("complete", "continue", True)
    priya = log.cycles[1]
    assert priya.strategy is not None
    assert priya.strategy.uid == "starter/mini-whiteboards"
    assert [(c.kind, c.on, c.duration_min) for c in log.contacts] == [
        ("identify", D(2025, 9, 10), 30),
        ("observation", D(2025, 10, 1), None),
        ("feedback", D(2025, 12, 22), 15),
    ]  # the review on 6 January is in the spring term
    assert log.exported_at == dt.datetime(2025, 12, 12, 15, 30)
    assert suggested_file_name(log) == "coaching-log Ruth Evans 2025 T1.coachlog.json"


def test_round_trip_gives_back_the_same_log_and_digest():
    log = sample()
    data = encode(log)
    back = parse(data)
    assert back == log
    assert digest(back) == digest(log)
    assert json.loads(data)["exported_at"] == "2025-12-12T15:30:00Z"
    # The same content laid out differently is the same log.
    assert digest(parse(json.dumps(to_document(log)).encode())) == digest(log)


def test_a_coach_without_a_name_is_asked_for_one():
    with pytest.raises(ValidationError, match="Write your name"):
        build_log_file(CoachIdentity("x", "  "), SchoolCalendar(), 2025, 1, [], [], EXPORTED)


def _doc() -> dict[str, Any]:
    return copy.deepcopy(to_document(sample()))


def _refused(doc: object) -> str:
    data = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    with pytest.raises(ImportFileError) as caught:
        parse(data)
    return str(caught.value)


def test_foreign_and_broken_files_are_refused_with_the_reason():
    assert "not a CoachDesk coaching-log file" in _refused({"format": "something"})
    assert "(it is a “coachdesk-playbook” file)" in _refused(
        {"format": "coachdesk-playbook", "version": 1}
    )
    assert "not valid JSON" in _refused(b'{"format": ')
    assert "not text" in _refused(b"\xff\xfe\x00binary")
    assert "nested more than" in _refused(b"[" * (MAX_DEPTH + 5))
    newer = _doc() | {"version": 2}
    assert "version 2, which is newer than this CoachDesk" in _refused(newer)
    assert "no valid format version" in _refused(_doc() | {"version": "1"})


def _set(path: str, value: object) -> dict[str, Any]:
    """Return the sample document with the field at ``path`` ("cycles.0.stage") replaced."""
    doc = _doc()
    *parents, last = path.split(".")
    target: Any = doc
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is KeyError:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        ("coach", "Ruth", "“coach” should be an object"),
        ("coach.uid", "", "The coach: “uid” is missing"),
        ("coach.name", KeyError, "The coach: “name” is missing"),
        ("school_year", "2025", "“school_year” should be a whole number"),
        ("term", 4, "“term” should be a whole number from 1 to 3"),
        ("term_end", "2025-08-01", "term ends (“term_end”) before it starts"),
        ("exported_at", "yesterday", "“exported_at” should be a date and time"),
        ("half_terms", [], "A term has two half-terms; the file lists 0"),
        ("half_terms.1.start", "2025-10-01", "half-terms do not follow each other"),
        ("half_terms.0.end", "2025-13-40", "“end” should be a date written as 2025-11-12"),
        ("colleagues", {}, "“colleagues” should be a list"),
        ("colleagues.0.ref", "c 1", "should be a short reference"),
        ("colleagues.1.ref", "c4", "Two colleagues in the file have the reference c4"),
        ("colleagues.0.name", " ", "Colleague c4: “name” is missing"),
        ("colleagues.0.archived", "yes", "“archived” should be true or false"),
        ("cycles.0.colleague_ref", "c9", "Cycle cy11 names colleague c9, who is not in the file"),
        ("cycles.1.ref", "cy11", "Two cycles in the file have the reference cy11"),
        ("cycles.0.ended_on", "2025-09-01", "ends (2025-09-01) before it starts (2025-09-05)"),
        ("cycles.0.ended_on", None, "only a complete cycle has an end date"),
        ("cycles.1.stage", "finished", "“stage” is 'finished'; it should be one of identify"),
        ("cycles.1.problem", "noise", "“problem” is 'noise'"),
        ("cycles.1.strategy.category", "maths", "Cycle cy10's strategy: “category”"),
        ("cycles.1.strategy.title", "", "Cycle cy10's strategy: “title” is missing"),
        ("cycles.0.goal_met", False, "“goal_met” says false but the outcome is continue"),
        ("cycles.1.goal_met", "no", "“goal_met” should be true or false"),
        ("contacts.0.cycle_ref", "cy99", "Contact 1 names cycle cy99, which is not in the file"),
        ("contacts.0.colleague_ref", "c2", "but cycle cy10 is with colleague c1"),
        ("contacts.0.kind", "coffee", "“kind” is 'coffee'"),
        ("contacts.0.on", "2025-08-30", "outside the term (2025-09-01 to 2026-01-04)"),
        ("contacts.0.on", "12/10/2025", "“on” should be a date written as 2025-11-12"),
        ("contacts.0.duration_min", -5, "“duration_min” should be a whole number from 0"),
        ("contacts.1.duration_min", 30, "an observation has no “duration_min”"),
    ],
)
def test_each_malformed_field_is_refused_with_the_reason(path: str, value: object, reason: str):
    assert reason in _refused(_set(path, value))


def test_a_file_too_large_is_refused_before_parsing():
    assert "up to 5 MB" in _refused(b" " * (5 * 1024 * 1024 + 1))


def test_extra_fields_are_ignored():
    doc = _doc() | {"comment": "from the future"}
    doc["cycles"][0]["colour"] = "blue"
    assert parse(json.dumps(doc).encode()) == sample()


def test_suggested_file_name_is_safe_whatever_the_coach_is_called():
    from dataclasses import replace as _replace

    log = _replace(sample(), coach=_replace(sample().coach, name="Ruth/Evans \u202egpj.exe"))
    name = suggested_file_name(log)
    assert "/" not in name
    assert "\u202e" not in name
    assert name.endswith(" 2025 T1.coachlog.json")
