"""Rows to core objects: the only place that knows both shapes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from coachdesk.core.clips import Clip, ClipId, ClipProbe
from coachdesk.core.coachees import Coachee, CoacheeId
from coachdesk.core.cycles import Cycle, CycleId, Outcome, Stage, StageSkip
from coachdesk.core.goals import (
    GoalId,
    Measurement,
    MeasurementId,
    MeasurementSource,
    PeersCriterion,
    PeersGoal,
)
from coachdesk.core.observations import (
    EvidenceKind,
    Note,
    NoteId,
    Observation,
    ObservationId,
    ObservationMode,
)
from coachdesk.core.playbook import Category, Strategy, StrategyId, StrategySource
from coachdesk.core.problems import PersistentProblem
from coachdesk.core.sessions import (
    Action,
    ActionId,
    ActionOwner,
    CoachingSession,
    SessionId,
    SessionKind,
)
from coachdesk.core.tags import (
    Polarity,
    Tag,
    TagId,
    TagKind,
    TagSet,
    TagSetId,
    TagSetSource,
    TagType,
    TagTypeId,
)
from coachdesk.storage import rows


def coachee(row: rows.CoacheeRow) -> Coachee:
    return Coachee(CoacheeId(row.id), row.name, row.role, row.notes, row.archived, row.created_on)


def skips_to_json(skips: Iterable[StageSkip]) -> str:
    return json.dumps(
        [{"stage": s.stage.value, "reason": s.reason, "on": s.on.isoformat()} for s in skips]
    )


def cycle(row: rows.CycleRow) -> Cycle:
    skips = tuple(
        StageSkip(Stage(s["stage"]), s["reason"], dt.date.fromisoformat(s["on"]))
        for s in json.loads(row.skips_json or "[]")
    )
    return Cycle(
        id=CycleId(row.id),
        coachee_id=row.coachee_id,
        started_on=row.started_on,
        title=row.title,
        problem=PersistentProblem(row.problem) if row.problem else None,
        current_reality=row.current_reality,
        stage=Stage(row.stage),
        outcome=Outcome(row.outcome) if row.outcome else None,
        ended_on=row.ended_on,
        skips=skips,
        sequence_id=row.sequence_id,
    )


def checks_to_text(checks: Iterable[PeersCriterion]) -> str:
    return ",".join(sorted(c.value for c in checks))


def goal(row: rows.GoalRow, measurements: Sequence[rows.MeasurementRow]) -> PeersGoal:
    return PeersGoal(
        id=GoalId(row.id),
        cycle_id=row.cycle_id,
        text=row.text,
        checks=frozenset(PeersCriterion(c) for c in row.checks.split(",") if c),
        measure=row.measure,
        unit=row.unit,
        baseline=row.baseline,
        target=row.target,
        measurements=tuple(measurement(m) for m in measurements),
        measure_kind=row.measure_kind or "",
        measure_tag_types=tuple(int(i) for i in (row.measure_tag_types or "").split(",") if i),
    )


def measurement(row: rows.MeasurementRow) -> Measurement:
    return Measurement(
        MeasurementId(row.id),
        GoalId(row.goal_id),
        row.taken_on,
        row.value,
        MeasurementSource(row.source),
        row.note,
    )


def strategy(row: rows.StrategyRow) -> Strategy:
    return Strategy(
        id=StrategyId(row.id),
        uid=row.uid,
        title=row.title,
        category=Category(row.category),
        purpose=row.purpose,
        wrong_choice_when=row.wrong_choice_when,
        steps=tuple(json.loads(row.steps_json)),
        look_fors=tuple(json.loads(row.look_fors_json)),
        problems=frozenset(PersistentProblem(p) for p in row.problems.split(",") if p),
        source=StrategySource(row.source),
        based_on=StrategyId(row.based_on_id) if row.based_on_id else None,
    )


def action(row: rows.ActionRow) -> Action:
    return Action(
        ActionId(row.id),
        SessionId(row.session_id),
        row.text,
        ActionOwner(row.owner),
        row.due_on,
        row.done_on,
    )


def session(row: rows.SessionRow, actions: Sequence[rows.ActionRow]) -> CoachingSession:
    return CoachingSession(
        id=SessionId(row.id),
        cycle_id=row.cycle_id,
        held_on=row.held_on,
        kind=SessionKind(row.kind),
        duration_min=row.duration_min,
        notes=row.notes,
        habit_reflection=row.habit_reflection,
        understanding_reflection=row.understanding_reflection,
        next_meeting=row.next_meeting,
        actions=tuple(action(a) for a in actions),
    )


def observation(row: rows.ObservationRow) -> Observation:
    return Observation(
        id=ObservationId(row.id),
        cycle_id=row.cycle_id,
        observed_on=row.observed_on,
        mode=ObservationMode(row.mode),
        evidence_kind=EvidenceKind(row.evidence_kind),
        context=row.context,
        tag_set_id=row.tag_set_id,
        clip_offset_ms=row.clip_offset_ms,
    )


def note(row: rows.NoteRow) -> Note:
    return Note(
        NoteId(row.id),
        ObservationId(row.observation_id),
        row.at_ms,
        row.text,
        row.category,
        EvidenceKind(row.evidence_kind),
    )


def tag_type(row: rows.TagTypeRow) -> TagType:
    return TagType(
        id=TagTypeId(row.id),
        tag_set_id=TagSetId(row.tag_set_id),
        label=row.label,
        colour=row.colour,
        hotkey=row.hotkey,
        polarity=Polarity(row.polarity),
        lead_s=row.lead_s,
        lag_s=row.lag_s,
        kind=TagKind(row.kind),
        position=row.position,
    )


def tag_set(row: rows.TagSetRow, types: Sequence[rows.TagTypeRow]) -> TagSet:
    return TagSet(
        id=TagSetId(row.id),
        uid=row.uid,
        name=row.name,
        description=row.description,
        source=TagSetSource(row.source),
        types=tuple(tag_type(t) for t in sorted(types, key=lambda t: (t.position, t.id))),
    )


def tag(row: rows.TagRow) -> Tag:
    return Tag(
        TagId(row.id),
        row.clip_id,
        TagTypeId(row.type_id),
        row.at_ms,
        row.end_ms,
        row.note,
        row.author,
        row.created_at,
    )


def probe_to_json(probe: ClipProbe) -> str:
    return json.dumps(probe.__dict__)


def clip(row: rows.ClipRow) -> Clip:
    return Clip(
        ClipId(row.id),
        row.observation_id,
        row.path,
        row.fingerprint,
        ClipProbe(**json.loads(row.probe_json)),
        row.copied_in,
        row.added_at,
    )
