"""The coaching log for a half-term, a term or a year: one row per contact, with totals.

A contact is a coaching session or an observation. The CSV opens cleanly in Excel and
LibreOffice (UTF-8 with a byte-order mark, ISO dates, one header row); the HTML (for the PDF)
adds totals by kind and by coachee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coachdesk.core.calendar import SchoolCalendar, year_label
from coachdesk.core.coachees import Coachee
from coachdesk.core.cycles import CycleDossier
from coachdesk.core.errors import ValidationError
from coachdesk.core.observations import Note, Observation
from coachdesk.core.sessions import CoachingSession
from coachdesk.export.spreadsheet import csv_bytes
from coachdesk.export.templating import environment

PERIOD_NAMES = ("this-half-term", "this-term", "this-year")
CSV_HEADER = (
    "Date",
    "Coachee",
    "Cycle",
    "Kind",
    "Duration (min)",
    "Focus",
    "Summary",
    "Next step",
    "Tagged video",
)


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, with a name for headings and file names."""

    label: str
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.label.lower()).strip("-")


def period_named(name: str, calendar: SchoolCalendar, today: dt.date) -> Period:
    """Return the half-term, term or academic year that ``today`` falls in.

    A holiday belongs to the half-term before it (as in ``SchoolCalendar.half_term_of``), so
    a contact in the holidays is logged rather than falling between two periods.
    """
    if name not in PERIOD_NAMES:
        raise ValidationError(f"“{name}” is not a period; use one of {', '.join(PERIOD_NAMES)}.")
    half = calendar.half_term_of(today)
    year_start, year_end = calendar.year_span(half.year)
    if name == "this-year":
        return Period(f"Academic year {year_label(half.year)}", year_start, year_end)
    halves = calendar.half_terms_of(half.year)
    if name == "this-half-term":
        first, last = half.index, half.index
        label = half.label
    else:
        first, last = half.index - half.index % 2, half.index - half.index % 2 + 1
        label = f"{half.term_name} term {year_label(half.year)}"
    end = halves[last + 1].start - dt.timedelta(days=1) if last + 1 < len(halves) else year_end
    return Period(label, halves[first].start, end)


def custom_period(start: dt.date, end: dt.date) -> Period:
    """Return the days from ``start`` to ``end``, refusing an end before the start."""
    if end < start:
        raise ValidationError("The period ends before it starts; swap the dates.")
    return Period(f"{start.isoformat()} to {end.isoformat()}", start, end)


@dataclass(frozen=True)
class CycleContacts:
    """A cycle's contacts within the period, with what the log needs to describe them."""

    coachee: Coachee
    dossier: CycleDossier
    sessions: tuple[CoachingSession, ...] = ()
    observations: tuple[Observation, ...] = ()
    notes: Mapping[int, tuple[Note, ...]] = field(default_factory=dict)  # by observation id
    video: Mapping[int, str] = field(default_factory=dict)  # tagged video in a line, by obs. id


@dataclass(frozen=True)
class LogRow:
    """One contact."""

    on: dt.date
    coachee: str
    cycle: str
    kind: str
    duration_min: int | None
    focus: str
    summary: str
    next_step: str
    is_session: bool
    video: str = ""  # an observation's tagged video in a line


@dataclass(frozen=True)
class Total:
    """How many contacts (sessions, observations) and minutes, for one kind or one coachee."""

    name: str
    contacts: int
    sessions: int
    observations: int
    minutes: int


@dataclass(frozen=True)
class CoachingLog:
    """The rows of a period, in date order, and their totals."""

    period: Period
    rows: tuple[LogRow, ...]
    coach_name: str = ""
    generated_on: dt.date | None = None

    def by_kind(self) -> list[Total]:
        return _totals(self.rows, lambda r: r.kind)

    def by_coachee(self) -> list[Total]:
        return _totals(self.rows, lambda r: r.coachee)

    @property
    def total(self) -> Total:
        found = _totals(self.rows, lambda r: "All contacts")
        return found[0] if found else Total("All contacts", 0, 0, 0, 0)


