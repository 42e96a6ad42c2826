"""Export one observer's tagging pass on a clip to a file, and import another's (undoable).

Plain functions over the services, for menu actions: the main window asks for the file name
(and, on export, whose pass) and passes the bytes here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coachdesk.core.changes import Changed, Changes, Entity
from coachdesk.core.errors import CoachDeskError, ImportFileError
from coachdesk.core.tag_pass_file import dump_pass, match_types, parse_pass
from coachdesk.core.tags import Tag
from coachdesk.ui.context import UiContext


@dataclass(frozen=True)
class PassImported:
    """What an import added."""

    author: str
    added: int
    unknown_labels: tuple[str, ...]  # tag types this machine does not have: those tags skipped


def export_pass(ctx: UiContext, clip_id: int, author: str) -> bytes:
    """Return the file of ``author``'s tags on the clip."""
    services = ctx.services
    clip = services.clips.get(clip_id)
    tags = [t for t in services.tags.tags(clip_id) if t.author == author]
    return dump_pass(author, clip.fingerprint, tags, services.tags.tag_sets())


def import_pass(ctx: UiContext, clip_id: int, data: bytes) -> PassImported | None:
    """Add the pass in ``data`` to the clip as its author's tags, as one undoable step."""
    services = ctx.services
    try:
        tagging_pass = parse_pass(data)
        clip = services.clips.get(clip_id)
        if tagging_pass.clip_fingerprint != clip.fingerprint:
            raise ImportFileError(
                "This tagging pass was made on a different video; open the clip it was made "
                "on and import it there."
            )
        if any(t.author == tagging_pass.author for t in services.tags.tags(clip_id)):
            raise ImportFileError(
                f"{tagging_pass.author}'s tags are already on this clip; delete them first to "
                "import this pass again."
            )
        found, missing = match_types(tagging_pass.tags, services.tags.tag_sets())
        if not found:
            raise ImportFileError(
                "None of the pass's tags match a tag set here; import the tag set it used first."
            )
    except CoachDeskError as exc:
        ctx.problem.emit(str(exc))
        return None
    rows = [(type_id, t.at_ms, t.end_ms, t.note) for type_id, t in found]
    added: list[Tag] = []

    def redo() -> Changed[Any]:
        if not added:
            result = services.tags.add_tags(clip_id, rows, tagging_pass.author)
            added.extend(result.value)
            return result
        for tag in added:  # after an undo: put them back with the same ids
            services.tags.save_tag(tag)
        return Changed(len(added), Changes.of(Entity.TAG))

    def undo() -> Changed[Any]:
        for tag in added:
            services.tags.delete_tag(tag.id)
        return Changed(len(added), Changes.of(Entity.TAG))

    if ctx.do(f"Import {tagging_pass.author}'s tagging pass", redo, undo) is None:
        return None
    return PassImported(tagging_pass.author, len(added), tuple(missing))
