"""Page set-up for PDF exports, and the shape of the converter that makes them.

The converter itself needs Qt, so it lives in ``coachdesk.ui.pdf``; the UI and the command line
hand it to the export functions, which stay free of Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from coachdesk.core.atomic import write_atomically
from coachdesk.export import EXPORT_MODE


@dataclass(frozen=True)
class PageSetup:
    """An A4 page: orientation, margins in millimetres, and the footer's text."""

    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (16.0, 15.0, 16.0, 15.0)  # t, r, b, l
    title: str = ""
    footer: str = ""  # left of the footer; "Page n of m" is always on its right


SUMMARY_PAGE = PageSetup()
LOG_PAGE = PageSetup(landscape=True, margins_mm=(14.0, 12.0, 14.0, 12.0))


class HtmlToPdf(Protocol):
    """Turn an HTML page into the bytes of a PDF file."""

    def __call__(self, html: str, page: PageSetup) -> bytes: ...


def write_pdf(html: str, target: Path, convert: HtmlToPdf, page: PageSetup) -> Path:
    """Convert ``html`` and write the PDF to ``target`` atomically; return the path."""
    return write_atomically(target, convert(html, page), mode=EXPORT_MODE)
