"""Model clips in the database: link, note, remove and restore, candidates, reel, erasure."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import pytest

from coachdesk.core import services as protocols
from coachdesk.core.changes import Entity
from coachdesk.core.clips import ClipProbe
from coachdesk.core.errors import NotFoundError, ValidationError
from coachdesk.core.observations import ObservationMode
from coachdesk.core.services import Services
from coachdesk.core.tags import TagSet
from tests.conftest import TODAY

PROBE = ClipProbe(60_000, 25.0, False, 1500, 640, 360, 0, "mjpeg", False)


@dataclass
class Lesson:
    coachee_id: int
    clip_id: int


def lesson(services: Services, name: str, file_name: str, days_ago: int = 0) -> Lesson:
    """A coachee with a filmed lesson: a clip (the file need not exist here)."""
    coachee = services.coachees.add(name, today=TODAY).value
    cycle = services.cycles.start(coachee.id, TODAY).value
    on = TODAY.replace(day=TODAY.day - days_ago)
    observation = services.observations.add(cycle.id, on, ObservationMode.VIDEO).value
    clip = services.clips.add(observation.id, f"/lessons/{file_name}", "fp-" + file_name, PROBE)
    return Lesson(coachee.id, clip.value.id)


def questioning(services: Services) -> TagSet:
    return next(s for s in services.tags.tag_sets() if s.uid == "starter/questioning")


@pytest.fixture
def strategy_id(services: Services) -> int:
    return services.playbook.list()[0].id


def test_the_store_implements_the_protocol(services: Services):
    store = services.model_clips
    for name, member in inspect.getmembers(protocols.ModelClipService, inspect.isfunction):
        if name.startswith("_"):
            continue
        expected = list(inspect.signature(member).parameters)
        actual = list(inspect.signature(getattr(store, name)).parameters)
        assert ["self", *actual] == expected, name


def test_add_lists_with_the_facts_of_the_lesson(services: Services, strategy_id: int):
    priya = lesson(services, "Priya Shah", "8X2 fractions.mp4")
    tag_type = questioning(services).types[0]
    services.tags.add_tag(priya.clip_id, tag_type.id, 1_000)
    services.tags.add_tag(priya.clip_id, tag_type.id, 9_000)

    added = services.model_clips.add(strategy_id, priya.clip_id, "  watch the pause  ", TODAY)
    assert added.changes.entities == {Entity.MODEL_CLIP}
    clip = added.value
    assert (clip.strategy_id, clip.clip_id, clip.note, clip.added_on) == (
        strategy_id,
        priya.clip_id,
        "watch the pause",
        TODAY,
    )
    assert (clip.coachee_name, clip.observed_on, clip.file_name) == (
        "Priya Shah",
        TODAY,
        "8X2 fractions.mp4",
    )
    assert (clip.duration_ms, clip.tag_count) == (60_000, 2)
    assert services.model_clips.for_strategy(strategy_id) == [clip]
    other = services.playbook.list()[1].id
    assert services.model_clips.for_strategy(other) == []


def test_the_same_clip_twice_is_refused_and_bad_ids_change_nothing(
    services: Services, strategy_id: int
):
    priya = lesson(services, "Priya Shah", "a.mp4")
    services.model_clips.add(strategy_id, priya.clip_id, "", TODAY)
    with pytest.raises(ValidationError, match="already a model clip"):
        services.model_clips.add(strategy_id, priya.clip_id, "again", TODAY)
    with pytest.raises(NotFoundError, match="clip no longer exists"):
        services.model_clips.add(strategy_id, 9_999, "", TODAY)
    with pytest.raises(NotFoundError, match="strategy no longer exists"):
        services.model_clips.add(9_999, priya.clip_id, "", TODAY)
    with pytest.raises(ValidationError, match="at most"):
        services.model_clips.add(services.playbook.list()[1].id, priya.clip_id, "x" * 5000)
    assert [c.note for c in services.model_clips.for_strategy(strategy_id)] == [""]
    assert services.model_clips.for_strategy(services.playbook.list()[1].id) == []


def test_note_remove_and_restore(services: Services, strategy_id: int):
    priya = lesson(services, "Priya Shah", "a.mp4")
    clip = services.model_clips.add(strategy_id, priya.clip_id, "first", TODAY).value
    saved = services.model_clips.save_note(clip.id, "the cold call at 0:40").value
    assert saved.note == "the cold call at 0:40"
    removed = services.model_clips.remove(clip.id).value
    assert removed == saved
    assert services.model_clips.for_strategy(strategy_id) == []
    assert services.clips.get(priya.clip_id).id == priya.clip_id  # the clip itself stays
    with pytest.raises(NotFoundError):
        services.model_clips.save_note(clip.id, "x")
    with pytest.raises(NotFoundError):
        services.model_clips.remove(clip.id)
    restored = services.model_clips.restore(removed).value
    assert restored == saved  # same id, note and date
    assert services.model_clips.for_strategy(strategy_id) == [saved]


def test_candidates_list_every_clip_latest_lesson_first(services: Services):
    assert services.model_clips.candidates() == []
    older = lesson(services, "Tom Okafor", "older.avi", days_ago=7)
    newer = lesson(services, "Priya Shah", "newer.mp4")
    services.tags.add_tag(older.clip_id, questioning(services).types[0].id, 500)
    found = services.model_clips.candidates()
    assert [(c.clip_id, c.coachee_name, c.file_name, c.tag_count) for c in found] == [
        (newer.clip_id, "Priya Shah", "newer.mp4", 0),
        (older.clip_id, "Tom Okafor", "older.avi", 1),
    ]
    assert found[1].observed_on == TODAY.replace(day=TODAY.day - 7)
    assert found[0].duration_ms == 60_000


def test_erasing_the_coachee_removes_the_link_and_blocks_its_restore(
    services: Services, strategy_id: int
):
    priya = lesson(services, "Priya Shah", "a.mp4")
    tom = lesson(services, "Tom Okafor", "b.mp4")
    gone = services.model_clips.add(strategy_id, priya.clip_id, "", TODAY).value
    kept = services.model_clips.add(strategy_id, tom.clip_id, "", TODAY).value
    services.coachees.delete(priya.coachee_id)
    assert services.model_clips.for_strategy(strategy_id) == [kept]
    assert [c.clip_id for c in services.model_clips.candidates()] == [tom.clip_id]
    with pytest.raises(NotFoundError, match="Priya Shah's lesson is no longer"):
        services.model_clips.restore(gone)
    assert services.model_clips.for_strategy(strategy_id) == [kept]


def test_reel_of_a_strategy_one_clip_and_chosen_tag_types(services: Services, strategy_id: int):
    priya = lesson(services, "Priya Shah", "a.mp4")
    tom = lesson(services, "Tom Okafor", "b.mp4")
    types = {t.label: t for t in questioning(services).types}
    open_q, cold = types["Open question"], types["Cold call"]
    services.tags.add_tag(priya.clip_id, open_q.id, 30_000)
    services.tags.add_tag(priya.clip_id, cold.id, 2_000)
    services.tags.add_tag(tom.clip_id, cold.id, 58_000)  # runs past the end: clamped
    first = services.model_clips.add(strategy_id, priya.clip_id, "", TODAY).value
    services.model_clips.add(strategy_id, tom.clip_id, "", TODAY)

    reel = services.model_clips.reel(strategy_id)
    assert [(m.clip_id, m.start_ms, m.label) for m in reel.moments] == [
        (priya.clip_id, 2_000, "Cold call"),
        (priya.clip_id, 30_000, "Open question"),
        (tom.clip_id, 58_000, "Cold call"),
    ]
    assert reel.moments[-1].end_ms == 60_000
    assert {t.label for t in reel.tag_types} == {"Open question", "Cold call"}
    assert len(reel) == 3

    one = services.model_clips.reel(strategy_id, first.id)
    assert [m.clip_id for m in one.moments] == [priya.clip_id, priya.clip_id]
    only_cold = services.model_clips.reel(strategy_id, only_types=[cold.id])
    assert [m.start_ms for m in only_cold.moments] == [2_000, 58_000]
    assert services.model_clips.reel(services.playbook.list()[1].id).moments == ()
    with pytest.raises(NotFoundError):
        services.model_clips.reel(services.playbook.list()[1].id, first.id)
