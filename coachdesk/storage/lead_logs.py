"""The coaching lead's imported coaching-log files, one per coach and term."""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import ImportFileError, StorageError
from coachdesk.core.lead_logs import ImportOutcome, ImportStatus, LeadLogSummary, decide_import
from coachdesk.storage import rows
from coachdesk.storage.db import Database
from coachdesk.storage.lookup import get_or_fail

if TYPE_CHECKING:  # the file format and the overview load when a log is imported or read
    from coachdesk.core.coaching_log_file import CoachingLogFile
    from coachdesk.core.school_overview import SchoolOverview


def _summary(row: rows.LeadLogRow) -> LeadLogSummary:
    return LeadLogSummary(
        id=row.id,
        coach_uid=row.coach_uid,
        coach_name=row.coach_name,
        school_year=row.school_year,
        term=row.term,
        exported_at=row.exported_at,
        imported_at=row.imported_at,
        digest=row.digest,
    )


class LeadLogStore:
    def __init__(self, db: Database, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._db = db
        self._now = now

    def import_file(self, data: bytes) -> Changed[ImportOutcome]:
        """Add a coach's log; the same file again changes nothing, a newer one replaces."""
        from coachdesk.core import coaching_log_file as log_file

        log = log_file.parse(data)  # refuses a malformed file before anything is touched
        fingerprint = log_file.digest(log)
        body = json.dumps(log_file.to_document(log), ensure_ascii=False)
        with self._db.session() as s:
            row = s.scalars(
                select(rows.LeadLogRow).where(
                    rows.LeadLogRow.coach_uid == log.coach.uid,
                    rows.LeadLogRow.school_year == log.school_year,
                    rows.LeadLogRow.term == log.term,
                )
            ).one_or_none()
            status = decide_import(_summary(row) if row else None, fingerprint, log.exported_at)
            if status is ImportStatus.UNCHANGED:
                assert row is not None
                return Changed(ImportOutcome(status, _summary(row)), Changes.of())
            if row is None:
                row = rows.LeadLogRow(
                    coach_uid=log.coach.uid, school_year=log.school_year, term=log.term
                )
                s.add(row)
            row.coach_name = log.coach.name
            row.exported_at = log.exported_at
            row.imported_at = self._now().replace(microsecond=0)
            row.digest = fingerprint
            row.body = body
            s.flush()
            outcome = ImportOutcome(status, _summary(row))
        return Changed(outcome, Changes.of(Entity.LEAD_LOG))

    def logs(self) -> builtins.list[LeadLogSummary]:
        """Return every imported log, newest term first, then by coach."""
        with self._db.read() as s:
            found = [_summary(r) for r in s.scalars(select(rows.LeadLogRow))]
        return sorted(
            found, key=lambda g: (-g.school_year, -g.term, g.coach_name.casefold(), g.coach_uid)
        )

    def remove(self, log_id: int) -> Changed[LeadLogSummary]:
        with self._db.session() as s:
            row = get_or_fail(s, rows.LeadLogRow, log_id, "imported log")
            before = _summary(row)
            s.delete(row)
        return Changed(before, Changes.of(Entity.LEAD_LOG))

    def overview(self, school_year: int, term: int) -> SchoolOverview:
        """Return the school's overview of one term from the logs imported for it."""
        from coachdesk.core.school_overview import build_overview

        with self._db.read() as s:
            bodies = s.scalars(
                select(rows.LeadLogRow.body).where(
                    rows.LeadLogRow.school_year == school_year, rows.LeadLogRow.term == term
                )
            ).all()
        return build_overview([self._read(body) for body in bodies], school_year, term)

    @staticmethod
    def _read(body: str) -> CoachingLogFile:
        from coachdesk.core.coaching_log_reader import read_document

        try:
            doc = json.loads(body)
            if not isinstance(doc, dict):
                raise ValueError(body[:40])
            return read_document(doc)
        except (ValueError, ImportFileError) as exc:
            raise StorageError(
                f"An imported log in the database cannot be read ({exc}). Remove it and import "
                "the coach's file again."
            ) from None
