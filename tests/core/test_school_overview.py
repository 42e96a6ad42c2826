"""The lead's overview: totals worked out by hand from small logs."""

from __future__ import annotations

import datetime as dt

from coachdesk.core.coaching_log_file import (
    CoachIdentity,
    CoachingLogFile,
    LoggedColleague,
    LoggedContact,
    LoggedCycle,
    LoggedHalfTerm,
    LoggedStrategy,
)
from coachdesk.core.school_overview import (
    NO_PROBLEM,
    NO_STRATEGY,
    ContactCount,
    build_overview,
    name_key,
)

D = dt.date
HALVES = (
    LoggedHalfTerm("2025-h1", "Autumn 1 2025/26", D(2025, 9, 1), D(2025, 10, 24)),
    LoggedHalfTerm("2025-h2", "Autumn 2 2025/26", D(2025, 11, 3), D(2025, 12, 19)),
)
BOARDS = LoggedStrategy("starter/mini-whiteboards", "Mini-whiteboards", "questioning_feedback")
ROUTINE = LoggedStrategy("starter/entry-routine", "Entry routine", "behaviour_relationships")


def cycle(
    ref: str,
    colleague: str,
    problem: str | None = None,
    strategy: LoggedStrategy | None = None,
    started: dt.date = dt.date(2025, 9, 8),
    ended: dt.date | None = None,
    outcome: str | None = None,
) -> LoggedCycle:
    return LoggedCycle(
        ref,
        colleague,
        started,
        ended,
        "complete" if ended else "improve",
        problem,
        strategy,
        outcome,
        outcome == "continue",
    )


def log(
    uid: str,
    name: str,
    colleagues: tuple[LoggedColleague, ...],
    cycles: tuple[LoggedCycle, ...],
    contacts: tuple[LoggedContact, ...],
    term: int = 1,
) -> CoachingLogFile:
    return CoachingLogFile(
        CoachIdentity(uid, name),
        2025,
        term,
        "Autumn 2025/26",
        D(2025, 9, 1),
        D(2026, 1, 4),
        dt.datetime(2025, 12, 20, 9, 0),
        HALVES,
        colleagues,
        cycles,
        contacts,
    )


def session(colleague: str, cyc: str, on: dt.date, minutes: int) -> LoggedContact:
    return LoggedContact(colleague, cyc, "feedback", on, minutes)


def observation(colleague: str, cyc: str, on: dt.date) -> LoggedContact:
    return LoggedContact(colleague, cyc, "observation", on, None)


RUTH = log(
    "u-ruth",
    "Ruth Evans",
    (
        LoggedColleague("c1", "Priya Shah"),
        LoggedColleague("c2", "Tom Okafor", "Science"),
        LoggedColleague("c3", "Dan Smith"),
        LoggedColleague("c4", "Old Hand", archived=True),
    ),
    (
        cycle("cy1", "c1", "exposing_thinking", BOARDS),
        cycle(
            "cy2", "c2", "containing_behaviour", ROUTINE, ended=D(2025, 11, 28), outcome="continue"
        ),
        # Ended before the term began: not active in it, so c4 adds nothing anywhere.
        cycle("cy3", "c4", "exposing_thinking", BOARDS, D(2025, 3, 1), D(2025, 7, 1), "continue"),
    ),
    (
        session("c1", "cy1", D(2025, 9, 10), 30),
        observation("c1", "cy1", D(2025, 10, 1)),
        session("c2", "cy2", D(2025, 10, 28), 20),  # half-term holiday: still Autumn 1
        session("c2", "cy2", D(2025, 11, 12), 45),
        observation("c2", "cy2", D(2025, 12, 23)),  # Christmas holiday: Autumn 2
    ),
)
SAM = log(
    "u-sam",
    "Sam Lee",
    (
        LoggedColleague("s1", "priya  SHAH"),  # Ruth's Priya: one colleague for the school
        LoggedColleague("s2", "dan smith", "History"),
        LoggedColleague("s3", "Eve Adams"),
        LoggedColleague("s4", "Gone Away", archived=True),
    ),
    (cycle("cy7", "s1", None, None, started=D(2025, 11, 4), outcome="refine_goal"),),
    (session("s1", "cy7", D(2025, 11, 20), 25),),
)
SAM_SPRING = log("u-sam", "Sam Lee", (LoggedColleague("s9", "Ivy Spring"),), (), (), term=2)


