"""A cycle's observations, newest first, editable in place (all but the number of notes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt, Signal

from coachdesk.core.observations import EvidenceKind, Observation, ObservationMode
from coachdesk.core.tags import TagSet
from coachdesk.ui.models.edit_roles import CHOICES_ROLE, ID_ROLE, VALUE_ROLE
from coachdesk.ui.models.rows_model import AnyIndex, RowsModel

HEADERS = ("Date", "Mode", "Evidence", "Context", "Tag set", "Notes")
DATE, MODE, EVIDENCE, CONTEXT, TAG_SET, NOTES = range(6)
NO_TAG_SET = "No tag set"


def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


class ObservationListModel(RowsModel[Observation]):
    """Rows of observations. An edit emits ``observation_edited(old, new)``; the pane saves it."""

    observation_edited = Signal(object, object)  # Observation before, Observation after

    def __init__(self) -> None:
        super().__init__(HEADERS, key=lambda o: o.id)
        self._note_counts: dict[int, int] = {}
        self._tag_sets: dict[int, str] = {}

    def set_data(
        self, observations: list[Observation], note_counts: dict[int, int], tag_sets: list[TagSet]
    ) -> None:
        self._note_counts = dict(note_counts)
        self._tag_sets = {t.id: t.name for t in tag_sets}
        # same rows update in place, keeping the selection and any editor
        self.set_rows(sorted(observations, key=lambda o: (o.observed_on, o.id), reverse=True))

    def observation_at(self, index: AnyIndex) -> Observation | None:
        return self.row_at(index)

    def note_count(self, observation_id: int) -> int:
        return self._note_counts.get(observation_id, 0)

    def tag_set_name(self, tag_set_id: int | None) -> str:
        if tag_set_id is None:
            return NO_TAG_SET
        return self._tag_sets.get(tag_set_id, "(deleted tag set)")

    # -- Qt -----------------------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if index.column() == NOTES else flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        obs = self.observation_at(index)
        if obs is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(obs, column)
        if role == VALUE_ROLE:
            return (
                obs.observed_on,
                obs.mode,
                obs.evidence_kind,
                obs.context,
                obs.tag_set_id,
                self.note_count(obs.id),
            )[column]
        if role == CHOICES_ROLE:
            return self._choices(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(obs, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return obs.id
        return None

    def _display(self, obs: Observation, column: int) -> str:
        if column == DATE:
            return long_date(obs.observed_on)
        if column == MODE:
            return obs.mode.label
        if column == EVIDENCE:
            return obs.evidence_kind.label
        if column == CONTEXT:
            return obs.context
        if column == TAG_SET:
            return self.tag_set_name(obs.tag_set_id)
        return str(self.note_count(obs.id))

    def _choices(self, column: int) -> list[tuple[str, object]] | None:
        if column == MODE:
            return [(mode.label, mode) for mode in ObservationMode]
        if column == EVIDENCE:
            return [(kind.label, kind) for kind in EvidenceKind]
        if column == TAG_SET:
            return [(NO_TAG_SET, None), *((name, i) for i, name in self._tag_sets.items())]
        return None

    def _tooltip(self, obs: Observation, column: int) -> str:
        if column == NOTES:
            count = self.note_count(obs.id)
            return f"{count} note{'s' if count != 1 else ''} taken in this observation"
        if column == CONTEXT and not obs.context:
            return "Class, lesson and focus — double-click to write it"
        if column == TAG_SET:
            return "The tags used to code this lesson — double-click to change"
        return f"{self._display(obs, column)} — double-click to change"

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        before = self.observation_at(index)
        if before is None or role != Qt.ItemDataRole.EditRole:
            return False
        after = self._edited(before, index.column(), value)
        if after is None or after == before:
            return False
        self._rows[index.row()] = after
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        self.observation_edited.emit(before, after)
        return True

    def _edited(self, obs: Observation, column: int, value: object) -> Observation | None:
        if column == DATE and isinstance(value, dt.date):
            return replace(obs, observed_on=value)
        if column == MODE and isinstance(value, ObservationMode):
            return replace(obs, mode=value)
        if column == EVIDENCE and isinstance(value, EvidenceKind):
            return replace(obs, evidence_kind=value)
        if column == CONTEXT and isinstance(value, str):
            return replace(obs, context=value.strip())
        if column == TAG_SET and (value is None or isinstance(value, int)):
            return replace(obs, tag_set_id=value)
        return None
