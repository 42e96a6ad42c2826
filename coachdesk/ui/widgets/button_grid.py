"""Buttons in as many equal columns as fit a width: the tag buttons and the note categories."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QWidget


def fit_columns(
    grid: QGridLayout,
    buttons: Sequence[QWidget],
    width: int,
    widest: int,
    max_columns: int,
    current: int,
) -> int:
    """Lay ``buttons`` out in the columns that fit ``width``; return how many (``current`` if
    that is unchanged, in which case nothing moves)."""
    if not buttons:
        return current
    spacing = grid.horizontalSpacing()
    fit = (width + spacing) // (widest + spacing)
    columns = max(1, min(max_columns, len(buttons), fit))
    if columns == current:
        return current
    for button in buttons:
        grid.removeWidget(button)
    for i, button in enumerate(buttons):
        grid.addWidget(button, i // columns, i % columns)
    for column in range(max_columns):
        grid.setColumnStretch(column, 1 if column < columns else 0)
    return columns
