"""The coach's handbook: Markdown pages with an index, a word search and help per pane."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.abc import Traversable
from pathlib import Path

from coachdesk.core.errors import CoachDeskError, NotFoundError

# The parts of the window that have a help page (F1 opens the page for the pane in hand).
PANE_IDS: tuple[str, ...] = (
    "coachees",
    "timeline",
    "stage",
    "goal",
    "strategy",
    "sessions",
    "observations",
    "notes",
    "playbook",
    "review",
    "evidence",
    "compare",
    "resources",
    "model-clips",
    "rehearsal",
    "sequence",
    "school-overview",
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# [text](page-id.md) or [text](page-id.md#anchor): a link to another page of the handbook.
_PAGE_LINK = re.compile(r"\]\(([a-z0-9-]+)\.md(?:#[^)]*)?\)")


class HandbookError(CoachDeskError):
    """The bundled handbook is malformed (a missing page, an index that disagrees)."""


def words(text: str) -> list[str]:
    """Return the words of ``text``, folded to lower case, with apostrophes kept inside words."""
    folded = text.casefold().replace("\u2019", "'").replace("'", "")
    return _WORD.findall(folded)


@dataclass(frozen=True)
class HandbookPage:
    """One page: its id (the file name without ``.md``), title, Markdown and the panes it helps."""

    id: str
    title: str
    markdown: str
    panes: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """Return the Markdown after the ``# Title`` line."""
        return self.markdown.partition("\n")[2]

    def links(self) -> list[str]:
        """Return the ids of the pages this page links to, in order of appearance."""
        return _PAGE_LINK.findall(self.markdown)


@dataclass(frozen=True)
class SearchHit:
    """A page that matches every word of a search, with how often and a line to show."""

    page: HandbookPage
    title_hits: int
    body_hits: int
    snippet: str


@dataclass(frozen=True)
class _Indexed:
    page: HandbookPage
    title_words: tuple[str, ...]
    body_words: tuple[str, ...]
    lines: tuple[str, ...]


def _count(query: str, tokens: Sequence[str], *, prefix: bool) -> int:
    if prefix:
        return sum(1 for t in tokens if t.startswith(query))
    return sum(1 for t in tokens if t == query)


class Handbook:
    """The pages in index order, searchable in memory."""

    def __init__(self, pages: Iterable[HandbookPage], start: str | None = None) -> None:
        self._pages = list(pages)
        self._by_id = {p.id: p for p in self._pages}
        if len(self._by_id) != len(self._pages):
            raise HandbookError("Two handbook pages share an id.")
        if start is not None and start not in self._by_id:
            raise HandbookError(f"The handbook's start page {start!r} does not exist.")
        self.start = start or (self._pages[0].id if self._pages else "")
        self._indexed = [
            _Indexed(
                page,
                tuple(words(page.title)),
                tuple(words(page.body)),
                tuple(line for line in page.body.splitlines() if line.strip()),
            )
            for page in self._pages
        ]

    @property
    def pages(self) -> list[HandbookPage]:
        return list(self._pages)

    def page(self, page_id: str) -> HandbookPage:
        try:
            return self._by_id[page_id]
        except KeyError:
            raise NotFoundError(f"There is no handbook page called {page_id!r}.") from None

    def has_page(self, page_id: str) -> bool:
        return page_id in self._by_id

    def page_for_pane(self, pane_id: str) -> HandbookPage | None:
        """Return the first page (in index order) that is the help for ``pane_id``."""
        return next((p for p in self._pages if pane_id in p.panes), None)

    def search(self, text: str) -> list[SearchHit]:
        """Return pages holding every word of ``text`` (the last may be the start of a word).

        Pages with more hits in the title come first, then pages with more hits in the body;
        ties keep index order. An empty query finds nothing.
        """
        query = words(text)
        if not query:
            return []
        hits: list[tuple[int, int, int, SearchHit]] = []
        for order, item in enumerate(self._indexed):
            title_hits = body_hits = 0
            for n, word in enumerate(query):
                prefix = n == len(query) - 1
                in_title = _count(word, item.title_words, prefix=prefix)
                in_body = _count(word, item.body_words, prefix=prefix)
                if not in_title and not in_body:
                    break
                title_hits += in_title
                body_hits += in_body
            else:
                hit = SearchHit(item.page, title_hits, body_hits, _snippet(item, query))
                hits.append((-title_hits, -body_hits, order, hit))
        hits.sort(key=lambda h: h[:3])
        return [h[3] for h in hits]


def _snippet(item: _Indexed, query: Sequence[str]) -> str:
    """Return the first body line that holds a query word, without Markdown marks."""
    for line in item.lines:
        tokens = words(line)
        last = query[-1]
        if any(q in tokens for q in query[:-1]) or any(t.startswith(last) for t in tokens):
            return _plain(line)
    return _plain(item.lines[0]) if item.lines else ""


def _plain(line: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    text = re.sub(r"^[#>\-*\d.\s]+", "", text)
    return text.replace("**", "").replace("*", "").replace("`", "").strip()


def load_handbook(folder: Traversable | Path) -> Handbook:
    """Read ``index.json`` and every page it lists from ``folder``; check they agree."""
    try:
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        entries = index["pages"]
        start = index.get("start")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise HandbookError(f"The handbook index cannot be read: {error}") from error
    pages = []
    for entry in entries:
        page_id, title = str(entry["id"]), str(entry["title"])
        panes = tuple(str(p) for p in entry.get("panes", ()))
        unknown = [p for p in panes if p not in PANE_IDS]
        if unknown:
            raise HandbookError(f"Handbook page {page_id!r} names unknown panes: {unknown}.")
        try:
            markdown = (folder / f"{page_id}.md").read_text(encoding="utf-8")
        except OSError as error:
            raise HandbookError(f"Handbook page {page_id!r} cannot be read: {error}") from error
        first = markdown.partition("\n")[0].strip()
        if first != f"# {title}":
            raise HandbookError(
                f"Handbook page {page_id!r} starts {first!r}, but the index calls it {title!r}."
            )
        pages.append(HandbookPage(page_id, title, markdown.replace("\r\n", "\n"), panes))
    return Handbook(pages, start)
