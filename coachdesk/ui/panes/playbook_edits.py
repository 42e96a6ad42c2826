"""Undoable playbook edits: each remembers the id it made, so undo and redo stay in step."""

from __future__ import annotations

from collections.abc import Callable

from coachdesk.core.changes import Changed
from coachdesk.core.errors import NotFoundError
from coachdesk.core.playbook import RemovedStrategy, Strategy, StrategyDraft
from coachdesk.ui.context import UiContext


def _adding(ctx: UiContext, text: str, add: Callable[[], Changed[Strategy]]) -> Strategy | None:
    """Run ``add`` (which makes a new strategy) as an edit whose undo deletes what it made;
    redo puts back what the undo took (with anything added to the strategy since)."""
    playbook = ctx.services.playbook
    made: Strategy | None = None
    taken: RemovedStrategy | None = None

    def redo() -> Changed[Strategy]:
        nonlocal made
        result = add() if taken is None else playbook.restore(taken)
        made = result.value
        return result

    def undo() -> Changed[object]:
        nonlocal taken
        assert made is not None
        result = playbook.delete(made.id)
        taken = result.value
        return Changed(result.value, result.changes)

    return ctx.do(text, redo, undo)


def create(ctx: UiContext, draft: StrategyDraft) -> Strategy | None:
    playbook = ctx.services.playbook
    return _adding(ctx, f"New strategy “{draft.title.strip()}”", lambda: playbook.create(draft))


def duplicate(ctx: UiContext, strategy_id: int) -> Strategy | None:
    playbook = ctx.services.playbook
    return _adding(
        ctx, f"Duplicate “{_title(ctx, strategy_id)}”", lambda: playbook.duplicate(strategy_id)
    )


def edit(ctx: UiContext, strategy_id: int, draft: StrategyDraft) -> Strategy | None:
    """Save ``draft`` over an own strategy, or as a new copy of a bundled one."""
    playbook = ctx.services.playbook
    try:
        before = playbook.get(strategy_id)
    except NotFoundError as exc:
        ctx.problem.emit(str(exc))
        return None
    if not before.is_editable:
        return _adding(
            ctx, f"Edit a copy of “{before.title}”", lambda: playbook.save(strategy_id, draft)
        )
    return ctx.do(
        f"Edit strategy “{before.title}”",
        lambda: playbook.save(strategy_id, draft),
        lambda: _widen(playbook.save(strategy_id, before.draft())),
    )


def delete(ctx: UiContext, strategy_id: int) -> Strategy | None:
    """Delete a strategy; undo puts it back with its uid, source, (if free) its id, and its
    resources, model clips and places in sequences."""
    playbook = ctx.services.playbook
    current_id = strategy_id
    gone: RemovedStrategy | None = None

    def redo() -> Changed[Strategy]:
        nonlocal gone
        result = playbook.delete(current_id)
        gone = result.value
        return Changed(result.value.strategy, result.changes)

    def undo() -> Changed[object]:
        nonlocal current_id
        assert gone is not None
        result = playbook.restore(gone)
        current_id = result.value.id
        return _widen(result)

    done = ctx.do(f"Delete strategy “{_title(ctx, strategy_id)}”", redo, undo)
    if done is not None:
        ctx.status.emit(f"Deleted “{done.title}”. Undo (Ctrl+Z) brings it back.")
    return done


def _widen(result: Changed[Strategy]) -> Changed[object]:
    """Return ``result`` typed as the undo stack expects (``Changed`` is invariant)."""
    return Changed(result.value, result.changes)


def _title(ctx: UiContext, strategy_id: int) -> str:
    try:
        return ctx.services.playbook.get(strategy_id).title
    except NotFoundError:  # the delete itself reports it
        return "strategy"
