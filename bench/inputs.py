"""Benchmark inputs, generated with a fixed seed and cached outside the repository."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

CACHE = Path(os.environ.get("COACHDESK_BENCH_CACHE", Path.home() / ".cache" / "coachdesk-bench"))
SEED = 20251112
LARGE_VERSION = "large-v1"


def large_db_dir(*, coachees: int = 12, years: int = 5, tags: int = 50_000) -> Path:
    """Return a data folder holding the large benchmark database (built once, then copied)."""
    master = CACHE / f"{LARGE_VERSION}-{coachees}x{years}-{tags}"
    if not (master / "coachdesk.sqlite3").exists():
        build_large_db(master, coachees=coachees, years=years, tags=tags)
    else:
        _bring_up_to_date(master)
    return master


def _bring_up_to_date(master: Path) -> None:
    """Migrate a cached database built by an older CoachDesk once, not in every timed run."""
    from coachdesk.storage.workspace import open_workspace

    open_workspace(master, daily_backup=False, check_integrity=False).close()


def fresh_copy(master: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(master, target, ignore=shutil.ignore_patterns("coachdesk.lock", "backups"))
    return target


def build_large_db(folder: Path, *, coachees: int, years: int, tags: int) -> None:
    """12 coachees × 5 school years of cycles, sessions, observations, clips and 50,000 tags."""
    from coachdesk.core.calendar import SchoolCalendar
    from coachdesk.storage import rows
    from coachdesk.storage.workspace import open_workspace

    rng = random.Random(SEED)
    partial = folder.with_name(folder.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    ws = open_workspace(partial, daily_backup=False)
    calendar = SchoolCalendar()
    strategies = ws.playbook.list()
    tag_types = [t for s in ws.tags.tag_sets() for t in s.types]
    this_year = calendar.academic_year_of(dt.date.today())
    probe = json.dumps(
        {
            "duration_ms": 3_600_000,
            "fps": 30.0,
            "variable_fps": False,
            "frame_count": 108_000,
            "width": 1280,
            "height": 720,
            "rotation": 0,
            "codec": "h264",
            "has_audio": True,
        }
    )
    clip_ids: list[int] = []
    with ws.db.session() as s:
        for c in range(coachees):
            coachee = rows.CoacheeRow(
                name=f"Teacher {c + 1:02d}",
                role="Class teacher",
                notes="",
                archived=False,
                created_on=dt.date(this_year - years + 1, 9, 1),
            )
            s.add(coachee)
            s.flush()
            for year in range(this_year - years + 1, this_year + 1):
                for term in calendar.terms_of(year):
                    start = term.start + dt.timedelta(days=rng.randint(0, 10))
                    done = term.end < dt.date.today()
                    cycle = rows.CycleRow(
                        coachee_id=coachee.id,
                        title=f"{term.label} cycle",
                        started_on=start,
                        ended_on=term.end if done else None,
                        problem="exposing_thinking",
                        current_reality="Benchmark data",
                        stage="complete" if done else "learn",
                        outcome="continue" if done else None,
                        skips_json="[]",
                    )
                    s.add(cycle)
                    s.flush()
                    s.add(
                        rows.GoalRow(
                            cycle_id=cycle.id,
                            text="Goal",
                            checks="",
                            measure="m",
                            unit="%",
                            baseline=30,
                            target=80,
                        )
                    )
                    s.add(
                        rows.CycleStrategyRow(
                            cycle_id=cycle.id,
                            strategy_id=rng.choice(strategies).id,
                            chosen_on=start,
                        )
                    )
                    for half in (term.first, term.second):
                        for k in range(2):
                            day = half.start + dt.timedelta(days=7 + 14 * k)
                            session = rows.SessionRow(
                                cycle_id=cycle.id,
                                held_on=day,
                                kind="feedback",
                                duration_min=30,
                                notes="Talked it through",
                                habit_reflection="",
                                understanding_reflection="",
                            )
                            s.add(session)
                            s.flush()
                            s.add(
                                rows.ActionRow(
                                    session_id=session.id,
                                    text="Try step 2",
                                    owner="coachee",
                                    due_on=day + dt.timedelta(days=7),
                                    done_on=day + dt.timedelta(days=6),
                                )
                            )
                        obs = rows.ObservationRow(
                            cycle_id=cycle.id,
                            observed_on=half.start + dt.timedelta(days=10),
                            mode="video",
                            evidence_kind="observation",
                            context="Lesson",
                        )
                        s.add(obs)
                        s.flush()
                        for minute in range(0, 50, 10):
                            s.add(
                                rows.NoteRow(
                                    observation_id=obs.id,
                                    at_ms=minute * 60_000,
                                    text="Students working",
                                    category="",
                                    evidence_kind="observation",
                                )
                            )
                        clip = rows.ClipRow(
                            observation_id=obs.id,
                            path=f"/clips/{obs.id}.mp4",
                            fingerprint=f"v1:{obs.id:08x}",
                            probe_json=probe,
                            copied_in=False,
                            added_at=dt.datetime.combine(obs.observed_on, dt.time(16)),
                        )
                        s.add(clip)
                        s.flush()
                        clip_ids.append(clip.id)
        now = dt.datetime.now()
        per_clip = max(1, tags // len(clip_ids))
        batch = []
        for n in range(tags):
            clip_id = clip_ids[min(n // per_clip, len(clip_ids) - 1)]
            batch.append(
                {
                    "clip_id": clip_id,
                    "type_id": rng.choice(tag_types).id,
                    "at_ms": rng.randint(0, 3_600_000),
                    "end_ms": None,
                    "note": "",
                    "author": "coach",
                    "created_at": now,
                }
            )
        s.execute(rows.TagRow.__table__.insert(), batch)
    ws.close()
    if folder.exists():
        shutil.rmtree(folder)
    partial.rename(folder)


CLIP_VERSION = "clip-v1"
CLIP_FPS = 30
CLIP_GOP = 250  # x264's default keyframe interval: a keyframe every 8.3 s at 30 fps
SEGMENT_S = 150  # long clips are made of 150 s pieces (18 whole GOPs), copied end to end


def long_clip(minutes: float, height: int, *, preset: str = "veryfast") -> Path:
    """Return a cached H.264 + AAC MP4 lesson stand-in: ``minutes`` long, ``height`` lines, 16:9.

    The picture is FFmpeg's testsrc2 (a moving pattern and a running clock) at 30 fps, keyframes
    every 250 frames (``-g 250``, x264's default), with a 440 Hz sine tone as the sound. Clips
    longer than 150 s are one 150 s piece (18 whole GOPs) repeated with ``-c copy``: the file
    decodes and seeks like a single encode (continuous timestamps, the same GOPs) but is made
    in a few minutes instead of an hour. ``preset`` is x264's (veryfast: B-frames and CABAC,
    as cameras and phones write; ultrafast: for the small quick-mode clip).
    """
    width = round(height * 16 / 9 / 2) * 2
    target = CACHE / f"{CLIP_VERSION}-{minutes:g}min-{height}p-{preset}.mp4"
    if target.is_file():
        return target
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is needed to make the benchmark clips")
    CACHE.mkdir(parents=True, exist_ok=True)
    total_s = round(minutes * 60, 3)
    work = target.with_name(target.stem + ".parts")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()

    def run(*args: str) -> None:
        subprocess.run([ffmpeg, "-v", "error", "-y", *args], check=True)

    def encode(seconds: float, out: Path) -> None:
        picture = f"testsrc2=size={width}x{height}:rate={CLIP_FPS}"
        sound = "sine=frequency=440:sample_rate=48000"
        inputs = f"-f lavfi -i {picture} -f lavfi -i {sound} -t {seconds:g}"
        video = f"-c:v libx264 -preset {preset} -g {CLIP_GOP} -pix_fmt yuv420p"
        audio = "-c:a aac -b:a 96k -shortest"
        run(*inputs.split(), *video.split(), *audio.split(), str(out))

    sys.stderr.write(f"making {target.name} (once; cached in {CACHE})\n")
    partial = work / "clip.mp4"
    if total_s <= SEGMENT_S:
        encode(total_s, partial)
    else:
        copies, rest = divmod(total_s, SEGMENT_S)
        pieces = [work / "piece.mp4"] * int(copies)
        encode(SEGMENT_S, pieces[0])
        if rest > 0:
            pieces.append(work / "rest.mp4")
            encode(rest, pieces[-1])
        listing = work / "pieces.txt"
        listing.write_text("".join(f"file '{p.name}'\n" for p in pieces), encoding="utf-8")
        run("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(partial))
    partial.rename(target)
    shutil.rmtree(work, ignore_errors=True)
    return target
