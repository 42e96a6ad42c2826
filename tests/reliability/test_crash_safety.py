"""SIGKILL real work at random moments: the file stays sound, CoachDesk opens it, nothing
acknowledged is lost, an import is all or nothing, and an exported file is whole.

CI runs COACHDESK_CRASH_KILLS (default 6) kills of each of eight kinds of work (tagging and
exporting among them), plus kills at chosen statements inside the migrations and at chosen
points inside an export's file write; ``bench/reliability_figures.py`` runs hundreds.
(tests/storage/test_durability.py kills a tag-and-note writer the same way.)
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.crash_child import WRITE_POINTS
from tests.reliability.crash_harness import Scenario, Zygote, campaign
from tests.reliability.crash_scenarios import SCENARIOS, ExportSummary, FirstStart, ForcedUpgrade

KILLS = int(os.environ.get("COACHDESK_CRASH_KILLS", "6"))


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    warm = Zygote()
    yield warm
    warm.close()


@pytest.mark.slow
@pytest.mark.parametrize("kind", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_killed_work_loses_nothing_acknowledged(
    zygote: Zygote, kind: type[Scenario], tmp_path: Path
):
    rng = random.Random(f"{kind.name}-20251112")
    outcome = campaign(zygote, kind(tmp_path / "data"), KILLS, rng, stop_on_failure=True)
    assert outcome.failures == []
    assert outcome.kills == KILLS, "most runs should be killed mid-work, not finish first"


FIRST_START_STATEMENTS = (
    "CREATE TABLE coachee",
    "CREATE TABLE strategy",
    "CREATE VIRTUAL TABLE note_fts",
    "INSERT INTO alembic_version",
    "COMMIT",
)
UPGRADE_STATEMENTS = (
    "DROP TABLE coachee",
    "ALTER TABLE _alembic_tmp_cycle RENAME",
    "INSERT INTO note_fts(note_fts) VALUES('rebuild')",
    "PRAGMA foreign_key_check",
    "COMMIT",
)


@pytest.mark.slow
def test_a_kill_inside_the_first_migration_leaves_a_file_that_opens(zygote: Zygote, tmp_path: Path):
    """Before the fix, a kill between two CREATE TABLEs left half a schema: never openable."""
    scenario = FirstStart(tmp_path)
    scenario.prepare()
    for number, statement in enumerate(FIRST_START_STATEMENTS):
        args = scenario.args(number) | {"die_at": statement}
        run = zygote.run(scenario.name, args, kill_after=None)
        assert run.killed, f"the worker never reached {statement!r}"
        assert run.acks == []
        scenario.verify(run)


@pytest.mark.slow
def test_a_kill_inside_a_table_rebuilding_migration_loses_no_rows(zygote: Zygote, tmp_path: Path):
    """Also: the rebuild of a parent table (DROP TABLE coachee) cascades to no child rows."""
    scenario = ForcedUpgrade(tmp_path / "data")
    scenario.prepare()
    for number, statement in enumerate(UPGRADE_STATEMENTS):
        run = zygote.run(scenario.name, scenario.args(number) | {"die_at": statement}, None)
        assert run.killed, f"the worker never reached {statement!r}"
        scenario.verify(run)
    run = zygote.run(scenario.name, scenario.args(99), kill_after=None)  # let one finish
    assert run.acks == ["migrated"]
    scenario.verify(run)


@pytest.mark.slow
@pytest.mark.parametrize("point", list(WRITE_POINTS))
def test_a_kill_inside_an_export_write_leaves_the_old_file_or_the_new(
    zygote: Zygote, tmp_path: Path, point: str
):
    """Killed while the summary is being written: the target is the whole old page or the whole
    new one, never part of one; the hidden temporary file left is removed by a later write."""
    scenario = ExportSummary(tmp_path / "data")
    scenario.prepare()
    run = zygote.run(scenario.name, scenario.args(1) | {"die_at": point}, kill_after=None)
    assert run.killed
    assert run.acks == ["1000"]  # the first write completed; the second was cut off
    scenario.verify(run)
    expected = 1001 if point == "after-replace" else 1000
    assert scenario.revision == expected
    assert scenario.cut_writes == int(point != "after-replace")
    run = zygote.run(scenario.name, scenario.args(2), kill_after=0.0)  # before it writes
    scenario.verify(run)  # the file still holds what the cut-off run left, acknowledged or not
    run = zygote.run(scenario.name, scenario.args(3), kill_after=0.5)
    scenario.verify(run)  # ...and the stale temporary file is gone once a write succeeded
    assert run.acks
