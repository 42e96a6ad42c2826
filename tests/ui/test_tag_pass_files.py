"""Tagging passes as files: export one observer's tags, import another's, undo the import."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from coachdesk.core.agreement import agreement
from coachdesk.core.clips import Clip, ClipProbe
from coachdesk.core.observations import ObservationMode
from coachdesk.core.tags import TagSet
from coachdesk.ui.context import UiContext
from coachdesk.ui.review.tag_pass_files import export_pass, import_pass
from tests.conftest import TODAY

MINUTE = ClipProbe(60_000, 30.0, False, 1_800, 1280, 720, 0, "h264", True)


def coach_tagged(ctx: UiContext) -> tuple[Clip, TagSet]:
    services = ctx.services
    coachee = services.coachees.add("Ada", today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    tag_set = next(s for s in services.tags.tag_sets() if s.name == "Questioning")
    observation = services.observations.add(
        cycle.id, TODAY, ObservationMode.VIDEO, tag_set_id=tag_set.id
    ).value
    clip = services.clips.add(observation.id, "/v/a.mp4", "v1:a", MINUTE).value
    for at in (5_000, 25_000):
        services.tags.add_tag(clip.id, tag_set.types[0].id, at)
    services.tags.add_tag(clip.id, tag_set.types[4].id, 40_000, 45_000, "All hands up")
    return clip, tag_set


def as_sams(data: bytes, **changes: object) -> bytes:
    """The coach's pass as if Sam had tagged it on their laptop."""
    doc = json.loads(data)
    doc["author"] = "Sam"
    doc.update(changes)
    return json.dumps(doc).encode()


def test_export_then_import_as_a_second_observer(qtbot: QtBot, ctx: UiContext):
    clip, _tag_set = coach_tagged(ctx)
    coach = ctx.services.tags.tags(clip.id)[0].author
    data = export_pass(ctx, clip.id, coach)
    assert json.loads(data)["clip_fingerprint"] == "v1:a"
    with qtbot.waitSignal(ctx.changed):
        imported = import_pass(ctx, clip.id, as_sams(data))
    assert imported is not None
    assert (imported.author, imported.added, imported.unknown_labels) == ("Sam", 3, ())
    tags = ctx.services.tags.tags(clip.id)
    sams = [(t.type_id, t.at_ms, t.end_ms, t.note) for t in tags if t.author == "Sam"]
    coachs = [(t.type_id, t.at_ms, t.end_ms, t.note) for t in tags if t.author == coach]
    assert sams == coachs
    result = agreement(tags, coach, "Sam", clip.probe.duration_ms, 10_000)
    assert all(row.kappa == 1.0 for row in result.types)  # the same pass: full agreement

    ctx.undo_stack.undo()
    assert [t.author for t in ctx.services.tags.tags(clip.id)] == [coach] * 3
    ctx.undo_stack.redo()
    again = ctx.services.tags.tags(clip.id)
    assert {t.id for t in again if t.author == "Sam"} == {t.id for t in tags if t.author == "Sam"}


def test_a_pass_for_another_clip_or_twice_is_refused(qtbot: QtBot, ctx: UiContext):
    clip, _tag_set = coach_tagged(ctx)
    data = export_pass(ctx, clip.id, ctx.services.tags.tags(clip.id)[0].author)
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert import_pass(ctx, clip.id, as_sams(data, clip_fingerprint="v1:other")) is None
    assert "different video" in blocker.args[0]
    assert import_pass(ctx, clip.id, as_sams(data)) is not None
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert import_pass(ctx, clip.id, as_sams(data)) is None
    assert "already on this clip" in blocker.args[0]
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert import_pass(ctx, clip.id, b"not json") is None
    assert len(ctx.services.tags.tags(clip.id)) == 6


def test_tags_of_unknown_types_are_skipped_and_named(qtbot: QtBot, ctx: UiContext):
    clip, _tag_set = coach_tagged(ctx)
    doc = json.loads(export_pass(ctx, clip.id, ctx.services.tags.tags(clip.id)[0].author))
    doc["tags"].append({"set": "someone-else", "tag": "Hinge question", "at_ms": 1_000})
    imported = import_pass(ctx, clip.id, as_sams(json.dumps(doc).encode()))
    assert imported is not None
    assert (imported.added, imported.unknown_labels) == (3, ("Hinge question",))
    doc["tags"] = [{"set": "someone-else", "tag": "Hinge question", "at_ms": 1_000}]
    doc["author"] = "Kim"
    with qtbot.waitSignal(ctx.problem) as blocker:
        assert import_pass(ctx, clip.id, json.dumps(doc).encode()) is None
    assert "import the tag set" in blocker.args[0]
