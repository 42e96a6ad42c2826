"""Clip statistics in the exports: a compact table per clip and its density strip as SVG.

The numbers are ``core.evidence.clip_stats``'s, the same the review pane shows beside the tag
table. The strip is a picture (an SVG ``data:`` URI, like the progress chart) so browsers and
the PDF's rich-text engine both draw it; nothing in it can run or load anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from coachdesk.core.clips import Clip
from coachdesk.core.evidence import ClipStats, TypeStats, clip_stats
from coachdesk.core.media_time import format_ms
from coachdesk.core.tags import Polarity, Tag, TagKind, TagSet, TagType
from coachdesk.export.chart import FONT, GRID, INK, svg_data_uri
from coachdesk.export.spreadsheet import csv_bytes

STRIP_BINS_MS = (30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000)
MAX_BARS = 60
TICK_STEPS_MS = (60_000, 120_000, 300_000, 600_000, 900_000, 1_200_000, 1_800_000, 3_600_000)
MAX_TICKS = 8
WIDTH, HEIGHT = 600, 84
LEFT, RIGHT, BARS_TOP, BARS_BOTTOM = 8, 8, 24, 62
POLARITY_COLOURS = {  # bottom to top in each bar
    Polarity.POSITIVE: "#23845a",
    Polarity.NEUTRAL: "#9aa3ad",
    Polarity.NEGATIVE: "#c8553d",
}
STATS_CSV_HEADER = (
    "clip",
    "clip_duration_ms",
    "tag",
    "tag set",
    "kind",
    "polarity",
    "count",
    "per_10_min",
    "time_ms",
    "share_of_time",
    "first_ms",
)


@dataclass(frozen=True)
class StatRow:
    """One tag type's line of a clip's statistics table, ready to print."""

    label: str
    colour: str
    polarity: str  # "positive", "negative" or "" for neutral
    count: int
    per_10_min: str
    time: str  # merged time of a duration type, e.g. "4:30"; "" for a point type
    share: str  # e.g. "10%"; "" for a point type


@dataclass(frozen=True)
class ClipStatsView:
    """A clip's statistics as the summary shows them."""

    clip_name: str
    duration: str
    stats: ClipStats
    per_10_min: str
    balance: str
    rows: tuple[StatRow, ...]
    strip: str | None  # SVG data: URI; None when the clip has no tags
    bar: str  # how much of the lesson one bar covers, e.g. "1 min"


def strip_bin_ms(duration_ms: int) -> int:
    """Return the smallest bar width that covers ``duration_ms`` in at most ``MAX_BARS`` bars."""
    return next((b for b in STRIP_BINS_MS if duration_ms <= b * MAX_BARS), STRIP_BINS_MS[-1])


def bar_label(bin_ms: int) -> str:
    """Return "30 s", "1 min" or "5 min"."""
    return f"{bin_ms // 1000} s" if bin_ms < 60_000 else f"{bin_ms // 60_000} min"


def rate_text(value: float | None) -> str:
    """Return a rate per 10 minutes with one decimal ("—" for a clip with no length)."""
    return "—" if value is None else f"{value:.1f}"


def share_text(value: float | None) -> str:
    """Return a share (0..1) as a whole percentage, "<1%" for a sliver; "" for none."""
    if value is None:
        return ""
    if 0 < value < 0.005:
        return "<1%"
    return f"{value * 100:.0f}%"


def balance_text(stats: ClipStats) -> str:
    """Return the positive/negative balance in words."""
    share = stats.positive_share
    if share is None:
        return "No positive or negative tags"
    return f"{stats.positive} positive : {stats.negative} negative ({share * 100:.0f}% positive)"


def types_in_order(
    tags: Iterable[Tag], tag_sets: Sequence[TagSet], tag_set_id: int | None = None
) -> list[TagType]:
    """Return the rows' tag types: every type of ``tag_set_id``, then any other type used."""
    known: dict[int, TagType] = {t.id: t for s in tag_sets for t in s.types}
    chosen = next((s for s in tag_sets if s.id == tag_set_id), None)
    order: dict[int, TagType] = {t.id: t for t in chosen.types} if chosen else {}
    used = {tag.type_id for tag in tags}
    for tag_type in (t for s in tag_sets for t in s.types):
        if tag_type.id in used:
            order.setdefault(tag_type.id, tag_type)
    return [known[i] for i in order]


