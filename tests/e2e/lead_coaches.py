"""Three coaches' workspaces for the lead's overview, built through the services, with known totals.

Autumn 2025/26 (term 1): Autumn 1 is 1 Sep – 24 Oct, Autumn 2 is 3 Nov – 19 Dec, and the term
covers up to 4 Jan 2026 (the Christmas holiday belongs to Autumn 2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from coachdesk.core.cycles import Outcome
from coachdesk.core.observations import ObservationMode
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.services import Services
from coachdesk.core.sessions import SessionKind
from coachdesk.storage.workspace import Workspace, open_workspace

D = dt.date


def _strategy_id(services: Services, words: str) -> int:
    return services.playbook.search(words)[0].id


def _cycle(
    services: Services,
    name: str,
    started: dt.date,
    problem: PersistentProblem | None,
    strategy_words: str | None,
    role: str = "",
) -> int:
    coachee = services.coachees.add(name, role).value
    cycle = services.cycles.start(coachee.id, started).value
    services.cycles.save(replace(cycle, problem=problem))
    if strategy_words:
        services.cycles.choose_strategy(cycle.id, _strategy_id(services, strategy_words), started)
    return cycle.id


def _complete(services: Services, cycle_id: int, on: dt.date, outcome: Outcome) -> None:
    services.cycles.save(replace(services.cycles.get(cycle_id), outcome=outcome))
    for _ in range(3):
        services.cycles.advance(cycle_id, on, reason="Agreed with the teacher")


def build_ruth(services: Services) -> None:
    services.settings.put("coach_name", "Ruth Evans")
    priya = _cycle(
        services,
        "Priya Shah",
        D(2025, 9, 8),
        PersistentProblem.EXPOSING_THINKING,
        "whiteboard",
        "Year 4",
    )
    services.sessions.add(priya, D(2025, 9, 10), SessionKind.IDENTIFY, 30)
    services.observations.add(priya, D(2025, 10, 1), ObservationMode.LIVE)
    services.sessions.add(priya, D(2025, 11, 12), SessionKind.FEEDBACK, 45)
    services.coachees.add("Tom Okafor", "Science")
    services.coachees.add("Dan Smith", "History")


def build_sam(services: Services) -> None:
    services.settings.put("coach_name", "Sam Lee")
    tom = _cycle(
        services,
        "tom  OKAFOR",  # the same colleague as on Ruth's list
        D(2025, 11, 4),
        PersistentProblem.CONTAINING_BEHAVIOUR,
        "entry routine",
    )
    services.sessions.add(tom, D(2025, 11, 20), SessionKind.MODELLING, 20)
    services.observations.add(tom, D(2025, 12, 1), ObservationMode.VIDEO)
    services.coachees.add("Eve Adams", "Art")
    services.coachees.add("dan smith")
    grace = services.coachees.add("Grace Archived").value
    services.coachees.save(replace(grace, archived=True))


def build_ada(services: Services) -> None:
    services.settings.put("coach_name", "Ada King")
    lena = _cycle(
        services,
        "Lena Ortiz",
        D(2025, 9, 5),
        PersistentProblem.EXPOSING_THINKING,
        "whiteboard",
        "Maths",
    )
    services.sessions.add(lena, D(2025, 9, 15), SessionKind.IDENTIFY, 60)
    services.observations.add(lena, D(2025, 9, 25), ObservationMode.LIVE)
    services.sessions.add(lena, D(2025, 10, 20), SessionKind.PRACTICE, 30)
    services.observations.add(lena, D(2025, 12, 15), ObservationMode.LIVE)
    services.sessions.add(lena, D(2025, 12, 22), SessionKind.REVIEW, 15)  # holiday: Autumn 2
    services.sessions.add(lena, D(2026, 1, 10), SessionKind.CHECK_IN, 25)  # Spring: not counted
    _complete(services, lena, D(2025, 12, 10), Outcome.CONTINUE)
    mo = _cycle(services, "Mo Green", D(2025, 4, 1), PersistentProblem.PORTRAYING_CURRICULUM, None)
    services.sessions.add(mo, D(2025, 5, 1), SessionKind.FEEDBACK, 40)  # last school year
    _complete(services, mo, D(2025, 7, 10), Outcome.NEW_CYCLE)


COACHES = {"ruth": build_ruth, "sam": build_sam, "ada": build_ada}


def open_coach(root: Path, who: str) -> Workspace:
    """Open (and on first use fill) ``who``'s workspace under ``root``."""
    workspace = open_workspace(root / who)
    services = workspace.services()
    if not services.coachees.list():
        COACHES[who](services)
    return workspace
