"""The span of days on screen: year and term views, the date axis and the calendar's bands.

Plain Python (no Qt): dates to x and back, and where terms, half-terms, holidays and
month/week ticks fall.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from coachdesk.core.calendar import SchoolCalendar, year_label


class Zoom(enum.Enum):
    YEAR = "year"
    TERM = "term"


@dataclass(frozen=True)
class View:
    """The span of days on screen: a whole academic year or one term (holidays included)."""

    zoom: Zoom
    start: dt.date
    end: dt.date  # inclusive
    label: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def view_for(calendar: SchoolCalendar, zoom: Zoom, day: dt.date) -> View:
    """Return the year or term view that contains ``day``."""
    year = calendar.academic_year_of(day)
    if zoom is Zoom.YEAR:
        start, end = calendar.year_span(year)
        return View(zoom, start, end, year_label(year))
    term = calendar.term_of(day)
    terms = calendar.terms_of(term.year)
    if term.index < 2:
        end = terms[term.index + 1].start - dt.timedelta(days=1)
    else:
        end = calendar.year_span(term.year)[1]
    start = calendar.year_span(term.year)[0] if term.index == 0 else term.start
    return View(zoom, start, end, f"{term.name} term {year_label(term.year)}")


def step_view(calendar: SchoolCalendar, view: View, steps: int) -> View:
    """Return the view ``steps`` years or terms before (negative) or after ``view``."""
    for _ in range(abs(steps)):
        day = view.end + dt.timedelta(days=1) if steps > 0 else view.start - dt.timedelta(days=1)
        view = view_for(calendar, view.zoom, day)
    return view


@dataclass(frozen=True)
class TimeAxis:
    """Maps days onto x between ``left`` and ``right``; a day is a slot of equal width."""

    start: dt.date
    end: dt.date  # inclusive
    left: float
    right: float

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def px_per_day(self) -> float:
        return max(self.right - self.left, 1.0) / self.days

    def x_of(self, day: dt.date) -> float:
        """Return the x where ``day`` begins."""
        return self.left + (day - self.start).days * self.px_per_day

    def x_mid(self, day: dt.date) -> float:
        return self.x_of(day) + self.px_per_day / 2

    def x_after(self, day: dt.date) -> float:
        """Return the x where ``day`` ends."""
        return self.x_of(day) + self.px_per_day

    def date_at(self, x: float) -> dt.date:
        return self.start + dt.timedelta(days=int((x - self.left) // self.px_per_day))


@dataclass(frozen=True)
class Band:
    """A stretch of the background: a half-term (alternating shades) or a holiday."""

    name: str
    start: dt.date
    end: dt.date
    x0: float
    x1: float
    holiday: bool
    index: int


@dataclass(frozen=True)
class TermSpan:
    label: str
    x0: float
    x1: float
    index: int


@dataclass(frozen=True)
class Tick:
    label: str
    x: float


def calendar_bands(calendar: SchoolCalendar, axis: TimeAxis) -> tuple[Band, ...]:
    bands: list[Band] = []
    cursor = axis.start
    for half in calendar.half_terms_between(axis.start, axis.end):
        if half.start > cursor:
            bands.append(
                _band("Holiday", cursor, half.start - dt.timedelta(days=1), axis, True, len(bands))
            )
        bands.append(
            _band(
                half.name,
                max(half.start, axis.start),
                min(half.end, axis.end),
                axis,
                False,
                half.index,
            )
        )
        cursor = half.end + dt.timedelta(days=1)
    if cursor <= axis.end:
        bands.append(_band("Holiday", cursor, axis.end, axis, True, len(bands)))
    return tuple(bands)


def _band(
    name: str, start: dt.date, end: dt.date, axis: TimeAxis, holiday: bool, index: int
) -> Band:
    return Band(name, start, end, axis.x_of(start), axis.x_after(end), holiday, index)


def term_spans(calendar: SchoolCalendar, axis: TimeAxis) -> tuple[TermSpan, ...]:
    spans = []
    for year in range(
        calendar.academic_year_of(axis.start), calendar.academic_year_of(axis.end) + 1
    ):
        for term in calendar.terms_of(year):
            if term.end < axis.start or term.start > axis.end:
                continue
            spans.append(
                TermSpan(
                    f"{term.name} term",
                    axis.x_of(max(term.start, axis.start)),
                    axis.x_after(min(term.end, axis.end)),
                    term.index,
                )
            )
    return tuple(spans)


def ticks_for(view: View, axis: TimeAxis) -> tuple[Tick, ...]:
    """Month starts in a year view; Mondays in a term view."""
    ticks = []
    day = view.start
    if view.zoom is Zoom.YEAR:
        day = day.replace(day=1)
        while day <= view.end:
            if day >= view.start:
                ticks.append(Tick(f"{day:%b}", axis.x_of(day)))
            day = (day + dt.timedelta(days=32)).replace(day=1)
    else:
        day += dt.timedelta(days=-day.weekday() % 7)
        while day <= view.end:
            ticks.append(Tick(f"{day.day} {day:%b}", axis.x_of(day)))
            day += dt.timedelta(days=7)
    return tuple(ticks)
