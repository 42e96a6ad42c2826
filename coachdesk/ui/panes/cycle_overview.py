"""A read-only overview of the selected cycle: stage, problem, goal, strategy, sessions."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from coachdesk.core.changes import Changes
from coachdesk.core.cycles import CycleDossier
from coachdesk.core.errors import NotFoundError
from coachdesk.ui.context import UiContext


def dossier_html(dossier: CycleDossier, coachee_name: str) -> str:
    """Return the overview as HTML (all text escaped)."""
    cycle, goal, strategy = dossier.cycle, dossier.goal, dossier.strategy
    parts = [
        f"<h2>{escape(coachee_name)} — {escape(cycle.title or 'Coaching cycle')}</h2>",
        f"<p><b>Stage:</b> {cycle.stage.label} · started {cycle.started_on:%d %b %Y}</p>",
    ]
    if cycle.problem:
        parts.append(f"<p><b>Persistent problem:</b> {escape(cycle.problem.label)}</p>")
    if cycle.current_reality:
        parts.append(f"<p><b>Current reality:</b> {escape(cycle.current_reality)}</p>")
    if goal and goal.text:
        parts.append(f"<p><b>PEERS goal:</b> {escape(goal.text)}</p>")
        if goal.measure:
            parts.append(
                f"<p><b>Measure:</b> {escape(goal.measure)} — baseline "
                f"{goal.baseline if goal.baseline is not None else '–'}, target "
                f"{goal.target if goal.target is not None else '–'}</p>"
            )
    if strategy:
        parts.append(f"<p><b>Strategy:</b> {escape(strategy.strategy.title)}</p><ol>")
        for i, step in enumerate(strategy.strategy.steps):
            done = " ✓" if strategy.practised_dates(i) else ""
            parts.append(f"<li>{escape(step)}{done}</li>")
        parts.append("</ol>")
    missing = dossier.missing()
    if missing:
        parts.append(
            f"<p><b>Still needed for {cycle.stage.label}:</b> {escape('; '.join(missing))}</p>"
        )
    if dossier.sessions:
        parts.append("<h3>Sessions</h3><ul>")
        for session in reversed(dossier.sessions):
            parts.append(
                f"<li>{session.held_on:%d %b %Y} · {escape(session.kind.label)} · "
                f"{session.duration_min} min</li>"
            )
        parts.append("</ul>")
    return "".join(parts)


class CycleOverview(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Cycle overview")
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        ctx.cycle_selected.connect(lambda _cid: self.refresh())
        ctx.changed.connect(self._on_ctx_changed)
        self.refresh()

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.cycle_id in (None, self._ctx.cycle_id):
            self.refresh()

    def refresh(self) -> None:
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            self.browser.setHtml(
                "<p style='color:gray'>Select a coachee's cycle on the left, "
                "or add a coachee and start a cycle.</p>"
            )
            return
        try:
            dossier = self._ctx.services.cycles.dossier(cycle_id)
            name = self._ctx.services.coachees.get(dossier.cycle.coachee_id).name
        except NotFoundError:
            self.browser.clear()
            return
        self.browser.setHtml(dossier_html(dossier, name))
