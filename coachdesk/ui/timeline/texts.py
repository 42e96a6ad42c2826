"""What the timeline says in words: tooltips, lane hints and the screen-reader description."""

from __future__ import annotations

import datetime as dt

from coachdesk.core.observations import ObservationMode
from coachdesk.core.sessions import SessionKind
from coachdesk.core.timeline import AttentionKind, CycleBar, Marker, MarkerKind
from coachdesk.ui.timeline.layout import Hit, HitKind, LaneGeometry, TimelineLayout

BADGE_TITLES = {
    AttentionKind.ACTION_OVERDUE: "Overdue action",
    AttentionKind.MEETING_SOON: "Meeting this week",
    AttentionKind.NO_SESSION: "No session this half-term",
}


def day_text(day: dt.date, *, weekday: bool = False) -> str:
    """Return "12 Nov 2025" (or "Wed 12 Nov 2025"), the British way, without a leading zero."""
    text = f"{day.day} {day:%b %Y}"
    return f"{day:%a} {text}" if weekday else text


def cycle_name(bar: CycleBar) -> str:
    return bar.title or f"Cycle from {day_text(bar.start)}"


def cycle_span_text(bar: CycleBar, today: dt.date) -> str:
    if bar.end is None:
        weeks = max((today - bar.start).days // 7, 0)
        return (
            f"since {day_text(bar.start)} ({weeks} week{'s' if weeks != 1 else ''}, still running)"
        )
    return f"{day_text(bar.start)} – {day_text(bar.end)}"


def marker_text(marker: Marker) -> str:
    """Return "Feedback conversation", "Observation (lesson video)", "Clip added for review"."""
    if marker.kind is MarkerKind.SESSION:
        try:
            what = SessionKind(marker.label).label
        except ValueError:
            what = "Coaching session"
        return f"Session: {what}"
    if marker.kind is MarkerKind.OBSERVATION:
        try:
            mode = ObservationMode(marker.label).label.lower()
        except ValueError:
            return "Observation"
        return f"Observation ({mode})"
    return "Lesson clip added for review"


def lane_hint(lane: LaneGeometry, today: dt.date) -> str:
    """Say where a coachee's cycles are when none falls in the view (drawn faintly on the lane)."""
    if lane.bars or lane.markers:
        return ""
    if lane.earlier is not None:
        if lane.earlier.end is None:
            return f"‹ Cycle running since {day_text(lane.earlier.start)}"
        return f"‹ Last cycle ended {day_text(lane.earlier.end)}"
    if lane.later is not None:
        return f"Next cycle starts {day_text(lane.later.start)} ›"
    if not lane.lane.bars:
        return "No coaching cycle yet"
    return ""


def tooltip(hit: Hit, layout: TimelineLayout) -> str:
    """Return the hover text for what is under the pointer, or "" for nothing."""
    lane = hit.lane
    if hit.kind is HitKind.HEADER and hit.band is not None:
        band = hit.band
        name = "Holiday" if band.holiday else band.name
        return f"{name}: {day_text(band.start)} – {day_text(band.end)}"
    if lane is None:
        return ""
    coachee = lane.lane.coachee
    if hit.kind is HitKind.MARKER and hit.marker is not None:
        marker = hit.marker.marker
        cycle = _bar(lane, marker.cycle_id)
        where = f"\n{cycle_name(cycle)}" if cycle else ""
        return f"{marker_text(marker)}\n{day_text(marker.on, weekday=True)} · {coachee.name}{where}"
    if hit.kind is HitKind.DUE and hit.due is not None:
        action = hit.due.action
        days = (layout.today - action.due_on).days
        return (
            f"Action overdue by {days} day{'s' if days != 1 else ''}\n{action.text}\n"
            f"Was due {day_text(action.due_on, weekday=True)}"
        )
    if hit.kind is HitKind.BAR and hit.bar is not None:
        bar = hit.bar.bar
        return (
            f"{cycle_name(bar)}\n{coachee.name} · {bar.stage.label}\n"
            f"{cycle_span_text(bar, layout.today)}\nClick to open this cycle"
        )
    if hit.kind is HitKind.BADGE and hit.badge is not None:
        return "\n".join(a.text for a in hit.badge.items)
    if hit.kind is HitKind.NAME:
        return name_tooltip(lane)
    return ""


def name_tooltip(lane: LaneGeometry) -> str:
    coachee = lane.lane.coachee
    lines = [coachee.name + (" (archived)" if coachee.archived else "")]
    if coachee.role:
        lines.append(coachee.role)
    if lane.attention:
        lines.append("")
        lines += [f"• {a.text}" for a in lane.attention]
    return "\n".join(lines)


def describe_lane(lane: LaneGeometry, layout: TimelineLayout) -> str:
    """Return a sentence or two for a screen reader about the coachee in focus."""
    coachee = lane.lane.coachee
    parts = [
        f"{coachee.name}{', ' + coachee.role if coachee.role else ''}"
        f"{' (archived)' if coachee.archived else ''}. "
        f"Row {lane.index + 1} of {len(layout.lanes)}."
    ]
    latest = lane.latest_bar()
    if latest is None:
        parts.append("No coaching cycle yet.")
    else:
        parts.append(
            f"Latest cycle: {cycle_name(latest)}, {latest.stage.label}, "
            f"{cycle_span_text(latest, layout.today)}."
        )
    in_view = lane.markers
    if in_view:
        sessions = sum(m.marker.kind is MarkerKind.SESSION for m in in_view)
        observations = sum(m.marker.kind is MarkerKind.OBSERVATION for m in in_view)
        parts.append(
            f"In {layout.view.label}: {sessions} session{'s' if sessions != 1 else ''}, "
            f"{observations} observation{'s' if observations != 1 else ''}."
        )
    parts += [a.text + "." for a in lane.attention]
    if latest is not None:
        parts.append("Press Enter to open the latest cycle.")
    return " ".join(parts)


def _bar(lane: LaneGeometry, cycle_id: int) -> CycleBar | None:
    return next((b for b in lane.lane.bars if b.cycle_id == cycle_id), None)
