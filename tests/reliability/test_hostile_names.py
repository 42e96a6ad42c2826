"""Hostile text where it becomes a file name or a time.

File names: every name CoachDesk suggests or writes from what a coach typed (a coachee's name in
a session summary, a tag label in an excerpt, a review package, a strategy or tag-set title)
goes through one rule, ``core/file_names.py``: no bidi controls (``invoice\u202egnp.exe`` must
not read as ``invoiceexe.png``), no control characters or path separators, no device name
Windows reserves, no trailing dots or spaces, at most 200 bytes, never empty. Each name is also
really created in a folder, to show the file system takes it.

Times: ``parse_clock`` reads what a coach types in a time cell; it refuses numbers in disguise
(``1e300``, ``nan``, ``inf``), signs, a day or more, and overlong text, with a message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.core.errors import ValidationError
from coachdesk.core.file_names import BIDI_CONTROLS, MAX_BYTES, safe_file_name
from coachdesk.core.media_time import MAX_CLOCK_MS, parse_clock
from coachdesk.export.review_package import safe_name, unique_folder
from coachdesk.ui.dialogs.export_runner import safe_file_name as export_file_name
from coachdesk.ui.panes.playbook_files import file_name_for
from coachdesk.video.excerpts import Span, excerpt_name

RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))}
RESERVED |= {f"lpt{i}" for i in range(10)}

HOSTILE_NAMES = {
    "bidi override": "invoice\u202egnp.exe",
    "every bidi control": "A\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200e\u200f\u061cB",
    "isolate around a name": "\u2067علي\u2069 Hassan",
    "NUL and controls": "Ada\x00\x01\x1b[31m\x7f\x85\x9fLovelace",
    "new lines and tabs": "Ada\nLovelace\r\n\tPE\u2028\u2029",
    "path separators": "../../etc/passwd",
    "windows path": "C:\\Windows\\System32\\drivers",
    "UNC path": "\\\\server\\share\\x",
    "windows refused": 'a<b>c:d"e/f\\g|h?i*j',
    "reserved CON": "CON",
    "reserved nul.txt": "nul.txt",
    "reserved com1 with space": "com1 ",
    "reserved LPT9": "LPT9",
    "reserved superscript": "COM¹",
    "trailing dots": "Ada Lovelace...",
    "trailing spaces": "Ada   ",
    "leading dot": ".bashrc",
    "only dots": "....",
    "only spaces": "     ",
    "empty": "",
    "only controls": "\u202e\x00\u2066",
    "emoji, 4 bytes each": "👩🏽‍🏫" * 80,
    "astral CJK": "𠀀" * 300,
    "accents": "Zoë Ångström-Éléonore",
    "combining marks": "Ze\u0301 " * 60,
    "unpaired surrogate": "Ada\ud800Lovelace",
    "very long": "x" * 100_000,
}


def assert_safe(name: str) -> None:
    assert name, "empty"
    assert not set(name) & BIDI_CONTROLS
    assert not any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in name)
    assert not set(name) & set('\\/:*?"<>|')
    assert name == name.strip(" .")
    assert name.split(".", 1)[0].rstrip(" ").casefold() not in RESERVED
    assert len(name.encode("utf-8")) <= MAX_BYTES + 20  # 20: room for the suffix we add


def creatable(folder: Path, name: str) -> None:
    """The name is a file name the system takes, and reads back exactly."""
    (folder / name).write_bytes(b"x")
    assert name in {p.name for p in folder.iterdir()}
    (folder / name).unlink()


BUILDERS: dict[str, Callable[[str], str]] = {
    "core": safe_file_name,
    "session summary (coachee name)": lambda n: export_file_name(
        f"Coaching summary - {n} - 2025-11-12"
    ),
    "bare name in the save dialog": export_file_name,
    "review package": safe_name,
    "excerpt (tag label)": lambda n: excerpt_name("lesson.mp4", Span(65_000, 95_000), n),
    "excerpt (clip name)": lambda n: excerpt_name(f"{n}.mp4", Span(0, 5_000), "Praise"),
    "strategy or tag-set file": file_name_for,
}


@pytest.mark.parametrize("builder", BUILDERS, ids=list(BUILDERS))
@pytest.mark.parametrize("hostile", HOSTILE_NAMES, ids=list(HOSTILE_NAMES))
def test_every_file_name_made_from_typed_text_is_safe(builder: str, hostile: str, tmp_path: Path):
    name = BUILDERS[builder](HOSTILE_NAMES[hostile])
    assert_safe(name)
    creatable(tmp_path, name)


def test_what_the_rule_keeps_and_what_it_changes():
    assert safe_file_name("invoice\u202egnp.exe") == "invoicegnp.exe"
    assert safe_file_name("Zoë Ångström") == "Zoë Ångström"  # letters are kept as typed
    assert safe_file_name("CON") == "CON_"
    assert safe_file_name("nul.txt") == "nul_.txt"
    assert safe_file_name("Connie") == "Connie"  # only the whole name is reserved
    assert safe_file_name("../../etc/passwd") == "etc passwd"
    assert safe_file_name("\u202e", fallback="Lesson review") == "Lesson review"
    assert file_name_for("Con") == "con_.json"
    assert excerpt_name("lesson.mp4", Span(0, 1000), "\u202eevil") == "lesson 0m00s evil.mp4"
    emoji = safe_file_name("😀" * 100)
    assert len(emoji.encode()) <= MAX_BYTES
    assert emoji == "😀" * (MAX_BYTES // 4)


def test_a_review_package_folder_of_a_hostile_name_stays_in_its_parent(tmp_path: Path):
    for hostile in HOSTILE_NAMES.values():
        folder = unique_folder(tmp_path, hostile)
        assert folder.parent == tmp_path
        folder.mkdir()
    assert len(list(tmp_path.iterdir())) == len(HOSTILE_NAMES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_makes_a_safe_name(text: str):
    assert_safe(safe_file_name(text))


# -- times ------------------------------------------------------------------------------------

REFUSED_TIMES = {
    "1e300": "not a time",
    "1e3": "not a time",
    "99999:00:00": "up to 23:59:59",
    "24:00:00": "up to 23:59:59",
    "86400": "up to 23:59:59",
    "1440:00": "up to 23:59:59",
    "nan": "not a time",
    "NaN:00": "not a time",
    "inf": "not a time",
    "-inf": "not a time",
    "infinity": "not a time",
    "-1:00": "not a time",
    "+5": "not a time",
    "1:-30": "not a time",
    "1:75": "go up to 59",
    "1:02:60": "go up to 59",
    "1.5:00": "only seconds may have decimals",
    "1_000": "not a time",
    "0x10": "not a time",
    "1:2:3:4": "not a time",
    "12:": "not a time",
    ":": "not a time",
    "": "not a time",
    "   ": "not a time",
    "1" * 21: "too long",
    "9" * 5000: "too long",
    "0" * 10_000 + "1": "too long",
    "\u202e12:00": "not a time",
    "１２:００": "not a time",  # full-width digits
    "١٢": "not a time",  # Arabic-Indic digits: float() would read them
    "12:00\x00": "not a time",
}


@pytest.mark.parametrize("text", REFUSED_TIMES, ids=[repr(t[:20]) for t in REFUSED_TIMES])
def test_a_typed_time_that_is_not_one_is_refused_with_a_reason(text: str):
    with pytest.raises(ValidationError, match=REFUSED_TIMES[text]) as caught:
        parse_clock(text)
    message = str(caught.value)
    assert "time" in message
    assert len(message) < 200


ACCEPTED_TIMES = {
    "0": 0,
    "90": 90_000,
    "1:30": 90_000,
    " 1:30 ": 90_000,
    "1 : 30": 90_000,
    "0:05.5": 5_500,
    ".5": 500,
    "5.": 5_000,
    "1:02:03.4": 3_723_400,
    "23:59:59.999": MAX_CLOCK_MS - 1,
    "1439:59": 86_399_000,
    "5\u00a0": 5_000,  # a no-break space pasted after it
}


@pytest.mark.parametrize("text", ACCEPTED_TIMES)
def test_a_time_in_any_usual_form_is_read(text: str):
    assert parse_clock(text) == ACCEPTED_TIMES[text]
