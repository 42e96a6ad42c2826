"""Migration 0002: a goal's measure definition is stored, and older databases gain it empty."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from coachdesk.app import build_services
from coachdesk.storage import migrate
from coachdesk.storage.workspace import DB_NAME, open_workspace

DAY = dt.date(2025, 11, 12)


def test_the_definition_is_saved_with_the_goal(tmp_path: Path):
    ws = open_workspace(tmp_path, install_bundled=False)
    services = build_services(ws)
    coachee = services.coachees.add("Ada", today=DAY).value
    cycle = services.cycles.start(coachee.id, DAY).value
    goal = services.cycles.goal(cycle.id)
    assert (goal.measure_kind, goal.measure_tag_types) == ("", ())
    saved = services.cycles.save_goal(
        replace(goal, text="More talk", measure_kind="rate", measure_tag_types=(3, 7))
    ).value
    assert (saved.measure_kind, saved.measure_tag_types) == ("rate", (3, 7))
    again = services.cycles.goal(cycle.id)
    assert (again.measure_kind, again.measure_tag_types) == ("rate", (3, 7))
    cleared = services.cycles.save_goal(replace(again, measure_kind="", measure_tag_types=()))
    assert (cleared.value.measure_kind, cleared.value.measure_tag_types) == ("", ())
    ws.close()


def test_a_database_from_0001_gains_empty_definitions(tmp_path: Path):
    ws = open_workspace(tmp_path, install_bundled=False)
    services = build_services(ws)
    coachee = services.coachees.add("Ada", today=DAY).value
    cycle = services.cycles.start(coachee.id, DAY).value
    services.cycles.save_goal(replace(services.cycles.goal(cycle.id), text="Kept"))
    ws.close()
    engine = create_engine(f"sqlite:///{tmp_path / DB_NAME}")
    with engine.connect() as connection, migrate.all_or_nothing(connection):
        command.downgrade(migrate._config(connection), "0001_initial")  # type: ignore[arg-type]
    engine.dispose()
    old = sqlite3.connect(tmp_path / DB_NAME)
    columns = {r[1] for r in old.execute("PRAGMA table_info(goal)")}
    old.close()
    assert "measure_kind" not in columns

    ws = open_workspace(tmp_path, install_bundled=False)  # migrates to head
    goal = build_services(ws).cycles.goal(cycle.id)
    assert goal.text == "Kept"
    assert (goal.measure_kind, goal.measure_tag_types) == ("", ())
    ws.close()
