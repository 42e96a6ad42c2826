"""File names made from what the coach typed (a coachee's name, a tag label, a title).

One rule for every file CoachDesk suggests or writes by a name it made up, so that the name is
accepted by Windows, macOS and Linux, holds no path, and reads on screen as it is stored:

- bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069,
  U+200E, U+200F, U+061C) are dropped: with them ``invoice\u202egnp.exe`` shows as
  ``invoiceexe.png``;
- control characters (C0, DEL, C1), line and paragraph separators, and the characters Windows
  refuses (``\\ / : * ? " < > |``) become spaces; runs of white space become one space;
- unpaired surrogates (which no file system can store) are dropped;
- dots and spaces at either end go (Windows drops trailing ones; a leading dot hides the file);
- a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1–9, LPT1–9, also with an
  extension such as ``nul.txt``) gets an underscore after it;
- the name is cut to ``limit`` characters and at most ``MAX_BYTES`` bytes of UTF-8 (most file
  systems allow 255 bytes; the rest is left for a suffix such as `` (2).mp4``), never inside
  a character;
- an empty result becomes ``fallback``.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 100
MAX_BYTES = 200
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_WINDOWS_UNSAFE = frozenset('\\/:*?"<>|')
_RESERVED = re.compile(r"(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)", re.I)


def safe_file_name(name: str, fallback: str = "CoachDesk export", limit: int = MAX_CHARS) -> str:
    """Return ``name`` made safe as a file or folder name (see the module's rules)."""
    kept: list[str] = []
    for char in name:
        if char in BIDI_CONTROLS:
            continue
        category = unicodedata.category(char)
        if category == "Cs":
            continue
        if category in ("Cc", "Zl", "Zp") or char in _WINDOWS_UNSAFE:
            kept.append(" ")
        else:
            kept.append(char)
    cleaned = _cut(" ".join("".join(kept).split()).strip(" ."), limit).strip(" .")
    if not cleaned:
        cleaned = fallback
    if _RESERVED.fullmatch(cleaned.split(".", 1)[0].rstrip(" ")):
        head, dot, tail = cleaned.partition(".")
        cleaned = f"{head}_{dot}{tail}"
    return cleaned


def _cut(text: str, limit: int) -> str:
    text = text[: max(1, limit)]
    while len(text.encode("utf-8")) > MAX_BYTES:
        text = text[:-1]
    return text
