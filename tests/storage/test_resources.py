"""Resource store: files by fingerprint or copied in, links, sharing, undo, and erasure."""

from __future__ import annotations

import datetime as dt
import inspect
import os
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from coachdesk.core import services as protocols
from coachdesk.core.changes import Entity
from coachdesk.core.errors import NotFoundError, StorageError, ValidationError
from coachdesk.core.jobs import CancelledError, CancelToken, Progress, run_job
from coachdesk.core.resources import FileState, ResourceKind
from coachdesk.core.services import Services
from coachdesk.storage.resource_files import CHUNK, fingerprint
from coachdesk.storage.workspace import Workspace, open_workspace
from tests.conftest import TODAY


def _cycle(services: Services, name: str = "Ana Ruiz") -> int:
    coachee = services.coachees.add(name, today=TODAY).value
    return int(services.cycles.start(coachee.id, TODAY).value.id)


def _strategy(services: Services) -> int:
    return int(services.playbook.list()[0].id)


def _doc(folder: Path, name: str = "Wait time.pdf", data: bytes = b"%PDF-1.4 wait time") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _count(services: Services, cycle_id: int, strategy_id: int) -> int:
    return len(services.resources.for_cycle(cycle_id)) + len(
        services.resources.for_strategy(strategy_id)
    )


def test_the_store_implements_the_resource_protocol(services: Services):
    store = services.resources
    for name, member in inspect.getmembers(protocols.ResourceService, inspect.isfunction):
        if name.startswith("_"):
            continue
        expected = list(inspect.signature(member).parameters)
        actual = list(inspect.signature(getattr(store, name)).parameters)
        assert ["self", *actual] == expected, name


def test_a_file_is_kept_by_reference_with_its_fingerprint(services: Services, tmp_path: Path):
    cycle_id = _cycle(services)
    doc = _doc(tmp_path / "docs")
    changed = services.resources.add_file(
        str(doc), cycle_id=cycle_id, note="Read before Tuesday", shared_on=TODAY
    )
    added = changed.value
    assert changed.changes.touches(Entity.RESOURCE)
    assert changed.changes.cycle_id == cycle_id
    assert (added.kind, added.title, added.location) == (ResourceKind.FILE, doc.name, str(doc))
    assert added.fingerprint == fingerprint(doc)
    assert not added.copied_in
    assert services.resources.get(added.id) == added
    assert services.resources.check(added.id) is FileState.OK


def test_check_notices_a_changed_and_a_moved_file(services: Services, tmp_path: Path):
    cycle_id = _cycle(services)
    big = _doc(tmp_path, "slides.pptx", os.urandom(3 * CHUNK + 17))
    added = services.resources.add_file(str(big), cycle_id=cycle_id).value
    assert services.resources.check(added.id) is FileState.OK
    data = bytearray(big.read_bytes())
    data[-5] ^= 0xFF  # a change in the last MiB
    big.write_bytes(bytes(data))
    os.utime(big, ns=(1, 1))
    assert services.resources.check(added.id) is FileState.CHANGED
    moved = big.rename(tmp_path / "elsewhere.pptx")
    assert services.resources.check(added.id) is FileState.MISSING
    found = services.resources.relink(added.id, str(moved)).value
    assert found.location == str(moved)
    assert services.resources.check(added.id) is FileState.OK


def test_a_copied_in_file_lives_privately_in_the_data_folder(
    workspace: Workspace, services: Services, tmp_path: Path
):
    cycle_id = _cycle(services)
    doc = _doc(tmp_path / "docs")
    added = services.resources.add_file(str(doc), cycle_id=cycle_id, copy_in=True).value
    copy = Path(added.location)
    assert added.copied_in
    assert copy.parent == workspace.data_dir / "resources"
    assert copy.name == added.fingerprint.split(":")[1] + ".pdf"  # type: ignore[union-attr]
    assert copy.read_bytes() == doc.read_bytes()
    assert copy.stat().st_mode & 0o777 == 0o600
    assert added.title == "Wait time.pdf"
    doc.unlink()  # the original may go: the copy is what CoachDesk opens
    assert services.resources.check(added.id) is FileState.OK
    assert not list(copy.parent.glob(".copy.*"))


