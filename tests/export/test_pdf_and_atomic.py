"""PDFs read back with pdftotext; a failed write leaves nothing behind and keeps the old file."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from coachdesk.core.atomic import ExportError
from coachdesk.core.jobs import run_job
from coachdesk.core.services import Services
from coachdesk.export.coaching_log import period_named
from coachdesk.export.gather import gather_log, gather_summary, with_thumbnails
from coachdesk.export.summary import SummaryParts
from coachdesk.ui import export_jobs
from tests.conftest import TODAY
from tests.export.conftest import Tagged, png

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.replace("\u00a0", " ").split())


def pdf_pages(path: Path) -> int:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def test_summary_pdf_has_goal_actions_and_tags(
    qapp: object, demo: Services, tagged: Tagged, tmp_path: Path
):
    data = with_thumbnails(
        gather_summary(demo, tagged.session_id, today=TODAY),
        {tag_id: png(320, 180) for tag_id in tagged.tag_ids},
    )
    out = tmp_path / "summary.pdf"
    written = run_job(export_jobs.summary_work(data, SummaryParts(), out, "pdf", demo.data_dir))
    assert written == out
    assert out.read_bytes().startswith(b"%PDF-")
    text = pdf_text(out)
    assert "Most students can explain the particle model" in text
    assert tagged.action_text in text
    for label in tagged.labels:
        assert label in text
    assert "Page 1 of" in text
    assert "<script>" in text  # the hostile note is printed as text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert "A4" in info.stdout


def test_log_pdf_is_landscape_with_totals(qapp: object, demo: Services, tmp_path: Path):
    log = gather_log(demo, period_named("this-year", demo.settings.calendar(), TODAY), TODAY)
    out = tmp_path / "log.pdf"
    run_job(export_jobs.log_work(log, out, "pdf", demo.data_dir))
    text = pdf_text(out)
    assert "Academic year 2025/26" in text
    assert "Totals by coachee" in text
    assert "Hannah Lewis" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    size = next(line for line in info.stdout.splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in size.split()[2:5:2])
    assert width > height  # landscape
    assert pdf_pages(out) >= 1


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_write_failing_midway_leaves_nothing_and_keeps_the_old_file(
    qapp: object,
    demo: Services,
    tagged: Tagged,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
):
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    out = out_dir / f"summary.{fmt}"
    out.write_bytes(b"the summary saved last week")
    data = gather_summary(demo, tagged.session_id, today=TODAY)

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("coachdesk.core.atomic.os.fsync", disk_full)
    with pytest.raises(ExportError, match="the disk is full"):
        run_job(export_jobs.summary_work(data, SummaryParts(), out, fmt, demo.data_dir))
    assert out.read_bytes() == b"the summary saved last week"
    assert leftovers(out_dir) == []


def test_a_conversion_failing_midway_writes_nothing(
    demo: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    log = gather_log(demo, period_named("this-year", demo.settings.calendar(), TODAY), TODAY)

    def broken(_html: str, _page: object) -> bytes:
        raise RuntimeError("the PDF engine fell over")

    monkeypatch.setattr(export_jobs, "html_to_pdf", broken)
    with pytest.raises(RuntimeError):
        run_job(export_jobs.log_work(log, tmp_path / "log.pdf", "pdf", demo.data_dir))
    assert list(tmp_path.glob("log.pdf*")) == []
    assert leftovers(tmp_path) == []


def test_a_folder_that_cannot_be_written_says_so(demo: Services, tmp_path: Path):
    log = gather_log(demo, period_named("this-year", demo.settings.calendar(), TODAY), TODAY)
    missing = tmp_path / "no such folder" / "log.csv"
    with pytest.raises(ExportError, match="Choose another folder"):
        run_job(export_jobs.log_work(log, missing, "csv", demo.data_dir))
    assert not missing.parent.exists()


def test_cancelling_while_pictures_are_made_writes_nothing(
    demo: Services, tagged: Tagged, tmp_path: Path
):
    from coachdesk.core.jobs import CancelledError, CancelToken

    data = gather_summary(demo, tagged.session_id, today=TODAY)
    token = CancelToken()
    token.cancel()
    out = tmp_path / "summary.html"
    Path(data.evidence[0].clips[0].clip.path).write_bytes(b"not really a video")
    with pytest.raises(CancelledError):
        run_job(export_jobs.summary_work(data, SummaryParts(), out, "html", demo.data_dir, token))
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_a_clip_that_cannot_be_read_leaves_its_moments_without_pictures(
    demo: Services, tagged: Tagged, tmp_path: Path
):
    data = gather_summary(demo, tagged.session_id, today=TODAY)
    Path(data.evidence[0].clips[0].clip.path).write_bytes(b"not really a video")
    out = tmp_path / "summary.html"
    run_job(export_jobs.summary_work(data, SummaryParts(), out, "html", demo.data_dir))
    html = out.read_text(encoding="utf-8")
    assert tagged.labels[0] in html
    assert "data:image/jpeg" not in html
    assert "data:image/png" not in html
