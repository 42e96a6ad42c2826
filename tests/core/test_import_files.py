"""Playbook and tag-set files: good files parse, every kind of bad file is refused with a reason."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk import resources
from coachdesk.core.errors import ImportFileError
from coachdesk.core.playbook import Category
from coachdesk.core.playbook_file import dump_playbook, parse_playbook
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.tagset_file import parse_tag_set


def test_starter_playbook_meets_the_brief():
    drafts = resources.starter_playbook()
    assert len(drafts) >= 40
    for category in Category:
        assert sum(d.category is category for d in drafts) >= 6
    for draft in drafts:
        assert len(draft.steps) == 5, draft.title
        assert draft.purpose
        assert draft.wrong_choice_when
        assert draft.look_fors
        assert draft.problems
    used = {p for d in drafts for p in d.problems}
    assert used == set(PersistentProblem)


def test_default_tag_sets():
    sets = resources.default_tag_sets()
    names = {s.name for s in sets}
    assert {"Questioning", "Feedback comments"} <= names
    assert len(sets) == 4
    feedback = next(s for s in sets if s.name == "Feedback comments")
    assert [t.label for t in feedback.types] == ["Strength", "Question", "Suggestion", "Note"]


def test_playbook_round_trip():
    drafts = resources.starter_playbook()[:3]
    name, parsed = parse_playbook(dump_playbook("Mine", drafts))
    assert name == "Mine"
    assert parsed == drafts


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not text"),
        (json.dumps({"format": "something-else", "version": 1}).encode(), "something-else"),
        (json.dumps([1, 2, 3]).encode(), "not a CoachDesk file"),
        (json.dumps({"format": "coachdesk-playbook", "version": 99}).encode(), "newer"),
        (json.dumps({"format": "coachdesk-playbook", "version": 1}).encode(), "no list"),
        (b"[" * 100 + b"]" * 100, "nested"),
        (
            json.dumps(
                {
                    "format": "coachdesk-playbook",
                    "version": 1,
                    "strategies": [{"title": "x", "uid": "u", "category": "nope"}],
                }
            ).encode(),
            "unknown category",
        ),
        (b" " * (6 * 1024 * 1024), "MB"),
    ],
)
def test_bad_playbook_files_are_refused(data: bytes, reason: str):
    with pytest.raises(ImportFileError, match=reason):
        parse_playbook(data)


def test_bad_tag_set_files_are_refused():
    good = json.loads((resources.root() / "tagsets" / "questioning.json").read_bytes())
    clash = dict(good, tag_types=[dict(t, hotkey="1") for t in good["tag_types"]])
    with pytest.raises(ImportFileError, match="hotkey"):
        parse_tag_set(json.dumps(clash).encode())
    reserved = dict(good, tag_types=[dict(good["tag_types"][0], hotkey="K")])
    with pytest.raises(ImportFileError, match="player key"):
        parse_tag_set(json.dumps(reserved).encode())


@settings(max_examples=200)
@given(st.binary(max_size=2000))
def test_random_bytes_never_escape_as_anything_but_import_errors(data: bytes):
    for parse in (parse_playbook, parse_tag_set):
        with contextlib.suppress(ImportFileError):
            parse(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200)
@given(json_values)
def test_arbitrary_json_in_a_playbook_envelope_is_parsed_or_refused(strategies: object):
    doc = {"format": "coachdesk-playbook", "version": 1, "strategies": strategies}
    with contextlib.suppress(ImportFileError):
        parse_playbook(json.dumps(doc).encode())
