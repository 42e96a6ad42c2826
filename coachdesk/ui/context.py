"""What every pane shares: the services, the undo stack, the selection and the change bus."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from coachdesk.core.changes import Changed, Changes
from coachdesk.core.errors import CoachDeskError
from coachdesk.core.services import Services

T = TypeVar("T")
D = TypeVar("D")


class UiContext(QObject):
    """Handed to each pane's constructor; the main window owns it.

    ``changed`` is broadcast once after every operation (Anki's ``operation_did_execute``);
    panes decide from the ``Changes`` whether to refresh. ``problem`` carries a message the
    coach must see; the main window shows it. Nothing here opens a database session.
    """

    changed = Signal(object)  # Changes
    problem = Signal(str)
    status = Signal(str)
    coachee_selected = Signal(object)  # int | None
    cycle_selected = Signal(object)  # int | None
    observation_selected = Signal(object)  # int | None

    def __init__(
        self,
        services: Services,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.today = today
        self.undo_stack = QUndoStack(self)
        self.coachee_id: int | None = None
        self.cycle_id: int | None = None
        self.observation_id: int | None = None

    # -- selection -------------------------------------------------------------------------

    def select_coachee(self, coachee_id: int | None) -> None:
        if coachee_id != self.coachee_id:
            self.coachee_id = coachee_id
            self.coachee_selected.emit(coachee_id)

    def select_cycle(self, cycle_id: int | None) -> None:
        if cycle_id != self.cycle_id:
            self.cycle_id = cycle_id
            self.cycle_selected.emit(cycle_id)
            self.select_observation(None)

    def select_observation(self, observation_id: int | None) -> None:
        if observation_id != self.observation_id:
            self.observation_id = observation_id
            self.observation_selected.emit(observation_id)

    # -- operations --------------------------------------------------------------------------

    def run(self, operation: Callable[[], Changed[T]]) -> T | None:
        """Run a service call; broadcast what changed, or report why it could not be done."""
        try:
            result = operation()
        except CoachDeskError as exc:
            self.problem.emit(str(exc))
            return None
        self.changed.emit(result.changes)
        return result.value

    def do(
        self, text: str, redo: Callable[[], Changed[T]], undo: Callable[[], Changed[object]]
    ) -> T | None:
        """Run ``redo`` now as an undoable edit named ``text``; return its value, or None."""
        try:
            result = redo()
        except CoachDeskError as exc:
            self.problem.emit(str(exc))
            return None
        self.changed.emit(result.changes)
        self.push_done(text, redo, undo)
        return result.value

    def edit_field(
        self,
        text: str,
        load: Callable[[], D],
        save: Callable[[D], Changed[D]],
        field: str,
        value: object,
    ) -> D | None:
        """Set one field of a record read fresh through ``load`` as an undoable edit named
        ``text``; do nothing when the value is unchanged."""
        try:
            before = getattr(load(), field)
        except CoachDeskError as exc:
            self.problem.emit(str(exc))
            return None
        if before == value:
            return None

        def put(v: object) -> Callable[[], Changed[D]]:
            return lambda: save(replace(load(), **{field: v}))  # type: ignore[type-var]

        return self.do(text, put(value), put(before))

    def push_done(
        self, text: str, redo: Callable[[], Changed[T]], undo: Callable[[], Changed[object]]
    ) -> None:
        """Record an edit that has already been made, with the calls that undo and redo it."""
        command = ServiceCommand(self, text, redo, undo)
        command.skip_next_redo = True  # QUndoStack.push() calls redo(); the edit is already made
        self.undo_stack.push(command)

    def broadcast(self, changes: Changes) -> None:
        self.changed.emit(changes)


class ServiceCommand(QUndoCommand):
    """An edit committed through a service, with the calls that take it back and redo it."""

    def __init__(
        self,
        ctx: UiContext,
        text: str,
        redo: Callable[[], Changed[T]],
        undo: Callable[[], Changed[object]],
    ) -> None:
        super().__init__(text)
        self._ctx = ctx
        self._redo = redo
        self._undo = undo
        self.skip_next_redo = False

    def redo(self) -> None:
        if self.skip_next_redo:
            self.skip_next_redo = False
            return
        self._ctx.run(self._redo)

    def undo(self) -> None:
        self._ctx.run(self._undo)
