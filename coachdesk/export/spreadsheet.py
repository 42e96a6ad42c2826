"""CSV for a spreadsheet: UTF-8 with a BOM (Excel reads accents), and typed text kept as text.

A cell a coach typed that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by Excel or LibreOffice when the file is opened (OWASP "CSV
injection"). Such text cells get a leading apostrophe, the spreadsheets' own mark for "this is
text", which they do not show. Numbers (ints and floats) are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float


def text_cell(value: str) -> str:
    """Return ``value`` so that a spreadsheet shows it as typed instead of computing it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """Return the header and rows as CSV for a spreadsheet (text cells made formula-safe)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow(header)
    for row in rows:
        writer.writerow([text_cell(c) if isinstance(c, str) else c for c in row])
    return buffer.getvalue().encode("utf-8-sig")
