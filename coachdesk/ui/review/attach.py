"""Attaching a lesson clip to an observation, copying it in if asked, and relinking moved clips.

Probing, fingerprinting, copying and searching run on the thread pool (``ui/jobs.py``); only
the service calls that save the result run on the GUI thread. A file CoachDesk cannot use is
reported with the video package's message, and nothing is saved.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from coachdesk.core.atomic import atomic_file, private_folder
from coachdesk.core.clips import Clip, ClipProbe
from coachdesk.core.jobs import CancelToken, Progress
from coachdesk.ui.context import UiContext
from coachdesk.ui.jobs import Job, with_progress_dialog

COPY_CHUNK = 8 * 1024 * 1024
VIDEO_FILTER = (
    "Videos (*.mp4 *.m4v *.mov *.avi *.mkv *.webm *.mts *.m2ts *.ts *.3gp *.wmv *.mpg *.mpeg"
    " *.ogv *.flv);;All files (*)"
)


def clips_dir(data_dir: Path) -> Path:
    """Return the folder clips copied into CoachDesk live in."""
    return data_dir / "clips"


def index_dir(data_dir: Path) -> Path:
    """Return the folder of cached frame-time indexes (one per clip fingerprint)."""
    return data_dir / "cache" / "index"


@dataclass(frozen=True)
class Prepared:
    """A probed clip, ready to be saved."""

    path: Path
    fingerprint: str
    probe: ClipProbe
    warnings: tuple[str, ...]
    copied_in: bool


def relay(job: Generator[Any, None, Any]) -> Generator[Progress, None, Any]:
    """Pass on a video job's progress in the form ``ui/jobs.py`` reports; return its result."""
    try:
        while True:
            try:
                step = next(job)
            except StopIteration as stop:
                return stop.value
            yield Progress(step.done, step.total, step.message)
    finally:
        job.close()  # cancelled: let the job release its decoder now


def prepare_clip(
    path: Path, data_dir: Path, copy_in: bool, _token: CancelToken | None = None
) -> Generator[Progress, None, Prepared]:
    """Probe ``path`` (raising the video package's VideoError), fingerprint, copy if asked."""
    from coachdesk.video.fingerprint import fingerprint
    from coachdesk.video.index import IndexCache
    from coachdesk.video.probe import probe_job

    # Container timestamps (~2 s for an hour) rather than decoding every frame (~3 min): the
    # coach is waiting. A file cut off is still noticed; damage inside shows when played.
    report = yield from relay(probe_job(path, decode=False))
    fp = fingerprint(path)
    target = Path(os.path.abspath(path))
    if copy_in:
        target = yield from copy_into(target, clips_dir(data_dir), fp)
    IndexCache(index_dir(data_dir)).save(fp, report.index)
    return Prepared(target, fp, report.probe, report.warnings, copy_in)


