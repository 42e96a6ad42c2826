"""Hostile files: playbook and tag-set files of every broken kind, and files handed to
``coachdesk restore`` that are not sound backups. Each gets a clear message, within a time
bound, and the database is unchanged (a digest of every row, not of the file's bytes).

tests/core/test_import_files.py checks the parsers' messages for a few bad files; here every
case goes through the stores (and the command line) against a real database.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coachdesk.__main__ import main as cli
from coachdesk.core.errors import CoachDeskError, ImportFileError
from coachdesk.storage.backup import KEEP, BackupStore
from coachdesk.storage.workspace import DB_NAME, Workspace, open_workspace
from tests.reliability.support import ROOT, content_digest, time_limit

BOUND_S = 5.0


def strategy(**fields: Any) -> dict[str, Any]:
    return {
        "uid": "hostile/1",
        "title": "Cold call",
        "category": "questioning_feedback",
        "purpose": "Everyone thinks.",
        "wrong_choice_when": "Trust is low.",
        "steps": ["Ask", "Pause", "Name"],
        "look_fors": ["Wait time"],
        "problems": ["enlisting_participation"],
    } | fields


def playbook(*strategies: dict[str, Any], **top: Any) -> bytes:
    doc = {"format": "coachdesk-playbook", "version": 1, "name": "Hostile", "strategies": []}
    doc["strategies"] = list(strategies) or [strategy()]
    return json.dumps(doc | top, ensure_ascii=False).encode()


def tag_type(**fields: Any) -> dict[str, Any]:
    return {
        "label": "Open question",
        "colour": "#1a2b3c",
        "hotkey": "1",
        "polarity": "positive",
        "lead_s": 3,
        "lag_s": 0,
        "kind": "point",
    } | fields


def tag_set(*types: dict[str, Any], **top: Any) -> bytes:
    doc = {"format": "coachdesk-tagset", "version": 1, "uid": "hostile/set", "name": "Hostile"}
    doc["tag_types"] = list(types) or [tag_type()]
    return json.dumps(doc | top, ensure_ascii=False).encode()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One workspace for all refusals: each checks it changed nothing, so they cannot interfere."""
    ws = open_workspace(tmp_path_factory.mktemp("hostile") / "data")
    yield ws
    ws.close()


def assert_refused(workspace: Workspace, importer: str, data: bytes) -> str:
    """Import ``data``: it must be refused clearly, quickly, and change no row."""
    db = workspace.data_dir / DB_NAME
    before = content_digest(db)
    with time_limit(BOUND_S), pytest.raises(CoachDeskError) as refusal:
        getattr(workspace, importer).import_file(data)
    message = str(refusal.value)
    assert message[0].isupper(), message
    assert 10 < len(message) < 400, message
    assert "Traceback" not in message
    assert content_digest(db) == before
    return message


WRONG_VALUES = (None, 7, 2.5, True, [], {}, ["a", 1], "text")
PLAYBOOK_FIELDS = (
    "uid",
    "title",
    "category",
    "purpose",
    "wrong_choice_when",
    "steps",
    "look_fors",
    "problems",
)


def test_the_files_the_cases_are_made_from_are_good(workspace: Workspace):
    assert workspace.playbook.import_file(playbook()).value.added == 1
    assert workspace.tags.import_file(tag_set()).value.name == "Hostile"


ACCEPTABLE = {"uid": "text", "title": "text", "purpose": "text", "wrong_choice_when": "text"}


def _wrong_playbook_fields() -> list[tuple[str, object]]:
    """Every field with every value of the wrong type (an empty list is a fine list)."""
    return [
        (field, value)
        for field in PLAYBOOK_FIELDS
        for value in WRONG_VALUES
        if value != ACCEPTABLE.get(field) and not (value == [] and field not in ACCEPTABLE)
    ]


@pytest.mark.parametrize(("field", "value"), _wrong_playbook_fields())
def test_every_playbook_field_of_the_wrong_type_is_refused(
    shared: Workspace, field: str, value: object
):
    message = assert_refused(shared, "playbook", playbook(strategy(**{field: value})))
    assert "Strategy 1" in message
    assert field.rstrip("s").split("_")[0] in message.lower()  # it names what is wrong


