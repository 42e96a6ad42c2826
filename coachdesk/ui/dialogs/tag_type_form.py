"""The fields of one tag type: label, colour, hotkey, polarity, kind, lead and lag."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from coachdesk.core.tags import Polarity, TagKind, TagType


def swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class TagTypeForm(QWidget):
    """Shows a tag type; each field, when the coach finishes with it, emits ``edited``.

    ``edited(field, value)`` names a ``TagType`` field (``label``, ``hotkey``, ``colour``…);
    the dialog saves it and calls ``show_type`` with what is stored (also after a refusal).
    """

    edited = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour = "#607d8b"
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName("Tag label")
        self.label_edit.setMaxLength(60)
        self.colour_button = QPushButton()
        self.colour_button.setAccessibleName("Tag colour")
        self.colour_button.setToolTip("Choose the tag's colour")
        self.colour_button.setAutoDefault(False)
        self.hotkey_edit = QLineEdit()
        self.hotkey_edit.setAccessibleName("Hotkey")
        self.hotkey_edit.setMaxLength(1)
        self.hotkey_edit.setFixedWidth(self.hotkey_edit.fontMetrics().horizontalAdvance("MM") + 16)
        self.hotkey_edit.setToolTip(
            "One letter or digit; J, K, L, N and Space belong to the player"
        )
        self.polarity_combo = _combo("Polarity", [(p.value.capitalize(), p) for p in Polarity])
        self.kind_combo = _combo(
            "Kind",
            [
                ("Point (one press)", TagKind.POINT),
                ("Duration (press to start, press to end)", TagKind.DURATION),
            ],
        )
        self.lead_spin = _spin("Lead time", 120, "How many seconds before the press the tag starts")
        self.lag_spin = _spin(
            "Lag time", 600, "For a point tag: how many seconds after the press it ends (a span)"
        )
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Label", self.label_edit)
        form.addRow("Colour", self.colour_button)
        form.addRow("&Hotkey", self.hotkey_edit)
        form.addRow("&Polarity", self.polarity_combo)
        form.addRow("&Kind", self.kind_combo)
        form.addRow("Lea&d", self.lead_spin)
        form.addRow("La&g", self.lag_spin)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.label_edit.editingFinished.connect(
            lambda: self.edited.emit("label", self.label_edit.text())
        )
        # A hotkey is one key: take it as soon as it is typed.
        self.hotkey_edit.textEdited.connect(lambda text: self.edited.emit("hotkey", text.upper()))
        self.colour_button.clicked.connect(self._on_colour_button_clicked)
        self.polarity_combo.activated.connect(
            lambda _i: self.edited.emit("polarity", self.polarity_combo.currentData())
        )
        self.kind_combo.activated.connect(
            lambda _i: self.edited.emit("kind", self.kind_combo.currentData())
        )
        self.lead_spin.editingFinished.connect(
            lambda: self.edited.emit("lead_s", self.lead_spin.value())
        )
        self.lag_spin.editingFinished.connect(
            lambda: self.edited.emit("lag_s", self.lag_spin.value())
        )

    def show_type(self, tag_type: TagType) -> None:
        self._colour = tag_type.colour
        self.label_edit.setText(tag_type.label)
        self.hotkey_edit.setText(tag_type.hotkey)
        self.colour_button.setIcon(swatch(tag_type.colour))
        self.colour_button.setText(tag_type.colour)
        self.polarity_combo.setCurrentIndex(self.polarity_combo.findData(tag_type.polarity))
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(tag_type.kind))
        for spin, value in ((self.lead_spin, tag_type.lead_s), (self.lag_spin, tag_type.lag_s)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

    def _on_colour_button_clicked(self) -> None:
        colour = QColorDialog.getColor(QColor(self._colour), self, "Tag colour")
        if colour.isValid():
            self.edited.emit("colour", colour.name())


def _combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _spin(name: str, maximum: float, tip: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setAccessibleName(name)
    spin.setToolTip(tip)
    spin.setRange(0, maximum)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setSuffix(" s")
    spin.setKeyboardTracking(False)
    return spin
