"""The strict check of a coaching-log file: every field, every reference, every date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from coachdesk.core.coaching_log_file import (
    MAX_ITEMS,
    OBSERVATION,
    CoachIdentity,
    CoachingLogFile,
    LoggedColleague,
    LoggedContact,
    LoggedCycle,
    LoggedHalfTerm,
    LoggedStrategy,
)
from coachdesk.core.cycles import Outcome, Stage
from coachdesk.core.errors import ImportFileError
from coachdesk.core.files import field_text
from coachdesk.core.playbook import Category
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.sessions import SessionKind

_REF = re.compile(r"[A-Za-z0-9_.-]{1,40}")
STAGES = tuple(s.value for s in Stage)
PROBLEMS = tuple(p.value for p in PersistentProblem)
OUTCOMES = tuple(o.value for o in Outcome)
CATEGORIES = tuple(c.value for c in Category)
CONTACT_KINDS = (*(k.value for k in SessionKind), OBSERVATION)

# What CoachDesk itself lets a coach type without a limit (their own name, a colleague's role)
# must read back: the file's size limit (core/files.py) bounds these, not a length of 200.
FREE_TEXT = 100_000


def read_document(doc: dict[str, Any]) -> CoachingLogFile:
    """Return the log in ``doc`` (format and version already checked), or say what is wrong."""
    coach = _object(doc.get("coach"), "The file's “coach”")
    uid = field_text(coach, "uid", "The coach", required=True, max_len=64).strip()
    name = field_text(coach, "name", "The coach", required=True, max_len=FREE_TEXT).strip()
    year = _int(doc, "school_year", "The file", 1900, 2200)
    term = _int(doc, "term", "The file", 1, 3)
    label = field_text(doc, "term_label", "The file", required=True, max_len=200).strip()
    term_start = _date(doc, "term_start", "The file")
    term_end = _date(doc, "term_end", "The file")
    if term_end < term_start:
        raise ImportFileError("The file's term ends (“term_end”) before it starts.")
    exported_at = _moment(doc, "exported_at", "The file")

    halves = _list(doc, "half_terms", "The file")
    if len(halves) != 2:
        raise ImportFileError(f"A term has two half-terms; the file lists {len(halves)}.")
    half_terms = tuple(_half_term(item, i) for i, item in enumerate(halves, start=1))
    if half_terms[0].start != term_start or half_terms[1].start <= half_terms[0].end:
        raise ImportFileError("The half-terms do not follow each other from the start of the term.")
    if half_terms[1].end > term_end:
        raise ImportFileError("The second half-term ends after the term (“term_end”).")

    colleagues = tuple(_colleague(item, i) for i, item in enumerate(_list(doc, "colleagues"), 1))
    _unique((c.ref for c in colleagues), "colleague")
    known = {c.ref for c in colleagues}
    cycles = tuple(_cycle(item, i, known) for i, item in enumerate(_list(doc, "cycles"), 1))
    _unique((c.ref for c in cycles), "cycle")
    owner = {c.ref: c.colleague_ref for c in cycles}
    contacts = tuple(
        _contact(item, i, owner, term_start, term_end)
        for i, item in enumerate(_list(doc, "contacts"), 1)
    )
    return CoachingLogFile(
        coach=CoachIdentity(uid, name),
        school_year=year,
        term=term,
        term_label=label,
        term_start=term_start,
        term_end=term_end,
        exported_at=exported_at,
        half_terms=half_terms,
        colleagues=colleagues,
        cycles=cycles,
        contacts=contacts,
    )


# -- the items -------------------------------------------------------------------------------


def _half_term(item: object, index: int) -> LoggedHalfTerm:
    where = f"Half-term {index}"
    fields = _object(item, where)
    half = LoggedHalfTerm(
        key=field_text(fields, "key", where, required=True, max_len=40).strip(),
        label=field_text(fields, "label", where, required=True, max_len=200).strip(),
        start=_date(fields, "start", where),
        end=_date(fields, "end", where),
    )
    if half.end < half.start:
        raise ImportFileError(f"{where} ({half.label}) ends before it starts.")
    return half


def _colleague(item: object, index: int) -> LoggedColleague:
    fields = _object(item, f"Colleague {index}")
    ref = _ref(fields, "ref", f"Colleague {index}")
    where = f"Colleague {ref}"
    archived = fields.get("archived", False)
    if not isinstance(archived, bool):
        raise ImportFileError(f"{where}: “archived” should be true or false.")
    return LoggedColleague(
        ref=ref,
        name=" ".join(field_text(fields, "name", where, required=True, max_len=200).split()),
        role=field_text(fields, "role", where, max_len=FREE_TEXT).strip(),
        archived=archived,
    )


def _cycle(item: object, index: int, colleagues: set[str]) -> LoggedCycle:
    fields = _object(item, f"Cycle {index}")
    ref = _ref(fields, "ref", f"Cycle {index}")
    where = f"Cycle {ref}"
    colleague_ref = _ref(fields, "colleague_ref", where)
    if colleague_ref not in colleagues:
        raise ImportFileError(
            f"Cycle {ref} names colleague {colleague_ref}, who is not in the file."
        )
    started_on = _date(fields, "started_on", where)
    ended_on = _maybe_date(fields, "ended_on", where)
    if ended_on is not None and ended_on < started_on:
        raise ImportFileError(f"{where} ends ({ended_on}) before it starts ({started_on}).")
    stage = _choice(fields, "stage", where, STAGES)
    if (stage == Stage.COMPLETE.value) != (ended_on is not None):
        raise ImportFileError(f"{where}: only a complete cycle has an end date (“ended_on”).")
    outcome = _choice(fields, "outcome", where, OUTCOMES, optional=True)
    goal_met = fields.get("goal_met")
    if not isinstance(goal_met, bool):
        raise ImportFileError(f"{where}: “goal_met” should be true or false.")
    if goal_met != (outcome == Outcome.CONTINUE.value):
        raise ImportFileError(
            f"{where}: “goal_met” says {str(goal_met).lower()} but the outcome is "
            f"{outcome or 'not decided'}."
        )
    return LoggedCycle(
        ref=ref,
        colleague_ref=colleague_ref,
        started_on=started_on,
        ended_on=ended_on,
        stage=stage,
        problem=_choice(fields, "problem", where, PROBLEMS, optional=True),
        strategy=_strategy(fields.get("strategy"), where),
        outcome=outcome,
        goal_met=goal_met,
    )


def _strategy(item: object, where: str) -> LoggedStrategy | None:
    if item is None:
        return None
    fields = _object(item, f"{where}'s strategy")
    inner = f"{where}'s strategy"
    category = _choice(fields, "category", inner, CATEGORIES)
    return LoggedStrategy(
        uid=field_text(fields, "uid", inner, required=True, max_len=200).strip(),
        title=field_text(fields, "title", inner, required=True, max_len=200).strip(),
        category=category,
    )


def _contact(
    item: object, index: int, owner: dict[str, str], first: dt.date, last: dt.date
) -> LoggedContact:
    where = f"Contact {index}"
    fields = _object(item, where)
    cycle_ref = _ref(fields, "cycle_ref", where)
    colleague_ref = _ref(fields, "colleague_ref", where)
    if cycle_ref not in owner:
        raise ImportFileError(f"{where} names cycle {cycle_ref}, which is not in the file.")
    if owner[cycle_ref] != colleague_ref:
        raise ImportFileError(
            f"{where} names colleague {colleague_ref}, but cycle {cycle_ref} is with "
            f"colleague {owner[cycle_ref]}."
        )
    kind = _choice(fields, "kind", where, CONTACT_KINDS)
    on = _date(fields, "on", where)
    if not first <= on <= last:
        raise ImportFileError(f"{where} is on {on}, outside the term ({first} to {last}).")
    if kind == OBSERVATION:
        if fields.get("duration_min") is not None:
            raise ImportFileError(f"{where}: an observation has no “duration_min” (use null).")
        duration = None
    else:
        duration = _int(fields, "duration_min", where, 0, 24 * 60)
    return LoggedContact(colleague_ref, cycle_ref, kind, on, duration)


# -- fields ----------------------------------------------------------------------------------


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImportFileError(f"{where} should be an object with named fields.")
    return value


def _list(doc: dict[str, Any], key: str, where: str = "The file") -> list[Any]:
    value = doc.get(key)
    if not isinstance(value, list):
        raise ImportFileError(f"{where}: “{key}” should be a list.")
    if len(value) > MAX_ITEMS:
        raise ImportFileError(f"{where}: “{key}” has more than {MAX_ITEMS} items.")
    return value


def _int(fields: dict[str, Any], key: str, where: str, low: int, high: int) -> int:
    value = fields.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ImportFileError(f"{where}: “{key}” should be a whole number from {low} to {high}.")
    return value


def _ref(fields: dict[str, Any], key: str, where: str) -> str:
    value = fields.get(key)
    if not isinstance(value, str) or not _REF.fullmatch(value):
        raise ImportFileError(
            f"{where}: “{key}” should be a short reference such as “c12” (letters, digits, - _ .)."
        )
    return value


def _date(fields: dict[str, Any], key: str, where: str) -> dt.date:
    value = fields.get(key)
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ImportFileError(
        f"{where}: “{key}” should be a date written as 2025-11-12, not {_shown(value)}."
    )


def _maybe_date(fields: dict[str, Any], key: str, where: str) -> dt.date | None:
    return None if fields.get(key) is None else _date(fields, key, where)


def _moment(fields: dict[str, Any], key: str, where: str) -> dt.datetime:
    value = fields.get(key)
    if isinstance(value, str) and len(value) <= 40:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.tzinfo is not None:
                moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
            return moment
    raise ImportFileError(
        f"{where}: “{key}” should be a date and time written as 2025-11-12T15:30:00Z, "
        f"not {_shown(value)}."
    )


def _choice(
    fields: dict[str, Any],
    key: str,
    where: str,
    allowed: tuple[str, ...],
    *,
    optional: bool = False,
) -> Any:
    value = fields.get(key)
    if value is None and optional:
        return None
    if value not in allowed:
        raise ImportFileError(
            f"{where}: “{key}” is {_shown(value)}; it should be one of {', '.join(allowed)}."
        )
    return value


def _unique(refs: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref in seen:
            raise ImportFileError(f"Two {what}s in the file have the reference {ref}.")
        seen.add(ref)


def _shown(value: object) -> str:
    text = "nothing" if value is None else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