MALFORMED_PLAYBOOKS = {
    "empty file": b"",
    "byte-order mark only": b"\xef\xbb\xbf",
    "cut off": playbook()[:-9],
    "trailing rubbish": playbook() + b"}}}",
    "JSON null": b"null",
    "JSON string": b'"coachdesk-playbook"',
    "NaN for the version": playbook().replace(b'"version": 1', b'"version": NaN'),
    "version as text": playbook(version="1"),
    "version as a float": playbook(version=1.0),
    "version true": playbook(version=True),
    "version from the future": playbook(version=2),
    "strategies as an object": playbook(strategies={"uid": "x"}),
    "a strategy that is a list": playbook(["uid", "title"]),  # type: ignore[arg-type]
    "name of the wrong type": playbook(name=["Hostile"]),
    "missing title": playbook(strategy(title="   ")),
    "missing uid": playbook({k: v for k, v in strategy().items() if k != "uid"}),
    "unknown category": playbook(strategy(category="questioning_feedback ")),
    "unknown problem": playbook(strategy(problems=["everything"])),
    "duplicate uids": playbook(strategy(), strategy(title="Another")),
    "invalid UTF-8": playbook().replace(b"Cold call", b"Cold \xc3\x28call"),
    "UTF-16": json.dumps(json.loads(playbook())).encode("utf-16"),
    "a lone surrogate escaped": playbook(strategy(title="Half \\ud800 a pair")).replace(
        b"\\\\ud800", b"\\ud800"
    ),
    "a 5000-digit number": playbook().replace(b'"version": 1', b'"version": ' + b"9" * 5000),
    "too deep (arrays)": b"[" * 10_000 + b"]" * 10_000,
    "too deep (objects)": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
    "too deep inside a strategy": playbook(strategy(steps=json.loads("[" * 21 + "]" * 21))),
    "over 5 MB": b" " * (5 * 1024 * 1024 + 1) + playbook(),
    "over 2000 strategies": playbook(*[strategy(uid=f"u{i}") for i in range(2001)]),
    "a 4 MB title": playbook(strategy(title="x" * 4_000_000)),
    "51 steps": playbook(strategy(steps=[f"Step {i}" for i in range(51)])),
}
FOREIGN_PLAYBOOKS = {
    "a tag-set file": tag_set(),
    "package.json": json.dumps({"name": "left-pad", "version": "1.3.0"}).encode(),
    "GeoJSON": json.dumps({"type": "FeatureCollection", "features": []}).encode(),
    "a format of the same family": playbook(format="coachdesk-playbook-v2"),
    "a PNG": b"\x89PNG\r\n\x1a\n" + os.urandom(2000),
    "a ZIP": b"PK\x03\x04" + os.urandom(2000),
    "an HTML page": b"<!doctype html><script>alert(1)</script>",
}


@pytest.mark.parametrize("data", MALFORMED_PLAYBOOKS.values(), ids=MALFORMED_PLAYBOOKS.keys())
def test_malformed_playbook_files_are_refused(shared: Workspace, data: bytes):
    assert_refused(shared, "playbook", data)


@pytest.mark.parametrize("data", FOREIGN_PLAYBOOKS.values(), ids=FOREIGN_PLAYBOOKS.keys())
def test_files_of_a_foreign_kind_are_refused_as_playbooks(shared: Workspace, data: bytes):
    message = assert_refused(shared, "playbook", data)
    assert any(why in message for why in ("coachdesk-playbook", "not text", "not valid JSON"))


def test_a_refusal_names_the_strategy_that_is_wrong(shared: Workspace):
    good = [strategy(uid=f"ok/{i}", title=f"Fine {i}") for i in range(1000)]
    bad = strategy(uid="bad", title="The broken one", steps="not a list")
    message = assert_refused(shared, "playbook", playbook(*good, bad))
    assert "Strategy 1001" in message
    assert "The broken one" in message


def test_a_large_valid_playbook_imports_within_the_bound(workspace: Workspace):
    words = "Why this works, at length. " * 80
    data = playbook(
        *[strategy(uid=f"big/{i}", title=f"Big {i}", purpose=words) for i in range(2000)]
    )
    assert 4_500_000 < len(data) < 5 * 1024 * 1024  # just under the limit
    with time_limit(BOUND_S * 2):
        report = workspace.playbook.import_file(data).value
    assert report.added == 2000


def test_an_imported_file_cannot_overwrite_bundled_or_own_strategies(workspace: Workspace):
    bundled = workspace.playbook.list()[0]
    before = workspace.playbook.get(bundled.id)
    hostile = strategy(uid=bundled.uid, title="Replaced!", purpose="Trojan text")
    report = workspace.playbook.import_file(playbook(hostile)).value
    assert report.kept_yours == 1
    assert workspace.playbook.get(bundled.id) == before


def test_bracket_characters_inside_text_are_not_nesting(workspace: Workspace):
    data = playbook(strategy(title="[" * 150, purpose="{" * 5000))
    assert workspace.playbook.import_file(data).value.added == 1


# -- tag-set files ----------------------------------------------------------------------------

TAG_TYPE_FIELDS = ("label", "colour", "hotkey", "polarity", "lead_s", "lag_s", "kind")


def _wrong_tag_type_fields() -> list[tuple[str, object]]:
    """Every field with values of the wrong type or out of range."""
    return [
        (field, value)
        for field in TAG_TYPE_FIELDS
        for value in (None, [], {}, True, "text", -1, 10**400, float("inf"))
        if not (field == "label" and value == "text")
    ]


