"""The session summary a coach hands to the coachee: one self-contained HTML page (or a PDF).

``SummaryData`` holds the core objects; ``SummaryParts`` says which items to leave out; the
page comes from ``summary.html.j2`` with autoescaping, images embedded as ``data:`` URIs.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from coachdesk.core.clips import Clip
from coachdesk.core.coachees import Coachee
from coachdesk.core.cycles import CycleDossier
from coachdesk.core.goal_measures import definition_of
from coachdesk.core.goals import PeersCriterion, PeersGoal
from coachdesk.core.observations import Note, Observation
from coachdesk.core.resources import Resource
from coachdesk.core.sessions import (
    HABIT_PROMPT,
    UNDERSTANDING_PROMPT,
    ActionOwner,
    CoachingSession,
)
from coachdesk.core.tags import Polarity, Tag, TagSet, TagType
from coachdesk.export.chart import progress_svg, svg_data_uri
from coachdesk.export.clip_statistics import ClipStatsView, clip_stats_view
from coachdesk.export.shared_resources import shared_resources
from coachdesk.export.templating import environment

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK_COLOUR = "#607d8b"


@dataclass(frozen=True)
class SummaryParts:
    """Which items the summary shows; the coach may leave any of them out."""

    goal: bool = True
    progress_chart: bool = True
    strategy: bool = True
    resources: bool = True
    evidence: bool = True
    statistics: bool = True
    thumbnails: bool = True
    observation_notes: bool = True
    conversation_notes: bool = True
    reflections: bool = True
    actions: bool = True

    @staticmethod
    def names() -> list[str]:
        return [f.name for f in fields(SummaryParts)]


PART_LABELS: dict[str, str] = {
    "goal": "PEERS goal and measurements",
    "progress_chart": "Progress chart",
    "strategy": "Strategy and its steps",
    "resources": "Resources shared",
    "evidence": "Tagged moments",
    "statistics": "Tag statistics and density strips",
    "thumbnails": "Pictures of the moments",
    "observation_notes": "Observation notes",
    "conversation_notes": "Notes from the conversation",
    "reflections": "Reflections",
    "actions": "Agreed actions and next meeting",
}


@dataclass(frozen=True)
class ClipEvidence:
    """A clip of an observation and the tags on it."""

    clip: Clip
    tags: tuple[Tag, ...] = ()


@dataclass(frozen=True)
class ObservationEvidence:
    """An observation brought to the conversation: its notes and its tagged clips."""

    observation: Observation
    notes: tuple[Note, ...] = ()
    clips: tuple[ClipEvidence, ...] = ()


@dataclass(frozen=True)
class SummaryData:
    """Everything a session summary shows, as core objects."""

    coachee: Coachee
    dossier: CycleDossier
    session: CoachingSession
    evidence: tuple[ObservationEvidence, ...] = ()
    tag_sets: tuple[TagSet, ...] = ()
    thumbnails: Mapping[int, bytes] = field(default_factory=dict)  # tag id -> PNG or JPEG
    resources: tuple[Resource, ...] = ()  # the cycle's; the summary lists the shared ones
    coach_name: str = ""
    generated_on: dt.date | None = None

    def tagged_moments(self) -> list[tuple[Clip, Tag]]:
        """Return every (clip, tag) in the evidence, in order of observation and time."""
        return [(c.clip, t) for o in self.evidence for c in o.clips for t in c.tags]


@dataclass(frozen=True)
class Moment:
    """A tagged moment as the template shows it."""

    at_ms: int
    end_ms: int | None
    label: str
    tag_set: str
    colour: str
    polarity: str
    note: str
    clip_name: str
    picture: str | None  # a data: URI


@dataclass(frozen=True)
class EvidenceView:
    """One observation's block of evidence."""

    observation: Observation
    heading: str
    notes: tuple[Note, ...]
    moments: tuple[Moment, ...]
    counts: tuple[tuple[str, str, int], ...]  # label, colour, how many
    statistics: tuple[ClipStatsView, ...] = ()  # one per clip


