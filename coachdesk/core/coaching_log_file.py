"""The coaching-log file a coach hands the school's coaching lead: one term's cycles and contacts.

Built from core objects (no storage), written as JSON, and read back with a strict check that
names what is wrong. The format is documented in ``docs/coaching-log-format.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from coachdesk.core.calendar import SchoolCalendar, Term
from coachdesk.core.coachees import Coachee
from coachdesk.core.cycles import CycleDossier, Outcome
from coachdesk.core.errors import ImportFileError, ValidationError
from coachdesk.core.file_names import safe_file_name

FORMAT = "coachdesk-coaching-log"
VERSION = 1
OBSERVATION = "observation"  # the contact kind of an observation; sessions use SessionKind values
MAX_ITEMS = 20_000


@dataclass(frozen=True)
class CoachIdentity:
    """Who exported a log: the workspace's stable id and the coach's name."""

    uid: str
    name: str


@dataclass(frozen=True)
class LoggedHalfTerm:
    key: str
    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class LoggedColleague:
    ref: str
    name: str
    role: str = ""
    archived: bool = False


@dataclass(frozen=True)
class LoggedStrategy:
    uid: str
    title: str
    category: str  # a playbook Category value


@dataclass(frozen=True)
class LoggedCycle:
    ref: str
    colleague_ref: str
    started_on: dt.date
    ended_on: dt.date | None
    stage: str  # a Stage value
    problem: str | None  # a PersistentProblem value
    strategy: LoggedStrategy | None
    outcome: str | None  # an Outcome value
    goal_met: bool


@dataclass(frozen=True)
class LoggedContact:
    colleague_ref: str
    cycle_ref: str
    kind: str  # a SessionKind value, or "observation"
    on: dt.date
    duration_min: int | None  # None for an observation

    @property
    def is_observation(self) -> bool:
        return self.kind == OBSERVATION


@dataclass(frozen=True)
class CoachingLogFile:
    """One coach's log for one term, as read from (or about to be written to) a file."""

    coach: CoachIdentity
    school_year: int
    term: int  # 1..3
    term_label: str
    term_start: dt.date
    term_end: dt.date  # the day before the next term starts (the holiday after it included)
    exported_at: dt.datetime  # UTC, naive
    half_terms: tuple[LoggedHalfTerm, ...]
    colleagues: tuple[LoggedColleague, ...]
    cycles: tuple[LoggedCycle, ...]
    contacts: tuple[LoggedContact, ...]

    def colleague(self, ref: str) -> LoggedColleague:
        return next(c for c in self.colleagues if c.ref == ref)

    def half_term_of(self, day: dt.date) -> LoggedHalfTerm:
        """Return the half-term ``day`` falls in; a holiday belongs to the half-term before it."""
        chosen = self.half_terms[0]
        for half in self.half_terms:
            if day >= half.start:
                chosen = half
        return chosen


# -- building -------------------------------------------------------------------------------


def term_span(calendar: SchoolCalendar, school_year: int, term: int) -> tuple[Term, dt.date]:
    """Return the term (1..3) and the last day it covers: the day before the next term starts."""
    if term not in (1, 2, 3):
        raise ValidationError("A school year has terms 1, 2 and 3.")
    terms = calendar.terms_of(school_year)
    chosen = terms[term - 1]
    if term < 3:
        last = terms[term].start - dt.timedelta(days=1)
    else:
        last = calendar.year_span(school_year)[1]
    return chosen, last