@pytest.mark.parametrize(("field", "value"), _wrong_tag_type_fields())
def test_every_tag_type_field_of_the_wrong_type_is_refused(
    shared: Workspace, field: str, value: object
):
    data = tag_set(tag_type(**{field: value}))
    if isinstance(value, float):  # json.dumps writes Infinity, which Python's json reads
        assert b"Infinity" in data
    message = assert_refused(shared, "tags", data)
    assert "Tag type 1" in message
    assert field.split("_")[0] in message.lower()


MALFORMED_TAG_SETS = {
    "no tag types": tag_set(tag_types=[]),
    "tag types as an object": tag_set(tag_types={"label": "x"}),
    "name missing": tag_set(name=""),
    "name of the wrong type": tag_set(name=5),
    "uid of the wrong type": tag_set(uid=["x"]),
    "description of the wrong type": tag_set(description={"a": 1}),
    "61 tag types": tag_set(*[tag_type(label=f"T{i}", hotkey="") for i in range(61)]),
    "two labels the same": tag_set(tag_type(), tag_type(label="open QUESTION", hotkey="2")),
    "two hotkeys the same": tag_set(tag_type(label="A"), tag_type(label="B")),
    "a player key as hotkey": tag_set(tag_type(hotkey=" ")),
    "a colour that is CSS": tag_set(tag_type(colour="red; background:url(x)")),
    "a label of 61 characters": tag_set(tag_type(label="L" * 61)),
    "invalid UTF-8": tag_set().replace(b"Hostile", b"Host\xffile"),
    "too deep": b'{"format": "coachdesk-tagset", "x": ' + b"[" * 50 + b"]" * 50 + b"}",
    "over 5 MB": tag_set(description="d" * (5 * 1024 * 1024)),
    "a playbook file": playbook(),
    "a future version": tag_set(version=7),
}


@pytest.mark.parametrize("data", MALFORMED_TAG_SETS.values(), ids=MALFORMED_TAG_SETS.keys())
def test_malformed_tag_set_files_are_refused(shared: Workspace, data: bytes):
    assert_refused(shared, "tags", data)


def test_the_same_tag_set_imported_twice_is_kept_once(workspace: Workspace):
    first = workspace.tags.import_file(tag_set()).value
    before = content_digest(workspace.data_dir / DB_NAME)
    again = workspace.tags.import_file(tag_set(name="Renamed by a stranger")).value
    assert again == first
    assert content_digest(workspace.data_dir / DB_NAME) == before


# -- files given to `coachdesk restore` -------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a backup, and beside it a sound backup of another workspace."""
    root = tmp_path_factory.mktemp("restore")
    ws = open_workspace(root / "data")
    ws.coachees.add("Kept safe")
    ws.take_now()
    ws.close()
    ws = open_workspace(root / "other")
    ws.coachees.add("From the other workspace")
    shutil.copy(ws.take_now(), root / "sound.sqlite3")
    ws.close()
    shutil.rmtree(root / "other")
    return root


@pytest.fixture
def data_dir(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path, dirs_exist_ok=True)
    return tmp_path / "data"


def coachdesk_backup(folder: Path, name: str, edit: str | None = None) -> Path:
    """A real CoachDesk backup file of another workspace, optionally tampered with by SQL."""
    target = folder.parent / name
    shutil.copy(folder.parent / "sound.sqlite3", target)
    if edit:
        connection = sqlite3.connect(target)
        connection.execute(edit)
        connection.commit()
        connection.close()
    return target


def _zip_escaping() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../escaped-from-zip.sqlite3", b"SQLite format 3\x00" + b"\x00" * 100)
    return buffer.getvalue()


def _tar_escaping() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("../../escaped-from-tar.sqlite3")
        payload = b"SQLite format 3\x00" + b"\x00" * 100
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


def _foreign_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('scones')")
    connection.commit()
    connection.close()


def _truncated(folder: Path, name: str, keep: float) -> Path:
    path = coachdesk_backup(folder, name)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


BAD_BACKUPS = {
    "text": lambda f: f.parent / "notes.txt",
    "empty": lambda f: f.parent / "empty.sqlite3",
    "random bytes": lambda f: f.parent / "noise.sqlite3",
    "a ZIP whose entry escapes": lambda f: f.parent / "backup.zip",
    "a tar whose entry escapes": lambda f: f.parent / "backup.tar",
    "a foreign SQLite file": lambda f: f.parent / "recipes.sqlite3",
    "truncated to half": lambda f: _truncated(f, "half.sqlite3", 0.5),
    "truncated to its header": lambda f: _truncated(f, "header.sqlite3", 0.0002),
    "from a newer CoachDesk": lambda f: coachdesk_backup(
        f, "newer.sqlite3", "UPDATE alembic_version SET version_num = '0099_future'"
    ),
    "without a schema version": lambda f: coachdesk_backup(
        f, "unversioned.sqlite3", "DROP TABLE alembic_version"
    ),
    "a folder": lambda f: f.parent,
    "missing": lambda f: f.parent / "not-there.sqlite3",
}


