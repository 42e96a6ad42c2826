"""The coaching lead's overview of one term across the school, from several coaches' log files.

Pure arithmetic over parsed ``CoachingLogFile``s: no storage, no Qt. A colleague named by more
than one coach is matched by name, ignoring case and spacing, and counted once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coachdesk.core.coaching_log_file import CoachingLogFile, LoggedCycle
from coachdesk.core.cycles import Stage
from coachdesk.core.lead_logs import term_label
from coachdesk.core.playbook import Category
from coachdesk.core.problems import PersistentProblem

NO_PROBLEM = "Not named yet"
NO_STRATEGY = "Not chosen yet"


@dataclass(frozen=True)
class ContactCount:
    """Sessions (with their minutes) and observations."""

    sessions: int = 0
    observations: int = 0
    minutes: int = 0

    @property
    def contacts(self) -> int:
        return self.sessions + self.observations

    def __add__(self, other: ContactCount) -> ContactCount:
        return ContactCount(
            self.sessions + other.sessions,
            self.observations + other.observations,
            self.minutes + other.minutes,
        )


@dataclass(frozen=True)
class CoachContacts:
    """One coach's contacts in each half-term of the term, and in the whole term."""

    coach: str
    per_half_term: tuple[ContactCount, ...]
    colleagues: int  # colleagues with at least one contact in the term

    @property
    def total(self) -> ContactCount:
        return sum(self.per_half_term, ContactCount())


@dataclass(frozen=True)
class FocusRow:
    """A persistent problem or a strategy, and how much of the school works on it."""

    label: str
    detail: str  # the strategy's playbook category; a problem's description
    cycles: int
    colleagues: int
    coaches: int


@dataclass(frozen=True)
class GoalRow:
    """One coach's cycles active in the term, those completed in it, and goals met."""

    coach: str
    cycles: int
    completed: int
    goal_met: int


@dataclass(frozen=True)
class GapRow:
    """A colleague on a coach's list with no coaching cycle active in the term."""

    name: str
    role: str
    coaches: tuple[str, ...]


@dataclass(frozen=True)
class SchoolOverview:
    school_year: int
    term: int
    half_terms: tuple[str, ...]  # labels, in order
    coaches: tuple[CoachContacts, ...]
    school: CoachContacts  # every coach together
    problems: tuple[FocusRow, ...]
    strategies: tuple[FocusRow, ...]
    goals: tuple[GoalRow, ...]
    goals_total: GoalRow
    gaps: tuple[GapRow, ...]
    colleagues_in_cycles: int  # distinct colleagues with a cycle active in the term

    @property
    def term_label(self) -> str:
        return term_label(self.school_year, self.term)


