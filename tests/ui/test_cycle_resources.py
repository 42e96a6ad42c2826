"""The cycle's Resources tab and the playbook's Resources section, driven as a coach would."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QProgressDialog, QPushButton

from coachdesk.core.jobs import CancelToken, Job
from coachdesk.core.resources import FileState
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.link_dialog import LinkDialog
from coachdesk.ui.models.resource_list_model import KIND, NOTE, SHARED, STATE, TITLE
from coachdesk.ui.panes.cycle_resources import CycleResourcesPanel
from coachdesk.ui.panes.cycle_workspace import CycleWorkspace
from coachdesk.ui.panes.playbook_pane import PlaybookPane
from coachdesk.ui.panes.strategy_resources import StrategyResources
from tests.conftest import TODAY


@pytest.fixture
def cycle_ctx(ctx: UiContext) -> UiContext:
    coachee = ctx.services.coachees.add("Ana Ruiz", today=TODAY).value
    ctx.select_coachee(coachee.id)
    ctx.select_cycle(ctx.services.cycles.start(coachee.id, TODAY).value.id)
    return ctx


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """Capture what would be handed to the system instead of launching a program."""
    urls: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(fake_open))
    return urls


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
    answer = (str(path) if path else "", "")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: answer))


def _type_link(
    monkeypatch: pytest.MonkeyPatch, url: str, title: str = "", note: str = ""
) -> dict[str, str]:
    """Fill the real link dialog and press OK; return the error it showed, if any."""
    seen = {"error": ""}

    def fake_exec(dialog: LinkDialog) -> int:
        dialog.url.setText(url)
        dialog.title.setText(title)
        dialog.note.setPlainText(note)
        dialog._on_buttons_accepted()  # stays open (not accepted) on an address it refuses
        seen["error"] = "" if dialog.error.isHidden() else dialog.error.text()
        return dialog.result()

    monkeypatch.setattr(LinkDialog, "exec", fake_exec)
    return seen


def _wait_for_copy(qtbot, panel: CycleResourcesPanel | StrategyResources) -> None:
    """Wait for the copy running off the GUI thread to end (the record is added then)."""
    assert panel.copying is not None  # started as a job, not run inline
    qtbot.waitUntil(lambda: panel.copying is None, timeout=10_000)


def _doc(tmp_path: Path, name: str = "Wait time.pdf", data: bytes = b"%PDF wait time") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _cell(panel: CycleResourcesPanel, row: int, column: int) -> str:
    return str(panel.model.index(row, panel.model.column_of(column)).data())


def test_the_resources_tab_is_in_the_cycle_workspace(qtbot, cycle_ctx: UiContext):
    workspace = CycleWorkspace(cycle_ctx)
    qtbot.addWidget(workspace)
    workspace.show_tab("Resources")
    assert workspace.tabs.tabText(workspace.tabs.currentIndex()) == "Resources"
    assert workspace.resources_panel.add_file_button.isEnabled()


def test_add_a_file_by_reference_then_undo_and_redo(
    qtbot, cycle_ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    panel = CycleResourcesPanel(cycle_ctx)
    qtbot.addWidget(panel)
    assert not panel.list.isVisibleTo(panel)
    doc = _doc(tmp_path)
    _choose(monkeypatch, doc)
    panel.add_file_button.click()
    assert panel.model.rowCount() == 1
    assert _cell(panel, 0, TITLE) == "Wait time.pdf"
    assert _cell(panel, 0, KIND) == "File"
    assert _cell(panel, 0, SHARED) == "12 Nov 2025"
    assert _cell(panel, 0, STATE) == ""
    assert "1 resource" in panel.summary.text()
    assert "Ana Ruiz" in panel.summary.text()
    stored = cycle_ctx.services.resources.for_cycle(cycle_ctx.cycle_id)  # type: ignore[arg-type]
    assert [r.location for r in stored] == [str(doc)]

    cycle_ctx.undo_stack.undo()
    assert panel.model.rowCount() == 0
    cycle_ctx.undo_stack.redo()
    assert panel.model.rowCount() == 1
    assert panel.selected_resource() is not None


def test_copy_into_coachdesk_keeps_a_copy_that_opens_after_the_original_is_gone(
    qtbot,
    cycle_ctx: UiContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
):
    panel = CycleResourcesPanel(cycle_ctx)
    qtbot.addWidget(panel)
    doc = _doc(tmp_path, "Seating plan.png", b"\x89PNG seating")
    _choose(monkeypatch, doc)
    panel.copy_in.setChecked(True)
    panel.add_file_button.click()
    _wait_for_copy(qtbot, panel)
    assert _cell(panel, 0, KIND) == "File (copy)"
    doc.unlink()
    panel.refresh()
    assert _cell(panel, 0, STATE) == ""
    panel.open_button.click()
    copy = cycle_ctx.services.data_dir / "resources"
    assert len(opened) == 1
    assert Path(opened[0].toLocalFile()).parent == copy
    assert Path(opened[0].toLocalFile()).read_bytes() == b"\x89PNG seating"


def test_open_hands_the_file_or_link_to_the_system(
    qtbot,
    cycle_ctx: UiContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
):
    panel = CycleResourcesPanel(cycle_ctx)
    qtbot.addWidget(panel)
    doc = _doc(tmp_path)
    panel.add_file(str(doc))
    panel.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(doc))]
    _type_link(monkeypatch, "https://www.example.org/wait-time", note="Watch the first 3 min")
    panel.add_link_button.click()
    assert panel.selected_resource().title == "example.org"  # type: ignore[union-attr]
    assert _cell(panel, panel.list.currentIndex().row(), NOTE) == "Watch the first 3 min"
    panel.list.activated.emit(panel.list.currentIndex())  # double-click / Enter opens too
    assert opened[-1] == QUrl("https://www.example.org/wait-time")


def test_a_refused_link_adds_nothing_and_says_why(
    qtbot, cycle_ctx: UiContext, monkeypatch: pytest.MonkeyPatch, opened: list[QUrl]
):
    panel = CycleResourcesPanel(cycle_ctx)
    qtbot.addWidget(panel)
    seen = _type_link(monkeypatch, "javascript:alert(1)")
    assert panel.choose_link() is None
    assert "web and e-mail links only" in seen["error"]
    assert panel.model.rowCount() == 0
    assert cycle_ctx.services.resources.for_cycle(cycle_ctx.cycle_id) == []  # type: ignore[arg-type]
    problems: list[str] = []
    cycle_ctx.problem.connect(problems.append)
    assert panel.add_link("file:///etc/passwd") is None  # refused by the service too
    assert problems
    assert "web and e-mail" in problems[0]
    assert cycle_ctx.undo_stack.count() == 0
    assert opened == []


def test_a_moved_file_is_flagged_and_can_be_found_again(
    qtbot,
    cycle_ctx: UiContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
):
    panel = CycleResourcesPanel(cycle_ctx)
    panel.show()
    qtbot.addWidget(panel)
    doc = _doc(tmp_path)
    panel.add_file(str(doc))
    assert not panel.find_button.isVisibleTo(panel)
    moved = doc.rename(tmp_path / "moved.pdf")
    panel.refresh()
    assert _cell(panel, 0, STATE) == FileState.MISSING.warning
    assert panel.find_button.isVisibleTo(panel)
    assert not panel.open_button.isEnabled()
    problems: list[str] = []
    cycle_ctx.problem.connect(problems.append)
    assert not panel.open_selected()
    assert "Find it" in problems[0]
    assert opened == []

    _choose(monkeypatch, moved)
    panel.find_button.click()
    assert _cell(panel, 0, STATE) == ""
    assert not panel.find_button.isVisibleTo(panel)
    panel.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(moved))]


def test_edit_title_note_and_date_shared_undoably(qtbot, cycle_ctx: UiContext, tmp_path: Path):
    panel = CycleResourcesPanel(cycle_ctx)
    qtbot.addWidget(panel)
    added = panel.add_file(str(_doc(tmp_path)))
    assert added is not None
    service = cycle_ctx.services.resources
    panel.title.setText("Wait time one-pager")
    panel.title.editingFinished.emit()
    panel.note.setPlainText("Read before Tuesday's lesson")
    panel.note.flush()
    panel.shared.setChecked(False)
    saved = service.get(added.id)
    assert (saved.title, saved.note, saved.shared_on) == (
        "Wait time one-pager",
        "Read before Tuesday's lesson",
        None,
    )
    assert _cell(panel, 0, SHARED) == "not yet"
    panel.shared.setChecked(True)
    assert service.get(added.id).shared_on == TODAY
    for _ in range(4):
        cycle_ctx.undo_stack.undo()
    assert service.get(added.id) == added
    assert panel.title.text() == "Wait time.pdf"


def test_remove_is_undoable(qtbot, cycle_ctx: UiContext, tmp_path: Path):
    panel = CycleResourcesPanel(cycle_ctx)
    qtbot.addWidget(panel)
    assert panel.add_file(str(_doc(tmp_path)), copy_in=True) is None  # copying meanwhile
    _wait_for_copy(qtbot, panel)
    added = panel.selected_resource()
    assert added is not None
    assert added.copied_in
    copy = Path(added.location)
    panel.remove_button.click()
    assert panel.model.rowCount() == 0
    assert not copy.exists()
    cycle_ctx.undo_stack.undo()
    assert panel.model.rowCount() == 1
    assert copy.is_file()
    assert cycle_ctx.services.resources.check(added.id) is FileState.OK


def test_share_a_playbook_resource_with_the_teacher(
    qtbot, cycle_ctx: UiContext, tmp_path: Path, opened: list[QUrl]
):
    services = cycle_ctx.services
    strategy = services.playbook.list()[0]
    on_strategy = services.resources.add_link(
        "https://example.org/how-to", strategy_id=strategy.id, note="The two-minute version"
    ).value
    panel = CycleResourcesPanel(cycle_ctx)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.playbook_list.isVisibleTo(panel)
    assert "Choose a strategy" in panel.playbook_hint.text()

    services.cycles.choose_strategy(cycle_ctx.cycle_id, strategy.id, TODAY)  # type: ignore[arg-type]
    panel.refresh()
    assert panel.playbook_list.isVisibleTo(panel)
    assert strategy.title in panel.playbook_hint.text()
    assert panel.selected_playbook_resource() == on_strategy
    panel.open_playbook_button.click()
    assert opened == [QUrl("https://example.org/how-to")]

    panel.share_button.click()
    shared = panel.selected_resource()
    assert shared is not None
    assert (shared.cycle_id, shared.shared_on, shared.note) == (
        cycle_ctx.cycle_id,
        TODAY,
        "The two-minute version",
    )
    assert services.resources.for_strategy(strategy.id) == [on_strategy]  # left as it was
    cycle_ctx.undo_stack.undo()
    assert panel.model.rowCount() == 0


def test_the_playbook_keeps_resources_with_a_strategy(
    qtbot,
    ctx: UiContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
):
    pane = PlaybookPane(ctx)
    qtbot.addWidget(pane)
    section = pane.resources
    strategy = pane.selected_strategy()
    assert strategy is not None
    assert section.strategy_id == strategy.id
    assert "none yet" in section.hint.text()

    doc = _doc(tmp_path, "Cold call one-pager.pdf")
    _choose(monkeypatch, doc)
    section.add_file_action.trigger()
    _type_link(monkeypatch, "mailto:coach@school.org", title="Ask me")
    section.add_link_action.trigger()
    stored = ctx.services.resources.for_strategy(strategy.id)
    assert [r.title for r in stored] == ["Cold call one-pager.pdf", "Ask me"]
    assert [r.copied_in for r in stored] == [False, False]
    assert section.model.rowCount() == 2
    assert "everyone" in section.hint.text()

    section.open_button.click()
    assert opened == [QUrl("mailto:coach@school.org")]
    monkeypatch.setattr(
        QInputDialog,
        "getMultiLineText",
        staticmethod(lambda *_a, **_k: ("Ask before a hard lesson", True)),
    )
    section.note_button.click()
    assert ctx.services.resources.get(stored[1].id).note == "Ask before a hard lesson"

    section.remove_button.click()
    assert [r.title for r in ctx.services.resources.for_strategy(strategy.id)] == [
        "Cold call one-pager.pdf"
    ]
    ctx.undo_stack.undo()
    assert section.model.rowCount() == 2

    other = pane.model.strategy_at(pane.model.index(1, 0))
    assert other is not None
    pane.select_strategy(other.id)
    assert section.strategy_id == other.id
    assert section.model.rowCount() == 0
    section.add_copy_action.trigger()  # the same document, copied in for this one
    _wait_for_copy(qtbot, section)
    (copied,) = ctx.services.resources.for_strategy(other.id)
    assert copied.copied_in
    assert Path(copied.location).read_bytes() == doc.read_bytes()


Gate = tuple[threading.Event, list[threading.Thread]]


@pytest.fixture
def gate(cycle_ctx: UiContext, monkeypatch: pytest.MonkeyPatch) -> Gate:
    """Hold the copy job at its start until the test opens the gate; note its thread."""
    store = cycle_ctx.services.resources
    real = store.prepare_copy
    opened = threading.Event()
    threads: list[threading.Thread] = []

    def gated(path: str, token: CancelToken | None = None) -> Job[str]:
        threads.append(threading.current_thread())
        assert opened.wait(10), "the test never let the copy go on"
        return (yield from real(path, token))

    monkeypatch.setattr(store, "prepare_copy", gated)
    return opened, threads


def test_copying_in_runs_as_a_job_off_the_gui_thread_with_progress(
    qtbot,
    cycle_ctx: UiContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    gate: Gate,
):
    from coachdesk.storage import resource_files

    monkeypatch.setattr(resource_files, "COPY_CHUNK", 4096)
    opened, threads = gate
    panel = CycleResourcesPanel(cycle_ctx)
    qtbot.addWidget(panel)
    statuses: list[str] = []
    cycle_ctx.status.connect(statuses.append)
    doc = _doc(tmp_path, "Unit slides.pptx", b"s" * (40 * 4096))

    assert panel.add_file(str(doc), copy_in=True) is None  # returns at once: nothing waits
    job = panel.copying
    assert job is not None
    steps: list[tuple[int, int]] = []
    job.progress.connect(lambda done, total, _m: steps.append((done, total)))
    qtbot.waitUntil(lambda: bool(threads), timeout=5_000)
    assert threads[0] is not threading.main_thread()  # on the thread pool
    qtbot.wait(50)  # the GUI thread goes on handling events while the copy waits
    assert not job.done
    assert panel.model.rowCount() == 0
    assert not panel.add_file_button.isEnabled()  # one copy at a time
    assert statuses[-1] == "Copying “Unit slides.pptx” into CoachDesk…"
    (dialog,) = panel.findChildren(QProgressDialog)
    assert "Unit slides.pptx" in dialog.labelText()
    del job, dialog  # the panel alone keeps the job until every handler has run

    opened.set()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert panel.copying is None
    assert len(steps) > 10
    assert steps[-1] == (160, 160)
    assert panel.add_file_button.isEnabled()
    added = panel.selected_resource()
    assert added is not None
    assert added.copied_in
    assert _cell(panel, 0, KIND) == "File (copy)"
    assert Path(added.location).read_bytes() == doc.read_bytes()
    qtbot.waitUntil(lambda: not panel.findChildren(QProgressDialog), timeout=5_000)

    cycle_ctx.undo_stack.undo()  # the copy is undoable like any other edit
    assert panel.model.rowCount() == 0
    assert not Path(added.location).exists()
    cycle_ctx.undo_stack.redo()
    assert panel.model.rowCount() == 1


def test_cancelling_a_copy_leaves_no_file_and_no_record(
    qtbot, cycle_ctx: UiContext, tmp_path: Path, gate: Gate
):
    opened, threads = gate
    panel = CycleResourcesPanel(cycle_ctx)
    qtbot.addWidget(panel)
    statuses: list[str] = []
    cycle_ctx.status.connect(statuses.append)
    panel.add_file(str(_doc(tmp_path, "Deck.pdf", b"d" * 100_000)), copy_in=True)
    qtbot.waitUntil(lambda: bool(threads), timeout=5_000)
    (dialog,) = panel.findChildren(QProgressDialog)
    (cancel,) = dialog.findChildren(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()  # the coach presses Cancel
    opened.set()
    qtbot.waitUntil(lambda: panel.copying is None, timeout=10_000)
    assert panel.model.rowCount() == 0
    assert cycle_ctx.services.resources.for_cycle(cycle_ctx.cycle_id) == []  # type: ignore[arg-type]
    copies = cycle_ctx.services.data_dir / "resources"
    assert not copies.is_dir() or not [p for p in copies.iterdir() if p.is_file()]
    assert statuses[-1] == "Copying “Deck.pdf” was cancelled; nothing was added."
    assert not cycle_ctx.undo_stack.canUndo()
    assert panel.add_file_button.isEnabled()


def test_a_copy_the_disk_cannot_hold_is_explained_and_nothing_is_added(
    qtbot, ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    full = SimpleNamespace(total=10**9, used=10**9, free=1024)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: full)
    pane = PlaybookPane(ctx)
    qtbot.addWidget(pane)
    section = pane.resources
    problems: list[str] = []
    ctx.problem.connect(problems.append)
    _choose(monkeypatch, _doc(tmp_path))
    section.add_copy_action.trigger()
    assert not section.add_copy_action.isEnabled()
    _wait_for_copy(qtbot, section)
    assert section.add_copy_action.isEnabled()
    assert len(problems) == 1
    assert "not enough free space to copy Wait time.pdf" in problems[0]
    assert section.model.rowCount() == 0