def test_deleting_keeps_a_copy_another_resource_uses(services: Services, tmp_path: Path):
    cycle_id = _cycle(services)
    strategy_id = _strategy(services)
    doc = _doc(tmp_path)
    on_strategy = services.resources.add_file(str(doc), strategy_id=strategy_id, copy_in=True).value
    shared = services.resources.share(on_strategy.id, cycle_id, TODAY).value
    assert shared.location == on_strategy.location
    assert (shared.cycle_id, shared.strategy_id, shared.shared_on) == (cycle_id, None, TODAY)
    copy = Path(on_strategy.location)

    services.resources.delete(on_strategy.id)
    assert copy.is_file()  # the teacher's shared copy still needs it
    assert services.resources.check(shared.id) is FileState.OK

    gone = services.resources.delete(shared.id).value
    assert not copy.exists()
    services.resources.restore(gone)  # Undo brings the copy back too
    assert copy.read_bytes() == doc.read_bytes()
    assert services.resources.get(shared.id) == shared


def test_a_removed_copy_is_swept_when_the_workspace_next_opens(tmp_path: Path):
    data = tmp_path / "data"
    ws = open_workspace(data)
    services = ws.services()
    cycle_id = _cycle(services)
    kept = services.resources.add_file(
        str(_doc(tmp_path, "a.pdf", b"a")), cycle_id=cycle_id, copy_in=True
    ).value
    removed = services.resources.add_file(
        str(_doc(tmp_path, "b.pdf", b"b")), cycle_id=cycle_id, copy_in=True
    ).value
    services.resources.delete(removed.id)
    (data / "resources" / ".copy.x.partial").write_bytes(b"half")  # a copy cut off
    ws.close()
    ws = open_workspace(data)
    try:
        left = sorted(p.name for p in (data / "resources").rglob("*") if p.is_file())
        assert left == [Path(kept.location).name]
        assert ws.services().resources.check(kept.id) is FileState.OK
    finally:
        ws.close()


def test_erasing_a_coachee_deletes_the_copies_they_were_given(
    workspace: Workspace, services: Services, tmp_path: Path
):
    erased_cycle = _cycle(services, "Ana Ruiz")
    other_cycle = _cycle(services, "Ben Okafor")
    theirs = services.resources.add_file(
        str(_doc(tmp_path, "ana.pdf", b"ana only")), cycle_id=erased_cycle, copy_in=True
    ).value
    both = _doc(tmp_path, "both.pdf", b"for both")
    shared_a = services.resources.add_file(str(both), cycle_id=erased_cycle, copy_in=True).value
    shared_b = services.resources.add_file(str(both), cycle_id=other_cycle, copy_in=True).value
    assert shared_a.location == shared_b.location  # one copy of one document
    by_reference = _doc(tmp_path, "mine.pdf", b"the coach's own file")
    services.resources.add_file(str(by_reference), cycle_id=erased_cycle)

    coachee_id = services.cycles.get(erased_cycle).coachee_id
    changes = services.coachees.delete(coachee_id).changes
    assert changes.touches(Entity.RESOURCE)
    assert not Path(theirs.location).exists()
    assert Path(shared_b.location).is_file()  # Ben's copy stays
    assert by_reference.is_file()  # never delete the coach's own files
    assert services.resources.for_cycle(other_cycle) == [shared_b]
    with pytest.raises(NotFoundError):
        services.resources.get(theirs.id)
    leftovers = [p.name for p in (workspace.data_dir / "resources").rglob("*") if p.is_file()]
    assert leftovers == [Path(shared_b.location).name]


def test_links_get_a_title_and_bad_ones_change_nothing(services: Services):
    cycle_id = _cycle(services)
    strategy_id = _strategy(services)
    link = services.resources.add_link(
        "https://www.example.org/wait-time", cycle_id=cycle_id, shared_on=TODAY
    ).value
    assert (link.kind, link.title, link.fingerprint) == (ResourceKind.LINK, "example.org", None)
    assert services.resources.check(link.id) is FileState.OK
    before = _count(services, cycle_id, strategy_id)
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "notaurl", ""):
        with pytest.raises(ValidationError):
            services.resources.add_link(bad, strategy_id=strategy_id)
    with pytest.raises(ValidationError):
        services.resources.save(replace(link, location="javascript:alert(1)"))
    with pytest.raises(ValidationError, match="either"):
        services.resources.add_link("https://example.org")
    assert _count(services, cycle_id, strategy_id) == before
    assert services.resources.get(link.id) == link