def stats_of(
    clip: Clip,
    tags: Sequence[Tag],
    tag_sets: Sequence[TagSet],
    tag_set_id: int | None = None,
    bin_ms: int | None = None,
) -> ClipStats:
    """Return the statistics of ``clip``'s ``tags`` with rows in tag-set order."""
    duration = clip.probe.duration_ms
    types = types_in_order(tags, tag_sets, tag_set_id)
    return clip_stats(tags, duration, types, bin_ms or strip_bin_ms(duration))


def _polarity_density(stats: ClipStats) -> dict[Polarity, list[int]]:
    bins = len(stats.density)
    layers = {p: [0] * bins for p in POLARITY_COLOURS}
    for row in stats.types:
        layer = layers[row.polarity]
        for i, count in enumerate(row.density):
            layer[i] += count
    return layers


def _tick_step(span_ms: int) -> int:
    return next((s for s in TICK_STEPS_MS if span_ms / s <= MAX_TICKS), TICK_STEPS_MS[-1])


def density_svg(stats: ClipStats) -> str | None:
    """Return the SVG of the clip's tags per bar along the lesson, stacked by polarity.

    None when there are no tags. Positive tags are at the foot of each bar, then neutral,
    then negative; the tallest bar fills the strip.
    """
    if stats.total == 0 or not stats.density:
        return None
    bins = len(stats.density)
    span_ms = bins * stats.bin_ms
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = BARS_BOTTOM - BARS_TOP
    top = max(stats.density)
    width = plot_w / bins
    gap = 1.0 if width >= 3 else 0.0
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{HEIGHT}' "
        f"viewBox='0 0 {WIDTH} {HEIGHT}' {FONT} font-size='10'>",
        f"<rect x='0' y='0' width='{WIDTH}' height='{HEIGHT}' fill='#ffffff'/>",
        f"<rect x='{LEFT}' y='{BARS_TOP}' width='{plot_w}' height='{plot_h}' fill='#f3f5f7'/>",
    ]
    x = float(LEFT)
    legend = [("positive", Polarity.POSITIVE), ("neutral", Polarity.NEUTRAL)]
    legend.append(("negative", Polarity.NEGATIVE))
    for name, polarity in legend:
        colour = POLARITY_COLOURS[polarity]
        parts.append(
            f"<rect x='{x:.1f}' y='7' width='9' height='9' fill='{colour}'/>"
            f"<text x='{x + 13:.1f}' y='15' fill='{INK}'>{name}</text>"
        )
        x += 13 + 7 * len(name) + 14
    parts.append(
        f"<text x='{WIDTH - RIGHT}' y='15' text-anchor='end' fill='{INK}'>"
        f"{escape(f'tags per {bar_label(stats.bin_ms)}, tallest bar {top}')}</text>"
    )
    layers = _polarity_density(stats)
    for i in range(bins):
        base = float(BARS_BOTTOM)
        for polarity, colour in POLARITY_COLOURS.items():
            count = layers[polarity][i]
            if not count:
                continue
            height = plot_h * count / top
            parts.append(
                f"<rect x='{LEFT + i * width:.2f}' y='{base - height:.2f}' "
                f"width='{max(width - gap, 0.6):.2f}' height='{height:.2f}' fill='{colour}'/>"
            )
            base -= height
    parts.append(
        f"<line x1='{LEFT}' y1='{BARS_BOTTOM}' x2='{LEFT + plot_w}' y2='{BARS_BOTTOM}' "
        f"stroke='{INK}'/>"
    )
    step = _tick_step(stats.duration_ms or span_ms)
    for at in range(0, span_ms + 1, step):
        tx = LEFT + plot_w * at / span_ms
        anchor = "start" if at == 0 else "end" if tx > WIDTH - RIGHT - 12 else "middle"
        parts.append(
            f"<line x1='{tx:.1f}' y1='{BARS_BOTTOM}' x2='{tx:.1f}' y2='{BARS_BOTTOM + 4}' "
            f"stroke='{INK}'/>"
            f"<text x='{tx:.1f}' y='{BARS_BOTTOM + 15}' text-anchor='{anchor}' fill='{INK}'>"
            f"{format_ms(at)}</text>"
        )
    if stats.duration_ms and stats.duration_ms < span_ms:  # the lesson ends in the last bar
        ex = LEFT + plot_w * stats.duration_ms / span_ms
        parts.append(
            f"<line x1='{ex:.1f}' y1='{BARS_TOP}' x2='{ex:.1f}' y2='{BARS_BOTTOM}' "
            f"stroke='{GRID}' stroke-dasharray='2,2'/>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _row(row: TypeStats, colour: str) -> StatRow:
    duration = row.kind is TagKind.DURATION
    return StatRow(
        label=row.label,
        colour=colour,
        polarity="" if row.polarity is Polarity.NEUTRAL else row.polarity.value,
        count=row.count,
        per_10_min=rate_text(row.per_10_min),
        time=format_ms(row.time_ms) if duration else "",
        share=share_text(row.share) if duration else "",
    )


def clip_stats_view(
    clip: Clip,
    tags: Sequence[Tag],
    tag_sets: Sequence[TagSet],
    tag_set_id: int | None = None,
    colour_of: Mapping[int, str] | None = None,
) -> ClipStatsView:
    """Return what the summary shows of one clip's statistics."""
    stats = stats_of(clip, tags, tag_sets, tag_set_id)
    colours = colour_of or {}
    svg = density_svg(stats)
    total_rate = None if not stats.duration_ms else stats.total * 600_000 / stats.duration_ms
    return ClipStatsView(
        clip_name=Path(clip.path).name,
        duration=format_ms(stats.duration_ms),
        stats=stats,
        per_10_min=rate_text(total_rate),
        balance=balance_text(stats),
        rows=tuple(_row(r, colours.get(r.type_id, "#607d8b")) for r in stats.types),
        strip=svg_data_uri(svg) if svg else None,
        bar=bar_label(stats.bin_ms),
    )


def stats_csv(clips: Iterable[tuple[Clip, Sequence[Tag]]], tag_sets: Iterable[TagSet]) -> bytes:
    """Return one row per clip and tag type: count, rate, time and share (UTF-8 with BOM)."""
    sets = list(tag_sets)
    set_names: dict[int, str] = {s.id: s.name for s in sets}
    type_sets: dict[int, int] = {t.id: t.tag_set_id for s in sets for t in s.types}
    rows: list[tuple[str | int | float, ...]] = []
    for clip, tags in clips:
        stats = stats_of(clip, tags, sets)
        for row in stats.types:
            rows.append(
                (
                    Path(clip.path).name,
                    stats.duration_ms,
                    row.label,
                    set_names.get(type_sets.get(row.type_id, -1), ""),
                    row.kind.value,
                    row.polarity.value,
                    row.count,
                    "" if row.per_10_min is None else f"{row.per_10_min:.2f}",
                    row.time_ms if row.kind is TagKind.DURATION else "",
                    "" if row.share is None else f"{row.share:.4f}",
                    "" if row.first_ms is None else row.first_ms,
                )
            )
    return csv_bytes(STATS_CSV_HEADER, rows)


def video_evidence_text(
    clips: Iterable[tuple[Clip, Sequence[Tag]]], tag_sets: Sequence[TagSet]
) -> str:
    """Return an observation's tagged video in a line, e.g. "70 tags in 47:12 · 14.8 per 10
    min · 76% positive"; "" with no clip, "No tags on 47:12 of video" with no tags."""
    clips = list(clips)
    if not clips:
        return ""
    duration = sum(max(0, c.probe.duration_ms) for c, _ in clips)
    stats = [stats_of(c, tags, tag_sets) for c, tags in clips]
    total = sum(s.total for s in stats)
    if total == 0:
        return f"No tags on {format_ms(duration)} of video"
    parts = [f"{total} tag{'s' * (total != 1)} in {format_ms(duration)} of video"]
    if duration:
        parts.append(f"{rate_text(total * 600_000 / duration)} per 10 min")
    positive, negative = sum(s.positive for s in stats), sum(s.negative for s in stats)
    if positive + negative:
        parts.append(f"{positive * 100 / (positive + negative):.0f}% positive")
    return " · ".join(parts)