def image_data_uri(data: bytes) -> str | None:
    """Return PNG or JPEG bytes as a ``data:`` URI; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        mime = "image/jpeg"
    else:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _safe_colour(colour: str) -> str:
    return colour if _COLOUR.match(colour) else FALLBACK_COLOUR


def _observation_heading(observation: Observation) -> str:
    day = observation.observed_on
    parts = [f"{day:%a} {day.day} {day:%b %Y}", observation.mode.label]
    if observation.context.strip():
        parts.append(observation.context.strip())
    return " · ".join(parts)


def _evidence_views(data: SummaryData, parts: SummaryParts) -> list[EvidenceView]:
    types: dict[int, TagType] = {t.id: t for s in data.tag_sets for t in s.types}
    set_names = {s.id: s.name for s in data.tag_sets}
    views = []
    for item in data.evidence:
        moments = []
        for clip_evidence in item.clips:
            for tag in sorted(clip_evidence.tags, key=lambda t: (t.at_ms, t.id)):
                kind = types.get(tag.type_id)
                picture = data.thumbnails.get(tag.id) if parts.thumbnails else None
                moments.append(
                    Moment(
                        at_ms=tag.at_ms,
                        end_ms=tag.end_ms,
                        label=kind.label if kind else "Tag",
                        tag_set=set_names.get(kind.tag_set_id, "") if kind else "",
                        colour=_safe_colour(kind.colour) if kind else FALLBACK_COLOUR,
                        polarity=""
                        if not kind or kind.polarity is Polarity.NEUTRAL
                        else kind.polarity.value,
                        note=tag.note,
                        clip_name=Path(clip_evidence.clip.path).name,
                        picture=image_data_uri(picture) if picture else None,
                    )
                )
        counted = Counter((m.label, m.colour) for m in moments)
        counts = tuple((label, colour, n) for (label, colour), n in counted.most_common())
        notes = tuple(sorted(item.notes, key=lambda n: (n.at_ms, n.id)))
        statistics = _statistics(data, item) if parts.statistics else ()
        if moments or (notes and parts.observation_notes) or statistics:
            views.append(
                EvidenceView(
                    item.observation,
                    _observation_heading(item.observation),
                    notes if parts.observation_notes else (),
                    tuple(moments) if parts.evidence else (),
                    counts if parts.evidence else (),
                    statistics,
                )
            )
    return views


def _statistics(data: SummaryData, item: ObservationEvidence) -> tuple[ClipStatsView, ...]:
    colours: dict[int, str] = {t.id: _safe_colour(t.colour) for s in data.tag_sets for t in s.types}
    return tuple(
        clip_stats_view(c.clip, c.tags, data.tag_sets, item.observation.tag_set_id, colours)
        for c in item.clips
    )


def _goal_context(goal: PeersGoal | None, parts: SummaryParts) -> dict[str, object]:
    if goal is None or not (goal.text.strip() or goal.measurements):
        return {"goal": None, "chart": None, "progress": None, "checks": []}
    chart = progress_svg(goal) if parts.progress_chart else None
    progress = goal.progress()
    return {
        "goal": goal,
        "measurements": sorted(goal.measurements, key=lambda m: (m.taken_on, m.id)),
        "chart": svg_data_uri(chart) if chart else None,
        "progress": None if progress is None else round(progress * 100),
        "checks": [(c.label, c in goal.checks) for c in PeersCriterion],
    }


def _measure_from_tags(goal: PeersGoal | None, tag_sets: Sequence[TagSet]) -> str:
    definition = definition_of(goal) if goal is not None else None
    if definition is None:
        return ""
    return definition.describe({t.id: t.label for s in tag_sets for t in s.types})


def summary_context(data: SummaryData, parts: SummaryParts) -> dict[str, object]:
    """Return what ``summary.html.j2`` needs, with the items left out already removed."""
    dossier, session, coachee = data.dossier, data.session, data.coachee
    cycle = dossier.cycle
    strategy = dossier.strategy
    steps: list[tuple[int, str, Sequence[dt.date]]] = []
    if strategy is not None:
        steps = [
            (i + 1, text, strategy.practised_dates(i))
            for i, text in enumerate(strategy.strategy.steps)
        ]
    actions = sorted(session.actions, key=lambda a: (a.due_on or dt.date.max, a.id))
    first_name = coachee.name.split()[0] if coachee.name.split() else coachee.name
    owners = {ActionOwner.COACHEE: first_name, ActionOwner.COACH: data.coach_name or "Coach"}
    evidence = _evidence_views(data, parts)
    return {
        "parts": parts,
        "coachee": coachee,
        "coach_name": data.coach_name,
        "generated_on": data.generated_on or dt.date.today(),
        "cycle": cycle,
        "cycle_title": cycle.title.strip() or f"Cycle started {cycle.started_on:%d %b %Y}",
        "session": session,
        "problem": cycle.problem,
        **(_goal_context(dossier.goal, parts) if parts.goal else {"goal": None, "chart": None}),
        "measure_from_tags": _measure_from_tags(dossier.goal, data.tag_sets) if parts.goal else "",
        "strategy": strategy if parts.strategy else None,
        "steps": steps,
        "resources": shared_resources(data.resources) if parts.resources else [],
        "evidence": evidence
        if (parts.evidence or parts.observation_notes or parts.statistics)
        else [],
        "habit_prompt": HABIT_PROMPT,
        "understanding_prompt": UNDERSTANDING_PROMPT,
        "actions": [(a, owners[a.owner]) for a in actions] if parts.actions else [],
        "next_meeting": session.next_meeting if parts.actions else None,
    }


def render_summary_html(
    data: SummaryData,
    parts: SummaryParts | None = None,
    template_dirs: Sequence[Path] = (),
) -> str:
    """Return the summary as one self-contained HTML page."""
    template = environment(template_dirs).get_template("summary.html.j2")
    return template.render(summary_context(data, parts or SummaryParts()))
