"""A timeline scene: the layout turned into Qt shapes and laid-out texts, ready to draw.

``prepare_scene`` runs on resize or data change and does all the font measuring, eliding and
text layout (``QStaticText``), so painting only fills shapes and blits prepared text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QStaticText, QTransform

from coachdesk.core.timeline import AttentionKind, MarkerKind
from coachdesk.ui.models.coachee_tree_model import STAGE_COLOURS
from coachdesk.ui.timeline.layout import (
    HEADER_ROWS,
    MARKER_RADIUS,
    NAME_WIDTH,
    BarGeometry,
    LaneGeometry,
    Rect,
    TimelineLayout,
)
from coachdesk.ui.timeline.texts import cycle_name, lane_hint

ATTENTION_COLOURS = {
    AttentionKind.ACTION_OVERDUE: QColor("#e53935"),
    AttentionKind.MEETING_SOON: QColor("#1e88e5"),
    AttentionKind.NO_SESSION: QColor("#f9a825"),
}
MARKER_COLOURS = {
    MarkerKind.OBSERVATION: QColor("#8e24aa"),
    MarkerKind.CLIP_REVIEW: QColor("#00838f"),
}
OVERDUE = ATTENTION_COLOURS[AttentionKind.ACTION_OVERDUE]
STAGE_QCOLOURS = {stage: QColor(colour) for stage, colour in STAGE_COLOURS.items()}
ELIDE = Qt.TextElideMode.ElideRight
SPRITE_SIZE = 2 * MARKER_RADIUS + 6  # the square each marker is pre-drawn into
TICK_SIZE = (10.0, 17.0)  # the overdue-action tick's sprite


@dataclass(frozen=True)
class Fonts:
    body: QFont
    bold: QFont
    small: QFont
    bar: QFont

    @classmethod
    def from_font(cls, font: QFont) -> Fonts:
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.86, 7.0))
        bar = QFont(small)
        bar.setWeight(QFont.Weight.Medium)
        return cls(font, bold, small, bar)


@dataclass(frozen=True)
class Label:
    """A text laid out once, drawn at ``at`` (its top-left) with the font it was prepared for."""

    at: QPointF
    text: QStaticText
    width: float

    @property
    def string(self) -> str:
        return self.text.text()


@dataclass(frozen=True)
class BarShape:
    geometry: BarGeometry
    rect: QRectF
    path: QPainterPath  # rounded, with square ends where the cycle runs past the view
    halo: QPainterPath  # drawn behind the bar when its cycle is selected
    colour: QColor
    ink: QColor  # text colour that reads on ``colour``
    title: Label | None  # inside the bar
    outside: Label | None  # after a bar too short to hold its title


@dataclass(frozen=True)
class LaneScene:
    geometry: LaneGeometry
    row: QRectF
    name: Label
    role: Label | None
    hint: Label | None
    bars: tuple[BarShape, ...]
    marks: tuple[tuple[QPointF, MarkerKind], ...]  # top-left of each marker's sprite
    ticks: tuple[QPointF, ...]  # top-left of each overdue-action tick's sprite
    badges: tuple[tuple[QPointF, AttentionKind], ...]


@dataclass(frozen=True)
class Scene:
    layout: TimelineLayout
    fonts: Fonts
    lanes: tuple[LaneScene, ...]
    terms: tuple[Label, ...]
    bands: tuple[Label, ...]
    ticks: tuple[Label, ...]  # those the Today flag leaves room for
    coachee_heading: Label
    today_flag: QRectF | None
    today_label: Label | None


TextCache = dict[tuple[str, str], tuple[QStaticText, float]]  # (font key, text) -> laid out


class _Writer:
    """Measures, elides and lays out texts in one font, reusing what it laid out before.

    The cache lives as long as the canvas (resizing re-positions the same texts), so a
    relayout mostly looks texts up instead of shaping them again.
    """

    def __init__(self, font: QFont, cache: TextCache) -> None:
        self.font = font
        self.metrics = QFontMetricsF(font)
        self._key = font.key()
        self._cache = cache

    def label(self, text: str, x: float, y_mid: float, room: float | None = None) -> Label:
        static, width = self._prepared(text)
        if room is not None and width > room:
            static, width = self._prepared(self.metrics.elidedText(text, ELIDE, room))
        return Label(QPointF(x, y_mid - self.metrics.height() / 2), static, width)

    def centred(self, text: str, x0: float, x1: float, y_mid: float, pad: float = 6) -> Label:
        label = self.label(text, x0, y_mid, x1 - x0 - pad)
        return Label(QPointF((x0 + x1 - label.width) / 2, label.at.y()), label.text, label.width)

    def width(self, text: str) -> float:
        return self._prepared(text)[1]

    def _prepared(self, text: str) -> tuple[QStaticText, float]:
        found = self._cache.get((self._key, text))
        if found is None:
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
            static.prepare(QTransform(), self.font)
            if len(self._cache) > 5000:  # texts of data long gone; start afresh
                self._cache.clear()
            found = self._cache[(self._key, text)] = (static, self.metrics.horizontalAdvance(text))
        return found


def prepare_scene(layout: TimelineLayout, font: QFont, cache: TextCache | None = None) -> Scene:
    """Fit and lay out every text; pass the same ``cache`` each time to reuse earlier work."""
    fonts = Fonts.from_font(font)
    cache = {} if cache is None else cache
    bold, small, bar = (_Writer(f, cache) for f in (fonts.bold, fonts.small, fonts.bar))
    lanes = tuple(_lane_scene(layout, lane, bold, small, bar) for lane in layout.lanes)
    top, mid, low, end = HEADER_ROWS
    terms = tuple(bold.centred(t.label, t.x0, t.x1, (top + mid) / 2) for t in layout.terms)
    bands = tuple(
        small.centred(b.name, b.x0, b.x1, (mid + low) / 2) for b in layout.bands if not b.holiday
    )
    flag, today = None, None
    if layout.today_x is not None:
        width = small.width("Today") + 10
        left = min(max(layout.today_x - width / 2, NAME_WIDTH + 2), layout.width - width - 2)
        flag = QRectF(left, low + 2, width, end - low - 4)
        today = small.centred("Today", flag.left(), flag.right(), flag.center().y(), 0)
    ticks = []
    for tick in layout.ticks:
        label = small.label(tick.label, tick.x + 3, (low + end) / 2)
        room = QRectF(label.at.x(), low, label.width + 4, end - low)
        fits = room.right() <= layout.width
        if fits and (flag is None or not room.intersects(flag)):  # the Today flag wins
            ticks.append(label)
    heading = small.label("Coachee", 12, (low + end) / 2)
    return Scene(layout, fonts, lanes, terms, bands, tuple(ticks), heading, flag, today)


def _lane_scene(
    layout: TimelineLayout, lane: LaneGeometry, bold: _Writer, small: _Writer, bar: _Writer
) -> LaneScene:
    coachee = lane.lane.coachee
    box = lane.name_rect
    role_text = (coachee.role + (" · archived" if coachee.archived else "")).strip(" ·")
    split = box.y + box.h * 0.52
    if role_text:
        name = bold.label(coachee.name, box.x, split - bold.metrics.height() / 2, box.w)
        role = small.label(role_text, box.x, split + 1 + small.metrics.height() / 2, box.w)
    else:
        name, role = bold.label(coachee.name, box.x, box.y + box.h / 2, box.w), None
    hint_text = lane_hint(lane, layout.today)
    hint = None
    if hint_text:
        y_mid = lane.rect.y + lane.rect.h / 2
        hint = small.label(hint_text, layout.axis.left + 10, y_mid)
        if lane.later is not None and lane.earlier is None:  # points right, so sits right
            hint = small.label(hint_text, layout.axis.right - 10 - hint.width, y_mid)
    shapes = tuple(_bar_shape(layout, lane, i, bar) for i in range(len(lane.bars)))
    half = SPRITE_SIZE / 2
    marks = tuple((QPointF(m.x - half, m.y - half), m.marker.kind) for m in lane.markers)
    ticks = tuple(QPointF(t.x - TICK_SIZE[0] / 2, t.y0 - 2) for t in lane.due_ticks)
    badges = tuple((QPointF(b.rect.x, b.rect.y), b.kind) for b in lane.badges)
    return LaneScene(lane, qrect(lane.rect), name, role, hint, shapes, marks, ticks, badges)


def _bar_shape(layout: TimelineLayout, lane: LaneGeometry, i: int, bar: _Writer) -> BarShape:
    geometry = lane.bars[i]
    rect = qrect(geometry.rect)
    radius = min(rect.height() / 2, 6.0)
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    if geometry.cut_left:
        path.addRect(QRectF(rect.left(), rect.top(), radius, rect.height()))
    if geometry.cut_right:
        path.addRect(QRectF(rect.right() - radius, rect.top(), radius, rect.height()))
    path = path.simplified()
    halo = QPainterPath()
    halo.addRoundedRect(rect.adjusted(-3, -3, 3, 3), radius + 3, radius + 3)
    colour = STAGE_QCOLOURS[geometry.bar.stage]
    title = cycle_name(geometry.bar)
    room = rect.width() - 20
    following = lane.bars[i + 1].rect.x if i + 1 < len(lane.bars) else layout.axis.right
    beyond = following - rect.right() - 12
    full = f"{title} · {geometry.bar.stage.label}"
    y_mid = rect.center().y()
    inside: Label | None = None
    outside: Label | None = None
    if bar.width(full) <= room:
        inside = bar.label(full, rect.left() + 7, y_mid)
    elif bar.width(title) <= room:
        inside = bar.label(title, rect.left() + 7, y_mid)
    elif bar.width(title) <= beyond:
        outside = bar.label(title, rect.right() + 8, y_mid)  # a short cycle: title just after
    elif room > 0:
        inside = bar.label(title, rect.left() + 7, y_mid, room)
        if len(inside.string.rstrip("…")) < 4:
            inside = None
    return BarShape(geometry, rect, path, halo, colour, text_on(colour), inside, outside)


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """Return ``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


def text_on(colour: QColor) -> QColor:
    """Return black or white, whichever reads better on ``colour``."""
    luma = 0.299 * colour.redF() + 0.587 * colour.greenF() + 0.114 * colour.blueF()
    return QColor("#212121") if luma > 0.62 else QColor("#ffffff")
