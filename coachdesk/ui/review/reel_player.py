"""Play a strategy's tagged moments one after another: "what success looks like".

Each moment plays from its start to its end, then the reel jumps to the next (loading the next
clip when it changes). A clip whose video file is missing is explained, with an offer to skip.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk.core.clips import Clip
from coachdesk.core.errors import NotFoundError
from coachdesk.core.media_time import format_ms
from coachdesk.core.model_clips import ModelClip, Moment, Reel, moment_caption
from coachdesk.ui.context import UiContext
from coachdesk.ui.models.model_clip_list_model import day_text
from coachdesk.ui.review.player import video_and_player

# A moment is over once the playhead is this close to its end (the position ticks at ~15 Hz).
END_SLACK_MS = 40
# Positions further than this before a moment's start are from before the jump: ignore them.
ARMING_SLACK_MS = 1_000


class ReelPlayer(QDialog):
    """Play ``reel``'s moments in order, with Previous / Pause / Next."""

    def __init__(
        self,
        ctx: UiContext,
        reel: Reel,
        clips: list[ModelClip],
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.reel = reel
        self._clips = {c.clip_id: c for c in clips}
        self.index = -1
        self.finished_reel = False
        self._loaded: Clip | None = None
        # Loaded a clip: seek once it shows its first frame and knows its duration (a seek
        # made while Qt is still opening the file is dropped, and it plays from 0:00).
        self._waiting_for_media = False
        self._frame_shown = False
        self._armed = False  # the playhead has reached the current moment since the jump
        self._running = False  # playing a moment (not paused by the coach, not at the end)
        self.setWindowTitle(f"Model clips — {title}")
        self._build_ui()
        self._connect_signals()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.video, self.player = video_and_player(self)
        self.video.setAccessibleName("Model clip video")
        self.video.setMinimumSize(480, 270)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.skip_button = QPushButton("&Skip this clip")
        self.skip_button.setToolTip("Go on with the moments of the next clip")
        message_page = QWidget()
        message_layout = QVBoxLayout(message_page)
        message_layout.addStretch(1)
        message_layout.addWidget(self.message)
        message_layout.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignHCenter)
        message_layout.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.video)
        self.stack.addWidget(message_page)

        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAccessibleName("Moment")
        font = self.caption.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.caption.setFont(font)
        self.where = QLabel()
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setWordWrap(True)
        self.where.setStyleSheet("color: palette(placeholder-text);")
        self.previous_button = QPushButton("◀ &Previous")
        self.pause_button = QPushButton("&Pause")
        self.next_button = QPushButton("&Next ▶")
        self.close_button = QPushButton("&Close")
        self.previous_button.setShortcut(QKeySequence(Qt.Key.Key_Left))
        self.next_button.setShortcut(QKeySequence(Qt.Key.Key_Right))
        self.pause_button.setShortcut(QKeySequence(Qt.Key.Key_K))
        self.previous_button.setToolTip("Play the moment before (←)")
        self.next_button.setToolTip("Play the next moment (→)")
        self.pause_button.setToolTip("Pause or go on playing (K)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.where)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.resize(800, 560)

    def _connect_signals(self) -> None:
        # Slots of this QObject only: never a plain callable on the player's signals.
        self.player.position_changed.connect(self._on_player_position_changed)
        self.player.duration_changed.connect(self._on_player_duration_changed)
        sink = self.player.video_sink()
        if sink is not None:
            sink.videoFrameChanged.connect(self._on_sink_video_frame_changed)
        self.player.playing_changed.connect(self._on_player_playing_changed)
        self.player.error.connect(self._on_player_error)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.pause_button.clicked.connect(self.toggle)
        self.skip_button.clicked.connect(self.skip_clip)
        self.close_button.clicked.connect(self.close)

    # -- moving through the reel -------------------------------------------------------------

    @property
    def moment(self) -> Moment | None:
        moments = self.reel.moments
        return moments[self.index] if 0 <= self.index < len(moments) else None

    def start(self) -> None:
        """Play the reel from its first moment."""
        if not self.reel.moments:
            self._finish("There are no tagged moments to play.")
            return
        self.go(0)

    def go(self, index: int) -> None:
        """Play moment ``index`` from its start; past the last one, the reel ends."""
        if index >= len(self.reel.moments):
            self._finish()
            return
        self.index = max(0, index)
        self.finished_reel = False
        moment = self.reel.moments[self.index]
        self._show_caption(moment)
        self._running = False
        self._armed = False
        if self._loaded is None or self._loaded.id != moment.clip_id:
            if not self._load(moment.clip_id):
                return
            self.stack.setCurrentIndex(0)
            self._waiting_for_media = True
            self._start_when_ready()
            return
        self.stack.setCurrentIndex(0)
        self._play_moment()

    @Slot()
    def next(self) -> None:
        self.go(self.index + 1)

    @Slot()
    def previous(self) -> None:
        self.go(max(0, self.index - 1))

    @Slot()
    def toggle(self) -> None:
        """Pause, go on playing, or (at the end) play the reel again."""
        if self.finished_reel:
            self.start()
        elif self._running:
            self._running = False
            self.player.pause()
            self.pause_button.setText("&Play")
        elif self.moment is not None and self.stack.currentIndex() == 0:
            self._running = True
            self.player.play()
            self.pause_button.setText("&Pause")

    @Slot()
    def skip_clip(self) -> None:
        """Go on with the first moment of the next clip."""
        moment = self.moment
        if moment is None:
            return
        following = next(
            (
                i
                for i in range(self.index + 1, len(self.reel.moments))
                if self.reel.moments[i].clip_id != moment.clip_id
            ),
            len(self.reel.moments),
        )
        self.go(following)

    # -- playing one moment ------------------------------------------------------------------

    def _load(self, clip_id: int) -> bool:
        self.player.unload()
        self._loaded = None
        self._waiting_for_media = False
        self._frame_shown = False
        try:
            clip = self._ctx.services.clips.get(clip_id)
        except NotFoundError:
            self._show_problem("This clip is no longer in CoachDesk (it may have been deleted).")
            return False
        path = Path(clip.path)
        if not path.is_file():
            self._show_problem(
                f"<b>The video for this clip is not where it was.</b><br>“{escape(path.name)}” "
                f"is no longer at {escape(str(path.parent))}. It may have been moved, renamed "
                "or deleted; relink it in the <i>Video review</i> tab of that lesson's "
                "observation."
            )
            return False
        if not self.player.load(path, clip.probe.fps, clip.probe.variable_fps):
            return False  # the player's error says why (_on_player_error)
        self._loaded = clip
        return True

    def _play_moment(self) -> None:
        moment = self.moment
        if moment is None:
            return
        self.player.seek(moment.start_ms)
        self._running = True
        self.pause_button.setText("&Pause")
        self.player.play()

    def _moment_over(self) -> None:
        self._running = False
        if self.index + 1 < len(self.reel.moments):
            self.go(self.index + 1)
        else:
            self._finish()

    def _finish(self, text: str = "") -> None:
        self._running = False
        self.finished_reel = True
        if self.player.is_playing:
            self.player.pause()
        count = len(self.reel.moments)
        self.caption.setText(text or f"End of the reel — {count} moment{'s' * (count != 1)}")
        self.pause_button.setText("&Play again")
        self.pause_button.setEnabled(count > 0)
        self.next_button.setEnabled(False)
        self.previous_button.setEnabled(count > 0)

    # -- what the coach sees -----------------------------------------------------------------

    def _show_caption(self, moment: Moment) -> None:
        count = len(self.reel.moments)
        self.caption.setText(moment_caption(self.index, count, moment))
        clip = self._clips.get(moment.clip_id)
        span = f"{format_ms(moment.start_ms)}–{format_ms(moment.end_ms)}"
        if clip is not None:
            facts = f"{clip.coachee_name}'s lesson, {day_text(clip.observed_on)} · {span}"
            self.where.setText(facts + (f"\n{clip.note}" if clip.note else ""))
        else:
            self.where.setText(span)
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(True)
        self.pause_button.setEnabled(True)

    def _show_problem(self, html: str) -> None:
        self._running = False
        self.message.setText(html)
        later = self.moment is not None and any(
            m.clip_id != self.moment.clip_id for m in self.reel.moments[self.index + 1 :]
        )
        self.skip_button.setText("&Skip this clip" if later else "&Skip to the end")
        self.stack.setCurrentIndex(1)
        self.pause_button.setEnabled(False)
        self.skip_button.setFocus()

    # -- player signals (QObject slots, see tests/ui/test_review_player.py) --------------------

    def _start_when_ready(self) -> None:
        if self._waiting_for_media and self._frame_shown and self.player.duration_ms > 0:
            self._waiting_for_media = False
            self._play_moment()

    @Slot(int)
    def _on_player_duration_changed(self, _duration_ms: int) -> None:
        self._start_when_ready()

    @Slot("QVideoFrame")  # by name: QtMultimedia may be missing (see multimedia_problem)
    def _on_sink_video_frame_changed(self, _frame: object) -> None:
        # Called on the GUI thread (queued): the sink emits from the decoder's thread.
        if self._waiting_for_media and self.player.path is not None:
            self._frame_shown = True
            self._start_when_ready()

    @Slot(int)
    def _on_player_position_changed(self, ms: int) -> None:
        moment = self.moment
        if moment is None or not self._running:
            return
        if not self._armed:
            self._armed = moment.start_ms - ARMING_SLACK_MS <= ms < moment.end_ms
            return
        if ms >= moment.end_ms - END_SLACK_MS:
            self._moment_over()

    @Slot(bool)
    def _on_player_playing_changed(self, playing: bool) -> None:
        moment = self.moment
        if playing or moment is None or not self._running or not self._armed:
            return
        # Stopped by itself while a moment played: the clip ended (a moment ending with it).
        if self.player.position_ms >= moment.end_ms - ARMING_SLACK_MS:
            self._moment_over()

    @Slot(str)
    def _on_player_error(self, message: str) -> None:
        self._loaded = None
        self._show_problem(escape(message))

    # -- closing -----------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self._running = False
        self.player.unload()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._running = False
        self.player.unload()
        super().closeEvent(event)
