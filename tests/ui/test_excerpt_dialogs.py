"""The excerpt and review-package dialogs: choose moments, draw a region, write in the background.

A real 12 s H.264 + AAC clip is generated and tagged in Tom's filmed lesson (demo workspace);
what the dialogs write is opened and checked (streams, lengths, the page's content).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import av
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QListWidget
from pytestqt.qtbot import QtBot

from coachdesk.core.clips import Clip
from coachdesk.core.services import Services
from coachdesk.core.tags import Tag
from coachdesk.export.review_package import PackageResult
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.excerpt_dialog import ExcerptDialog
from coachdesk.ui.dialogs.export_runner import FOLDER_KEY
from coachdesk.ui.dialogs.review_package_dialog import ReviewPackageDialog
from coachdesk.video.excerpts import span_for_tag
from coachdesk.video.fingerprint import fingerprint
from coachdesk.video.probe import probe

FFMPEG = shutil.which("ffmpeg")
pytestmark = pytest.mark.skipif(FFMPEG is None, reason="needs ffmpeg to make a clip")
WRITE_TIMEOUT_MS = 90_000


@pytest.fixture
def clip(demo_ctx: UiContext, tmp_path: Path) -> Clip:
    """A 12 s lesson clip with sound, with three tags, on Tom's filmed observation."""
    assert FFMPEG is not None
    path = tmp_path / "lessons" / "9S2 particles.mp4"
    path.parent.mkdir()
    subprocess.run(
        [FFMPEG, "-y", "-v", "error", "-f", "lavfi", "-i",
         "testsrc2=size=320x180:rate=25:duration=12", "-f", "lavfi", "-i", "sine=duration=12",
         "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac",
         "-shortest", str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    services = demo_ctx.services
    observation = tom_video_observation(services)
    clip = services.clips.add(observation, str(path), fingerprint(path), probe(path)).value
    kinds = services.tags.tag_sets()[0].types
    services.tags.add_tag(clip.id, kinds[0].id, 1_000, None, "Hands up")
    services.tags.add_tag(clip.id, kinds[1].id, 4_000, 6_500, "")
    services.tags.add_tag(clip.id, kinds[0].id, 9_000, None, "Last one")
    return clip


def tom_video_observation(services: Services) -> int:
    tom = next(c for c in services.coachees.list() if c.name == "Tom Okafor")
    cycle = services.cycles.list(tom.id)[0]
    return next(o.id for o in services.observations.list(cycle.id) if o.mode.value == "video")


def tags_of(ctx: UiContext, clip: Clip) -> list[Tag]:
    return sorted(ctx.services.tags.tags(clip.id), key=lambda t: t.at_ms)


def streams_of(path: Path) -> tuple[list[str], float]:
    with av.open(str(path)) as container:
        kinds = [s.type for s in container.streams]
        return kinds, (container.duration or 0) / 1_000_000


@pytest.fixture
def open_excerpts(qtbot: QtBot) -> Iterator[Callable[..., ExcerptDialog]]:
    """Open an excerpt dialog with its first still loaded; at the end, let any still finish.

    A still is decoded on a pool thread; the context (its job's parent) goes at teardown.
    """
    opened: list[ExcerptDialog] = []

    def still_done(dialog: ExcerptDialog) -> bool:
        return dialog._still_job is not None and dialog._still_job.done

    def open_dialog(ctx: UiContext, clip: Clip, **kw: object) -> ExcerptDialog:
        dialog = ExcerptDialog(ctx, clip, **kw)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: still_done(dialog))
        opened.append(dialog)
        return dialog

    yield open_dialog
    for dialog in opened:
        dialog._still_timer.stop()
        qtbot.waitUntil(lambda d=dialog: still_done(d))


def test_the_clip_tags_are_listed_with_the_chosen_ones_ticked(
    open_excerpts: Callable[..., ExcerptDialog], demo_ctx: UiContext, clip: Clip
) -> None:
    second = tags_of(demo_ctx, clip)[1]
    dialog = open_excerpts(demo_ctx, clip, selected_tag_ids=[second.id])
    assert dialog.chooser.tag_list.count() == 3
    assert dialog.chooser.mode() == "tags"
    assert dialog.chooser.checked_tags() == [second]
    (chosen,) = dialog.chooser.chosen()
    assert chosen.span == span_for_tag(second, dialog.types[second.type_id], 12_000)
    assert chosen.file_name.startswith("9S2 particles 0m04s ")
    assert dialog.privacy.faces_box.isChecked()  # privacy first: faces are blurred by default
    for kind in (QAbstractButton, QLineEdit, QListWidget):
        for widget in dialog.findChildren(kind):
            if widget.isVisible():
                assert widget.accessibleName(), widget


def test_two_moments_become_two_mp4s_with_sound(
    qtbot: QtBot,
    open_excerpts: Callable[..., ExcerptDialog],
    demo_ctx: UiContext,
    clip: Clip,
    tmp_path: Path,
) -> None:
    first, _, third = tags_of(demo_ctx, clip)
    dialog = open_excerpts(demo_ctx, clip, selected_tag_ids=[first.id, third.id])
    dialog.privacy.faces_box.setChecked(False)  # nothing to blur: copied, fast
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder_edit.setText(str(out))
    with (
        qtbot.waitSignal(dialog.saved, timeout=WRITE_TIMEOUT_MS) as saved,
        qtbot.waitSignal(demo_ctx.status, timeout=WRITE_TIMEOUT_MS) as status,
    ):
        dialog.go_button.click()
    paths = saved.args[0]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert len(paths) == 2
    for path, tag in zip(paths, (first, third), strict=True):
        kinds, seconds = streams_of(path)
        assert kinds == ["video", "audio"]
        span = span_for_tag(tag, dialog.types[tag.type_id], 12_000)
        assert seconds == pytest.approx(span.duration_ms / 1000, abs=0.05)
    assert status.args == [f"Saved 2 excerpts to {out}"]
    assert demo_ctx.services.settings.get(FOLDER_KEY) == str(out)


def test_a_stretch_with_a_region_drawn_on_the_still(
    qtbot: QtBot,
    open_excerpts: Callable[..., ExcerptDialog],
    demo_ctx: UiContext,
    clip: Clip,
    tmp_path: Path,
) -> None:
    dialog = open_excerpts(demo_ctx, clip)
    dialog.chooser.range_radio.setChecked(True)
    dialog.chooser.from_edit.setText("0:02")
    dialog.chooser.to_edit.setText("0:05")
    dialog.privacy.faces_box.setChecked(False)
    canvas = dialog.privacy.canvas
    area = canvas.picture_rect()
    start = QPoint(round(area.left() + area.width() / 4), round(area.top() + area.height() / 4))
    end = QPoint(round(area.left() + area.width() / 2), round(area.top() + area.height() / 2))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    options = dialog.privacy_options()
    assert options is not None
    (region,) = options.regions
    assert (region.x, region.y) == (pytest.approx(0.25, abs=0.02), pytest.approx(0.25, abs=0.02))
    assert (region.w, region.h) == (pytest.approx(0.25, abs=0.02), pytest.approx(0.25, abs=0.02))
    assert dialog.privacy.clear_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=WRITE_TIMEOUT_MS) as saved:
        dialog.start(dialog.chooser.chosen(), tmp_path, options)
    (path,) = saved.args[0]
    assert path.name == "9S2 particles 0m02s.mp4"
    assert streams_of(path) == (["video", "audio"], pytest.approx(3.0, abs=0.05))
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert dialog.privacy_options() is None  # nothing left to blur


