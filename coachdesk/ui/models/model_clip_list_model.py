"""A strategy's model clips, one row each: whose lesson, when, which file, how tagged, the note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from coachdesk.core.media_time import format_ms
from coachdesk.core.model_clips import ModelClip

ID_ROLE = Qt.ItemDataRole.UserRole + 1
MISSING_ROLE = Qt.ItemDataRole.UserRole + 2  # True when the video file is not where it was

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def tags_text(count: int) -> str:
    return "no tags yet" if count == 0 else f"{count} tag" + ("" if count == 1 else "s")


def privacy_text(coachee_name: str) -> str:
    """Say how long a clip of someone's lesson stays a model clip."""
    return (
        f"This clip stays only as long as {coachee_name}'s records are kept: erasing them "
        "removes it from every strategy."
    )


def clip_line(clip: ModelClip) -> str:
    """Return "Priya Shah · 12 Nov 2025 · lesson.mp4 · 1:00 · 2 tags"."""
    return " · ".join(
        (
            clip.coachee_name,
            day_text(clip.observed_on),
            clip.file_name,
            format_ms(clip.duration_ms),
            tags_text(clip.tag_count),
        )
    )


class ModelClipListModel(QAbstractListModel):
    """Rows of model clips; a missing video file is marked, the note is the second line."""

    def __init__(self) -> None:
        super().__init__()
        self._clips: list[ModelClip] = []
        self._missing: set[int] = set()

    def set_clips(self, clips: list[ModelClip]) -> None:
        self.beginResetModel()
        self._clips = list(clips)
        self._missing = {c.id for c in clips if not Path(c.path).is_file()}
        self.endResetModel()

    def clips(self) -> list[ModelClip]:
        return list(self._clips)

    def clip_at(self, index: AnyIndex) -> ModelClip | None:
        if not index.isValid() or not 0 <= index.row() < len(self._clips):
            return None
        return self._clips[index.row()]

    def index_of(self, model_clip_id: int | None) -> QModelIndex:
        for row, clip in enumerate(self._clips):
            if clip.id == model_clip_id:
                return self.index(row, 0)
        return QModelIndex()

    def is_missing(self, model_clip_id: int) -> bool:
        return model_clip_id in self._missing

    # -- QAbstractListModel ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._clips)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        clip = self.clip_at(index)
        if clip is None:
            return None
        missing = clip.id in self._missing
        if role == Qt.ItemDataRole.DisplayRole:
            first = ("⚠ file missing — " if missing else "") + clip_line(clip)
            return f"{first}\n{clip.note}" if clip.note else first
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"The video file is not at {clip.path}. " if missing else ""
            return f"{clip_line(clip)}\n{where}{privacy_text(clip.coachee_name)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return clip_line(clip) + (f". Note: {clip.note}" if clip.note else "")
        if role == ID_ROLE:
            return clip.id
        if role == MISSING_ROLE:
            return missing
        return None
