"""The cycle in hand as the playbook sees it: whose it is, which strategy it uses, choosing one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from coachdesk.core.errors import NotFoundError
from coachdesk.core.playbook import CycleStrategy, Strategy
from coachdesk.ui.context import UiContext
from coachdesk.ui.widgets import ask

USE_BUTTON_STYLE = """
QPushButton { background: #2f5d8a; color: white; border: 1px solid #26507a;
              border-radius: 4px; padding: 4px 14px; font-weight: 600; }
QPushButton:hover { background: #386b9d; }
QPushButton:pressed { background: #26507a; }
QPushButton:focus { border: 2px solid #9cc3ea; }
QPushButton:disabled { background: #e3e7ec; color: #7a8491; border-color: #cfd5dc; }
"""


@dataclass(frozen=True)
class UseState:
    """How the "Use in this cycle" control should look for one strategy."""

    enabled: bool
    text: str
    tip: str


class CycleStrategyChoice:
    """Knows the selected cycle's chosen strategy; reload it after cycle changes."""

    def __init__(self, ctx: UiContext) -> None:
        self._ctx = ctx
        self.chosen: CycleStrategy | None = None
        self.label = ""  # e.g. "Priya Shah's cycle"

    def reload(self) -> None:
        self.chosen = None
        self.label = ""
        cycle_id = self._ctx.cycle_id
        if cycle_id is None:
            return
        services = self._ctx.services
        try:
            dossier = services.cycles.dossier(cycle_id)
            name = services.coachees.get(dossier.cycle.coachee_id).name
        except NotFoundError:
            return
        self.chosen = dossier.strategy
        self.label = f"{name}'s cycle"

    def is_chosen(self, strategy: Strategy | None) -> bool:
        return (
            strategy is not None
            and self.chosen is not None
            and self.chosen.strategy.id == strategy.id
        )

    def note(self) -> str:
        """Say which cycle "this cycle" is, and what it uses now."""
        if self._ctx.cycle_id is None or not self.label:
            return "No cycle selected"
        if self.chosen is None:
            return f"{self.label} · no strategy yet"
        return f"{self.label} · now: {self.chosen.strategy.title}"

    def use_state(self, strategy: Strategy | None) -> UseState:
        chosen = self.is_chosen(strategy)
        if self._ctx.cycle_id is None:
            return UseState(
                False,
                "&Use in this cycle",
                "Select a coachee's cycle first; then you can choose its strategy here",
            )
        if strategy is None:
            return UseState(False, "&Use in this cycle", "Select a strategy first")
        if chosen:
            return UseState(
                False, "✓ Chosen for this cycle", f"This is already the strategy for {self.label}"
            )
        tip = f"Make “{strategy.title}” the strategy for {self.label}"
        if self.chosen is not None:
            tip += f", instead of “{self.chosen.strategy.title}”"
        return UseState(True, "&Use in this cycle", tip)

    def use(self, strategy_id: int) -> CycleStrategy | None:
        """Make ``strategy_id`` the strategy of the selected cycle and say so."""
        ctx = self._ctx
        cycle_id = ctx.cycle_id
        if cycle_id is None:
            ctx.problem.emit("Select a coachee's cycle first, then choose its strategy.")
            return None
        cycles = ctx.services.cycles
        chosen = ctx.run(lambda: cycles.choose_strategy(cycle_id, strategy_id, ctx.today()))
        if chosen is not None:
            ctx.status.emit(
                f"“{chosen.strategy.title}” is now the strategy for {self.label or 'this cycle'}."
            )
        return chosen

    def confirm_replacing(self, parent: QWidget, strategy: Strategy) -> bool:
        """Ask before replacing a strategy that already has modelling or practice recorded."""
        earlier = self.chosen
        if earlier is None or not (earlier.any_practice or earlier.modelled_on):
            return True
        return ask.confirm(
            parent,
            "Change the cycle's strategy",
            f"{self.label} already uses “{earlier.strategy.title}”, with modelling or practice "
            f"recorded.\n\nUse “{strategy.title}” instead? The record of modelling, practice "
            "and rehearsals for the earlier strategy will be cleared.",
        )
