"""A horizontal stepper for the Impact Cycle: each stage done, current or still to come."""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from coachdesk.core.cycles import Stage

ACCENT = QColor("#2f6fc6")
DONE = QColor("#2e8b57")
TO_COME = QColor("#b4b9c1")


class StepState(enum.Enum):
    DONE = "done"
    CURRENT = "current"
    TO_COME = "to come"


def step_states(current: Stage | None) -> list[tuple[Stage, StepState]]:
    """Return each stage with its state; a complete cycle has every step done."""
    order = list(Stage)
    if current is None:
        return [(stage, StepState.TO_COME) for stage in order]
    at = order.index(current)
    states = []
    for i, stage in enumerate(order):
        if i < at or current is Stage.COMPLETE:
            states.append((stage, StepState.DONE))
        elif i == at:
            states.append((stage, StepState.CURRENT))
        else:
            states.append((stage, StepState.TO_COME))
    return states


class StageStepper(QWidget):
    """Identify → Learn → Improve → Complete, drawn as numbered circles joined by lines."""

    RADIUS = 13

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stage: Stage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Cycle stage")
        self.set_stage(None)

    def set_stage(self, stage: Stage | None) -> None:
        self._stage = stage
        words = "; ".join(f"{s.label}: {state.value}" for s, state in step_states(stage))
        self.setAccessibleDescription(words)
        self.setToolTip("Impact Cycle — " + words)
        self.update()

    @property
    def stage(self) -> Stage | None:
        return self._stage

    def states(self) -> list[tuple[Stage, StepState]]:
        return step_states(self._stage)

    def sizeHint(self) -> QSize:
        return QSize(480, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 2 * self.RADIUS + self.fontMetrics().height() + 16)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        states = self.states()
        slot = self.width() / len(states)
        cy = 4 + self.RADIUS
        centres = [slot * (i + 0.5) for i in range(len(states))]
        for i in range(len(states) - 1):
            done = states[i + 1][1] is not StepState.TO_COME
            painter.setPen(QPen(DONE if done else TO_COME, 2.5))
            painter.drawLine(
                QPointF(centres[i] + self.RADIUS + 6, cy),
                QPointF(centres[i + 1] - self.RADIUS - 6, cy),
            )
        base_font = QFont(self.font())
        for i, (stage, state) in enumerate(states):
            self._paint_step(painter, QPointF(centres[i], cy), i + 1, state)
            font = QFont(base_font)
            font.setBold(state is StepState.CURRENT)
            painter.setFont(font)
            colour = (
                self.palette().text().color()
                if state is not StepState.TO_COME
                else (self.palette().placeholderText().color())
            )
            painter.setPen(colour)
            label = QRectF(
                centres[i] - slot / 2, cy + self.RADIUS + 4, slot, self.fontMetrics().height() + 4
            )
            painter.drawText(
                label, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, stage.label
            )
        painter.end()

    def _paint_step(
        self, painter: QPainter, centre: QPointF, number: int, state: StepState
    ) -> None:
        r = self.RADIUS
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        if state is StepState.DONE:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(DONE)
            painter.drawEllipse(centre, r, r)
            painter.setPen(
                QPen(
                    QColor("white"),
                    2.4,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            painter.drawPolyline(
                QPolygonF(
                    [
                        centre + QPointF(-5.5, 0.5),
                        centre + QPointF(-1.5, 4.5),
                        centre + QPointF(5.5, -4),
                    ]
                )
            )
            return
        if state is StepState.CURRENT:
            painter.setPen(QPen(ACCENT.lighter(170), 4))
            painter.setBrush(ACCENT)
            painter.drawEllipse(centre, r, r)
            painter.setPen(QColor("white"))
        else:
            painter.setPen(QPen(TO_COME, 2))
            painter.setBrush(self.palette().base())
            painter.drawEllipse(centre, r - 1, r - 1)
            painter.setPen(self.palette().placeholderText().color())
        box = QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(number))
