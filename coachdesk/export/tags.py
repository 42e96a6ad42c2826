"""Tag data for a clip or an observation: CSV, versioned JSON and WebVTT beside the clip."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from coachdesk.core.atomic import write_atomically
from coachdesk.core.clips import Clip
from coachdesk.core.errors import ValidationError
from coachdesk.core.tags import Tag, TagSet, TagType
from coachdesk.export import EXPORT_MODE
from coachdesk.export.clip_statistics import stats_csv
from coachdesk.export.spreadsheet import csv_bytes

JSON_FORMAT = "coachdesk-tags"
JSON_VERSION = 1
POINT_CUE_MS = 3000  # a point tag is shown for three seconds in a player
CSV_HEADER = (
    "clip",
    "start_ms",
    "end_ms",
    "duration_ms",
    "tag",
    "tag set",
    "polarity",
    "note",
    "created",
)


@dataclass(frozen=True)
class TagRow:
    """One tag, with the names a spreadsheet or a player needs."""

    tag_id: int
    clip_id: int
    clip: str  # the clip's file name
    start_ms: int
    end_ms: int | None
    tag: str
    tag_set: str
    polarity: str
    note: str
    created: dt.datetime | None
    colour: str = ""

    @property
    def duration_ms(self) -> int:
        return 0 if self.end_ms is None else self.end_ms - self.start_ms


def tag_rows(
    clips: Iterable[tuple[Clip, Sequence[Tag]]], tag_sets: Iterable[TagSet]
) -> list[TagRow]:
    """Return one row per tag, clip by clip, in time order."""
    sets = list(tag_sets)
    types: dict[int, TagType] = {t.id: t for s in sets for t in s.types}
    set_names = {s.id: s.name for s in sets}
    rows = []
    for clip, tags in clips:
        for tag in sorted(tags, key=lambda t: (t.at_ms, t.id)):
            kind = types.get(tag.type_id)
            rows.append(
                TagRow(
                    tag_id=tag.id,
                    clip_id=clip.id,
                    clip=Path(clip.path).name,
                    start_ms=tag.at_ms,
                    end_ms=tag.end_ms,
                    tag=kind.label if kind else f"Tag type {tag.type_id}",
                    tag_set=set_names.get(kind.tag_set_id, "") if kind else "",
                    polarity=kind.polarity.value if kind else "",
                    note=tag.note,
                    created=tag.created_at,
                    colour=kind.colour if kind else "",
                )
            )
    return rows


def _created(when: dt.datetime | None) -> str:
    return "" if when is None else when.isoformat(timespec="seconds")


def tags_csv(rows: Iterable[TagRow]) -> bytes:
    """Return the rows as CSV (UTF-8 with BOM so Excel reads accents; times in ms)."""
    return csv_bytes(
        CSV_HEADER,
        (
            (
                row.clip,
                row.start_ms,
                "" if row.end_ms is None else row.end_ms,
                row.duration_ms,
                row.tag,
                row.tag_set,
                row.polarity,
                row.note,
                _created(row.created),
            )
            for row in rows
        ),
    )


def tags_json(rows: Iterable[TagRow], clips: Iterable[Clip], source: dict[str, object]) -> bytes:
    """Return a versioned JSON document of the clips and their tags.

    ``source`` says what was exported, e.g. ``{"kind": "clip", "id": 3}``.
    """
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "source": source,
        "clips": [
            {
                "id": clip.id,
                "file": Path(clip.path).name,
                "path": clip.path,
                "fingerprint": clip.fingerprint,
                "duration_ms": clip.probe.duration_ms,
            }
            for clip in clips
        ],
        "tags": [
            {
                "id": row.tag_id,
                "clip_id": row.clip_id,
                "start_ms": row.start_ms,
                "end_ms": row.end_ms,
                "duration_ms": row.duration_ms,
                "tag": row.tag,
                "tag_set": row.tag_set,
                "polarity": row.polarity,
                "colour": row.colour,
                "note": row.note,
                "created": _created(row.created) or None,
            }
            for row in rows
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def vtt_time(ms: int) -> str:
    """Return a WebVTT timestamp, HH:MM:SS.mmm."""
    seconds, millis = divmod(max(0, ms), 1000)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours:02d}:{mins:02d}:{secs:02d}.{millis:03d}"


def vtt_escape(text: str) -> str:
    """Escape cue text (&, <, >) and drop blank lines, which would end the cue."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def tags_vtt(rows: Iterable[TagRow], clip: Clip | None = None) -> str:
    """Return a WebVTT file with a cue per tag: "Tag label — note" over the tag's span."""
    duration = clip.probe.duration_ms if clip is not None else 0
    lines = ["WEBVTT", ""]
    for row in sorted(rows, key=lambda r: (r.start_ms, r.tag_id)):
        end = row.end_ms if row.end_ms is not None else row.start_ms + POINT_CUE_MS
        if duration > row.start_ms:
            end = min(end, duration)
        end = max(end, row.start_ms + 1)
        text = row.tag if not row.note.strip() else f"{row.tag} — {row.note}"
        lines += [
            f"tag-{row.tag_id}",
            f"{vtt_time(row.start_ms)} --> {vtt_time(end)}",
            vtt_escape(text) or "Tag",
            "",
        ]
    return "\n".join(lines)


def vtt_path_for(clip_path: Path) -> Path:
    """Return where the clip's WebVTT goes: ``lesson.mp4`` -> ``lesson.coachdesk.vtt`` beside it."""
    return clip_path.with_name(f"{clip_path.stem}.coachdesk.vtt")


TAG_FORMATS = ("csv", "json", "vtt", "stats")  # stats: a CSV of counts, rates and time


def write_tag_files(
    clips: Sequence[tuple[Clip, Sequence[Tag]]],
    tag_sets: Iterable[TagSet],
    fmt: str,
    out: Path | None,
    source: dict[str, object],
) -> list[Path]:
    """Write the tags of ``clips`` as ``fmt`` atomically and return the files written.

    CSV, JSON and the statistics (``stats``, a CSV) go to ``out``. WebVTT is one file per
    clip: beside the clip when ``out`` is None, at ``out`` for a single clip, or inside the
    folder ``out`` for several.
    """
    sets = list(tag_sets)
    if fmt not in TAG_FORMATS:
        raise ValidationError(f"“{fmt}” is not a tag format; use csv, json, vtt or stats.")
    if fmt == "stats":
        if out is None:
            raise ValidationError("Say where to write the statistics (a file name).")
        return [write_atomically(out, stats_csv(clips, sets), mode=EXPORT_MODE)]
    if fmt != "vtt":
        if out is None:
            raise ValidationError("Say where to write the tags (a file name).")
        rows = tag_rows(clips, sets)
        data = tags_csv(rows) if fmt == "csv" else tags_json(rows, [c for c, _ in clips], source)
        return [write_atomically(out, data, mode=EXPORT_MODE)]
    written = []
    for clip, tags in clips:
        beside = vtt_path_for(Path(clip.path))
        if out is None:
            target = beside
        elif len(clips) == 1 and not out.is_dir():
            target = out
        else:
            target = out / beside.name
        text = tags_vtt(tag_rows([(clip, tags)], sets), clip)
        written.append(write_atomically(target, text.encode("utf-8"), mode=EXPORT_MODE))
    return written
