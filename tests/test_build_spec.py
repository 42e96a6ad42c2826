"""build.spec (PyInstaller) names what the frozen app needs; the real build is bench/build_figures.

The spec's pure helpers (what to bundle, which Qt files to leave out) are run here without
PyInstaller; the whole spec is run with stand-ins for PyInstaller's build steps when it is
installed (the `dev` extra), so a broken spec shows up without a two-minute build.
"""

from __future__ import annotations

import ast
import re
import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"
HELPERS = {"_migration_files", "_migration_imports", "_parts", "_plugin_names", "_unused_qt_file"}
CONSTANTS = {"ROOT", "MIGRATIONS", "UNUSED_QT_MODULES", "UNUSED_PYTHON", "KEPT_PLUGINS"}
QT_IMPORT = re.compile(r"^\s*(?:from|import)\s+(PySide6\.Qt\w+)", re.MULTILINE)


def _pure(node: ast.stmt) -> bool:
    """Say whether a top-level statement of the spec runs without PyInstaller."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        return not (module or "").startswith("PyInstaller")
    if isinstance(node, ast.FunctionDef):
        return node.name in HELPERS
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id in CONSTANTS for t in node.targets)
    return False


def spec_helpers() -> dict[str, Any]:
    """Run the spec's standard-library imports, constants and pure helpers; nothing else."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), str(SPEC))
    pure = ast.Module(body=[node for node in tree.body if _pure(node)], type_ignores=[])
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT)}
    exec(compile(pure, str(SPEC), "exec"), namespace)
    return namespace


def qt_modules_the_app_imports() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "coachdesk").rglob("*.py"):
        found.update(QT_IMPORT.findall(path.read_text(encoding="utf-8")))
    return found


def test_spec_compiles() -> None:
    compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")


def test_resources_go_to_the_bundle_root_where_resources_py_looks() -> None:
    source = SPEC.read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in source
    finder = (ROOT / "coachdesk" / "resources.py").read_text(encoding="utf-8")
    assert '_MEIPASS", None)' in finder
    assert 'Path(frozen) / "resources"' in finder


def test_every_migration_script_ships_as_a_file() -> None:
    files = spec_helpers()["_migration_files"]()
    shipped = {(Path(src).name, dest) for src, dest in files}
    migrations = "coachdesk/storage/migrations"
    assert ("env.py", migrations) in shipped
    assert ("script.py.mako", migrations) in shipped
    versions = sorted((ROOT / migrations / "versions").glob("*.py"))
    assert versions
    for script in versions:
        assert (script.name, f"{migrations}/versions") in shipped


def test_what_the_migrations_import_is_bundled() -> None:
    imports = spec_helpers()["_migration_imports"]()
    assert {"alembic", "sqlalchemy", "coachdesk.storage.rows"} <= set(imports)


def test_alembic_data_and_the_media_backend_are_named() -> None:
    source = SPEC.read_text(encoding="utf-8")
    assert 'collect_data_files("alembic")' in source
    assert '"PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets"' in source
    assert spec_helpers()["KEPT_PLUGINS"]["multimedia"] is None


def test_no_qt_module_the_app_imports_is_left_out() -> None:
    used = qt_modules_the_app_imports()
    assert "PySide6.QtMultimedia" in used
    left_out = set(spec_helpers()["UNUSED_QT_MODULES"])
    assert not used & left_out, "build.spec leaves out a Qt module CoachDesk imports"
    assert {"PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtQuick"} <= left_out


@pytest.mark.parametrize(
    ("dest", "left_out"),
    [
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", False),
        ("PySide6/plugins/multimedia/ffmpegmediaplugin.dll", False),
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.dylib", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/plugins/platforms/qwindows.dll", False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/plugins/imageformats/qsvg.dll", False),
        (
            "PySide6/Qt/plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
            False,
        ),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", False),
        ("PySide6/Qt/lib/libQt6Multimedia.so.6", False),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/translations/qt_fr.qm", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", True),
        ("PySide6/plugins/imageformats/qtiff.dll", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
        ("PySide6/Qt/plugins/generic/libqevdevtouchplugin.so", True),
        ("resources/translations/notes.json", False),
        ("cv2/cv2.abi3.so", False),
    ],
)
def test_unused_qt_files_are_left_out(dest: str, left_out: bool) -> None:
    assert spec_helpers()["_unused_qt_file"](dest) is left_out


class _Step:
    """Stands in for PyInstaller's Analysis, PYZ, EXE, COLLECT and BUNDLE: records its inputs."""

    made: list[_Step] = []  # noqa: RUF012 - one list per test run, reset by the test

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []
        self.pure: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[str, str, str]] = []
        self.made.append(self)


def test_the_whole_spec_runs_with_pyinstaller_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("PyInstaller")
    monkeypatch.delenv("COACHDESK_BUILD_UNTRIMMED", raising=False)
    monkeypatch.delenv("COACHDESK_BUILD_PROBE", raising=False)
    _Step.made = []
    steps = {name: _Step for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    runpy.run_path(
        str(SPEC),
        init_globals={"SPECPATH": str(ROOT), "workpath": str(tmp_path), **steps},
    )
    analysis = _Step.made[0]
    launcher = Path(analysis.args[0][0])
    assert "from coachdesk.__main__ import main" in launcher.read_text(encoding="utf-8")
    kwargs = SimpleNamespace(**analysis.kwargs)
    dests = {dest for _src, dest in kwargs.datas}
    assert {"resources", "coachdesk/storage/migrations/versions"} <= dests
    assert any(dest.startswith("alembic") for dest in dests)
    assert {
        "coachdesk.app",
        "coachdesk.ui.main_window",
        "coachdesk.storage.sqlite.fulltext",
        "PySide6.QtMultimedia",
        "PySide6.QtMultimediaWidgets",
    } <= set(kwargs.hiddenimports)
    assert "PySide6.QtWebEngineCore" in kwargs.excludes
    program = next(step for step in _Step.made if "exclude_binaries" in step.kwargs)
    assert program.kwargs["name"] == "coachdesk"
    assert program.kwargs["exclude_binaries"] is True  # one folder, not one self-extracting file
