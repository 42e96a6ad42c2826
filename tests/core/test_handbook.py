"""The bundled handbook: every page loads and agrees with the index; search; help per pane."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachdesk.core.errors import NotFoundError
from coachdesk.core.handbook import (
    PANE_IDS,
    Handbook,
    HandbookError,
    HandbookPage,
    load_handbook,
    words,
)

FOLDER = Path(__file__).resolve().parents[2] / "resources" / "handbook"


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_handbook(FOLDER)


def test_every_page_loads_and_is_a_sensible_length(handbook: Handbook):
    pages = handbook.pages
    assert 8 <= len(pages) <= 20
    for page in pages:
        assert page.markdown.startswith(f"# {page.title}\n")
        assert 300 <= len(words(page.body)) <= 900, page.id
        assert "\n## " in page.body, f"{page.id} has no headings"


def test_index_and_folder_agree(handbook: Handbook):
    index = json.loads((FOLDER / "index.json").read_text(encoding="utf-8"))
    listed = [entry["id"] for entry in index["pages"]]
    on_disk = sorted(p.stem for p in FOLDER.glob("*.md"))
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)
    assert handbook.start == index["start"]
    assert handbook.has_page(handbook.start)


def test_links_between_pages_lead_somewhere(handbook: Handbook):
    for page in handbook.pages:
        for target in page.links():
            assert handbook.has_page(target), f"{page.id} links to missing {target}"


def test_every_pane_has_a_help_page(handbook: Handbook):
    for pane_id in PANE_IDS:
        page = handbook.page_for_pane(pane_id)
        assert page is not None, pane_id
    assert handbook.page_for_pane("review").id == "tagging-video"  # type: ignore[union-attr]
    assert handbook.page_for_pane("no-such-pane") is None


def test_search_finds_a_word_only_in_a_body(handbook: Handbook):
    # "pre-roll" appears in the body of the tagging page, in no title.
    hits = handbook.search("roll")
    assert [h.page.id for h in hits][:1] == ["tagging-video"]
    assert hits[0].title_hits == 0
    assert hits[0].body_hits > 0
    assert "roll" in hits[0].snippet.lower()


def test_search_ranks_title_hits_before_body_hits(handbook: Handbook):
    hits = handbook.search("peers")
    assert hits[0].page.id == "peers-goals"
    assert hits[0].title_hits == 1
    assert all(h.title_hits == 0 for h in hits[1:])
    counts = [h.body_hits for h in hits[1:]]
    assert counts == sorted(counts, reverse=True)


def test_last_word_matches_as_a_prefix_and_every_word_must_match(handbook: Handbook):
    assert [h.page.id for h in handbook.search("baseli")] != []
    assert handbook.search("baseli")[0].page.id == "peers-goals"
    assert handbook.search("goal basel") != []
    assert handbook.search("basel goal") == []  # only the last word may be a prefix
    assert handbook.search("goal zzz") == []
    assert handbook.search("   ") == []
    assert handbook.search("WRONG Choice") == handbook.search("wrong choice")


def test_unknown_page_is_reported(handbook: Handbook):
    with pytest.raises(NotFoundError):
        handbook.page("nowhere")


def _write(folder: Path, index: object, pages: dict[str, str]) -> None:
    folder.mkdir()
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    for name, text in pages.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")


def test_a_title_that_disagrees_with_the_index_is_refused(tmp_path: Path):
    index = {"pages": [{"id": "a", "title": "Alpha", "panes": []}]}
    _write(tmp_path / "h", index, {"a": "# Beta\n\nText"})
    with pytest.raises(HandbookError, match="Alpha"):
        load_handbook(tmp_path / "h")


def test_missing_page_and_unknown_pane_are_refused(tmp_path: Path):
    _write(tmp_path / "h", {"pages": [{"id": "a", "title": "A"}]}, {})
    with pytest.raises(HandbookError, match="cannot be read"):
        load_handbook(tmp_path / "h")
    _write(tmp_path / "i", {"pages": [{"id": "a", "title": "A", "panes": ["x"]}]}, {"a": "# A\n"})
    with pytest.raises(HandbookError, match="unknown panes"):
        load_handbook(tmp_path / "i")
    (tmp_path / "j").mkdir()
    (tmp_path / "j" / "index.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(HandbookError):
        load_handbook(tmp_path / "j")


def test_first_page_is_the_start_when_none_is_named():
    book = Handbook([HandbookPage("a", "A", "# A\n\nalpha"), HandbookPage("b", "B", "# B\n")])
    assert book.start == "a"
    with pytest.raises(HandbookError):
        Handbook([HandbookPage("a", "A", "# A\n"), HandbookPage("a", "A", "# A\n")])