def _totals(rows: Iterable[LogRow], key: Callable[[LogRow], str]) -> list[Total]:
    groups: dict[str, list[LogRow]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return [
        Total(
            name,
            len(items),
            sum(1 for r in items if r.is_session),
            sum(1 for r in items if not r.is_session),
            sum(r.duration_min or 0 for r in items),
        )
        for name, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def first_line(text: str) -> str:
    """Return the first non-blank line of ``text``, trimmed."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _focus(dossier: CycleDossier) -> str:
    parts = []
    if dossier.cycle.problem is not None:
        parts.append(dossier.cycle.problem.label)
    if dossier.strategy is not None:
        parts.append(dossier.strategy.strategy.title)
    return " / ".join(parts)


def _cycle_name(dossier: CycleDossier) -> str:
    cycle = dossier.cycle
    return cycle.title.strip() or f"Cycle started {cycle.started_on.isoformat()}"


def _session_row(entry: CycleContacts, session: CoachingSession) -> LogRow:
    open_actions = sorted(
        (a for a in session.actions if a.done_on is None),
        key=lambda a: (a.due_on or dt.date.max, a.id),
    )
    next_step = ""
    if open_actions:
        action = open_actions[0]
        due = f" (by {action.due_on.isoformat()})" if action.due_on else ""
        next_step = action.text.strip() + due
    return LogRow(
        on=session.held_on,
        coachee=entry.coachee.name,
        cycle=_cycle_name(entry.dossier),
        kind=session.kind.label,
        duration_min=session.duration_min,
        focus=_focus(entry.dossier),
        summary=first_line(session.notes),
        next_step=next_step,
        is_session=True,
    )


def _observation_row(entry: CycleContacts, observation: Observation) -> LogRow:
    notes = sorted(entry.notes.get(observation.id, ()), key=lambda n: (n.at_ms, n.id))
    first_note = first_line(notes[0].text) if notes else ""
    context = first_line(observation.context)
    summary = f"{context}: {first_note}" if context and first_note else context or first_note
    return LogRow(
        on=observation.observed_on,
        coachee=entry.coachee.name,
        cycle=_cycle_name(entry.dossier),
        kind=f"Observation ({observation.mode.label.lower()})",
        duration_min=None,
        focus=_focus(entry.dossier),
        summary=summary,
        next_step="",
        is_session=False,
        video=entry.video.get(observation.id, ""),
    )


def build_log(
    period: Period,
    entries: Iterable[CycleContacts],
    coach_name: str = "",
    generated_on: dt.date | None = None,
) -> CoachingLog:
    """Return the log of the contacts in ``entries`` that fall within ``period``."""
    rows: list[LogRow] = []
    for entry in entries:
        rows += [_session_row(entry, s) for s in entry.sessions if period.contains(s.held_on)]
        rows += [
            _observation_row(entry, o) for o in entry.observations if period.contains(o.observed_on)
        ]
    rows.sort(key=lambda r: (r.on, r.coachee.casefold(), not r.is_session, r.kind))
    return CoachingLog(period, tuple(rows), coach_name, generated_on or dt.date.today())


def log_csv(log: CoachingLog) -> bytes:
    """Return the log as CSV: UTF-8 with BOM, a header row, ISO dates, one row per contact."""
    return csv_bytes(
        CSV_HEADER,
        (
            (
                row.on.isoformat(),
                row.coachee,
                row.cycle,
                row.kind,
                "" if row.duration_min is None else row.duration_min,
                row.focus,
                row.summary,
                row.next_step,
                row.video,
            )
            for row in log.rows
        ),
    )


def render_log_html(log: CoachingLog, template_dirs: Sequence[Path] = ()) -> str:
    """Return the log as an HTML page (A4 landscape when printed)."""
    template = environment(template_dirs).get_template("coaching_log.html.j2")
    return template.render(
        log=log,
        period=log.period,
        rows=log.rows,
        by_kind=log.by_kind(),
        by_coachee=log.by_coachee(),
        total=log.total,
        coach_name=log.coach_name,
        generated_on=log.generated_on,
    )