def _write_bad_files(folder: Path) -> None:
    (folder.parent / "notes.txt").write_text("Shopping: milk, eggs\n")
    (folder.parent / "empty.sqlite3").write_bytes(b"")
    (folder.parent / "noise.sqlite3").write_bytes(os.urandom(50_000))
    (folder.parent / "backup.zip").write_bytes(_zip_escaping())
    (folder.parent / "backup.tar").write_bytes(_tar_escaping())
    _foreign_sqlite(folder.parent / "recipes.sqlite3")


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("make", BAD_BACKUPS.values(), ids=BAD_BACKUPS.keys())
def test_restore_refuses_what_is_not_a_sound_backup(
    data_dir: Path, make: Any, capsys: pytest.CaptureFixture[str]
):
    _write_bad_files(data_dir)
    backup = make(data_dir)
    before, files = content_digest(data_dir / DB_NAME), _tree(data_dir.parent)
    with time_limit(BOUND_S):
        code = cli(["--data-dir", str(data_dir), "restore", str(backup)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("coachdesk: ")
    assert str(backup.name) in err, err
    assert "Traceback" not in err
    assert content_digest(data_dir / DB_NAME) == before
    assert _tree(data_dir.parent) == files  # no safety copy, nothing extracted anywhere
    assert not list(data_dir.parent.parent.rglob("escaped-from-*"))


def test_a_backup_outside_the_backups_folder_restores_only_when_named(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    elsewhere = tmp_path / "USB stick" / "Sauvegarde d’été — copie (2).sqlite3"
    elsewhere.parent.mkdir()
    shutil.move(coachdesk_backup(data_dir, "x.sqlite3"), elsewhere)
    listed = {b.path for b in BackupStore(data_dir / "backups").list()}
    assert elsewhere not in listed  # never offered: only a path typed in full restores it
    outside_before = _tree(elsewhere.parent)
    assert cli(["--data-dir", str(data_dir), "restore", str(elsewhere)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert _tree(elsewhere.parent) == outside_before  # read, never written or extracted
    ws = open_workspace(data_dir)
    names = {c.name for c in ws.coachees.list()}
    ws.close()
    assert "From the other workspace" in names
    reasons = [b.reason for b in BackupStore(data_dir / "backups").list()]
    assert "prerestore" in reasons


def test_a_name_with_spaces_and_accents_restores_from_the_command_line(data_dir: Path):
    backup = coachdesk_backup(data_dir, "Copie de sécurité – Zoë (1).sqlite3")
    for locale in ("C",):  # the hostile one: no UTF-8 in the locale
        command = ["--data-dir", str(data_dir), "restore", str(backup)]
        result = subprocess.run(
            [sys.executable, "-m", "coachdesk", *command],
            cwd=ROOT,
            env={**os.environ, "LC_ALL": locale, "LANG": locale},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr


def test_rotation_never_follows_a_link_out_of_the_backups_folder(data_dir: Path, tmp_path: Path):
    precious = tmp_path / "precious.txt"
    precious.write_text("not a backup")
    store = BackupStore(data_dir / "backups")
    (store.folder / "coachdesk-20000101-000000-daily.sqlite3").symlink_to(precious)
    for _ in range(KEEP + 2):
        store.take(data_dir / DB_NAME, "manual")
    assert len(store.list()) == KEEP
    assert precious.read_text() == "not a backup"


def test_a_refused_import_through_the_window_changes_nothing(
    qapp: object, services: Any, tmp_path: Path
):
    from coachdesk.ui.context import UiContext
    from coachdesk.ui.panes.playbook_files import import_playbook

    ctx = UiContext(services)
    problems: list[str] = []
    ctx.problem.connect(problems.append)
    db = services.data_dir / DB_NAME
    before = content_digest(db)
    cases = {
        "missing.json": None,
        "huge.json": b" " * (6 * 1024 * 1024),
        "tag set.json": tag_set(),
        "dup.json": playbook(strategy(), strategy()),
    }
    for name, data in cases.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
        with time_limit(BOUND_S):
            assert import_playbook(ctx, tmp_path / name) is None
    folder = tmp_path / "a folder.json"
    folder.mkdir()
    assert import_playbook(ctx, folder) is None
    assert len(problems) == len(cases) + 1
    assert all(name in text for name, text in zip([*cases, folder.name], problems, strict=True))
    assert all("Traceback" not in p for p in problems)
    assert content_digest(db) == before
    with pytest.raises(ImportFileError):
        services.playbook.import_file(b"{")
