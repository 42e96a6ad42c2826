"""Reading an observation's video evidence through the services: clips, tags and tag types."""

from __future__ import annotations

from collections.abc import Iterable

from coachdesk.core.goal_measures import ClipEvidence
from coachdesk.core.observations import Observation
from coachdesk.core.services import Services
from coachdesk.core.tags import TagType


def observation_evidence(services: Services, observation_id: int) -> list[ClipEvidence]:
    """Return each clip of the observation with its length and tags."""
    return evidence_by_observation(services, [observation_id])[observation_id]


def evidence_by_observation(
    services: Services, observation_ids: Iterable[int]
) -> dict[int, list[ClipEvidence]]:
    """Return each observation's clips with their lengths and tags; the tags in one read."""
    clips = {o: services.clips.list(o) for o in dict.fromkeys(observation_ids)}
    tags = services.tags.tags_of_clips(c.id for listed in clips.values() for c in listed)
    return {
        o: [ClipEvidence(c.id, c.probe.duration_ms, tags[c.id]) for c in listed]
        for o, listed in clips.items()
    }


def all_tag_types(services: Services) -> dict[int, TagType]:
    """Return every tag type by id (a clip may carry tags of more than one set)."""
    return {t.id: t for tag_set in services.tags.tag_sets() for t in tag_set.types}


def types_for(
    services: Services,
    observation: Observation,
    evidence: list[ClipEvidence],
    known: dict[int, TagType] | None = None,
) -> list[TagType]:
    """Return the observation's tag-set types, then any other type tagged on its clips.

    ``known`` is ``all_tag_types(services)`` when the caller has it already.
    """
    if known is None:
        known = all_tag_types(services)
    order: list[TagType] = []
    if observation.tag_set_id is not None:
        order = [t for t in known.values() if t.tag_set_id == observation.tag_set_id]
        order.sort(key=lambda t: t.position)
    seen = {t.id for t in order}
    for clip in evidence:
        for tag in clip.tags:
            if tag.type_id not in seen and tag.type_id in known:
                seen.add(tag.type_id)
                order.append(known[tag.type_id])
    return order


def observation_label(observation: Observation) -> str:
    """Return “12 Nov 2025 — 8X2 fractions” (the date alone when there is no context)."""
    day = f"{observation.observed_on.day} {observation.observed_on:%b %Y}"
    return f"{day} — {observation.context}" if observation.context else day
