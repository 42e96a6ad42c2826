"""Export the tags of a clip or an observation: CSV, JSON, or WebVTT beside the clip.

For the review pane's and the main window's "Export tags" actions: ``ask_and_export_tags``
asks where (WebVTT needs no question: it goes beside the clip, where players look for it);
``export_tags`` does the work with plain values, so tests need no file dialog.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtWidgets import QWidget

from coachdesk.core.clips import Clip
from coachdesk.core.errors import CoachDeskError, ValidationError
from coachdesk.core.tags import Tag
from coachdesk.export.gather import clip_tags, observation_tags
from coachdesk.export.tags import write_tag_files
from coachdesk.ui.context import UiContext
from coachdesk.ui.dialogs.export_runner import ask_save_path


def _tags_of(
    ctx: UiContext, clip_id: int | None, observation_id: int | None
) -> tuple[list[tuple[Clip, list[Tag]]], dict[str, object]]:
    if clip_id is not None:
        return clip_tags(ctx.services, clip_id), {"kind": "clip", "id": clip_id}
    if observation_id is not None:
        source: dict[str, object] = {"kind": "observation", "id": observation_id}
        return observation_tags(ctx.services, observation_id), source
    raise ValidationError("Choose a clip or an observation first, then export its tags.")


def export_tags(
    ctx: UiContext,
    fmt: str,
    out: Path | None = None,
    *,
    clip_id: int | None = None,
    observation_id: int | None = None,
) -> list[Path]:
    """Write the tags as ``fmt`` ("csv", "json", "vtt" or "stats"); report where, or why not."""
    try:
        clips, source = _tags_of(ctx, clip_id, observation_id)
        if fmt == "vtt" and not clips:
            raise ValidationError("This observation has no clip, so there is nothing to caption.")
        written = write_tag_files(clips, ctx.services.tags.tag_sets(), fmt, out, source)
    except CoachDeskError as exc:
        ctx.problem.emit(str(exc))
        return []
    count = sum(len(tags) for _, tags in clips)
    where = written[0] if len(written) == 1 else written[0].parent
    ctx.status.emit(f"{count} tag{'s' * (count != 1)} saved to {where}")
    return written


def ask_and_export_tags(
    parent: QWidget,
    ctx: UiContext,
    fmt: str,
    *,
    clip_id: int | None = None,
    observation_id: int | None = None,
) -> list[Path]:
    """Ask where to save CSV or JSON (WebVTT goes beside the clip), then export the tags."""
    out: Path | None = None
    if fmt != "vtt":
        stats = fmt == "stats"  # counts, rates and share of time per tag: a CSV too
        what = "Tag statistics" if stats else "Tags"
        name = f"{what} of clip {clip_id}" if clip_id is not None else f"{what} of the observation"
        if clip_id is not None:
            with contextlib.suppress(CoachDeskError):
                name = f"{what} - {Path(ctx.services.clips.get(clip_id).path).stem}"
        out = ask_save_path(parent, ctx, f"Save the {what.lower()}", name, "csv" if stats else fmt)
        if out is None:
            return []
    return export_tags(ctx, fmt, out, clip_id=clip_id, observation_id=observation_id)
