"""Cycles with their goal, measurements, chosen strategy and practice."""

from __future__ import annotations

import builtins
import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coachdesk.core import cycles as cycle_rules
from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.cycles import Cycle, CycleDossier, Stage
from coachdesk.core.errors import ValidationError
from coachdesk.core.goals import Measurement, MeasurementSource, PeersGoal
from coachdesk.core.playbook import CycleStrategy, CycleStrategyId, StepPractice
from coachdesk.storage import mapping, rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail


class CycleStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- cycles ----------------------------------------------------------------------------

    def list(self, coachee_id: int | None = None) -> builtins.list[Cycle]:
        with self._db.read() as s:
            query = select(rows.CycleRow).order_by(rows.CycleRow.started_on, rows.CycleRow.id)
            if coachee_id is not None:
                query = query.where(rows.CycleRow.coachee_id == coachee_id)
            return [mapping.cycle(r) for r in s.scalars(query)]

    def get(self, cycle_id: int) -> Cycle:
        with self._db.read() as s:
            return mapping.cycle(get_or_fail(s, rows.CycleRow, cycle_id, "cycle"))

    def start(self, coachee_id: int, started_on: dt.date, title: str = "") -> Changed[Cycle]:
        """Start a cycle in the Identify stage, with an empty goal to fill in."""
        with self._db.session() as s:
            get_or_fail(s, rows.CoacheeRow, coachee_id, "coachee")
            row = rows.CycleRow(
                coachee_id=coachee_id,
                title=title.strip(),
                started_on=started_on,
                stage=Stage.IDENTIFY.value,
                current_reality="",
                skips_json="[]",
            )
            s.add(row)
            s.flush()
            s.add(rows.GoalRow(cycle_id=row.id, text="", checks="", measure="", unit=""))
            result = mapping.cycle(row)
        return Changed(result, Changes.of(Entity.CYCLE, Entity.GOAL, cycle_id=result.id))

    def save(self, cycle: Cycle) -> Changed[Cycle]:
        """Write the cycle's title, problem, current reality, outcome and the sequence it
        follows (not its stage)."""
        with self._db.session() as s:
            row = get_or_fail(s, rows.CycleRow, cycle.id, "cycle")
            row.title = cycle.title.strip()
            row.problem = cycle.problem.value if cycle.problem else None
            row.current_reality = cycle.current_reality
            row.outcome = cycle.outcome.value if cycle.outcome else None
            if cycle.sequence_id is not None:
                get_or_fail(s, rows.SequenceRow, cycle.sequence_id, "strategy sequence")
            row.sequence_id = cycle.sequence_id
            s.flush()
            result = mapping.cycle(row)
        return Changed(result, Changes.of(Entity.CYCLE, cycle_id=cycle.id))

    def advance(self, cycle_id: int, today: dt.date, reason: str = "") -> Changed[Cycle]:
        """Move the cycle on one stage if its needs are met (or the coach gives a reason)."""
        with self._db.session() as s:
            dossier = self._dossier(s, cycle_id)
            moved = cycle_rules.advance(dossier, today, reason)
            return self._write_stage(s, moved)

    def step_back(self, cycle_id: int) -> Changed[Cycle]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
            return self._write_stage(s, cycle_rules.step_back(mapping.cycle(row)))

    def restore_stage(self, cycle: Cycle) -> Changed[Cycle]:
        """Put back a stage, its end date and skips exactly as they were (for undo)."""
        with self._db.session() as s:
            return self._write_stage(s, cycle)

    def _write_stage(self, s: Session, cycle: Cycle) -> Changed[Cycle]:
        row = get_or_fail(s, rows.CycleRow, cycle.id, "cycle")
        row.stage = cycle.stage.value
        row.ended_on = cycle.ended_on
        row.skips_json = mapping.skips_to_json(cycle.skips)
        s.flush()
        return Changed(mapping.cycle(row), Changes.of(Entity.CYCLE, cycle_id=cycle.id))

    def delete(self, cycle_id: int) -> Changed[int]:
        with self._db.session() as s:
            s.delete(get_or_fail(s, rows.CycleRow, cycle_id, "cycle"))
        return Changed(
            cycle_id,
            Changes.of(
                Entity.CYCLE,
                Entity.SESSION,
                Entity.OBSERVATION,
                Entity.GOAL,
                Entity.NOTE,
                Entity.CLIP,
                Entity.TAG,
            ),
        )

    def dossier(self, cycle_id: int) -> CycleDossier:
        """Return the cycle with its goal, strategy, sessions and observations."""
        with self._db.read() as s:
            return self._dossier(s, cycle_id)

    def _dossier(self, s: Session, cycle_id: int) -> CycleDossier:
        from coachdesk.storage.sessions import load_sessions

        row = get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
        observations = s.scalars(
            select(rows.ObservationRow)
            .where(rows.ObservationRow.cycle_id == cycle_id)
            .order_by(rows.ObservationRow.observed_on, rows.ObservationRow.id)
        )
        return CycleDossier(
            cycle=mapping.cycle(row),
            goal=_goal(s, cycle_id),
            strategy=_cycle_strategy(s, cycle_id),
            sessions=tuple(load_sessions(s, [cycle_id])),
            observations=tuple(mapping.observation(o) for o in observations),
        )

    # -- goal --------------------------------------------------------------------------------

    def goal(self, cycle_id: int) -> PeersGoal:
        with self._db.read() as s:
            goal = _goal(s, cycle_id)
        if goal is None:  # pragma: no cover - every cycle is started with a goal row
            raise ValidationError("This cycle has no goal record.")
        return goal

    def save_goal(self, goal: PeersGoal) -> Changed[PeersGoal]:
        """Write the goal's text, checks, measure (and its definition), unit, baseline, target."""
        with self._db.session() as s:
            row = s.scalar(select(rows.GoalRow).where(rows.GoalRow.cycle_id == goal.cycle_id))
            if row is None:
                row = rows.GoalRow(cycle_id=goal.cycle_id)
                s.add(row)
            row.text = goal.text
            row.checks = mapping.checks_to_text(goal.checks)
            row.measure = goal.measure
            row.unit = goal.unit.strip()
            row.baseline = goal.baseline
            row.target = goal.target
            row.measure_kind = goal.measure_kind or None
            row.measure_tag_types = ",".join(map(str, goal.measure_tag_types)) or None
            s.flush()
            result = _goal(s, goal.cycle_id)
        assert result is not None
        return Changed(result, Changes.of(Entity.GOAL, cycle_id=goal.cycle_id))

    def add_measurement(
        self,
        cycle_id: int,
        taken_on: dt.date,
        value: float,
        source: MeasurementSource = MeasurementSource.OBSERVATION,
        note: str = "",
    ) -> Changed[PeersGoal]:
        if value != value:
            raise ValidationError("A measurement needs a number.")
        with self._db.session() as s:
            goal_row = s.scalar(select(rows.GoalRow).where(rows.GoalRow.cycle_id == cycle_id))
            if goal_row is None:
                raise ValidationError("Write the goal before adding measurements.")
            s.add(
                rows.MeasurementRow(
                    goal_id=goal_row.id,
                    taken_on=taken_on,
                    value=value,
                    source=source.value,
                    note=note,
                )
            )
            s.flush()
            result = _goal(s, cycle_id)
        assert result is not None
        return Changed(result, Changes.of(Entity.GOAL, cycle_id=cycle_id))

    def save_measurement(self, measurement: Measurement) -> Changed[PeersGoal]:
        """Write a measurement, inserting it with its own id if it was deleted (undo)."""
        with self._db.session() as s:
            goal_row = get_or_fail(s, rows.GoalRow, measurement.goal_id, "goal")
            row = s.get(rows.MeasurementRow, measurement.id)
            if row is None:
                row = rows.MeasurementRow(id=measurement.id, goal_id=measurement.goal_id)
                s.add(row)
            row.taken_on = measurement.taken_on
            row.value = measurement.value
            row.source = measurement.source.value
            row.note = measurement.note
            s.flush()
            result = _goal(s, goal_row.cycle_id)
        assert result is not None
        return Changed(result, Changes.of(Entity.GOAL, cycle_id=result.cycle_id))

    def delete_measurement(self, measurement_id: int) -> Changed[PeersGoal]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.MeasurementRow, measurement_id, "measurement")
            goal_row = get_or_fail(s, rows.GoalRow, row.goal_id, "goal")
            s.delete(row)
            s.flush()
            result = _goal(s, goal_row.cycle_id)
        assert result is not None
        return Changed(result, Changes.of(Entity.GOAL, cycle_id=result.cycle_id))

    # -- strategy and practice ---------------------------------------------------------------

    def choose_strategy(
        self, cycle_id: int, strategy_id: int, today: dt.date
    ) -> Changed[CycleStrategy]:
        """Make ``strategy_id`` the cycle's strategy (replacing any earlier choice)."""
        with self._db.session() as s:
            get_or_fail(s, rows.CycleRow, cycle_id, "cycle")
            get_or_fail(s, rows.StrategyRow, strategy_id, "strategy")
            row = s.scalar(
                select(rows.CycleStrategyRow).where(rows.CycleStrategyRow.cycle_id == cycle_id)
            )
            if row is not None and row.strategy_id != strategy_id:
                s.delete(row)
                s.flush()
                row = None
            if row is None:
                row = rows.CycleStrategyRow(
                    cycle_id=cycle_id, strategy_id=strategy_id, chosen_on=today
                )
                s.add(row)
                s.flush()
            result = _cycle_strategy(s, cycle_id)
        assert result is not None
        return Changed(result, Changes.of(Entity.CYCLE, cycle_id=cycle_id))

    def set_modelled(self, cycle_id: int, on: dt.date | None) -> Changed[CycleStrategy]:
        with self._db.session() as s:
            row = _strategy_row(s, cycle_id)
            row.modelled_on = on
            s.flush()
            result = _cycle_strategy(s, cycle_id)
        assert result is not None
        return Changed(result, Changes.of(Entity.CYCLE, cycle_id=cycle_id))

    def set_practised(
        self, cycle_id: int, step_index: int, on: dt.date, practised: bool = True
    ) -> Changed[CycleStrategy]:
        """Record (or take back) that a step was practised on a date."""
        with self._db.session() as s:
            row = _strategy_row(s, cycle_id)
            steps = mapping.strategy(
                get_or_fail(s, rows.StrategyRow, row.strategy_id, "strategy")
            ).steps
            if not 0 <= step_index < len(steps):
                raise ValidationError("That step is not part of the strategy.")
            existing = s.scalar(
                select(rows.StepPracticeRow).where(
                    rows.StepPracticeRow.cycle_strategy_id == row.id,
                    rows.StepPracticeRow.step_index == step_index,
                    rows.StepPracticeRow.practised_on == on,
                )
            )
            if practised and existing is None:
                s.add(
                    rows.StepPracticeRow(
                        cycle_strategy_id=row.id, step_index=step_index, practised_on=on
                    )
                )
            elif not practised and existing is not None:
                s.delete(existing)
            s.flush()
            result = _cycle_strategy(s, cycle_id)
        assert result is not None
        return Changed(result, Changes.of(Entity.CYCLE, cycle_id=cycle_id))

    def clear_strategy(self, cycle_id: int) -> Changed[int]:
        with self._db.session() as s:
            s.execute(
                delete(rows.CycleStrategyRow).where(rows.CycleStrategyRow.cycle_id == cycle_id)
            )
        return Changed(cycle_id, Changes.of(Entity.CYCLE, cycle_id=cycle_id))


