"""Tooltips that show what a coach typed as typed.

Qt shows a tooltip as rich text when it looks like markup (a name such as ``<i>Ada</i>`` at the
start of a line, or ``&lt;``), so a tooltip holding a name or a title is escaped and marked as
rich text; one without ``<`` or ``&`` is left as it is.
"""

from __future__ import annotations

from html import escape


def plain_tip(text: str) -> str:
    """Return ``text`` as a tooltip that Qt shows exactly as typed."""
    if "<" not in text and "&" not in text:
        return text
    return f"<qt>{escape(text, quote=False)}</qt>"
