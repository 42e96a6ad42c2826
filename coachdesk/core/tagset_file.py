"""The tag-set file: versioned JSON for a code window's buttons."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coachdesk.core.errors import ImportFileError, ValidationError
from coachdesk.core.files import field_text, load_json_document
from coachdesk.core.tags import Polarity, TagKind, TagSet, hotkey_clashes, validate_tag_type

FORMAT = "coachdesk-tagset"
VERSION = 1


@dataclass(frozen=True)
class TagTypeDraft:
    """A tag type's content before it has an id."""

    label: str
    colour: str = "#607d8b"
    hotkey: str = ""
    polarity: Polarity = Polarity.NEUTRAL
    lead_s: float = 0.0
    lag_s: float = 0.0
    kind: TagKind = TagKind.POINT


@dataclass(frozen=True)
class TagSetDraft:
    uid: str
    name: str
    description: str
    types: tuple[TagTypeDraft, ...]


def parse_tag_set(data: bytes) -> TagSetDraft:
    """Return the tag set in ``data`` or raise ImportFileError with the reason."""
    doc = load_json_document(data, expected_format=FORMAT, newest_version=VERSION)
    name = field_text(doc, "name", "The tag set", required=True, max_len=120).strip()
    uid = field_text(doc, "uid", "The tag set", required=True, max_len=200).strip()
    items = doc.get("tag_types")
    if not isinstance(items, list) or not items:
        raise ImportFileError("The tag set has no list of tag types.")
    if len(items) > 60:
        raise ImportFileError("A tag set can hold at most 60 tag types.")
    types = tuple(_parse_type(item, i) for i, item in enumerate(items, start=1))
    labels = [t.label.casefold() for t in types]
    if len(set(labels)) != len(labels):
        raise ImportFileError("Two tag types in the set have the same label.")
    clashes = {t.hotkey.upper() for t in types if t.hotkey}
    if len(clashes) != sum(1 for t in types if t.hotkey):
        raise ImportFileError("Two tag types in the set share a hotkey.")
    return TagSetDraft(uid, name, field_text(doc, "description", "The tag set").strip(), types)


def _parse_type(item: Any, number: int) -> TagTypeDraft:
    where = f"Tag type {number}"
    if not isinstance(item, dict):
        raise ImportFileError(f"{where} is not an object.")
    label = field_text(item, "label", where, required=True, max_len=60).strip()
    colour = field_text(item, "colour", where, max_len=7) or "#607d8b"
    hotkey = field_text(item, "hotkey", where, max_len=1).upper()
    lead, lag = item.get("lead_s", 0), item.get("lag_s", 0)
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lead, lag)):
        raise ImportFileError(f"{where} (“{label}”): lead_s and lag_s should be numbers.")
    try:
        lead, lag = float(lead), float(lag)
    except OverflowError:  # an integer too large for a float
        raise ImportFileError(f"{where} (“{label}”): lead_s and lag_s are far too large.") from None
    try:
        polarity = Polarity(item.get("polarity", "neutral"))
        kind = TagKind(item.get("kind", "point"))
        validate_tag_type(label, colour, hotkey, float(lead), float(lag))
    except (ValueError, ValidationError) as exc:
        msg = str(exc) if isinstance(exc, ValidationError) else "unknown polarity or kind"
        raise ImportFileError(f"{where} (“{label}”): {msg}") from None
    return TagTypeDraft(label, colour, hotkey, polarity, float(lead), float(lag), kind)


def dump_tag_set(tag_set: TagSet) -> bytes:
    """Return the tag-set file for ``tag_set``."""
    if hotkey_clashes(tag_set.types):
        raise ValidationError("The tag set has clashing hotkeys; fix them before exporting.")
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "uid": tag_set.uid,
        "name": tag_set.name,
        "description": tag_set.description,
        "tag_types": [
            {
                "label": t.label,
                "hotkey": t.hotkey,
                "colour": t.colour,
                "polarity": t.polarity.value,
                "lead_s": t.lead_s,
                "lag_s": t.lag_s,
                "kind": t.kind.value,
            }
            for t in tag_set.types
        ],
    }
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
