"""Errors the domain and its services raise; each message says what happened and what to do."""

from __future__ import annotations


class CoachDeskError(Exception):
    """Base for every error CoachDesk reports to the coach."""


class ValidationError(CoachDeskError):
    """Input that breaks a rule; nothing was changed."""


class NotFoundError(CoachDeskError):
    """The thing asked for no longer exists."""


class StageNotReadyError(CoachDeskError):
    """A cycle cannot move on: the current stage still needs something."""

    def __init__(self, stage_label: str, missing: list[str]) -> None:
        self.missing = missing
        items = "; ".join(missing)
        super().__init__(
            f"The {stage_label} stage still needs: {items}. "
            "Finish these, or give a reason to move on anyway."
        )


class ImportFileError(CoachDeskError):
    """A file to import is malformed or of a foreign kind; nothing was imported."""


class StorageError(CoachDeskError):
    """The data folder or database cannot be used as it is."""


class DatabaseTooNewError(StorageError):
    """The database was written by a newer CoachDesk."""


class NotADatabaseError(StorageError):
    """The file is not a CoachDesk database."""


class DatabaseCorruptError(StorageError):
    """The database failed its integrity check."""


class DataDirLockedError(StorageError):
    """Another CoachDesk is already using this data folder."""
