"""The coaching lead's imported log files: what is held, and what importing another one does."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from coachdesk.core.calendar import TERM_NAMES, year_label
from coachdesk.core.errors import ImportFileError


@dataclass(frozen=True)
class LeadLogSummary:
    """One imported log: whose, which term, when it was exported and imported."""

    id: int
    coach_uid: str
    coach_name: str
    school_year: int
    term: int  # 1..3
    exported_at: dt.datetime  # UTC
    imported_at: dt.datetime
    digest: str

    @property
    def term_label(self) -> str:
        return term_label(self.school_year, self.term)


def term_label(school_year: int, term: int) -> str:
    """Return "Autumn 2025/26" for term 1 of the year starting in 2025."""
    return f"{TERM_NAMES[term - 1]} {year_label(school_year)}"


class ImportStatus(enum.Enum):
    ADDED = "added"
    REPLACED = "replaced"  # a newer export of the same coach and term
    UNCHANGED = "unchanged"  # the same file again


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one file did, in words the lead reads."""

    status: ImportStatus
    log: LeadLogSummary

    @property
    def message(self) -> str:
        who = f"{self.log.coach_name}'s log for {self.log.term_label}"
        if self.status is ImportStatus.UNCHANGED:
            return f"{who} is already imported; nothing changed."
        if self.status is ImportStatus.REPLACED:
            return f"{who} replaces the older export of the same term."
        return f"{who} is imported."


def decide_import(
    held: LeadLogSummary | None, digest: str, exported_at: dt.datetime
) -> ImportStatus:
    """Say what importing a log does given the one held for the same coach and term.

    The same content again changes nothing; a newer export replaces the one held; an older
    one is refused, so a stale file from a USB stick never undoes a coach's later work.
    """
    if held is None:
        return ImportStatus.ADDED
    if held.digest == digest:
        return ImportStatus.UNCHANGED
    if exported_at > held.exported_at:
        return ImportStatus.REPLACED
    when = f"{held.exported_at:%d %b %Y %H:%M}"
    this = f"{exported_at:%d %b %Y %H:%M}"
    if exported_at == held.exported_at:
        raise ImportFileError(
            f"{held.coach_name}'s log for {held.term_label} exported at {when} is already here "
            "with different contents. Ask the coach to export it again; nothing changed."
        )
    raise ImportFileError(
        f"This is an older export of {held.coach_name}'s log for {held.term_label} ({this} UTC) "
        f"than the one already imported ({when} UTC); nothing changed."
    )
