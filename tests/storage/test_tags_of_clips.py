"""Reading the tags of many clips at once gives what reading them one clip at a time does."""

from __future__ import annotations

import datetime as dt

from coachdesk.core.clips import ClipProbe
from coachdesk.core.observations import ObservationMode
from coachdesk.core.services import Services
from coachdesk.storage import tags as tag_store

PROBE = ClipProbe(600_000, 25.0, False, 15_000, 640, 360, 0, "h264", False)


def test_tags_of_clips_matches_one_clip_at_a_time(services: Services, monkeypatch):  # type: ignore[no-untyped-def]
    coachee = services.coachees.add("Sam Reid", today=dt.date(2025, 11, 12)).value
    cycle = services.cycles.start(coachee.id, dt.date(2025, 11, 3)).value
    observation = services.observations.add(
        cycle.id, dt.date(2025, 11, 4), ObservationMode.VIDEO
    ).value
    first, second, bare = (
        services.clips.add(observation.id, f"/v/{name}.mp4", name, PROBE).value
        for name in ("a", "b", "c")
    )
    kinds = services.tags.tag_sets()[0].types
    for at in (50_000, 10_000, 30_000):
        services.tags.add_tag(first.id, kinds[0].id, at, None, f"at {at}")
    services.tags.add_tag(second.id, kinds[6].id, 5_000, 65_000, "a span")
    monkeypatch.setattr(tag_store, "MAX_IDS_PER_QUERY", 2)  # ids read in more than one batch
    found = services.tags.tags_of_clips([second.id, first.id, bare.id, first.id, 999])
    assert list(found) == [second.id, first.id, bare.id, 999]
    for clip in (first, second, bare):
        assert found[clip.id] == services.tags.tags(clip.id)
    assert [t.at_ms for t in found[first.id]] == [10_000, 30_000, 50_000]
    assert found[999] == []
    assert services.tags.tags_of_clips([]) == {}
