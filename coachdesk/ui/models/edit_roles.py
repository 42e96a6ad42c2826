"""Item-data roles that editable models share with their delegates."""

from __future__ import annotations

from PySide6.QtCore import Qt

VALUE_ROLE = Qt.ItemDataRole.UserRole + 20  # the cell's value as a Python object (date, enum…)
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 21  # list of (label, value) a cell may take
ID_ROLE = Qt.ItemDataRole.UserRole + 22  # the id of the row's object
