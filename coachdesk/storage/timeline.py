"""Loading everything the timeline shows in a handful of column queries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from coachdesk.core.cycles import Stage
from coachdesk.core.timeline import CycleBar, Lane, Marker, MarkerKind, OpenAction, TimelineData
from coachdesk.storage import mapping, rows
from coachdesk.storage.db import Database


class TimelineStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def load(self, *, include_archived: bool = False, today: dt.date | None = None) -> TimelineData:
        """Return one lane per coachee, with cycle bars, markers, open actions, next meetings.

        ``today`` decides which next meetings are still to come (the caller's today, so the
        UI and tests agree on it); without it, the clock's.
        """
        with self._db.read() as s:
            coachee_query = select(rows.CoacheeRow).order_by(rows.CoacheeRow.name)
            if not include_archived:
                coachee_query = coachee_query.where(rows.CoacheeRow.archived.is_(False))
            coachees = [mapping.coachee(r) for r in s.scalars(coachee_query)]
            wanted = {c.id for c in coachees}
            c = rows.CycleRow
            cycle_owner: dict[int, int] = {}
            bars: dict[int, list[CycleBar]] = {}
            for cid, coachee_id, title, stage, start, end in s.execute(
                select(c.id, c.coachee_id, c.title, c.stage, c.started_on, c.ended_on).order_by(
                    c.started_on
                )
            ):
                if coachee_id in wanted:
                    cycle_owner[cid] = coachee_id
                    bars.setdefault(coachee_id, []).append(
                        CycleBar(cid, title, Stage(stage), start, end)
                    )
            markers: dict[int, list[Marker]] = {}
            meetings: dict[int, dt.datetime] = {}
            now = dt.datetime.combine(today, dt.time()) if today is not None else dt.datetime.now()
            sr = rows.SessionRow
            session_cycle: dict[int, int] = {}
            for sid, cid, held_on, kind, next_meeting in s.execute(
                select(sr.id, sr.cycle_id, sr.held_on, sr.kind, sr.next_meeting)
            ):
                owner = cycle_owner.get(cid)
                if owner is None:
                    continue
                session_cycle[sid] = cid
                markers.setdefault(owner, []).append(Marker(MarkerKind.SESSION, held_on, cid, kind))
                if next_meeting is not None and next_meeting >= now:
                    soonest = meetings.get(owner)
                    if soonest is None or next_meeting < soonest:
                        meetings[owner] = next_meeting
            o = rows.ObservationRow
            obs_cycle: dict[int, int] = {}
            for oid, cid, observed_on, mode in s.execute(
                select(o.id, o.cycle_id, o.observed_on, o.mode)
            ):
                obs_owner = cycle_owner.get(cid)
                if obs_owner is None:
                    continue
                obs_cycle[oid] = cid
                markers.setdefault(obs_owner, []).append(
                    Marker(MarkerKind.OBSERVATION, observed_on, cid, mode)
                )
            for oid, added_at in s.execute(
                select(rows.ClipRow.observation_id, rows.ClipRow.added_at)
            ):
                clip_cycle = obs_cycle.get(oid)
                if clip_cycle is None:
                    continue
                markers.setdefault(cycle_owner[clip_cycle], []).append(
                    Marker(MarkerKind.CLIP_REVIEW, added_at.date(), cid, "clip")
                )
            a = rows.ActionRow
            actions: dict[int, list[OpenAction]] = {}
            for sid, text, due_on in s.execute(
                select(a.session_id, a.text, a.due_on).where(
                    a.done_on.is_(None), a.due_on.is_not(None)
                )
            ):
                action_cycle = session_cycle.get(sid)
                if action_cycle is None or due_on is None:
                    continue
                actions.setdefault(cycle_owner[action_cycle], []).append(
                    OpenAction(text, due_on, action_cycle)
                )
        return TimelineData(
            tuple(
                Lane(
                    coachee=coachee,
                    bars=tuple(bars.get(coachee.id, ())),
                    markers=tuple(sorted(markers.get(coachee.id, ()), key=lambda m: m.on)),
                    open_actions=tuple(actions.get(coachee.id, ())),
                    next_meeting=meetings.get(coachee.id),
                )
                for coachee in coachees
            )
        )