def copy_into(source: Path, folder: Path, wanted_fp: str) -> Generator[Progress, None, Path]:
    """Copy ``source`` into ``folder`` atomically (a cancelled copy leaves nothing behind)."""
    from coachdesk.video.fingerprint import fingerprint

    private_folder(folder)  # video of children: the owner's alone, like the database
    target = folder / source.name
    number = 1
    while target.exists():
        if target.is_file() and fingerprint(target) == wanted_fp:
            return target  # copied before: use that copy
        number += 1
        target = folder / f"{source.stem} ({number}){source.suffix}"
    total = max(1, source.stat().st_size)
    done = 0
    with source.open("rb") as reader, atomic_file(target, 0o600) as writer:
        for chunk in iter(lambda: reader.read(COPY_CHUNK), b""):
            writer.write(chunk)
            done += len(chunk)
            yield Progress(done // 1024, total // 1024, "Copying the video into CoachDesk")
    return target


def find_moved(folder: Path, wanted_fp: str) -> Path | None:
    """Return the video under ``folder`` with this fingerprint, or None."""
    from coachdesk.video.fingerprint import find_by_fingerprint

    return find_by_fingerprint(folder, wanted_fp)


class ClipAttacher(QObject):
    """The attach and relink flows of the review pane; reports through ``ctx``."""

    attached = Signal(object)  # Clip
    relinked = Signal(object)  # Clip
    failed = Signal(str)  # the message also went to ctx.problem

    def __init__(self, ctx: UiContext, window: QWidget) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.busy = False

    # -- attaching ---------------------------------------------------------------------------

    def choose_and_attach(self, observation_id: int, copy_in: bool = False) -> None:
        """Ask for a video file, then attach it."""
        name, _filter = QFileDialog.getOpenFileName(
            self._window, "Attach a lesson clip", str(Path.home()), VIDEO_FILTER
        )
        if name:
            self.attach_file(observation_id, Path(name), copy_in)

    def attach_file(self, observation_id: int, path: Path, copy_in: bool = False) -> Job | None:
        """Probe ``path`` in the background, then attach it to the observation (or explain)."""
        if self.busy:
            self._ctx.status.emit("Still working on the last clip; try again in a moment.")
            return None
        data_dir = self._ctx.services.data_dir
        return self._start(
            lambda token: prepare_clip(path, data_dir, copy_in, token),
            f"Checking “{path.name}”…",
            lambda prepared: self._save(observation_id, prepared),
        )

    def _save(self, observation_id: int, prepared: Prepared) -> None:
        clips = self._ctx.services.clips
        clip = self._ctx.run(
            lambda: clips.add(
                observation_id,
                str(prepared.path),
                prepared.fingerprint,
                prepared.probe,
                copied_in=prepared.copied_in,
            )
        )
        if clip is None:
            self.failed.emit("The clip could not be saved.")
            return
        for warning in prepared.warnings:
            self._ctx.problem.emit(warning)
        self._ctx.status.emit(f"Attached “{prepared.path.name}”.")
        self.attached.emit(clip)

    # -- relinking ---------------------------------------------------------------------------

    def choose_folder_and_relink(self, clip: Clip) -> None:
        """Ask for a folder, then look in it for the clip's file."""
        folder = QFileDialog.getExistingDirectory(
            self._window, f"Find “{Path(clip.path).name}” in which folder?", str(Path.home())
        )
        if folder:
            self.relink_in(clip, Path(folder))

    def relink_in(self, clip: Clip, folder: Path) -> Job | None:
        """Search ``folder`` (and its sub-folders) for the clip's file by its content."""
        if self.busy:
            return None
        wanted_fp = clip.fingerprint
        return self._start(
            lambda _token: find_moved(folder, wanted_fp),
            f"Looking for the video in {folder}…",
            lambda found: self._relink(clip, folder, found),
        )

    def _relink(self, clip: Clip, folder: Path, found: Path | None) -> None:
        if found is None:
            self._fail(
                f"No video in {folder} (or its sub-folders) is “{Path(clip.path).name}”: none "
                "has the same content. Choose the folder the video was moved to, or attach "
                "it again if it was changed (for example, converted or trimmed)."
            )
            return
        clips, old_path = self._ctx.services.clips, clip.path
        result = self._ctx.do(
            "Relink clip",
            lambda: clips.relink(clip.id, str(found)),
            lambda: clips.relink(clip.id, old_path),
        )
        if result is not None:
            self._ctx.status.emit(f"Found the video at {found}.")
            self.relinked.emit(result)

    # -- jobs --------------------------------------------------------------------------------

    def _start(
        self, work: Callable[[CancelToken], Any], title: str, then: Callable[[Any], None]
    ) -> Job:
        self.busy = True
        job = Job(work, self)
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(self._on_job_done)
        job.finished.connect(then)
        job.failed.connect(self._fail)
        job.cancelled.connect(lambda: self._ctx.status.emit("Cancelled; nothing was changed."))
        dialog = with_progress_dialog(job, self._window, title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Not ui.jobs.start(): a job that ends before start() returns would emit its result
        # before anyone is connected, and it would be lost. Connect first, then run.
        QThreadPool.globalInstance().start(job.run)
        return job

    def _on_job_done(self, *_args: object) -> None:
        self.busy = False

    def _fail(self, message: str) -> None:
        self._ctx.problem.emit(message)
        self.failed.emit(message)
