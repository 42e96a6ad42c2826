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
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        """All visible text, whitespace collapsed (non-breaking spaces count as spaces)."""
        return " ".join(" ".join(self.chunks).replace("\u00a0", " ").replace("\u2011", "-").split())

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.elements if tag == name]
