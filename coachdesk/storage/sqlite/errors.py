"""Turning what SQLite reports (a full disk, a read-only file, a busy lock) into clear messages."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exc as sa_exc

from coachdesk.core.errors import (
    CoachDeskError,
    DatabaseCorruptError,
    StorageError,
    ValidationError,
)

_NOT_SAVED = "the last change was not saved; everything saved before it is safe"
_NOT_READ = "nothing was changed"


def explain(error: sqlite3.Error, path: Path, *, writing: bool = True) -> CoachDeskError:
    """Return the CoachDesk error that says what ``error`` means for the file at ``path``."""
    name = getattr(error, "sqlite_errorname", "") or ""
    tail = _NOT_SAVED if writing else _NOT_READ
    if name == "SQLITE_FULL" or (writing and name.startswith("SQLITE_IOERR")):
        return StorageError(
            f"CoachDesk could not write to {path} ({error}): {tail}. "
            "Is the disk full? Free some space, then carry on."
        )
    if name.startswith("SQLITE_IOERR"):
        return StorageError(
            f"CoachDesk could not read {path} ({error}): {tail}. "
            "Check that the disk or stick it is on is still there."
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
        return StorageError(
            f"The database {path} cannot be written ({error}): {tail}. "
            "Check that the data folder is writable, or choose another with --data-dir."
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StorageError(
            f"The database {path} is busy (another program has it open): {tail}. "
            "Close the other program and try again."
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return DatabaseCorruptError(
            f"The database {path} is damaged ({error}): {tail}. "
            "Quit CoachDesk and restore the newest backup (coachdesk restore)."
        )
    return StorageError(f"The database {path} reported a problem ({error}): {tail}.")


@contextmanager
def explained(path: Path, *, writing: bool = True) -> Iterator[None]:
    """Re-raise database failures inside the block as CoachDesk errors with a clear message."""
    try:
        yield
    except sa_exc.IntegrityError:
        raise  # a broken rule in CoachDesk's own code: let it show as the bug it is
    except sa_exc.DatabaseError as exc:  # disk full, read-only, busy, damaged
        orig = exc.orig if isinstance(exc.orig, sqlite3.Error) else sqlite3.Error(str(exc))
        raise explain(orig, path, writing=writing) from exc
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path, writing=writing) from exc
    except UnicodeEncodeError:
        raise ValidationError(
            "The text holds a broken character (an unpaired surrogate) that cannot be saved; "
            "retype or paste it again."
        ) from None
    except OverflowError:
        raise ValidationError("A number is too large to be saved.") from None
