"""Reviewing the lesson video of the observation in hand: clip, playback, timeline, notes offset.

The lead puts the tagging widgets into ``tagging_area``; they follow ``clip_changed`` and read
the playhead from ``player.position_ms``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.changes import Changes, Entity
from coachdesk.core.clips import Clip
from coachdesk.core.errors import NotFoundError
from coachdesk.core.media_time import format_ms
from coachdesk.ui.context import UiContext
from coachdesk.ui.jobs import Job, with_progress_dialog
from coachdesk.ui.review.attach import ClipAttacher
from coachdesk.ui.review.clip_extras import ClipExtras, busy_moments, load_extras, measure_activity
from coachdesk.ui.review.notes_sync import NotesSync
from coachdesk.ui.review.player import video_and_player
from coachdesk.ui.review.scrubber import Scrubber
from coachdesk.ui.review.transport import Transport

NO_OBSERVATION = "<b>No observation open.</b><br>Select an observation to review its lesson video."
NO_CLIP = (
    "<b>No lesson clip yet.</b><br>Attach a video of this lesson — use “Attach a clip…” or drop "
    "a video file here. It stays where it is unless you choose to copy it into CoachDesk."
)


class ReviewPane(QWidget):
    """The observation's clips: choose one, play it, seek on its timeline, line up live notes."""

    clip_changed = Signal(object)  # Clip | None: the clip now loaded

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._observation_id: int | None = None
        self._clips: list[Clip] = []
        self._clip: Clip | None = None
        self._activity: tuple[float, ...] = ()
        self._extras_job: Job | None = None
        self._build_ui()
        self._connect_signals()
        self.show_observation(ctx.observation_id)

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setAcceptDrops(True)
        self.setAccessibleName("Lesson video review")
        self.video, self.player = video_and_player(self)
        self.video.setAccessibleName("Lesson video")
        self.video.setMinimumSize(320, 180)
        self.attacher = ClipAttacher(self._ctx, self)
        self.scrubber = Scrubber()
        self.transport = Transport(self.player, scope=self)
        self.notes_sync = NotesSync(self._ctx, lambda: self.player.position_ms)
        self.tagging_area = QWidget()  # the lead puts the tag buttons and table here
        self.tagging_area.setObjectName("tagging_area")
        self.tagging_layout = QVBoxLayout(self.tagging_area)
        self.tagging_layout.setContentsMargins(0, 0, 0, 0)

        self.clip_choice = QComboBox()
        self.clip_choice.setAccessibleName("Clip of this lesson")
        self.clip_choice.setToolTip("This observation has more than one clip: choose one")
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.attach_button = QToolButton()
        self.attach_button.setText("Attach a clip…")
        self.attach_button.setToolTip("Attach a lesson video to this observation")
        self.attach_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.attach_action = QAction("Attach a clip (keep it where it is)…", self)
        self.attach_copy_action = QAction("Attach a copy (copy it into CoachDesk)…", self)
        self.attach_copy_action.setToolTip(
            "Copy the video into CoachDesk's data folder, so it stays with your data even if "
            "the original is moved or the drive is unplugged"
        )
        menu = QMenu(self.attach_button)
        menu.addAction(self.attach_action)
        menu.addAction(self.attach_copy_action)
        self.attach_button.setMenu(menu)
        self.measure_button = QToolButton()
        self.measure_button.setText("Measure activity")
        self.measure_button.setToolTip("Measure how much movement there is each second")
        self.busy_button = QToolButton()
        self.busy_button.setText("Next busy moment")
        self.busy_button.setToolTip("Go to the next peak of activity")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.clip_choice)
        top.addWidget(self.measure_button)
        top.addWidget(self.busy_button)
        top.addWidget(self.attach_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.relink_button = QPushButton("&Relink…")
        self.relink_button.setToolTip("Find the moved video in a folder, by its content")
        message_page = QWidget()
        message_layout = QVBoxLayout(message_page)
        message_layout.addStretch(1)
        message_layout.addWidget(self.message)
        message_layout.addWidget(self.relink_button, 0, Qt.AlignmentFlag.AlignHCenter)
        message_layout.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(message_page)
        self.stack.addWidget(self.video)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.scrubber)
        layout.addWidget(self.transport)
        layout.addWidget(self.notes_sync)
        layout.addWidget(self.tagging_area)

    def _connect_signals(self) -> None:
        self.player.position_changed.connect(self.scrubber.set_position)
        self.player.duration_changed.connect(self._on_player_duration_changed)
        self.player.error.connect(self._ctx.problem)
        self.scrubber.seek_requested.connect(self.player.seek)
        self.scrubber.note_clicked.connect(self.notes_sync.select_note_at)
        self.notes_sync.notes_changed.connect(self.scrubber.set_notes)
        self.transport.previous_tag_requested.connect(self.go_to_previous_tag)
        self.transport.next_tag_requested.connect(self.go_to_next_tag)
        self.clip_choice.activated.connect(self._on_clip_choice_activated)
        self.attach_button.clicked.connect(lambda: self._choose_and_attach(copy_in=False))
        self.attach_action.triggered.connect(lambda: self._choose_and_attach(copy_in=False))
        self.attach_copy_action.triggered.connect(lambda: self._choose_and_attach(copy_in=True))
        self.relink_button.clicked.connect(self._on_relink_button_clicked)
        self.measure_button.clicked.connect(self.measure_activity)
        self.busy_button.clicked.connect(self.next_busy_moment)
        self.attacher.attached.connect(lambda clip: self.show_clip(clip.id))
        self.attacher.relinked.connect(lambda clip: self.show_clip(clip.id))
        self._ctx.observation_selected.connect(self.show_observation)
        self._ctx.changed.connect(self._on_ctx_changed)

    # -- what is shown -----------------------------------------------------------------------

    def current_clip(self) -> Clip | None:
        return self._clip

    def show_observation(self, observation_id: int | None) -> None:
        """Show the clips of an observation (the first one loaded), or the empty state."""
        self._observation_id = observation_id
        self.notes_sync.show_observation(observation_id)
        self._reload_clips(keep=None)

    def show_clip(self, clip_id: int) -> None:
        """Load one of the observation's clips."""
        self._reload_clips(keep=clip_id)

    def _reload_clips(self, keep: int | None) -> None:
        oid = self._observation_id
        self._clips = [] if oid is None else self._ctx.services.clips.list(oid)
        self.clip_choice.clear()
        for clip in self._clips:
            self.clip_choice.addItem(Path(clip.path).name, clip.id)
        self.clip_choice.setVisible(len(self._clips) > 1)
        chosen = next((c for c in self._clips if c.id == keep), None)
        if chosen is None and self._clips:
            chosen = self._clips[0]
        if chosen is not None:
            self.clip_choice.setCurrentIndex(self.clip_choice.findData(chosen.id))
        self._load(chosen)

    def _load(self, clip: Clip | None) -> None:
        unchanged = (
            clip is not None
            and clip == self._clip
            and self.player.path is not None
            and Path(clip.path).is_file()
        )
        if unchanged:
            return
        self.player.unload()
        self._clip = clip
        self._activity = ()
        self.scrubber.set_activity(())
        self.scrubber.set_tags([])
        loaded = False
        if self._observation_id is None:
            self._show_message(NO_OBSERVATION)
        elif clip is None:
            self._show_message(NO_CLIP)
        elif not Path(clip.path).is_file():
            missing = Path(clip.path)
            self._show_message(
                f"<b>The video for this clip is not where it was.</b><br>“{escape(missing.name)}”"
                f" is no longer at {escape(str(missing.parent))}. Use Relink… to find it in a "
                "folder by its content (moved or renamed files are found).",
                relink=True,
            )
        else:
            self.stack.setCurrentWidget(self.video)
            self.scrubber.set_duration(clip.probe.duration_ms)
            loaded = self.player.load(Path(clip.path), clip.probe.fps, clip.probe.variable_fps)
            if loaded:
                self._start_loading_extras(clip)
        self.title.setText(self._title(clip))
        self.transport.set_clip_loaded(loaded)
        self.scrubber.setEnabled(loaded)
        self.measure_button.setEnabled(loaded)
        self.busy_button.setEnabled(False)
        self.attach_button.setEnabled(self._observation_id is not None)
        self.clip_changed.emit(clip)

    def _title(self, clip: Clip | None) -> str:
        if clip is None:
            return "Lesson video"
        probe = clip.probe
        facts = f"{format_ms(probe.duration_ms)}, {probe.width}×{probe.height}, {probe.fps:g} fps"
        return f"{Path(clip.path).name} — {facts}" + (
            ", variable rate" if probe.variable_fps else ""
        )

    def _show_message(self, html: str, relink: bool = False) -> None:
        self.message.setText(html)
        self.relink_button.setVisible(relink)
        self.stack.setCurrentIndex(0)
        self.scrubber.set_duration(0)

    # -- attaching and relinking ---------------------------------------------------------------

    def attach_file(self, path: Path, copy_in: bool = False) -> Job | None:
        """Attach the video at ``path`` to the observation in hand (probed in the background)."""
        if self._observation_id is None:
            self._ctx.problem.emit("Select an observation first, then attach its lesson video.")
            return None
        return self.attacher.attach_file(self._observation_id, path, copy_in)

    def relink_in(self, folder: Path) -> Job | None:
        """Look for the current clip's moved file in ``folder`` and point the clip at it."""
        return None if self._clip is None else self.attacher.relink_in(self._clip, folder)

    def _choose_and_attach(self, copy_in: bool) -> None:
        if self._observation_id is not None:
            self.attacher.choose_and_attach(self._observation_id, copy_in)

    def _on_relink_button_clicked(self) -> None:
        if self._clip is not None:
            self.attacher.choose_folder_and_relink(self._clip)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if self._observation_id is not None and urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.attach_file(Path(urls[0].toLocalFile()))

    # -- moving about ----------------------------------------------------------------------------

    def go_to_next_tag(self) -> None:
        index = self.scrubber.next_tag(self.player.position_ms)
        if index >= 0:
            self.player.seek(self.scrubber.tag_start(index))

    def go_to_previous_tag(self) -> None:
        index = self.scrubber.previous_tag(self.player.position_ms)
        if index >= 0:
            self.player.seek(self.scrubber.tag_start(index))

    def next_busy_moment(self) -> None:
        """Go to the next peak of activity after the playhead (after measuring activity)."""
        now = self.player.position_ms
        second = next((s for s in busy_moments(self._activity) if s * 1000 > now), None)
        if second is None:
            self._ctx.status.emit("No busier moment after this one.")
        else:
            self.player.seek(second * 1000)

    # -- background work ---------------------------------------------------------------------

    def measure_activity(self) -> Job | None:
        """Measure the clip's activity in the background (with progress and Cancel)."""
        clip = self._clip
        if clip is None:
            return None
        data_dir = self._ctx.services.data_dir
        job = Job(lambda token: measure_activity(clip, data_dir, token), self)
        job.finished.connect(lambda values: self._set_activity(clip.id, values))
        job.failed.connect(self._ctx.problem)
        dialog = with_progress_dialog(job, self, "Measuring activity…")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        QThreadPool.globalInstance().start(job.run)
        return job

    def _start_loading_extras(self, clip: Clip) -> None:
        data_dir = self._ctx.services.data_dir
        if self._extras_job is not None and not self._extras_job.done:
            self._extras_job.cancel()  # another clip now: stop reading the last one
        self._extras_job = Job(lambda token: load_extras(clip, data_dir, token), self)
        self._extras_job.finished.connect(self._on_extras_job_finished)
        # A cache that cannot be read only costs exactness of steps; say nothing.
        QThreadPool.globalInstance().start(self._extras_job.run)

    def _on_extras_job_finished(self, extras: ClipExtras) -> None:
        if self._clip is None or extras.clip_id != self._clip.id:
            return
        if extras.frame_times:
            self.player.set_frame_times(extras.frame_times)
        self._set_activity(extras.clip_id, extras.activity)

    def _set_activity(self, clip_id: int, values: tuple[float, ...]) -> None:
        if self._clip is None or clip_id != self._clip.id:
            return
        self._activity = values
        self.scrubber.set_activity(values)
        self.busy_button.setEnabled(bool(values))

    # -- following the rest of the window ----------------------------------------------------

    def _on_player_duration_changed(self, ms: int) -> None:
        if ms > 0 and ms != self.scrubber.duration():
            self.scrubber.set_duration(ms)

    def _on_clip_choice_activated(self, index: int) -> None:
        clip_id = self.clip_choice.itemData(index)
        if clip_id is not None:
            self.show_clip(int(clip_id))

    def _on_ctx_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.CLIP, Entity.OBSERVATION) and self._observation_id is not None:
            try:
                self._ctx.services.observations.get(self._observation_id)
            except NotFoundError:
                self.show_observation(None)
                return
            self._reload_clips(keep=self._clip.id if self._clip is not None else None)
