"""The school calendar: years, terms and half-terms, including holidays and bad templates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.core.calendar import HalfTermTemplate, SchoolCalendar, year_label
from coachdesk.core.errors import ValidationError

CAL = SchoolCalendar()


def test_academic_year_starts_in_september():
    assert CAL.academic_year_of(dt.date(2025, 9, 1)) == 2025
    assert CAL.academic_year_of(dt.date(2025, 8, 31)) == 2024
    assert CAL.academic_year_of(dt.date(2026, 3, 1)) == 2025
    assert year_label(2025) == "2025/26"
    assert year_label(2099) == "2099/00"


def test_half_terms_and_terms():
    half = CAL.half_term_of(dt.date(2025, 11, 12))
    assert (half.name, half.year, half.index) == ("Autumn 2", 2025, 1)
    assert half.term_name == "Autumn"
    assert CAL.term_of(dt.date(2026, 5, 1)).name == "Summer"
    assert [t.name for t in CAL.terms_of(2025)] == ["Autumn", "Spring", "Summer"]


def test_holiday_belongs_to_the_half_term_before():
    assert CAL.half_term_of(dt.date(2025, 10, 29)).name == "Autumn 1"  # October half-term
    assert CAL.half_term_of(dt.date(2025, 12, 28)).name == "Autumn 2"  # Christmas
    assert CAL.half_term_of(dt.date(2026, 8, 15)).name == "Summer 2"  # summer holiday


def test_half_terms_between_spans_years():
    halves = list(CAL.half_terms_between(dt.date(2025, 6, 1), dt.date(2025, 9, 10)))
    assert [h.label for h in halves] == ["Summer 2 2024/25", "Autumn 1 2025/26"]


def test_overlapping_template_is_refused():
    halves = list(SchoolCalendar().half_terms)
    halves[1] = HalfTermTemplate("Autumn 2", (10, 1), (12, 19))
    with pytest.raises(ValidationError, match="starts before"):
        SchoolCalendar(tuple(halves))
    with pytest.raises(ValidationError, match="six"):
        SchoolCalendar(tuple(halves[:5]))


def test_round_trips_through_json():
    assert SchoolCalendar.from_json(CAL.to_json()) == CAL
    with pytest.raises(ValidationError):
        SchoolCalendar.from_json([{"name": "x"}])


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_every_day_has_exactly_one_half_term(day: dt.date):
    half = CAL.half_term_of(day)
    start, end = CAL.year_span(half.year)
    assert start <= day <= end
    assert half.start <= day
    halves = CAL.half_terms_of(half.year)
    if half.index < 5:
        assert day < halves[half.index + 1].start
