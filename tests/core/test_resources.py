"""Resources: links that may be opened, default titles, limits, and the order a cycle shows."""

from __future__ import annotations

import datetime as dt

import pytest

from coachdesk.core.errors import ValidationError
from coachdesk.core.resources import (
    MAX_NOTE,
    MAX_TITLE,
    FileState,
    Resource,
    ResourceId,
    ResourceKind,
    check_owner,
    checked,
    clean_link,
    file_title,
    link_title,
    newest_shared_first,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/page?x=1#top",
        "http://intranet.school.local/coaching",
        "HTTPS://Example.org",
        "mailto:head@school.org",
        "  https://example.org  ",
    ],
)
def test_web_and_mail_links_are_kept(url: str):
    assert clean_link(url) == url.strip()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "Type or paste"),
        ("javascript:alert(1)", "web and e-mail links only"),
        ("file:///etc/passwd", "web and e-mail links only"),
        ("ftp://example.org/x", "web and e-mail links only"),
        ("smb://server/share", "web and e-mail links only"),
        ("example.org/page", "web and e-mail links only"),
        ("https://", "site name"),
        ("https:///path-only", "site name"),
        ("mailto:nobody", "needs an address"),
        ("https://exa mple.org", "spaces"),
        ("https://example.org/\x00", "spaces or hidden"),
        ("https://example.org/" + "a" * 2000, "longer than"),
    ],
)
def test_other_addresses_are_refused_with_a_reason(url: str, words: str):
    with pytest.raises(ValidationError, match=words):
        clean_link(url)


def test_default_titles_come_from_the_site_or_the_file_name():
    assert link_title("https://www.edutopia.org/article/x") == "edutopia.org"
    assert link_title("mailto:head@school.org?subject=Hi") == "head@school.org"
    assert file_title("/home/coach/Docs/Wait time.pdf") == "Wait time.pdf"


def _resource(**fields: object) -> Resource:
    base: dict[str, object] = {
        "id": ResourceId(1),
        "kind": ResourceKind.LINK,
        "title": "",
        "location": "https://www.example.org/x",
        "cycle_id": 3,
    }
    base.update(fields)
    return Resource(**base)  # type: ignore[arg-type]


def test_checked_fills_the_title_and_enforces_limits():
    assert checked(_resource()).title == "example.org"
    assert checked(_resource(title="  Wait   time  ")).title == "Wait time"
    with pytest.raises(ValidationError, match="at most"):
        checked(_resource(title="x" * (MAX_TITLE + 1)))
    with pytest.raises(ValidationError, match="at most"):
        checked(_resource(note="x" * (MAX_NOTE + 1)))
    with pytest.raises(ValidationError, match="web and e-mail"):
        checked(_resource(location="javascript:void(0)"))
    file = checked(_resource(kind=ResourceKind.FILE, location="/tmp/Plan.docx"))
    assert file.title == "Plan.docx"
    assert file.where == "Plan.docx"


def test_a_resource_belongs_to_exactly_one_owner():
    check_owner(1, None)
    check_owner(None, 2)
    with pytest.raises(ValidationError, match="either"):
        check_owner(None, None)
    with pytest.raises(ValidationError, match="either"):
        check_owner(1, 2)


def test_sharing_a_strategy_resource_makes_a_dated_cycle_copy():
    on_strategy = _resource(strategy_id=7, cycle_id=None, note="Print double-sided")
    shared = on_strategy.shared_with(4, dt.date(2025, 11, 12))
    assert (shared.strategy_id, shared.cycle_id) == (None, 4)
    assert shared.shared_on == dt.date(2025, 11, 12)
    assert shared.note == "Print double-sided"


def test_a_cycle_lists_the_most_recently_shared_first():
    older = _resource(id=ResourceId(1), shared_on=dt.date(2025, 10, 1))
    newer = _resource(id=ResourceId(2), shared_on=dt.date(2025, 11, 1))
    unshared = _resource(id=ResourceId(3), shared_on=None)
    same_day_later = _resource(id=ResourceId(4), shared_on=dt.date(2025, 11, 1))
    order = newest_shared_first([older, unshared, newer, same_day_later])
    assert [r.id for r in order] == [4, 2, 1, 3]


def test_only_a_file_that_needs_finding_carries_a_warning():
    assert FileState.OK.warning == ""
    assert "find it" in FileState.MISSING.warning
    assert "Changed" in FileState.CHANGED.warning
