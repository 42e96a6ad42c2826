"""A strategy as HTML for the playbook's detail view; every piece of text is escaped."""

from __future__ import annotations

from html import escape

from coachdesk.core.playbook import Strategy, StrategySource
from coachdesk.core.problems import PersistentProblem

ACCENT = "#2f5d8a"
MUTED = "#6b7280"

SOURCE_TEXT = {
    StrategySource.BUNDLED: "Bundled starter playbook — stays as shipped; editing makes your "
    "own copy.",
    StrategySource.OWN: "Your own strategy.",
    StrategySource.IMPORTED: "Imported from a playbook file.",
}


def _section(title: str) -> str:
    return f"<h4 style='color:{ACCENT}; margin-top:14px; margin-bottom:4px'>{escape(title)}</h4>"


def _paragraphs(text: str) -> str:
    """Keep the coach's paragraph breaks; a single newline becomes a line break."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join(
        f"<p style='margin-top:0'>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks
    )


def strategy_html(
    strategy: Strategy, based_on_title: str | None = None, chosen_for_cycle: bool = False
) -> str:
    """Return the strategy's detail page: purpose, when not to use it, steps, look-fors, source."""
    parts = [
        f"<h2 style='margin-bottom:2px'>{escape(strategy.title)}</h2>",
        f"<p style='color:{MUTED}; margin-top:0'>{escape(strategy.category.label)}",
    ]
    if strategy.source is not StrategySource.BUNDLED:
        parts.append(f" · {escape(strategy.source.value)}")
    if chosen_for_cycle:
        parts.append(" · <b style='color:#2e7d6b'>✓ chosen for this cycle</b>")
    parts.append("</p>")

    parts.append(_section("Why it works"))
    parts.append(
        _paragraphs(strategy.purpose)
        if strategy.purpose.strip()
        else f"<p style='color:{MUTED}'>No purpose written yet.</p>"
    )
    if strategy.wrong_choice_when.strip():
        parts.append(_section("When it is the wrong choice"))
        parts.append(_paragraphs(strategy.wrong_choice_when))

    parts.append(_section("Steps"))
    if strategy.steps:
        parts.append("<ol style='margin-top:0'>")
        parts.extend(
            f"<li style='margin-bottom:4px'>{escape(step)}</li>" for step in strategy.steps
        )
        parts.append("</ol>")
    else:
        parts.append(
            f"<p style='color:{MUTED}'>No steps yet — edit the strategy to add the "
            "steps a teacher practises.</p>"
        )

    if strategy.look_fors:
        parts.append(_section("Look-fors"))
        parts.append("<ul style='margin-top:0'>")
        parts.extend(
            f"<li style='margin-bottom:3px'>{escape(item)}</li>" for item in strategy.look_fors
        )
        parts.append("</ul>")

    parts.append(_section("Persistent problems it addresses"))
    if strategy.problems:
        parts.append("<ul style='margin-top:0'>")
        for problem in (p for p in PersistentProblem if p in strategy.problems):
            parts.append(
                f"<li><b>{escape(problem.label)}</b> — "
                f"<span style='color:{MUTED}'>{escape(problem.description)}</span></li>"
            )
        parts.append("</ul>")
    else:
        parts.append(f"<p style='color:{MUTED}'>None named.</p>")

    source = SOURCE_TEXT[strategy.source]
    if based_on_title:
        source = source.rstrip(".") + f", based on “{based_on_title}”."
    parts.append(
        f"<p style='color:{MUTED}; margin-top:16px'><small>Source: {escape(source)}</small></p>"
    )
    return "".join(parts)


def empty_html(message: str, hint: str) -> str:
    """Return the detail view's text when no strategy is selected."""
    return (
        f"<p style='color:{MUTED}; margin-top:24px' align='center'>{escape(message)}"
        f"<br><small>{escape(hint)}</small></p>"
    )


def no_results_html(text: str, filtered: bool) -> str:
    """Return the list's empty state: what found nothing, and how to see more."""
    text = text.strip()
    if not filtered:
        return (
            "<b>The playbook is empty.</b><br>Write a strategy of your own, or import a "
            "playbook file another coach shared."
        )
    if text:
        return (
            f"<b>No strategies match “{escape(text)}”</b><br>Try fewer or shorter words, "
            "or clear the search and the category and problem filters."
        )
    return (
        "<b>No strategies match these filters.</b><br>Choose “All categories” or "
        "“All problems” to see more."
    )
