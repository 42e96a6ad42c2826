"""The sequence file: versioned JSON carrying one strategy sequence (as bundled with CoachDesk)."""

from __future__ import annotations

from typing import Any

from coachdesk.core.errors import ImportFileError
from coachdesk.core.files import field_text, load_json_document
from coachdesk.core.sequences import MAX_ITEMS, BundledSequence

FORMAT = "coachdesk-sequence"
VERSION = 1


def parse_sequence(data: bytes) -> BundledSequence:
    """Return the sequence in ``data``, or raise ImportFileError with the reason."""
    doc = load_json_document(data, expected_format=FORMAT, newest_version=VERSION)
    title = field_text(doc, "title", "The sequence", required=True, max_len=200).strip()
    where = f"The sequence “{title}”"
    uid = field_text(doc, "uid", where, required=True, max_len=200).strip()
    raw = doc.get("items")
    if not isinstance(raw, list) or not raw:
        raise ImportFileError(f"{where} has no list of items.")
    if len(raw) > MAX_ITEMS:
        raise ImportFileError(f"{where} has more than {MAX_ITEMS} items.")
    items = tuple(_parse_item(item, f"{where}, item {n}") for n, item in enumerate(raw, 1))
    uids = [strategy for strategy, _note in items]
    if len(set(uids)) != len(uids):
        raise ImportFileError(f"{where} names one strategy twice.")
    description = field_text(doc, "description", where).strip()
    return BundledSequence(uid, title, description, items)


def _parse_item(item: Any, where: str) -> tuple[str, str]:
    if not isinstance(item, dict):
        raise ImportFileError(f"{where} is not an object.")
    strategy = field_text(item, "strategy", where, required=True, max_len=200).strip()
    return strategy, field_text(item, "note", where).strip()
