"""The Jinja environment for the export templates, and the filters they share.

Templates live in ``resources/templates`` so a school can restyle them; a folder given first
(for example ``<data folder>/templates``) overrides any bundled template or the style sheet.
Autoescaping is always on: every name, note and reflection reaches the page as text.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from coachdesk import resources
from coachdesk.core.media_time import format_ms


def bundled_templates() -> Path:
    """Return the folder of the bundled templates."""
    return Path(str(resources.root() / "templates"))


def environment(overrides: Sequence[Path] = ()) -> Environment:
    """Return the environment over ``overrides`` (searched first) and the bundled templates."""
    folders = tuple(str(p) for p in overrides if p.is_dir())
    return _environment((*folders, str(bundled_templates())))


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[str, ...]) -> Environment:
    env = Environment(
        loader=FileSystemLoader(list(folders)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=long_date,
        short_date=short_date,
        clock=clock,
        number=number,
        with_unit=with_unit,
        paragraphs=paragraphs,
    )
    return env


def long_date(day: dt.date | None) -> str:
    """Return "Wednesday 12 November 2025" (empty for no date)."""
    return "" if day is None else f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: dt.date | None) -> str:
    """Return "Wed 12 Nov 2025" (empty for no date)."""
    return "" if day is None else f"{day:%a} {day.day} {day:%b %Y}"


def clock(ms: int | None) -> str:
    """Return a media time as M:SS or H:MM:SS."""
    return "" if ms is None else format_ms(ms)


def number(value: float | None) -> str:
    """Return 7 for 7.0 and 2.5 for 2.5; empty for no value."""
    if value is None:
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def with_unit(value: float | None, unit: str) -> str:
    """Return "52%", "2.5 min" or "7 pupils" (a bare number with no unit)."""
    text = number(value)
    if not text or not unit.strip():
        return text
    unit = unit.strip()
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def paragraphs(text: str) -> Markup:
    """Return ``text`` as escaped paragraphs: blank lines split them, single newlines break."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    html = Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in b.split("\n")))
        for b in blocks
        if b
    )
    return html
