"""A small HTML reader for the export tests: elements, attributes and visible text."""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """Collects every start tag with its attributes, and the text outside <style>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.chunks: list[str] = []
        self._in_style = False
        self._tables: list[tuple[str, list[list[str]]]] = []  # (class, rows of cell text)
        self._open: list[int] = []  # indices into _tables of the tables being read
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"
        if tag == "table":
            self._tables.append((attrs_class(attrs), []))
            self._open.append(len(self._tables) - 1)
        elif tag == "tr" and self._open:
            self._tables[self._open[-1]][1].append([])
        elif tag in ("td", "th") and self._open and self._tables[self._open[-1]][1]:
            self._tables[self._open[-1]][1][-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        elif tag == "table" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.chunks.append(data)
            rows = self._tables[self._open[-1]][1] if self._open else []
            if rows and rows[-1]:
                rows[-1][-1] += " " + data  # text either side of a tag: two words

    @property
    def text(self) -> str:
        """All visible text, whitespace collapsed (non-breaking spaces count as spaces)."""
        return " ".join(" ".join(self.chunks).replace("\u00a0", " ").replace("\u2011", "-").split())

    def tables(self, css_class: str) -> list[list[list[str]]]:
        """Return each table with ``css_class``: its rows, each a list of cell texts."""
        return [
            [[" ".join(c.replace("\u00a0", " ").split()) for c in row] for row in rows]
            for classes, rows in self._tables
            if css_class in classes.split()
        ]

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def attrs_class(attrs: list[tuple[str, str | None]]) -> str:
    return next((v or "" for k, v in attrs if k == "class"), "")
