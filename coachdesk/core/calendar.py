"""The school calendar: academic years of three terms, each of two half-terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from coachdesk.core.errors import ValidationError


@dataclass(frozen=True)
class HalfTermTemplate:
    """A half-term given by month/day of its first and last teaching day."""

    name: str
    start: tuple[int, int]
    end: tuple[int, int]


DEFAULT_HALF_TERMS: tuple[HalfTermTemplate, ...] = (
    HalfTermTemplate("Autumn 1", (9, 1), (10, 24)),
    HalfTermTemplate("Autumn 2", (11, 3), (12, 19)),
    HalfTermTemplate("Spring 1", (1, 5), (2, 13)),
    HalfTermTemplate("Spring 2", (2, 23), (3, 31)),
    HalfTermTemplate("Summer 1", (4, 14), (5, 22)),
    HalfTermTemplate("Summer 2", (6, 1), (7, 22)),
)
TERM_NAMES = ("Autumn", "Spring", "Summer")


@dataclass(frozen=True)
class HalfTerm:
    """One half-term of one academic year, with its teaching days."""

    year: int  # the calendar year the academic year starts in (2025 for 2025/26)
    index: int  # 0..5
    name: str
    start: dt.date
    end: dt.date

    @property
    def term_name(self) -> str:
        return TERM_NAMES[self.index // 2]

    @property
    def label(self) -> str:
        return f"{self.name} {year_label(self.year)}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Term:
    """A term: two half-terms."""

    year: int
    index: int  # 0..2
    first: HalfTerm
    second: HalfTerm

    @property
    def name(self) -> str:
        return TERM_NAMES[self.index]

    @property
    def label(self) -> str:
        return f"{self.name} {year_label(self.year)}"

    @property
    def start(self) -> dt.date:
        return self.first.start

    @property
    def end(self) -> dt.date:
        return self.second.end


def year_label(year: int) -> str:
    """Return "2025/26" for the academic year starting in 2025."""
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class SchoolCalendar:
    """Half-term dates for every academic year, from a template (configurable by the coach)."""

    half_terms: tuple[HalfTermTemplate, ...] = DEFAULT_HALF_TERMS

    def __post_init__(self) -> None:
        if len(self.half_terms) != 6:
            raise ValidationError(
                "A school year needs exactly six half-terms (three terms of two)."
            )
        previous: dt.date | None = None
        for half in self.half_terms:
            start, end = self._dates(2001, half)  # 2001/02: no leap day to trip over
            if end < start:
                raise ValidationError(f"{half.name} ends before it starts.")
            if previous is not None and start <= previous:
                raise ValidationError(f"{half.name} starts before the half-term before it ends.")
            previous = end

    def _dates(self, year: int, half: HalfTermTemplate) -> tuple[dt.date, dt.date]:
        # The academic year begins on the first half-term's first day, as academic_year_of()
        # says; a day of the year before it falls in the next calendar year. (Counting from
        # September always put a year starting in August, as in Scotland, a year out.)
        first = self.half_terms[0].start

        def on(month_day: tuple[int, int]) -> dt.date:
            month, day = month_day
            calendar_year = year if (month, day) >= first else year + 1
            try:
                return dt.date(calendar_year, month, day)
            except (ValueError, OverflowError):  # OverflowError: a number beyond a C long
                raise ValidationError(f"{month}/{day} is not a date in {calendar_year}.") from None

        return on(half.start), on(half.end)

    def academic_year_of(self, day: dt.date) -> int:
        """Return the starting calendar year of the academic year containing ``day``."""
        first_month, first_day = self.half_terms[0].start
        return day.year if (day.month, day.day) >= (first_month, first_day) else day.year - 1

    def half_terms_of(self, year: int) -> tuple[HalfTerm, ...]:
        return tuple(
            HalfTerm(year, i, half.name, *self._dates(year, half))
            for i, half in enumerate(self.half_terms)
        )

    def terms_of(self, year: int) -> tuple[Term, ...]:
        halves = self.half_terms_of(year)
        return tuple(Term(year, i, halves[2 * i], halves[2 * i + 1]) for i in range(3))

    def year_span(self, year: int) -> tuple[dt.date, dt.date]:
        """Return the first and last day of the academic year (holidays included)."""
        start = self._dates(year, self.half_terms[0])[0]
        next_start = self._dates(year + 1, self.half_terms[0])[0]
        return start, next_start - dt.timedelta(days=1)

    def half_term_of(self, day: dt.date) -> HalfTerm:
        """Return the half-term ``day`` falls in; a holiday belongs to the half-term before it."""
        year = self.academic_year_of(day)
        halves = self.half_terms_of(year)
        for half in reversed(halves):
            if day >= half.start:
                return half
        return halves[0]  # unreachable: the year starts with the first half-term

    def term_of(self, day: dt.date) -> Term:
        half = self.half_term_of(day)
        return self.terms_of(half.year)[half.index // 2]

    def half_terms_between(self, start: dt.date, end: dt.date) -> Iterator[HalfTerm]:
        """Yield every half-term that overlaps [start, end]."""
        for year in range(self.academic_year_of(start), self.academic_year_of(end) + 1):
            for half in self.half_terms_of(year):
                if half.end >= start and half.start <= end:
                    yield half

    def to_json(self) -> list[dict[str, object]]:
        return [
            {"name": h.name, "start": list(h.start), "end": list(h.end)} for h in self.half_terms
        ]

    @classmethod
    def from_json(cls, data: Sequence[object]) -> SchoolCalendar:
        try:
            halves = []
            for item in data:
                if not isinstance(item, dict):
                    raise TypeError
                start, end = item["start"], item["end"]
                halves.append(
                    HalfTermTemplate(
                        str(item["name"]),
                        (int(start[0]), int(start[1])),
                        (int(end[0]), int(end[1])),
                    )
                )
        except (KeyError, TypeError, ValueError, IndexError, OverflowError):
            raise ValidationError(
                "The saved school calendar is not in the expected form."
            ) from None
        return cls(tuple(halves))
