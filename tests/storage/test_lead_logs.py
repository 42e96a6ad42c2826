"""The lead's imported logs: twice is once, newer replaces, older is refused, bad is nothing."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from coachdesk.core import services as protocols
from coachdesk.core.changes import Entity
from coachdesk.core.coaching_log_file import CoachIdentity, CoachingLogFile, encode, parse
from coachdesk.core.errors import ImportFileError, NotFoundError
from coachdesk.core.lead_logs import ImportStatus
from coachdesk.core.services import Services
from coachdesk.export.lead_log_file import WORKSPACE_UID, gather_log_file, workspace_uid
from coachdesk.storage import rows
from coachdesk.storage.workspace import Workspace
from tests.e2e.lead_coaches import build_ruth

EXPORTED = dt.datetime(2025, 12, 12, 15, 30, tzinfo=dt.UTC)


@pytest.fixture
def ruth_log(services: Services) -> CoachingLogFile:
    build_ruth(services)
    return gather_log_file(services, 2025, 1, EXPORTED)


def _count(workspace: Workspace) -> int:
    with workspace.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(rows.LeadLogRow)) or 0)


def test_the_store_matches_its_protocol(services: Services):
    store = services.lead_logs
    for name, member in inspect.getmembers(protocols.LeadLogService, inspect.isfunction):
        if not name.startswith("_"):
            expected = list(inspect.signature(member).parameters)
            assert ["self", *inspect.signature(getattr(store, name)).parameters] == expected


def test_the_workspace_uid_is_made_once_and_kept(services: Services):
    assert services.settings.get(WORKSPACE_UID) is None
    uid = workspace_uid(services.settings)
    assert len(uid) == 36
    assert workspace_uid(services.settings) == uid
    assert services.settings.get(WORKSPACE_UID) == uid


def test_importing_the_same_file_twice_is_importing_it_once(
    services: Services, workspace: Workspace, ruth_log: CoachingLogFile
):
    first = services.lead_logs.import_file(encode(ruth_log))
    assert first.value.status is ImportStatus.ADDED
    assert first.changes.touches(Entity.LEAD_LOG)
    again = services.lead_logs.import_file(encode(ruth_log))
    assert again.value.status is ImportStatus.UNCHANGED
    assert "already imported; nothing changed" in again.value.message
    assert not again.changes.entities
    assert _count(workspace) == 1
    # The same content laid out differently is still the same file.
    compact = json.dumps(json.loads(encode(ruth_log))).encode()
    assert services.lead_logs.import_file(compact).value.status is ImportStatus.UNCHANGED
    overview = services.lead_logs.overview(2025, 1)
    assert overview.school.total.contacts == 3


def test_a_newer_export_of_the_same_coach_and_term_replaces_the_older(
    services: Services, workspace: Workspace, ruth_log: CoachingLogFile
):
    services.lead_logs.import_file(encode(ruth_log))
    fewer = replace(
        ruth_log,
        exported_at=ruth_log.exported_at + dt.timedelta(days=1),
        contacts=ruth_log.contacts[:1],
        coach=CoachIdentity(ruth_log.coach.uid, "Ruth Evans-Hughes"),
    )
    outcome = services.lead_logs.import_file(encode(fewer)).value
    assert outcome.status is ImportStatus.REPLACED
    assert _count(workspace) == 1
    (held,) = services.lead_logs.logs()
    assert held.coach_name == "Ruth Evans-Hughes"
    assert held.exported_at == dt.datetime(2025, 12, 13, 15, 30)
    assert services.lead_logs.overview(2025, 1).school.total.contacts == 1


def test_an_older_export_is_refused_and_changes_nothing(
    services: Services, ruth_log: CoachingLogFile
):
    services.lead_logs.import_file(encode(ruth_log))
    before = services.lead_logs.logs()
    older = replace(
        ruth_log,
        exported_at=ruth_log.exported_at - dt.timedelta(days=3),
        contacts=(),
    )
    with pytest.raises(ImportFileError, match="older export of Ruth Evans's log"):
        services.lead_logs.import_file(encode(older))
    same_time = replace(ruth_log, contacts=())
    with pytest.raises(ImportFileError, match="different contents"):
        services.lead_logs.import_file(encode(same_time))
    assert services.lead_logs.logs() == before
    assert services.lead_logs.overview(2025, 1).school.total.contacts == 3


def test_another_term_or_coach_is_a_separate_log(services: Services, ruth_log: CoachingLogFile):
    services.lead_logs.import_file(encode(ruth_log))
    services.lead_logs.import_file(encode(replace(ruth_log, term=2, contacts=())))
    other = replace(ruth_log, coach=CoachIdentity("another-uid", "Ruth Evans"))
    services.lead_logs.import_file(encode(other))
    logs = services.lead_logs.logs()
    assert [g.term for g in logs] == [2, 1, 1]  # the newest term first
    assert {(g.term, g.coach_uid) for g in logs} == {
        (2, ruth_log.coach.uid),
        (1, ruth_log.coach.uid),
        (1, "another-uid"),
    }
    assert logs[0].term_label == "Spring 2025/26"
    assert len(services.lead_logs.overview(2025, 1).coaches) == 2


def test_a_malformed_file_changes_nothing(
    services: Services, workspace: Workspace, ruth_log: CoachingLogFile
):
    doc = json.loads(encode(ruth_log))
    doc["cycles"][0]["colleague_ref"] = "c99"
    with pytest.raises(ImportFileError, match="names colleague c99, who is not in the file"):
        services.lead_logs.import_file(json.dumps(doc).encode())
    assert _count(workspace) == 0


def test_remove_deletes_one_log(services: Services, ruth_log: CoachingLogFile):
    added = services.lead_logs.import_file(encode(ruth_log)).value.log
    removed = services.lead_logs.remove(added.id)
    assert removed.value == added
    assert removed.changes.touches(Entity.LEAD_LOG)
    assert services.lead_logs.logs() == []
    assert services.lead_logs.overview(2025, 1).coaches == ()
    with pytest.raises(NotFoundError):
        services.lead_logs.remove(added.id)


def test_the_stored_body_reads_back_as_the_file(
    services: Services, workspace: Workspace, ruth_log: CoachingLogFile
):
    services.lead_logs.import_file(encode(ruth_log))
    with workspace.db.read() as s:
        body = s.scalar(select(rows.LeadLogRow.body))
    assert body is not None
    assert parse(body.encode()) == ruth_log