def test_a_file_that_is_not_there_or_too_long_a_note_changes_nothing(
    workspace: Workspace, services: Services, tmp_path: Path
):
    cycle_id = _cycle(services)
    strategy_id = _strategy(services)
    with pytest.raises(ValidationError, match="no file"):
        services.resources.add_file(str(tmp_path / "nope.pdf"), cycle_id=cycle_id)
    with pytest.raises(ValidationError, match="folder"):
        services.resources.add_file(str(tmp_path), cycle_id=cycle_id)
    with pytest.raises(ValidationError, match="at most"):
        services.resources.add_file(
            str(_doc(tmp_path)), cycle_id=cycle_id, note="x" * 6000, copy_in=True
        )
    with pytest.raises(NotFoundError):
        services.resources.add_file(str(_doc(tmp_path)), cycle_id=99999, copy_in=True)
    assert _count(services, cycle_id, strategy_id) == 0
    assert not list((workspace.data_dir / "resources").glob("*.pdf"))


def test_save_edits_title_note_and_date_but_not_a_files_location(
    services: Services, tmp_path: Path
):
    cycle_id = _cycle(services)
    doc = _doc(tmp_path)
    added = services.resources.add_file(str(doc), cycle_id=cycle_id).value
    edited = replace(
        added,
        title="Wait time one-pager",
        note="Talk it through",
        shared_on=dt.date(2025, 11, 3),
        location="/etc/passwd",
    )
    saved = services.resources.save(edited).value
    assert (saved.title, saved.note, saved.shared_on) == (
        "Wait time one-pager",
        "Talk it through",
        dt.date(2025, 11, 3),
    )
    assert saved.location == str(doc)
    cleared = services.resources.save(replace(saved, title="  ")).value
    assert cleared.title == doc.name  # an emptied title falls back to the file name


def test_a_cycle_lists_newest_shared_first_and_a_strategy_in_added_order(
    services: Services, tmp_path: Path
):
    cycle_id = _cycle(services)
    strategy_id = _strategy(services)
    first = services.resources.add_link(
        "https://a.example.org", cycle_id=cycle_id, shared_on=dt.date(2025, 10, 1)
    ).value
    second = services.resources.add_link(
        "https://b.example.org", cycle_id=cycle_id, shared_on=dt.date(2025, 11, 10)
    ).value
    assert [r.id for r in services.resources.for_cycle(cycle_id)] == [second.id, first.id]
    one = services.resources.add_link("https://x.example.org", strategy_id=strategy_id).value
    two = services.resources.add_link("https://y.example.org", strategy_id=strategy_id).value
    assert [r.id for r in services.resources.for_strategy(strategy_id)] == [one.id, two.id]
    assert services.resources.for_cycle(cycle_id + 1000) == []