def name_key(name: str) -> str:
    """Return the name as matched across coaches: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def active_cycles(log: CoachingLogFile) -> list[LoggedCycle]:
    """Return the cycles of ``log`` that were active at some time in its term."""
    return [
        c
        for c in log.cycles
        if c.started_on <= log.term_end and (c.ended_on is None or c.ended_on >= log.term_start)
    ]


def build_overview(logs: Iterable[CoachingLogFile], school_year: int, term: int) -> SchoolOverview:
    """Return the overview of ``term`` of ``school_year`` from the logs of that term."""
    chosen = sorted(
        (g for g in logs if (g.school_year, g.term) == (school_year, term)),
        key=lambda g: (name_key(g.coach.name), g.coach.uid),
    )
    names = _coach_names(chosen)
    halves = tuple(h.label for h in chosen[0].half_terms) if chosen else ()
    coaches = tuple(_contacts(log, names[log.coach.uid]) for log in chosen)
    school = CoachContacts(
        "Whole school",
        tuple(
            sum((c.per_half_term[i] for c in coaches), ContactCount()) for i in range(len(halves))
        ),
        len(
            {name_key(log.colleague(c.colleague_ref).name) for log in chosen for c in log.contacts}
        ),
    )
    goals = tuple(_goals(log, names[log.coach.uid]) for log in chosen)
    in_cycles = {
        name_key(log.colleague(c.colleague_ref).name) for log in chosen for c in active_cycles(log)
    }
    return SchoolOverview(
        school_year=school_year,
        term=term,
        half_terms=halves,
        coaches=coaches,
        school=school,
        problems=_problems(chosen),
        strategies=_strategies(chosen),
        goals=goals,
        goals_total=GoalRow(
            "Whole school",
            sum(g.cycles for g in goals),
            sum(g.completed for g in goals),
            sum(g.goal_met for g in goals),
        ),
        gaps=_gaps(chosen, names, in_cycles),
        colleagues_in_cycles=len(in_cycles),
    )


def _coach_names(logs: list[CoachingLogFile]) -> dict[str, str]:
    """Return each coach's shown name; coaches of one name are numbered, in the logs' order."""
    shown: dict[str, str] = {}
    for log in logs:
        same = [g.coach.uid for g in logs if name_key(g.coach.name) == name_key(log.coach.name)]
        number = same.index(log.coach.uid) + 1
        shown[log.coach.uid] = log.coach.name if len(same) == 1 else f"{log.coach.name} ({number})"
    return shown


def _contacts(log: CoachingLogFile, coach: str) -> CoachContacts:
    counts = [ContactCount() for _ in log.half_terms]
    for contact in log.contacts:
        index = log.half_terms.index(log.half_term_of(contact.on))
        one = (
            ContactCount(observations=1)
            if contact.is_observation
            else ContactCount(sessions=1, minutes=contact.duration_min or 0)
        )
        counts[index] = counts[index] + one
    seen = {name_key(log.colleague(c.colleague_ref).name) for c in log.contacts}
    return CoachContacts(coach, tuple(counts), len(seen))


def _goals(log: CoachingLogFile, coach: str) -> GoalRow:
    cycles = active_cycles(log)
    completed = [
        c
        for c in cycles
        if c.stage == Stage.COMPLETE.value
        and c.ended_on is not None
        and log.term_start <= c.ended_on <= log.term_end
    ]
    return GoalRow(coach, len(cycles), len(completed), sum(c.goal_met for c in cycles))


def _focus(
    logs: list[CoachingLogFile], key_of: dict[str, tuple[str, str]], pick: str
) -> tuple[FocusRow, ...]:
    """Count cycles, colleagues and coaches per key (``pick``: "problem" or "strategy")."""
    cycles: dict[str, int] = {}
    colleagues: dict[str, set[str]] = {}
    coaches: dict[str, set[str]] = {}
    for log in logs:
        for cycle in active_cycles(log):
            key = _key(cycle, pick)
            cycles[key] = cycles.get(key, 0) + 1
            colleagues.setdefault(key, set()).add(name_key(log.colleague(cycle.colleague_ref).name))
            coaches.setdefault(key, set()).add(log.coach.uid)
    rows = [
        FocusRow(*key_of[key], cycles[key], len(colleagues[key]), len(coaches[key]))
        for key in cycles
    ]
    # Most-worked-on first; the "not named yet" row last.
    return tuple(
        sorted(rows, key=lambda r: (r.label in (NO_PROBLEM, NO_STRATEGY), -r.cycles, r.label))
    )


def _key(cycle: LoggedCycle, pick: str) -> str:
    if pick == "problem":
        return cycle.problem or ""
    return cycle.strategy.uid if cycle.strategy else ""


def _problems(logs: list[CoachingLogFile]) -> tuple[FocusRow, ...]:
    labels = {p.value: (p.label, p.description) for p in PersistentProblem}
    labels[""] = (NO_PROBLEM, "Cycles still identifying their persistent problem")
    return _focus(logs, labels, "problem")


def _strategies(logs: list[CoachingLogFile]) -> tuple[FocusRow, ...]:
    categories = {c.value: c.label for c in Category}
    labels: dict[str, tuple[str, str]] = {"": (NO_STRATEGY, "Cycles without a strategy yet")}
    for log in logs:
        for cycle in log.cycles:
            if cycle.strategy and cycle.strategy.uid not in labels:
                labels[cycle.strategy.uid] = (
                    cycle.strategy.title,
                    categories.get(cycle.strategy.category, ""),
                )
    return _focus(logs, labels, "strategy")


def _gaps(
    logs: list[CoachingLogFile], names: dict[str, str], in_cycles: set[str]
) -> tuple[GapRow, ...]:
    """Colleagues (not archived) with no cycle in the term with any coach, listed once."""
    found: dict[str, tuple[str, str, list[str]]] = {}
    for log in logs:
        for colleague in log.colleagues:
            key = name_key(colleague.name)
            if colleague.archived or key in in_cycles:
                continue
            name, role, coaches = found.setdefault(key, (colleague.name, colleague.role, []))
            if not role and colleague.role:
                found[key] = (name, colleague.role, coaches)
            if names[log.coach.uid] not in coaches:
                coaches.append(names[log.coach.uid])
    return tuple(
        GapRow(name, role, tuple(coaches))
        for name, role, coaches in sorted(found.values(), key=lambda v: name_key(v[0]))
    )
