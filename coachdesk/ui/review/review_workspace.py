"""Video review as the coach uses it: the player and scrubber with the code window beside them.

Joins the review pane (player, transport, scrubber, attach) to the tagging parts (controller,
buttons, table, quick note) and keeps thumbnails coming from the background.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from coachdesk.core.clips import Clip
from coachdesk.core.jobs import CancelToken, Progress
from coachdesk.core.tags import Tag
from coachdesk.ui import jobs
from coachdesk.ui.context import UiContext
from coachdesk.ui.review.agreement_panel import AgreementPanel
from coachdesk.ui.review.attach import index_dir
from coachdesk.ui.review.clip_stats import ClipStatsPanel
from coachdesk.ui.review.review_pane import ReviewPane
from coachdesk.ui.review.tag_buttons import TagButtons
from coachdesk.ui.review.tag_table import TagTable
from coachdesk.ui.review.tagging import QuickNote, TagController

THUMB_WIDTH = 160


def thumbnail_dir(data_dir: Path) -> Path:
    return data_dir / "cache" / "thumbnails"


class ReviewWorkspace(QWidget):
    """The review pane on the left, tag buttons and the tag table on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._clip: Clip | None = None
        self._thumbs: dict[int, QPixmap] = {}  # tag id -> thumbnail, for the clip in hand
        self._pending: set[int] = set()
        self._thumb_job: jobs.Job | None = None
        self.pane = ReviewPane(ctx)
        self.controller = TagController(ctx, lambda: self.pane.player.position_ms, self)
        self.buttons = TagButtons(ctx, self.controller)
        self.table = TagTable(ctx, self.controller, thumbnail_for=self._thumbnail_for)
        self.quick_note = QuickNote(self.pane)
        self.stats = ClipStatsPanel(ctx, self.controller)
        self.agreement = AgreementPanel(self.controller)
        self._build_ui()
        self._connect_signals()
        self._on_pane_clip_changed(self.pane.current_clip())  # made after the pane chose one

    def _build_ui(self) -> None:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.buttons)
        self.side_tabs = QTabWidget()
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.table, "Tags")
        self.side_tabs.addTab(self.stats, "Statistics")
        self.side_tabs.addTab(self.agreement, "Agreement")
        column.addWidget(self.side_tabs, 1)
        # Explicit minimums let the tab shrink below its contents' wishes on a 1366-px laptop.
        side.setMinimumWidth(240)
        self.pane.setMinimumWidth(420)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pane)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.buttons.install_shortcuts(self)
        self.note_action = QAction("Note on the last tag", self)
        self.note_action.setShortcut(QKeySequence("N"))
        self.note_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.note_action.setToolTip("Write a note on the tag just made, without stopping (N)")
        self.addAction(self.note_action)

    def _connect_signals(self) -> None:
        self.pane.clip_changed.connect(self._on_pane_clip_changed)
        self.pane.player.position_changed.connect(self.table.follow)
        self.table.seek_requested.connect(self.pane.player.seek)
        self.stats.seek_requested.connect(self.pane.player.seek)
        self.agreement.seek_requested.connect(self.pane.player.seek)
        self.note_action.triggered.connect(self._on_note_action_triggered)
        self.quick_note.submitted.connect(self.controller.note_for_last)
        for signal in (
            self.controller.tag_added,
            self.controller.tag_changed,
            self.controller.tag_removed,
            self.controller.tags_reset,
        ):
            signal.connect(self._on_controller_tags_changed)

    # -- slots -------------------------------------------------------------------------------

    def _on_pane_clip_changed(self, clip: Clip | None) -> None:
        self._clip = clip
        self._thumbs.clear()
        self._pending.clear()
        tag_set = None
        observation_id = self._ctx.observation_id
        if clip is not None and observation_id is not None:
            observation = self._ctx.services.observations.get(observation_id)
            if observation.tag_set_id is not None:
                tag_set = self._ctx.services.tags.tag_set(observation.tag_set_id)
        self.controller.set_clip(clip.id if clip else None, tag_set)
        self.agreement.set_clip_duration(clip.probe.duration_ms if clip else 0)

    def _on_note_action_triggered(self) -> None:
        last = self.controller.last_tag()
        if last is not None:
            self.quick_note.open(self.controller.label_of(last))

    def _on_controller_tags_changed(self, *_args: object) -> None:
        tags = self.controller.tags()
        colours = {type_id: t.colour for type_id, t in self.controller.types().items()}
        self.pane.scrubber.set_tags(
            [
                (t.at_ms, t.end_ms, colours.get(t.type_id, "#607d8b"), self.controller.label_of(t))
                for t in tags
            ]
        )
        self._request_thumbnails([t for t in tags if t.id not in self._thumbs])

    # -- thumbnails --------------------------------------------------------------------------

    def _thumbnail_for(self, tag: Tag) -> QPixmap | None:
        return self._thumbs.get(tag.id)

    def _request_thumbnails(self, tags: list[Tag]) -> None:
        clip = self._clip
        wanted = [t for t in tags if t.id not in self._pending]
        if clip is None or not wanted or not Path(clip.path).exists():
            return
        self._pending.update(t.id for t in wanted)
        data_dir = self._ctx.services.data_dir
        times = {t.id: t.at_ms for t in wanted}

        def work(
            token: CancelToken,
        ) -> Generator[Progress, None, tuple[int, dict[int, Path | None]]]:
            from coachdesk.video.index import IndexCache
            from coachdesk.video.thumbnails import ThumbnailCache

            cache = ThumbnailCache(thumbnail_dir(data_dir), IndexCache(index_dir(data_dir)))
            paths = yield from cache.thumbnails(
                Path(clip.path), clip.fingerprint, sorted(set(times.values())), token
            )
            return clip.id, {tag_id: paths.get(ms) for tag_id, ms in times.items()}

        self._thumb_job = jobs.start(work, self, on_finished=self._on_thumbnails_finished)

    def _on_thumbnails_finished(self, result: tuple[int, dict[int, Path | None]]) -> None:
        clip_id, paths = result
        if self._clip is None or clip_id != self._clip.id:
            return
        for tag_id, path in paths.items():
            self._pending.discard(tag_id)
            if path is not None:
                pixmap = QPixmap(str(path))
                if not pixmap.isNull():
                    self._thumbs[tag_id] = pixmap
                    self.table.thumbnail_ready(tag_id)