def test_contacts_per_coach_and_half_term():
    overview = build_overview([SAM, RUTH, SAM_SPRING], 2025, 1)
    assert overview.half_terms == ("Autumn 1 2025/26", "Autumn 2 2025/26")
    assert [c.coach for c in overview.coaches] == ["Ruth Evans", "Sam Lee"]
    ruth, sam = overview.coaches
    assert ruth.per_half_term == (
        ContactCount(sessions=2, observations=1, minutes=50),
        ContactCount(sessions=1, observations=1, minutes=45),
    )
    assert ruth.colleagues == 2
    assert sam.per_half_term == (ContactCount(), ContactCount(sessions=1, minutes=25))
    assert overview.school.per_half_term == (
        ContactCount(sessions=2, observations=1, minutes=50),
        ContactCount(sessions=2, observations=1, minutes=70),
    )
    assert overview.school.total == ContactCount(sessions=4, observations=2, minutes=120)
    assert overview.school.total.contacts == 6
    assert overview.school.colleagues == 2  # Priya (seen by both) and Tom


def test_problems_and_strategies_across_the_school():
    overview = build_overview([RUTH, SAM], 2025, 1)
    problems = [(p.label, p.cycles, p.colleagues, p.coaches) for p in overview.problems]
    assert problems == [
        ("Containing student behaviour", 1, 1, 1),
        ("Exposing student thinking", 1, 1, 1),
        (NO_PROBLEM, 1, 1, 1),
    ]
    strategies = [(s.label, s.detail, s.cycles) for s in overview.strategies]
    assert strategies == [
        ("Entry routine", "Behaviour and relationships", 1),
        ("Mini-whiteboards", "Questioning and feedback", 1),
        (NO_STRATEGY, "Cycles without a strategy yet", 1),
    ]


def test_a_problem_worked_on_by_two_coaches_counts_colleagues_once():
    priya_again = log(
        "u-ada",
        "Ada King",
        (LoggedColleague("a1", "Priya Shah"), LoggedColleague("a2", "Lena Ortiz")),
        (
            cycle("cy1", "a1", "exposing_thinking", BOARDS),
            cycle("cy2", "a2", "exposing_thinking", BOARDS),
        ),
        (),
    )
    overview = build_overview([RUTH, priya_again], 2025, 1)
    thinking = next(p for p in overview.problems if p.label == "Exposing student thinking")
    assert (thinking.cycles, thinking.colleagues, thinking.coaches) == (3, 2, 2)
    assert overview.colleagues_in_cycles == 3  # Priya, Tom, Lena


def test_goals_met_and_cycles_completed_in_the_term():
    overview = build_overview([RUTH, SAM], 2025, 1)
    assert [(g.coach, g.cycles, g.completed, g.goal_met) for g in overview.goals] == [
        ("Ruth Evans", 2, 1, 1),
        ("Sam Lee", 1, 0, 0),
    ]
    total = overview.goals_total
    assert (total.cycles, total.completed, total.goal_met) == (3, 1, 1)


def test_entitlement_gaps_list_each_colleague_once_with_every_coach_naming_them():
    overview = build_overview([RUTH, SAM], 2025, 1)
    assert [(g.name, g.role, g.coaches) for g in overview.gaps] == [
        ("Dan Smith", "History", ("Ruth Evans", "Sam Lee")),
        ("Eve Adams", "", ("Sam Lee",)),
    ]  # Priya has a cycle with Sam; archived colleagues are never gaps


def test_two_coaches_of_one_name_are_told_apart():
    other = log("u-ruth-2", "ruth evans", (), (), ())
    names = [c.coach for c in build_overview([RUTH, other], 2025, 1).coaches]
    assert names == ["Ruth Evans (1)", "ruth evans (2)"]


def test_a_term_without_logs_is_empty():
    overview = build_overview([RUTH], 2025, 3)
    assert overview.coaches == ()
    assert overview.school.total == ContactCount()
    assert overview.gaps == ()
    assert overview.term_label == "Summer 2025/26"


def test_names_match_ignoring_case_and_spacing():
    assert name_key("  Priya   SHAH ") == name_key("priya shah")
