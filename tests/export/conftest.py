"""Export fixtures: the demo workspace with a tagged clip whose notes try to break the page."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, replace

import pytest

from coachdesk.core.clips import ClipProbe
from coachdesk.core.services import Services
from coachdesk.demo import fill_demo
from tests.conftest import TODAY

HOSTILE = '<script>document.body.appendChild(document.createElement("aside"))</script>'
HOSTILE_NOTE = f'Hands up & "quotes" — {HOSTILE}'
CSV_NOTE = 'Counted, then "recounted"\nsecond line, with a comma'
PROBE = ClipProbe(
    duration_ms=70 * 60_000,
    fps=30.0,
    variable_fps=False,
    frame_count=90_000,
    width=1280,
    height=720,
    rotation=0,
    codec="h264",
    has_audio=True,
)


def png(width: int = 32, height: int = 18, rgb: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    """Return a small valid PNG of one colour (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Tagged:
    """Ids in the demo workspace after ``tagged`` added a clip and tags to Tom's cycle."""

    cycle_id: int
    session_id: int
    observation_id: int
    clip_id: int
    tag_ids: tuple[int, ...]
    labels: tuple[str, ...]
    action_text: str
    goal_text: str


@pytest.fixture
def demo(services: Services) -> Services:
    fill_demo(services, today=TODAY)
    return services


@pytest.fixture
def tagged(demo: Services, tmp_path) -> Tagged:  # type: ignore[no-untyped-def]
    """Tom's feedback session, with a clip of his filmed lesson carrying three tags."""
    tom = next(c for c in demo.coachees.list() if c.name == "Tom Okafor")
    demo.coachees.save(replace(tom, name='Tom "TJ" Okafor <b>'))
    cycle = demo.cycles.list(tom.id)[0]
    session = demo.sessions.list(cycle.id)[0]
    observation = next(o for o in demo.observations.list(cycle.id) if o.mode.value == "video")
    demo.observations.add_note(observation.id, 95_000, HOSTILE_NOTE)
    clip_file = tmp_path / "videos" / "9S2 particles.mp4"
    clip_file.parent.mkdir()
    clip = demo.clips.add(observation.id, str(clip_file), "fp-test-1", PROBE).value
    tag_set = demo.tags.tag_sets()[0]
    first, second, third = tag_set.types[:3]
    tags = [
        demo.tags.add_tag(clip.id, first.id, 61_000, None, HOSTILE_NOTE).value,
        demo.tags.add_tag(clip.id, second.id, 125_500, 140_250, CSV_NOTE).value,
        demo.tags.add_tag(clip.id, third.id, 3_725_000, None, "").value,
    ]
    goal = demo.cycles.goal(cycle.id)
    action = demo.sessions.get(session.id).actions[0]
    return Tagged(
        cycle_id=cycle.id,
        session_id=session.id,
        observation_id=observation.id,
        clip_id=clip.id,
        tag_ids=tuple(t.id for t in tags),
        labels=(first.label, second.label, third.label),
        action_text=action.text,
        goal_text=goal.text,
    )
