"""A tagging pass as a file: one observer's tags on one clip, to tag on another machine.

The coachee (or a second coach) tags the same lesson on their own laptop, exports the pass, and
the coach imports it to compare (core/agreement.py). The file names the clip by its content
fingerprint (paths differ between machines) and each tag's type by tag-set uid and label (ids
differ too). ``ui/review/tag_pass_files.py`` exports and imports through the tag service.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coachdesk.core.errors import ImportFileError
from coachdesk.core.files import field_text, load_json_document
from coachdesk.core.tags import Tag, TagSet

FORMAT = "coachdesk-tagging-pass"
VERSION = 1
MAX_TAGS = 50_000


@dataclass(frozen=True)
class PassTag:
    """A tag in a pass file, before it is matched to this machine's tag types."""

    tag_set_uid: str
    label: str
    at_ms: int
    end_ms: int | None = None
    note: str = ""


@dataclass(frozen=True)
class TaggingPass:
    """One observer's tags on one clip."""

    author: str
    clip_fingerprint: str
    tags: tuple[PassTag, ...]


def dump_pass(
    author: str, clip_fingerprint: str, tags: Iterable[Tag], tag_sets: Iterable[TagSet]
) -> bytes:
    """Return the pass file for ``author``'s ``tags`` on the clip."""
    owner = {t.id: (s.uid, t.label) for s in tag_sets for t in s.types}
    items = []
    for tag in tags:
        if tag.type_id not in owner:
            continue  # a tag of a deleted type: nothing to match it to elsewhere
        uid, label = owner[tag.type_id]
        item: dict[str, Any] = {"set": uid, "tag": label, "at_ms": tag.at_ms}
        if tag.end_ms is not None:
            item["end_ms"] = tag.end_ms
        if tag.note:
            item["note"] = tag.note
        items.append(item)
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "author": author,
        "clip_fingerprint": clip_fingerprint,
        "tags": items,
    }
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def parse_pass(data: bytes) -> TaggingPass:
    """Return the pass in ``data`` or raise ImportFileError with the reason."""
    doc = load_json_document(data, expected_format=FORMAT, newest_version=VERSION)
    author = field_text(doc, "author", "The tagging pass", required=True, max_len=200).strip()
    fingerprint = field_text(doc, "clip_fingerprint", "The tagging pass", required=True).strip()
    items = doc.get("tags")
    if not isinstance(items, list):
        raise ImportFileError("The tagging pass has no list of tags.")
    if len(items) > MAX_TAGS:
        raise ImportFileError(f"A tagging pass can hold at most {MAX_TAGS:,} tags.")
    tags = tuple(_parse_tag(item, i) for i, item in enumerate(items, start=1))
    return TaggingPass(author, fingerprint, tags)


def _ms(item: dict[str, Any], key: str, where: str) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**40:
        raise ImportFileError(f"{where}: “{key}” should be a time in milliseconds.")
    return value


def _parse_tag(item: Any, number: int) -> PassTag:
    where = f"Tag {number}"
    if not isinstance(item, dict):
        raise ImportFileError(f"{where} is not a tag.")
    at_ms = _ms(item, "at_ms", where)
    if at_ms is None:
        raise ImportFileError(f"{where}: “at_ms” is missing.")
    end_ms = _ms(item, "end_ms", where)
    if end_ms is not None and end_ms < at_ms:
        raise ImportFileError(f"{where} ends before it starts.")
    return PassTag(
        field_text(item, "set", where, required=True, max_len=200).strip(),
        field_text(item, "tag", where, required=True, max_len=200).strip(),
        at_ms,
        end_ms,
        field_text(item, "note", where),
    )


def match_types(
    tags: Sequence[PassTag], tag_sets: Iterable[TagSet]
) -> tuple[list[tuple[int, PassTag]], list[str]]:
    """Return (type id, tag) for each tag found here, and the labels of tag types not found."""
    here: Mapping[tuple[str, str], int] = {
        (s.uid, t.label.casefold()): t.id for s in tag_sets for t in s.types
    }
    found: list[tuple[int, PassTag]] = []
    missing: dict[str, None] = {}
    for tag in tags:
        type_id = here.get((tag.tag_set_uid, tag.label.casefold()))
        if type_id is None:
            missing[tag.label] = None
        else:
            found.append((type_id, tag))
    return found, list(missing)