def test_a_file_too_big_to_copy_in_is_refused_and_nothing_is_left(
    workspace: Workspace, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from coachdesk.storage import resource_files

    monkeypatch.setattr(resource_files, "MAX_COPY_BYTES", 10)
    cycle_id = _cycle(services)
    doc = _doc(tmp_path, "huge.pptx", b"x" * 11)
    with pytest.raises(ValidationError, match="untick"):
        services.resources.add_file(str(doc), cycle_id=cycle_id, copy_in=True)
    assert services.resources.for_cycle(cycle_id) == []
    assert not list((workspace.data_dir / "resources").glob("*"))
    kept = services.resources.add_file(str(doc), cycle_id=cycle_id).value  # by reference: fine
    assert services.resources.check(kept.id) is FileState.OK


def test_a_file_name_too_long_for_the_disk_is_refused_clearly(services: Services, tmp_path: Path):
    cycle_id = _cycle(services)
    too_long = str(tmp_path / ("x" * 5000 + ".pdf"))
    with pytest.raises(ValidationError, match="cannot use that file"):
        services.resources.add_file(too_long, cycle_id=cycle_id)
    assert services.resources.for_cycle(cycle_id) == []


def _files_in(folder: Path) -> list[str]:
    """Every file in the copies folder, hidden half-made copies included."""
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def test_copying_in_is_a_job_with_progress_then_a_record(
    workspace: Workspace, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from coachdesk.storage import resource_files

    monkeypatch.setattr(resource_files, "COPY_CHUNK", 4096)
    cycle_id = _cycle(services)
    doc = _doc(tmp_path, "Slides.PPTX", os.urandom(10 * 4096 + 7))
    steps: list[Progress] = []
    copy = run_job(services.resources.prepare_copy(str(doc)), steps.append)
    assert len(steps) >= 11
    assert [p.done for p in steps] == sorted(p.done for p in steps)
    assert steps[-1].done == steps[-1].total == 41  # KiB, rounded up
    assert "Slides.PPTX" in steps[-1].message
    assert services.resources.for_cycle(cycle_id) == []  # the job never writes the database
    assert Path(copy).read_bytes() == doc.read_bytes()
    assert Path(copy).stat().st_mode & 0o777 == 0o600

    changed = services.resources.add_copied_file(
        str(doc), copy, cycle_id=cycle_id, note="Before Tuesday", shared_on=TODAY
    )
    added = changed.value
    assert changed.changes.touches(Entity.RESOURCE)
    assert (added.title, added.location, added.copied_in) == ("Slides.PPTX", copy, True)
    assert added.fingerprint == fingerprint(doc)
    assert services.resources.check(added.id) is FileState.OK
    assert _files_in(workspace.data_dir / "resources") == [Path(copy).name]


def test_a_cancelled_copy_leaves_no_file_and_no_record(
    workspace: Workspace, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from coachdesk.storage import resource_files

    monkeypatch.setattr(resource_files, "COPY_CHUNK", 1024)
    cycle_id = _cycle(services)
    doc = _doc(tmp_path, "Deck.pdf", os.urandom(20 * 1024))
    folder = workspace.data_dir / "resources"
    token = CancelToken()
    job = services.resources.prepare_copy(str(doc), token)
    next(job), next(job), next(job)
    assert any(name.startswith(".copy.") for name in _files_in(folder))  # half made
    token.cancel()
    with pytest.raises(CancelledError):
        run_job(job)
    assert _files_in(folder) == []
    assert services.resources.for_cycle(cycle_id) == []

    closed = services.resources.prepare_copy(str(doc))  # as ui/jobs.py stops a cancelled job
    next(closed), next(closed)
    closed.close()
    assert _files_in(folder) == []
    assert doc.read_bytes()  # the coach's own file is untouched


def test_a_copy_the_disk_cannot_hold_is_refused_before_writing(
    workspace: Workspace, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    cycle_id = _cycle(services)
    doc = _doc(tmp_path, "Deck.pdf", b"x" * 2048)
    full = SimpleNamespace(total=10**9, used=10**9, free=5 * 1024 * 1024)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: full)
    with pytest.raises(StorageError, match=r"not enough free space.*5 MB free.*untick"):
        services.resources.add_file(str(doc), cycle_id=cycle_id, copy_in=True)
    assert _files_in(workspace.data_dir / "resources") == []
    assert services.resources.for_cycle(cycle_id) == []


def test_only_a_whole_copy_is_recorded_and_a_refused_record_sets_the_copy_aside(
    workspace: Workspace, services: Services, tmp_path: Path
):
    cycle_id = _cycle(services)
    doc = _doc(tmp_path)
    with pytest.raises(StorageError, match="missing or damaged"):
        services.resources.add_copied_file(str(doc), str(doc), cycle_id=cycle_id)
    assert doc.is_file()  # never touch the coach's own file
    copy = run_job(services.resources.prepare_copy(str(doc)))
    with pytest.raises(ValidationError):
        services.resources.add_copied_file(str(doc), copy, cycle_id=cycle_id, note="x" * 6000)
    with pytest.raises(NotFoundError):
        services.resources.add_copied_file(str(doc), copy, cycle_id=99999)
    assert services.resources.for_cycle(cycle_id) == []
    assert _files_in(workspace.data_dir / "resources") == []  # set aside, swept at next start
    Path(copy).write_bytes(b"changed")  # a copy altered meanwhile is not recorded as whole
    with pytest.raises(StorageError, match="missing or damaged"):
        services.resources.add_copied_file(str(doc), copy, cycle_id=cycle_id)


def test_a_copy_set_aside_while_copying_is_brought_back_for_the_record(
    services: Services, tmp_path: Path
):
    cycle_id = _cycle(services)
    doc = _doc(tmp_path)
    first = services.resources.add_file(str(doc), cycle_id=cycle_id, copy_in=True).value
    copy = run_job(services.resources.prepare_copy(str(doc)))  # the same document: one copy
    assert copy == first.location
    services.resources.delete(first.id)  # its last user goes: the copy is set aside
    assert not Path(copy).exists()
    added = services.resources.add_copied_file(str(doc), copy, cycle_id=cycle_id).value
    assert Path(copy).read_bytes() == doc.read_bytes()
    assert services.resources.check(added.id) is FileState.OK
