"""The coaching log: periods from the school calendar, one row per contact, CSV and totals."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import pytest

from coachdesk.core.calendar import SchoolCalendar
from coachdesk.core.errors import ValidationError
from coachdesk.core.services import Services
from coachdesk.core.sessions import SessionKind
from coachdesk.export.coaching_log import (
    CSV_HEADER,
    custom_period,
    first_line,
    log_csv,
    period_named,
    render_log_html,
)
from coachdesk.export.gather import gather_log
from tests.conftest import TODAY
from tests.export.conftest import CSV_NOTE, HOSTILE
from tests.export.page_parser import Page

CALENDAR = SchoolCalendar()


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_periods_come_from_the_school_calendar():
    half = period_named("this-half-term", CALENDAR, TODAY)
    assert (half.label, half.start, half.end) == (
        "Autumn 2 2025/26",
        dt.date(2025, 11, 3),
        dt.date(2026, 1, 4),  # the Christmas holiday belongs to Autumn 2
    )
    term = period_named("this-term", CALENDAR, TODAY)
    assert (term.label, term.start, term.end) == (
        "Autumn term 2025/26",
        dt.date(2025, 9, 1),
        dt.date(2026, 1, 4),
    )
    year = period_named("this-year", CALENDAR, TODAY)
    assert (year.start, year.end) == (dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    in_holiday = period_named("this-half-term", CALENDAR, dt.date(2025, 10, 29))
    assert in_holiday.label == "Autumn 1 2025/26"
    assert in_holiday.contains(dt.date(2025, 11, 2))
    assert not in_holiday.contains(TODAY)
    summer = period_named("this-half-term", CALENDAR, dt.date(2026, 8, 20))
    assert summer.end == dt.date(2026, 8, 31)


def test_a_period_must_be_known_and_run_forwards():
    with pytest.raises(ValidationError, match="not a period"):
        period_named("last-fortnight", CALENDAR, TODAY)
    with pytest.raises(ValidationError, match="ends before it starts"):
        custom_period(TODAY, TODAY - dt.timedelta(days=1))


def test_one_row_per_contact_with_focus_summary_and_next_step(demo: Services):
    log = gather_log(demo, period_named("this-year", CALENDAR, TODAY), today=TODAY)
    rows = log.rows
    assert [r.on for r in rows] == sorted(r.on for r in rows)
    kinds = {(r.coachee, r.kind) for r in rows}
    assert ("Tom Okafor", "Feedback conversation") in kinds
    assert ("Priya Shah", "Observation (live in the room)") in kinds
    tom = next(r for r in rows if r.kind == "Feedback conversation")
    assert tom.duration_min == 25
    assert tom.focus == "Exposing student thinking / Cold call"
    assert tom.summary.startswith("Looked at the tally")
    assert tom.next_step.startswith("Plan three cold-call questions")
    assert "(by 2025-11-02)" in tom.next_step
    observed = next(r for r in rows if r.kind == "Observation (live in the room)")
    assert (
        observed.summary
        == "4P maths, column subtraction: Starter on board; 5 pupils still unpacking"
    )
    assert observed.duration_min is None
    assert all(r.coachee != "Marcus Bell" for r in rows)  # his cycle ended last year


def test_totals_by_kind_and_by_coachee(demo: Services):
    log = gather_log(demo, period_named("this-year", CALENDAR, TODAY), today=TODAY)
    assert log.total.contacts == len(log.rows) == 5
    assert log.total.minutes == 25 + 40 + 35
    by_coachee = {t.name: t for t in log.by_coachee()}
    assert (by_coachee["Priya Shah"].sessions, by_coachee["Priya Shah"].observations) == (1, 1)
    assert by_coachee["Hannah Lewis"].minutes == 40
    by_kind = {t.name: t.contacts for t in log.by_kind()}
    assert by_kind["Progress review"] == 1
    assert sum(by_kind.values()) == 5


def test_csv_opens_in_a_spreadsheet_and_keeps_awkward_text(demo: Services):
    tom = next(c for c in demo.coachees.list() if c.name == "Tom Okafor")
    demo.coachees.save(replace(tom, name="Tom Okafor, Jr."))
    cycle = demo.cycles.list(tom.id)[0]
    session = demo.sessions.add(cycle.id, TODAY, SessionKind.CHECK_IN, 10).value
    demo.sessions.save(replace(session, notes=f"\n{CSV_NOTE}"))
    demo.sessions.add_action(session.id, f"Try it; {HOSTILE}", TODAY + dt.timedelta(days=7))
    log = gather_log(demo, custom_period(dt.date(2025, 10, 1), TODAY), today=TODAY)
    data = log_csv(log)
    rows = read_csv(data)
    assert tuple(rows[0].keys()) == CSV_HEADER
    assert len(rows) == len(log.rows)
    for row in rows:
        assert dt.date.fromisoformat(row["Date"])  # ISO dates
    check_in = next(r for r in rows if r["Kind"] == "Check-in")
    assert check_in["Coachee"] == "Tom Okafor, Jr."
    assert check_in["Summary"] == first_line(CSV_NOTE) == 'Counted, then "recounted"'
    assert check_in["Next step"] == f"Try it; {HOSTILE} (by 2025-11-19)"
    assert check_in["Duration (min)"] == "10"
    assert b"\r\n" in data  # Excel's line ends


def test_a_newline_inside_a_cell_survives(demo: Services):
    priya = next(c for c in demo.coachees.list() if c.name == "Priya Shah")
    cycle = demo.cycles.list(priya.id)[0]
    demo.cycles.save(replace(demo.cycles.get(cycle.id), title='Line one\nline two, "quoted"'))
    rows = read_csv(log_csv(gather_log(demo, custom_period(TODAY.replace(day=1), TODAY))))
    assert {r["Cycle"] for r in rows if r["Coachee"] == "Priya Shah"} == {
        'Line one\nline two, "quoted"'
    }


def test_log_page_has_rows_and_totals_and_escapes(demo: Services):
    tom = next(c for c in demo.coachees.list() if c.name == "Tom Okafor")
    demo.coachees.save(replace(tom, name=f"Tom {HOSTILE}"))
    log = gather_log(demo, period_named("this-year", CALENDAR, TODAY), today=TODAY)
    page = Page(render_log_html(log))
    assert not page.tags("script")
    assert not page.tags("aside")
    text = page.text
    assert f"Tom {HOSTILE}" in text
    assert "Totals by kind" in text
    assert "Totals by coachee" in text
    assert "Academic year 2025/26" in text
    assert "Plan three cold-call questions into Thursday's lesson" in text


def test_an_empty_period_says_so(demo: Services):
    log = gather_log(demo, custom_period(dt.date(2020, 1, 1), dt.date(2020, 1, 31)))
    assert log.rows == ()
    assert "No coaching sessions or observations" in Page(render_log_html(log)).text
    assert read_csv(log_csv(log)) == []