def test_a_stretch_that_ends_before_it_starts_is_explained(
    open_excerpts: Callable[..., ExcerptDialog], demo_ctx: UiContext, clip: Clip, tmp_path: Path
) -> None:
    dialog = open_excerpts(demo_ctx, clip)
    dialog.chooser.range_radio.setChecked(True)
    dialog.chooser.from_edit.setText("0:08")
    dialog.chooser.to_edit.setText("0:03")
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder_edit.setText(str(out))
    dialog.go_button.click()
    assert "after its start" in dialog.status.text()
    assert dialog.job is None
    assert list(out.iterdir()) == []


def test_review_package_of_the_whole_clip(
    qtbot: QtBot, demo_ctx: UiContext, clip: Clip, tmp_path: Path
) -> None:
    dialog = ReviewPackageDialog(demo_ctx, clip)
    qtbot.addWidget(dialog)
    assert dialog.chooser.mode() == "whole"
    assert dialog.name_edit.text() == "Lesson review – Tom Okafor – 23 Oct 2025"
    dialog.privacy.faces_box.setChecked(False)
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder_edit.setText(str(out))
    with (
        qtbot.waitSignal(dialog.saved, timeout=WRITE_TIMEOUT_MS) as saved,
        qtbot.waitSignal(demo_ctx.status, timeout=WRITE_TIMEOUT_MS) as status,
    ):
        dialog.go_button.click()
    result = saved.args[0]
    assert isinstance(result, PackageResult)
    page = (result.folder / "index.html").read_text(encoding="utf-8")
    assert dialog.base.goal is not None
    assert dialog.base.goal.text in page
    assert page.count('class="moment"') == 3
    (video,) = (result.folder / "videos").iterdir()
    assert streams_of(video) == (["video", "audio"], pytest.approx(12.0, abs=0.05))
    assert result.zip_path is not None
    assert result.zip_path.is_file()
    assert sorted(p.name for p in out.iterdir()) == [result.folder.name, result.zip_path.name]
    assert status.args == [
        f"Saved the review package to {result.folder} and {result.zip_path.name}"
    ]


def test_cancelling_a_package_leaves_nothing(
    qtbot: QtBot, demo_ctx: UiContext, clip: Clip, tmp_path: Path
) -> None:
    dialog = ReviewPackageDialog(demo_ctx, clip)
    qtbot.addWidget(dialog)
    out = tmp_path / "out"
    out.mkdir()
    job = dialog.start(dialog.chooser.chosen(), out, dialog.privacy_options())
    assert job is not None
    with qtbot.waitSignal(job.cancelled, timeout=WRITE_TIMEOUT_MS):
        job.cancel()
    assert dialog.status.text() == "Cancelled: nothing was saved."
    assert dialog.go_button.isEnabled()
    assert list(out.iterdir()) == []