def build_log_file(
    coach: CoachIdentity,
    calendar: SchoolCalendar,
    school_year: int,
    term: int,
    coachees: Iterable[Coachee],
    dossiers: Iterable[CycleDossier],
    exported_at: dt.datetime,
) -> CoachingLogFile:
    """Return the log of ``term``: the cycles active in it, their contacts, and the colleagues.

    Every colleague not archived is listed (the lead looks for those with no cycle); an
    archived one only when a cycle of theirs was active in the term.
    """
    if not coach.name.strip():
        raise ValidationError(
            "Write your name first: the lead's overview tells the coaches apart by it."
        )
    chosen, last = term_span(calendar, school_year, term)
    first = chosen.start
    cycles: list[LoggedCycle] = []
    contacts: list[LoggedContact] = []
    for dossier in sorted(dossiers, key=lambda d: (d.cycle.started_on, d.cycle.id)):
        cycle = dossier.cycle
        if cycle.started_on > last or (cycle.ended_on is not None and cycle.ended_on < first):
            continue
        ref = f"cy{cycle.id}"
        colleague_ref = f"c{cycle.coachee_id}"
        strategy = dossier.strategy.strategy if dossier.strategy else None
        cycles.append(
            LoggedCycle(
                ref=ref,
                colleague_ref=colleague_ref,
                started_on=cycle.started_on,
                ended_on=cycle.ended_on,
                stage=cycle.stage.value,
                problem=cycle.problem.value if cycle.problem else None,
                strategy=LoggedStrategy(strategy.uid, strategy.title, strategy.category.value)
                if strategy
                else None,
                outcome=cycle.outcome.value if cycle.outcome else None,
                goal_met=cycle.outcome is Outcome.CONTINUE,
            )
        )
        for session in dossier.sessions:
            if first <= session.held_on <= last:
                contacts.append(
                    LoggedContact(
                        colleague_ref,
                        ref,
                        session.kind.value,
                        session.held_on,
                        session.duration_min,
                    )
                )
        for observation in dossier.observations:
            if first <= observation.observed_on <= last:
                contacts.append(
                    LoggedContact(colleague_ref, ref, OBSERVATION, observation.observed_on, None)
                )
    with_cycles = {c.colleague_ref for c in cycles}
    colleagues = tuple(
        LoggedColleague(f"c{c.id}", c.name, c.role, c.archived)
        for c in sorted(coachees, key=lambda c: (c.name.casefold(), c.id))
        if not c.archived or f"c{c.id}" in with_cycles
    )
    return CoachingLogFile(
        coach=CoachIdentity(coach.uid, coach.name.strip()),
        school_year=school_year,
        term=term,
        term_label=chosen.label,
        term_start=first,
        term_end=last,
        exported_at=_utc_naive(exported_at).replace(microsecond=0),
        half_terms=tuple(
            LoggedHalfTerm(f"{school_year}-h{h.index + 1}", h.label, h.start, h.end)
            for h in (chosen.first, chosen.second)
        ),
        colleagues=colleagues,
        cycles=tuple(cycles),
        contacts=tuple(sorted(contacts, key=lambda c: (c.on, c.cycle_ref, c.kind))),
    )


def suggested_file_name(log: CoachingLogFile) -> str:
    """Return "coaching-log <coach> <year> T<n>.coachlog.json", safe on every file system."""
    stem = safe_file_name(f"coaching-log {log.coach.name} {log.school_year} T{log.term}")
    return f"{stem}.coachlog.json"


# -- writing --------------------------------------------------------------------------------


def to_document(log: CoachingLogFile) -> dict[str, object]:
    """Return the JSON document of ``log``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "coach": {"uid": log.coach.uid, "name": log.coach.name},
        "school_year": log.school_year,
        "term": log.term,
        "term_label": log.term_label,
        "term_start": log.term_start.isoformat(),
        "term_end": log.term_end.isoformat(),
        "exported_at": log.exported_at.isoformat() + "Z",
        "half_terms": [
            {"key": h.key, "label": h.label, "start": h.start.isoformat(), "end": h.end.isoformat()}
            for h in log.half_terms
        ],
        "colleagues": [
            {"ref": c.ref, "name": c.name, "role": c.role, "archived": c.archived}
            for c in log.colleagues
        ],
        "cycles": [
            {
                "ref": c.ref,
                "colleague_ref": c.colleague_ref,
                "started_on": c.started_on.isoformat(),
                "ended_on": c.ended_on.isoformat() if c.ended_on else None,
                "stage": c.stage,
                "problem": c.problem,
                "strategy": {
                    "uid": c.strategy.uid,
                    "title": c.strategy.title,
                    "category": c.strategy.category,
                }
                if c.strategy
                else None,
                "outcome": c.outcome,
                "goal_met": c.goal_met,
            }
            for c in log.cycles
        ],
        "contacts": [
            {
                "colleague_ref": c.colleague_ref,
                "cycle_ref": c.cycle_ref,
                "kind": c.kind,
                "on": c.on.isoformat(),
                "duration_min": c.duration_min,
            }
            for c in log.contacts
        ],
    }


def encode(log: CoachingLogFile) -> bytes:
    """Return the file's bytes: indented UTF-8 JSON a person can read."""
    return (json.dumps(to_document(log), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def digest(log: CoachingLogFile) -> str:
    """Return a fingerprint of the content (the same file saved twice has the same one)."""
    canonical = json.dumps(to_document(log), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


# -- reading --------------------------------------------------------------------------------


def parse(data: bytes) -> CoachingLogFile:
    """Read a coaching-log file, or raise ImportFileError saying what is wrong with it."""
    from coachdesk.core.coaching_log_reader import read_document
    from coachdesk.core.files import load_json_document

    try:
        # The version is checked below, to word the refusal for this kind of file.
        doc = load_json_document(data, expected_format=FORMAT, newest_version=2**31)
    except ImportFileError as exc:
        message = str(exc)
        if message.startswith("This is"):
            found = message.split(";")[0].removeprefix("This is ").strip()
            kind = "" if found == "not a CoachDesk file" else f" (it is {found})"
            message = f"This is not a CoachDesk coaching-log file{kind}."
        raise ImportFileError(message) from None
    version = doc["version"]
    if version > VERSION:
        raise ImportFileError(
            f"This coaching-log file is version {version}, which is newer than this CoachDesk "
            f"(it reads up to version {VERSION}). Update CoachDesk to import it."
        )
    return read_document(doc)
