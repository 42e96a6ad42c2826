"""The export dialogs: preview and leave items out, choose a period, save where the coach says."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coachdesk.core.services import Services
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.export_log_dialog import ExportLogDialog
from coachdesk.ui.dialogs.export_runner import FOLDER_KEY, safe_file_name
from coachdesk.ui.dialogs.export_summary_dialog import ExportSummaryDialog
from coachdesk.ui.dialogs.export_tags import export_tags
from tests.conftest import TODAY
from tests.export.conftest import HOSTILE_NOTE, PROBE
from tests.export.page_parser import Page

SAVE_TIMEOUT_MS = 30_000


def tom_session(services: Services) -> tuple[int, int]:
    tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
    cycle = services.cycles.list(tom.id)[0]
    return cycle.id, services.sessions.list(cycle.id)[0].id


def add_tagged_clip(services: Services, cycle_id: int, folder: Path) -> str:
    observation = next(o for o in services.observations.list(cycle_id) if o.mode.value == "video")
    clip = services.clips.add(observation.id, str(folder / "missing.mp4"), "fp-ui", PROBE).value
    kind = services.tags.tag_sets()[0].types[0]
    services.tags.add_tag(clip.id, kind.id, 42_000, None, HOSTILE_NOTE)
    return kind.label


def open_summary(qtbot: QtBot, ctx: UiContext, **kwargs: object) -> ExportSummaryDialog:
    dialog = ExportSummaryDialog(ctx, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.pictures_pending, timeout=SAVE_TIMEOUT_MS)
    return dialog


def test_preview_shows_the_session_and_items_can_be_left_out(
    qtbot: QtBot, demo_ctx: UiContext, tmp_path: Path
):
    cycle_id, session_id = tom_session(demo_ctx.services)
    label = add_tagged_clip(demo_ctx.services, cycle_id, tmp_path)
    dialog = open_summary(qtbot, demo_ctx, session_id=session_id)
    text = Page(dialog.preview_html()).text
    assert "Most students can explain the particle model" in text
    assert "Plan three cold-call questions" in text
    assert label in text
    assert HOSTILE_NOTE in text
    assert "Plan three cold-call questions" in dialog.preview.toPlainText()
    dialog.part_boxes["actions"].setChecked(False)
    dialog.refresh_preview()
    assert "Plan three cold-call questions" not in Page(dialog.preview_html()).text
    assert "Plan three cold-call questions" not in dialog.preview.toPlainText()
    assert dialog.parts().actions is False


def test_unticking_an_observation_removes_its_evidence(
    qtbot: QtBot, demo_ctx: UiContext, tmp_path: Path
):
    cycle_id, session_id = tom_session(demo_ctx.services)
    label = add_tagged_clip(demo_ctx.services, cycle_id, tmp_path)
    dialog = open_summary(qtbot, demo_ctx, session_id=session_id)
    (observation_id, box), *_ = dialog.observation_boxes.items()
    assert box.isChecked()
    assert dialog.observation_ids() == [observation_id]
    box.setChecked(False)
    assert dialog.observation_ids() == []
    assert label not in Page(dialog.preview_html()).text


def test_the_cycle_picks_its_latest_session(qtbot: QtBot, demo_ctx: UiContext):
    cycle_id, session_id = tom_session(demo_ctx.services)
    later = demo_ctx.services.sessions.add(cycle_id, TODAY).value
    dialog = open_summary(qtbot, demo_ctx, cycle_id=cycle_id)
    assert dialog.session_id == later.id
    assert dialog.session_combo.count() == 2
    dialog.session_combo.setCurrentIndex(dialog.session_combo.findData(session_id))
    assert dialog.session_id == session_id
    assert "Looked at the tally" in Page(dialog.preview_html()).text


def test_a_cycle_without_sessions_says_what_to_do(qtbot: QtBot, demo_ctx: UiContext):
    services = demo_ctx.services
    coachee = services.coachees.add("New Colleague").value
    cycle = services.cycles.start(coachee.id, TODAY).value
    dialog = open_summary(qtbot, demo_ctx, cycle_id=cycle.id)
    assert "No coaching sessions in this cycle yet" in dialog.preview.toPlainText()
    assert not dialog.pdf_button.isEnabled()
    assert not dialog.html_button.isEnabled()


def test_save_html_tells_the_coach_where_it_went(qtbot: QtBot, demo_ctx: UiContext, tmp_path: Path):
    _, session_id = tom_session(demo_ctx.services)
    dialog = open_summary(qtbot, demo_ctx, session_id=session_id)
    dialog.part_boxes["reflections"].setChecked(False)
    out = tmp_path / "out" / "summary.html"
    out.parent.mkdir()
    with (
        qtbot.waitSignal(dialog.saved, timeout=SAVE_TIMEOUT_MS) as saved,
        qtbot.waitSignal(demo_ctx.status, timeout=SAVE_TIMEOUT_MS) as status,
    ):
        dialog.save(out, "html")
    assert saved.args == [out]
    assert str(out) in status.args[0]
    assert str(out) in dialog.status.text()
    text = Page(out.read_text(encoding="utf-8")).text
    assert "Most students can explain the particle model" in text
    assert "Did the steps happen?" not in text
    assert demo_ctx.services.settings.get(FOLDER_KEY) == str(out.parent)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_save_pdf(qtbot: QtBot, demo_ctx: UiContext, tmp_path: Path):
    _, session_id = tom_session(demo_ctx.services)
    dialog = open_summary(qtbot, demo_ctx, session_id=session_id)
    out = tmp_path / "summary.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=SAVE_TIMEOUT_MS):
        dialog.save(out, "pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Plan three cold-call questions" in text


def test_a_failed_save_is_reported_and_writes_nothing(
    qtbot: QtBot, demo_ctx: UiContext, tmp_path: Path
):
    _, session_id = tom_session(demo_ctx.services)
    dialog = open_summary(qtbot, demo_ctx, session_id=session_id)
    out = tmp_path / "no such folder" / "summary.html"
    with qtbot.waitSignal(demo_ctx.problem, timeout=SAVE_TIMEOUT_MS) as problem:
        dialog.save(out, "html")
    assert "Choose another folder" in problem.args[0]
    assert not out.parent.exists()


def test_log_dialog_periods_and_counts(qtbot: QtBot, demo_ctx: UiContext):
    dialog = ExportLogDialog(demo_ctx)
    qtbot.addWidget(dialog)
    assert dialog.period().label == "Autumn 2 2025/26"
    assert not dialog.start_edit.isEnabled()
    dialog.choose_period("this-year")
    assert dialog.period().label == "Academic year 2025/26"
    assert dialog.count_label.text().startswith("5 contacts with 3 coachees")
    dialog.set_custom(dt.date(2025, 11, 1), dt.date(2025, 10, 1))
    assert dialog.start_edit.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert "ends before it starts" in dialog.count_label.text()
    dialog.set_custom(dt.date(2020, 1, 1), dt.date(2020, 2, 1))
    assert dialog.save_button.isEnabled()
    assert "No sessions or observations in this period" in dialog.count_label.text()


def test_log_dialog_saves_csv_and_pdf(qtbot: QtBot, demo_ctx: UiContext, tmp_path: Path):
    dialog = ExportLogDialog(demo_ctx)
    qtbot.addWidget(dialog)
    dialog.choose_period("this-term")
    out = tmp_path / "log.csv"
    with qtbot.waitSignal(dialog.saved, timeout=SAVE_TIMEOUT_MS):
        dialog.save(out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert {r["Coachee"] for r in rows} == {"Tom Okafor", "Priya Shah", "Hannah Lewis"}
    dialog.pdf_button.setChecked(True)
    pdf = tmp_path / "log.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=SAVE_TIMEOUT_MS):
        dialog.save(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_file_names_are_safe_everywhere():
    assert safe_file_name('Coaching log - Autumn 2 2025/26: "draft"?') == (
        "Coaching log - Autumn 2 2025 26 draft"
    )
    assert safe_file_name(" ../ ") == "CoachDesk export"


def test_export_tags_as_csv_and_beside_the_clip(qtbot: QtBot, demo_ctx: UiContext, tmp_path: Path):
    cycle_id, _ = tom_session(demo_ctx.services)
    label = add_tagged_clip(demo_ctx.services, cycle_id, tmp_path)
    observation = next(
        o for o in demo_ctx.services.observations.list(cycle_id) if o.mode.value == "video"
    )
    clip = demo_ctx.services.clips.list(observation.id)[0]
    out = tmp_path / "tags.csv"
    with qtbot.waitSignal(demo_ctx.status) as status:
        assert export_tags(demo_ctx, "csv", out, observation_id=observation.id) == [out]
    assert status.args == [f"1 tag saved to {out}"]
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert [r["tag"] for r in rows] == [label]
    assert export_tags(demo_ctx, "vtt", clip_id=clip.id) == [tmp_path / "missing.coachdesk.vtt"]
    assert "00:00:42.000 --> 00:00:45.000" in (tmp_path / "missing.coachdesk.vtt").read_text()


def test_export_tags_without_a_clip_says_what_to_do(qtbot: QtBot, demo_ctx: UiContext):
    with qtbot.waitSignal(demo_ctx.problem) as problem:
        assert export_tags(demo_ctx, "csv") == []
    assert "Choose a clip or an observation" in problem.args[0]
    priya = next(c for c in demo_ctx.services.coachees.list() if c.name == "Priya Shah")
    live = demo_ctx.services.observations.list(demo_ctx.services.cycles.list(priya.id)[0].id)[0]
    with qtbot.waitSignal(demo_ctx.problem) as problem:
        assert export_tags(demo_ctx, "vtt", observation_id=live.id) == []
    assert "no clip" in problem.args[0]


def test_tag_statistics_are_saved_as_csv_from_the_menu(
    qtbot: QtBot, demo_ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from PySide6.QtWidgets import QFileDialog, QWidget

    from coachdesk.ui.dialogs.export_tags import ask_and_export_tags

    cycle_id, _ = tom_session(demo_ctx.services)
    label = add_tagged_clip(demo_ctx.services, cycle_id, tmp_path)
    observation = next(
        o for o in demo_ctx.services.observations.list(cycle_id) if o.mode.value == "video"
    )
    clip = demo_ctx.services.clips.list(observation.id)[0]
    asked: list[str] = []

    def choose(_parent, _title, start, filters):  # type: ignore[no-untyped-def]
        asked.append(filters)
        assert Path(start).name.startswith("Tag statistics - ")
        return str(tmp_path / "stats"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    parent = QWidget()
    qtbot.addWidget(parent)
    written = ask_and_export_tags(parent, demo_ctx, "stats", clip_id=clip.id)
    assert written == [tmp_path / "stats.csv"]
    assert asked == ["CSV for a spreadsheet (*.csv)"]
    text = written[0].read_text(encoding="utf-8-sig")
    assert label in text
