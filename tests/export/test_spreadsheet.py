"""CSV cells a coach typed are shown by a spreadsheet as typed, never run as formulas."""

from __future__ import annotations

import csv
import io

import pytest

from coachdesk.export.spreadsheet import csv_bytes, text_cell


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_that_a_spreadsheet_would_compute_is_marked_as_text(typed: str):
    assert text_cell(typed) == "'" + typed


@pytest.mark.parametrize("typed", ["Cold call", "", "2+2 students", "e-mail", "'quoted'"])
def test_ordinary_text_is_left_alone(typed: str):
    assert text_cell(typed) == typed


def test_csv_bytes_has_a_bom_and_leaves_numbers_as_numbers():
    data = csv_bytes(("note", "count", "rate"), [("=1+1", -3, -0.5), ("fine", 4, 1.25)])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["note", "count", "rate"], ["'=1+1", "-3", "-0.5"], ["fine", "4", "1.25"]]
