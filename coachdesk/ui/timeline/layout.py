"""Timeline geometry: dates to x, coachees to rows, and what lies under a point. No painting.

Everything here is plain Python (no Qt), computed once per resize or data change, so the
canvas's paintEvent only draws and tests can check the maths directly.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from dataclasses import dataclass, field

from coachdesk.core.calendar import SchoolCalendar
from coachdesk.core.timeline import (
    Attention,
    AttentionKind,
    CycleBar,
    Lane,
    Marker,
    OpenAction,
    TimelineData,
    attention,
)
from coachdesk.ui.timeline.span import (
    Band,
    TermSpan,
    Tick,
    TimeAxis,
    View,
    calendar_bands,
    term_spans,
    ticks_for,
)

NAME_WIDTH = 210.0
HEADER_HEIGHT = 60.0  # term row, half-term row, month/week row
HEADER_ROWS = (0.0, 20.0, 40.0, 60.0)
MIN_LANE_HEIGHT = 42.0
MAX_LANE_HEIGHT = 58.0
RIGHT_MARGIN = 14.0
MIN_BAR_WIDTH = 6.0
MARKER_RADIUS = 5.0
MARKER_GAP = 11.0  # markers closer than this are nudged apart so each can be seen and hovered
BADGE_SIZE = 16.0
BADGE_GAP = 4.0
BADGE_ORDER = (AttentionKind.ACTION_OVERDUE, AttentionKind.MEETING_SOON, AttentionKind.NO_SESSION)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.w / 2, self.y + self.h / 2

    def contains(self, x: float, y: float, slack: float = 0.0) -> bool:
        return (
            self.x - slack <= x <= self.right + slack and self.y - slack <= y <= self.bottom + slack
        )


@dataclass(frozen=True)
class BarGeometry:
    bar: CycleBar
    rect: Rect
    end: dt.date  # the last day drawn: today for a running cycle
    cut_left: bool  # began before the view
    cut_right: bool  # goes on after the view

    @property
    def running(self) -> bool:
        return self.bar.end is None


@dataclass(frozen=True)
class MarkerGeometry:
    marker: Marker
    x: float
    y: float


@dataclass(frozen=True)
class DueTick:
    action: OpenAction
    x: float
    y0: float
    y1: float


@dataclass(frozen=True)
class Badge:
    kind: AttentionKind
    rect: Rect
    items: tuple[Attention, ...]


@dataclass(frozen=True)
class LaneGeometry:
    index: int
    lane: Lane
    rect: Rect  # the whole row, name column included
    name_rect: Rect  # where the name and role go (left of the badges)
    badges: tuple[Badge, ...]
    bars: tuple[BarGeometry, ...]
    markers: tuple[MarkerGeometry, ...]
    due_ticks: tuple[DueTick, ...]
    attention: tuple[Attention, ...]
    earlier: CycleBar | None  # the latest cycle that ended before the view
    later: CycleBar | None  # the first cycle that starts after the view
    strip_y: float  # the y of the marker strip under the bars

    @property
    def coachee_id(self) -> int:
        return self.lane.coachee.id

    def latest_bar(self) -> CycleBar | None:
        return max(self.lane.bars, key=lambda b: (b.start, b.cycle_id), default=None)


class HitKind(enum.Enum):
    NONE = "none"
    HEADER = "header"
    NAME = "name"
    BADGE = "badge"
    LANE = "lane"
    BAR = "bar"
    MARKER = "marker"
    DUE = "due"


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    lane: LaneGeometry | None = None
    bar: BarGeometry | None = None
    marker: MarkerGeometry | None = None
    due: DueTick | None = None
    badge: Badge | None = None
    band: Band | None = None

    @property
    def cycle_id(self) -> int | None:
        if self.bar is not None:
            return self.bar.bar.cycle_id
        if self.marker is not None:
            return self.marker.marker.cycle_id
        if self.due is not None:
            return self.due.action.cycle_id
        return None


@dataclass(frozen=True)
class TimelineLayout:
    view: View
    axis: TimeAxis
    width: float
    lane_height: float
    bands: tuple[Band, ...]
    terms: tuple[TermSpan, ...]
    ticks: tuple[Tick, ...]
    lanes: tuple[LaneGeometry, ...]
    today: dt.date
    today_x: float | None  # None when today is outside the view
    _bars_by_cycle: dict[int, BarGeometry] = field(default_factory=dict, repr=False)

    @property
    def content_height(self) -> float:
        return HEADER_HEIGHT + len(self.lanes) * self.lane_height

    def lane_at(self, y: float) -> LaneGeometry | None:
        if y < HEADER_HEIGHT or not self.lanes:
            return None
        index = int((y - HEADER_HEIGHT) // self.lane_height)
        return self.lanes[index] if 0 <= index < len(self.lanes) else None

    def lane_of(self, coachee_id: int | None) -> LaneGeometry | None:
        return next((g for g in self.lanes if g.coachee_id == coachee_id), None)

    def bar_of(self, cycle_id: int | None) -> BarGeometry | None:
        return self._bars_by_cycle.get(cycle_id) if cycle_id is not None else None

    def hit_test(self, x: float, y: float) -> Hit:
        """Return the most specific thing under (x, y): marker, due tick, bar, badge, name."""
        if y < HEADER_HEIGHT:
            if x < NAME_WIDTH:
                return Hit(HitKind.NONE)
            starts = [b.x0 for b in self.bands]
            i = bisect.bisect_right(starts, x) - 1
            band = self.bands[i] if 0 <= i < len(self.bands) and x <= self.bands[i].x1 else None
            return Hit(HitKind.HEADER, band=band) if band else Hit(HitKind.NONE)
        lane = self.lane_at(y)
        if lane is None:
            return Hit(HitKind.NONE)
        if x < NAME_WIDTH:
            badge = next((b for b in lane.badges if b.rect.contains(x, y, 2)), None)
            if badge is not None:
                return Hit(HitKind.BADGE, lane, badge=badge)
            return Hit(HitKind.NAME, lane)
        near = [
            m
            for m in lane.markers
            if abs(m.x - x) <= MARKER_RADIUS + 2 and abs(m.y - y) <= MARKER_RADIUS + 2
        ]
        if near:
            return Hit(HitKind.MARKER, lane, marker=min(near, key=lambda m: abs(m.x - x)))
        for tick in lane.due_ticks:
            if abs(tick.x - x) <= 3 and tick.y0 - 2 <= y <= tick.y1 + 2:
                return Hit(HitKind.DUE, lane, due=tick)
        for bar in reversed(lane.bars):  # later bars are drawn on top
            if bar.rect.contains(x, y, 1):
                return Hit(HitKind.BAR, lane, bar=bar)
        return Hit(HitKind.LANE, lane)


def lane_height_for(height: float, lanes: int) -> float:
    if lanes == 0:
        return MIN_LANE_HEIGHT
    return max(MIN_LANE_HEIGHT, min(MAX_LANE_HEIGHT, (height - HEADER_HEIGHT) / lanes))


def build_layout(
    data: TimelineData,
    calendar: SchoolCalendar,
    today: dt.date,
    view: View,
    width: float,
    height: float,
) -> TimelineLayout:
    """Compute every rectangle and point the canvas draws for ``data`` seen through ``view``."""
    axis = TimeAxis(view.start, view.end, NAME_WIDTH, max(width - RIGHT_MARGIN, NAME_WIDTH + 50))
    lane_h = lane_height_for(height, len(data.lanes))
    lanes = tuple(
        _lane(i, lane, calendar, today, axis, lane_h) for i, lane in enumerate(data.lanes)
    )
    today_x = axis.x_mid(today) if view.contains(today) else None
    return TimelineLayout(
        view=view,
        axis=axis,
        width=width,
        lane_height=lane_h,
        bands=calendar_bands(calendar, axis),
        terms=term_spans(calendar, axis),
        ticks=ticks_for(view, axis),
        lanes=lanes,
        today=today,
        today_x=today_x,
        _bars_by_cycle={b.bar.cycle_id: b for g in lanes for b in g.bars},
    )


def _lane(
    index: int, lane: Lane, calendar: SchoolCalendar, today: dt.date, axis: TimeAxis, lane_h: float
) -> LaneGeometry:
    top = HEADER_HEIGHT + index * lane_h
    bar_top = top + round(lane_h * 0.14)
    bar_h = round(lane_h * 0.42)
    strip_y = top + lane_h * 0.80
    found = tuple(attention(lane, calendar, today))
    badges = _badges(found, top, lane_h)
    name_right = (badges[0].rect.x if badges else NAME_WIDTH) - 6
    bars: list[BarGeometry] = []
    earlier: CycleBar | None = None
    later: CycleBar | None = None
    for bar in lane.bars:
        last = bar.end or max(today, bar.start)
        if last < axis.start:
            if earlier is None or last >= (earlier.end or today):
                earlier = bar
            continue
        if bar.start > axis.end:
            if later is None or bar.start < later.start:
                later = bar
            continue
        x0 = max(axis.x_of(bar.start), axis.left)
        x1 = axis.x_mid(last) if bar.end is None else axis.x_after(last)
        x1 = min(max(x1, x0 + MIN_BAR_WIDTH), axis.right)
        bars.append(
            BarGeometry(
                bar,
                Rect(x0, bar_top, x1 - x0, bar_h),
                last,
                bar.start < axis.start,
                last > axis.end,
            )
        )
    markers: list[MarkerGeometry] = []
    previous = -1e9
    for marker in lane.markers:  # sorted by day
        if not (axis.start <= marker.on <= axis.end):
            continue
        x = max(axis.x_mid(marker.on), previous + MARKER_GAP)
        previous = x
        markers.append(MarkerGeometry(marker, x, strip_y))
    overdue = {a.on for a in found if a.kind is AttentionKind.ACTION_OVERDUE}
    ticks = tuple(
        DueTick(action, axis.x_mid(action.due_on), strip_y - 7, strip_y + 7)
        for action in lane.open_actions
        if action.due_on in overdue and axis.start <= action.due_on <= axis.end
    )
    return LaneGeometry(
        index=index,
        lane=lane,
        rect=Rect(0, top, axis.right + RIGHT_MARGIN, lane_h),
        name_rect=Rect(12, top, max(name_right - 12, 20), lane_h),
        badges=badges,
        bars=tuple(bars),
        markers=tuple(markers),
        due_ticks=ticks,
        attention=found,
        earlier=earlier,
        later=later,
        strip_y=strip_y,
    )


def _badges(found: tuple[Attention, ...], top: float, lane_h: float) -> tuple[Badge, ...]:
    kinds = [k for k in BADGE_ORDER if any(a.kind is k for a in found)]
    y = top + (lane_h - BADGE_SIZE) / 2
    x = NAME_WIDTH - 10 - len(kinds) * (BADGE_SIZE + BADGE_GAP) + BADGE_GAP
    badges = []
    for kind in kinds:
        badges.append(
            Badge(
                kind, Rect(x, y, BADGE_SIZE, BADGE_SIZE), tuple(a for a in found if a.kind is kind)
            )
        )
        x += BADGE_SIZE + BADGE_GAP
    return tuple(badges)