def _goal(s: Session, cycle_id: int) -> PeersGoal | None:
    row = s.scalar(select(rows.GoalRow).where(rows.GoalRow.cycle_id == cycle_id))
    if row is None:
        return None
    measurements = s.scalars(
        select(rows.MeasurementRow)
        .where(rows.MeasurementRow.goal_id == row.id)
        .order_by(rows.MeasurementRow.taken_on, rows.MeasurementRow.id)
    ).all()
    return mapping.goal(row, measurements)


def _strategy_row(s: Session, cycle_id: int) -> rows.CycleStrategyRow:
    row = s.scalar(select(rows.CycleStrategyRow).where(rows.CycleStrategyRow.cycle_id == cycle_id))
    if row is None:
        raise ValidationError("Choose a strategy for this cycle first.")
    return row


def _cycle_strategy(s: Session, cycle_id: int) -> CycleStrategy | None:
    row = s.scalar(select(rows.CycleStrategyRow).where(rows.CycleStrategyRow.cycle_id == cycle_id))
    if row is None:
        return None
    strategy = mapping.strategy(get_or_fail(s, rows.StrategyRow, row.strategy_id, "strategy"))
    dates: dict[int, list[dt.date]] = {}
    for p in s.scalars(
        select(rows.StepPracticeRow)
        .where(rows.StepPracticeRow.cycle_strategy_id == row.id)
        .order_by(rows.StepPracticeRow.practised_on)
    ):
        dates.setdefault(p.step_index, []).append(p.practised_on)
    return CycleStrategy(
        id=CycleStrategyId(row.id),
        cycle_id=cycle_id,
        strategy=strategy,
        chosen_on=row.chosen_on,
        modelled_on=row.modelled_on,
        practice=tuple(StepPractice(i, tuple(d)) for i, d in sorted(dates.items())),
    )
