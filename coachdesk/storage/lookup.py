"""Fetching one row by id, with the not-found message the coach sees."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from coachdesk.core.errors import NotFoundError
from coachdesk.storage.rows import Base

R = TypeVar("R", bound=Base)


def get_or_fail(s: Session, model: type[R], row_id: int, what: str) -> R:
    row = s.get(model, row_id)
    if row is None:
        raise NotFoundError(f"That {what} no longer exists; it may have been deleted.")
    return row
