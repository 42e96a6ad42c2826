"""Read what an export shows through the core ``Services`` — the same calls the UI makes.

Pictures of tagged moments need the video package, so they are not made here: the caller
passes them in (``SummaryData.thumbnails``) or leaves them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from coachdesk.core.clips import Clip
from coachdesk.core.cycles import CycleDossier
from coachdesk.core.observations import Note, Observation
from coachdesk.core.services import Services
from coachdesk.core.tags import Tag
from coachdesk.export.clip_statistics import video_evidence_text
from coachdesk.export.coaching_log import CoachingLog, CycleContacts, Period, build_log
from coachdesk.export.summary import ClipEvidence, ObservationEvidence, SummaryData


def default_evidence(dossier: CycleDossier, session_id: int) -> list[Observation]:
    """Return the observations a conversation looks back on: those since the one before it.

    That is every observation of the cycle on or before the session's day and after the day
    of the cycle's previous session (all earlier ones for the first session).
    """
    sessions = sorted(dossier.sessions, key=lambda s: (s.held_on, s.id))
    index = next((i for i, s in enumerate(sessions) if s.id == session_id), None)
    if index is None:
        return []
    held_on = sessions[index].held_on
    since = sessions[index - 1].held_on if index > 0 else dt.date.min
    chosen = [o for o in dossier.observations if since < o.observed_on <= held_on]
    return sorted(chosen, key=lambda o: (o.observed_on, o.id))


def observation_evidence(services: Services, observation: Observation) -> ObservationEvidence:
    """Return an observation's notes and its clips with their tags."""
    listed = services.clips.list(observation.id)
    tags = services.tags.tags_of_clips(clip.id for clip in listed)
    clips = tuple(ClipEvidence(clip, tuple(tags[clip.id])) for clip in listed)
    return ObservationEvidence(
        observation, tuple(services.observations.notes(observation.id)), clips
    )


def gather_summary(
    services: Services,
    session_id: int,
    observation_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> SummaryData:
    """Return the summary of a session; ``observation_ids`` None picks ``default_evidence``."""
    session = services.sessions.get(session_id)
    dossier = services.cycles.dossier(session.cycle_id)
    coachee = services.coachees.get(dossier.cycle.coachee_id)
    if observation_ids is None:
        observations = default_evidence(dossier, session_id)
    else:
        wanted = set(observation_ids)
        observations = sorted(
            (o for o in dossier.observations if o.id in wanted),
            key=lambda o: (o.observed_on, o.id),
        )
    return SummaryData(
        coachee=coachee,
        dossier=dossier,
        session=session,
        evidence=tuple(observation_evidence(services, o) for o in observations),
        tag_sets=tuple(services.tags.tag_sets()),
        coach_name=services.settings.coach_name(),
        generated_on=today or dt.date.today(),
        resources=tuple(services.resources.for_cycle(dossier.cycle.id)),
    )


def with_thumbnails(data: SummaryData, pictures: dict[int, bytes]) -> SummaryData:
    """Return ``data`` with pictures (tag id -> PNG or JPEG bytes) of its tagged moments."""
    return replace(data, thumbnails={**data.thumbnails, **pictures})


def gather_log(services: Services, period: Period, today: dt.date | None = None) -> CoachingLog:
    """Return the coaching log of every contact with every coachee (archived too) in ``period``."""
    entries = []
    sets = services.tags.tag_sets()
    for coachee in services.coachees.list(include_archived=True):
        for cycle in services.cycles.list(coachee.id):
            dossier = services.cycles.dossier(cycle.id)
            observed = [o for o in dossier.observations if period.contains(o.observed_on)]
            held = [s for s in dossier.sessions if period.contains(s.held_on)]
            if not observed and not held:
                continue
            notes: dict[int, tuple[Note, ...]] = {
                o.id: tuple(services.observations.notes(o.id)) for o in observed
            }
            video: dict[int, str] = {
                o.id: video_evidence_text(observation_tags(services, o.id), sets) for o in observed
            }
            entries.append(
                CycleContacts(coachee, dossier, tuple(held), tuple(observed), notes, video)
            )
    return build_log(period, entries, coach_name=services.settings.coach_name(), generated_on=today)


def clip_tags(services: Services, clip_id: int) -> list[tuple[Clip, list[Tag]]]:
    """Return one clip with its tags."""
    return [(services.clips.get(clip_id), services.tags.tags(clip_id))]


def observation_tags(services: Services, observation_id: int) -> list[tuple[Clip, list[Tag]]]:
    """Return every clip of an observation with its tags."""
    services.observations.get(observation_id)  # a clear NotFoundError for a wrong id
    listed = services.clips.list(observation_id)
    tags = services.tags.tags_of_clips(clip.id for clip in listed)
    return [(clip, tags[clip.id]) for clip in listed]
