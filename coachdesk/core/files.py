"""Reading the JSON files CoachDesk imports, with limits that keep a hostile file harmless."""

from __future__ import annotations

import json
from typing import Any

from coachdesk.core.errors import ImportFileError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 20


def load_json_document(data: bytes, *, expected_format: str, newest_version: int) -> dict[str, Any]:
    """Parse ``data`` as a CoachDesk JSON file of ``expected_format``, or explain why not."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"The file is {len(data) // (1024 * 1024)} MB; CoachDesk reads files of this kind "
            f"up to {MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("The file is not text (UTF-8); is it the right file?") from None
    _check_depth(text)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:  # pragma: no cover - _check_depth stops this first
        raise ImportFileError("The file is nested too deeply to be a CoachDesk file.") from None
    except ValueError:  # a number of more than 4300 digits: Python refuses to convert it
        raise ImportFileError("The file holds a number too long to be real data.") from None
    if not isinstance(doc, dict) or doc.get("format") != expected_format:
        found = doc.get("format") if isinstance(doc, dict) else None
        what = f"a “{found}” file" if isinstance(found, str) else "not a CoachDesk file"
        raise ImportFileError(f"This is {what}; expected a “{expected_format}” file.")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFileError("The file has no valid format version.")
    if version > newest_version:
        raise ImportFileError(
            f"The file is format version {version}, made by a newer CoachDesk; "
            f"this one reads up to version {newest_version}. Update CoachDesk to import it."
        )
    return doc


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before building any objects (ignores strings)."""
    depth = 0
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ImportFileError(
                    f"The file is nested more than {MAX_DEPTH} levels deep; "
                    "it is not a CoachDesk file."
                )
        elif char in "]}":
            depth -= 1


def field_text(
    item: dict[str, Any], key: str, where: str, *, required: bool = False, max_len: int = 5000
) -> str:
    """Return a string field, or explain what is wrong with it."""
    value = item.get(key, "")
    if not isinstance(value, str):
        raise ImportFileError(f"{where}: “{key}” should be text.")
    if required and not value.strip():
        raise ImportFileError(f"{where}: “{key}” is missing.")
    if len(value) > max_len:
        raise ImportFileError(f"{where}: “{key}” is longer than {max_len} characters.")
    return value


def field_texts(
    item: dict[str, Any], key: str, where: str, *, max_items: int = 50
) -> tuple[str, ...]:
    """Return a list-of-strings field, or explain what is wrong with it."""
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ImportFileError(f"{where}: “{key}” should be a list of text items.")
    if len(value) > max_items:
        raise ImportFileError(f"{where}: “{key}” has more than {max_items} items.")
    if any(len(v) > 5000 for v in value):
        raise ImportFileError(f"{where}: an item of “{key}” is longer than 5000 characters.")
    return tuple(v.strip() for v in value if v.strip())
