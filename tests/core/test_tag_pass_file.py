"""The tagging-pass file: round trip, matching tag types by set and label, bad files refused."""

from __future__ import annotations

import json

import pytest

from coachdesk.core.errors import ImportFileError
from coachdesk.core.tag_pass_file import PassTag, dump_pass, match_types, parse_pass
from coachdesk.core.tags import Tag, TagId, TagSet, TagSetId, TagType, TagTypeId

PRAISE = TagType(TagTypeId(1), TagSetId(1), "Praise")
TALK = TagType(TagTypeId(2), TagSetId(1), "Teacher talk")
HERE = TagSet(TagSetId(1), "uid-behaviour", "Behaviour", types=(PRAISE, TALK))
# The same set on the coachee's laptop: other ids, same uid and labels.
THERE = TagSet(
    TagSetId(7),
    "uid-behaviour",
    "Behaviour",
    types=(TagType(TagTypeId(70), TagSetId(7), "praise"), TagType(TagTypeId(71), TagSetId(7), "X")),
)


def test_round_trip_and_matching_on_another_machine() -> None:
    tags = [
        Tag(TagId(1), 5, TagTypeId(1), 1_000, note="Named the effort"),
        Tag(TagId(2), 5, TagTypeId(2), 2_000, 9_000),
        Tag(TagId(3), 5, TagTypeId(99), 3_000),  # a deleted type: left out
    ]
    data = dump_pass("Sam", "v1:abc", tags, [HERE])
    read = parse_pass(data)
    assert (read.author, read.clip_fingerprint) == ("Sam", "v1:abc")
    assert read.tags == (
        PassTag("uid-behaviour", "Praise", 1_000, None, "Named the effort"),
        PassTag("uid-behaviour", "Teacher talk", 2_000, 9_000, ""),
    )
    found, missing = match_types(read.tags, [THERE])
    assert [(type_id, tag.at_ms) for type_id, tag in found] == [(70, 1_000)]  # case-blind
    assert missing == ["Teacher talk"]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"format": "coachdesk-tagset", "version": 1}, "expected a “coachdesk-tagging-pass”"),
        ({"format": "coachdesk-tagging-pass", "version": 1, "clip_fingerprint": "v"}, "author"),
        (
            {
                "format": "coachdesk-tagging-pass",
                "version": 1,
                "author": "S",
                "clip_fingerprint": "v",
            },
            "no list of tags",
        ),
        (
            {
                "format": "coachdesk-tagging-pass",
                "version": 1,
                "author": "S",
                "clip_fingerprint": "v",
                "tags": [{"set": "u", "tag": "P", "at_ms": -5}],
            },
            "time in milliseconds",
        ),
        (
            {
                "format": "coachdesk-tagging-pass",
                "version": 1,
                "author": "S",
                "clip_fingerprint": "v",
                "tags": [{"set": "u", "tag": "P", "at_ms": 50, "end_ms": 10}],
            },
            "ends before it starts",
        ),
        (
            {
                "format": "coachdesk-tagging-pass",
                "version": 1,
                "author": "S",
                "clip_fingerprint": "v",
                "tags": ["P"],
            },
            "is not a tag",
        ),
    ],
)
def test_bad_files_are_refused_with_a_reason(doc: dict[str, object], message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        parse_pass(json.dumps(doc).encode())
