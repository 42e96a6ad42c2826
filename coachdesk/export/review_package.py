"""A review package for the coachee: a folder (and a .zip) with the lesson video and an index.html.

The page (``review_package.html.j2``, autoescaped, style inline, no network) plays the clip or
its excerpts in an HTML5 player, lists the tagged moments — a click seeks the player there —
and shows the PEERS goal and the agreed actions. Videos go in ``videos/`` beside the page;
every link is relative and stays inside the folder, so it works from a USB stick with no
server. The folder is built under a hidden name and renamed when complete; the .zip is
written atomically; a cancel or an error leaves neither behind.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from coachdesk.core.atomic import ExportError, atomic_file
from coachdesk.core.clips import Clip
from coachdesk.core.coachees import Coachee
from coachdesk.core.file_names import safe_file_name
from coachdesk.core.goals import PeersGoal
from coachdesk.core.jobs import CancelToken, Job, Progress
from coachdesk.core.media_time import format_ms
from coachdesk.core.services import Services
from coachdesk.core.sessions import Action, ActionOwner
from coachdesk.core.tags import Tag, TagType
from coachdesk.export import EXPORT_MODE
from coachdesk.export.templating import environment

TEMPLATE = "review_package.html.j2"
VIDEO_FOLDER = "videos"
CHUNK = 4 << 20  # bytes copied between progress reports
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# The page's only script: a click on a moment loads its video (if another) and seeks there.
# Its hash goes in the page's Content-Security-Policy, so no other script could ever run.
PLAYER_SCRIPT = """
(function () {
  var player = document.getElementById("player");
  var title = document.getElementById("now-playing");
  function play() { var p = player.play(); if (p && p.catch) { p.catch(function () {}); } }
  function seek(button) {
    var src = button.getAttribute("data-video");
    var time = parseFloat(button.getAttribute("data-time")) || 0;
    document.querySelectorAll("button.moment").forEach(function (b) {
      b.removeAttribute("aria-current");
    });
    button.setAttribute("aria-current", "true");
    title.textContent = button.getAttribute("data-title");
    if (player.getAttribute("src") !== src) {
      player.setAttribute("src", src);
      player.addEventListener("loadedmetadata", function once() {
        player.removeEventListener("loadedmetadata", once);
        player.currentTime = time;
        play();
      });
      player.load();
    } else {
      player.currentTime = time;
      play();
    }
  }
  document.querySelectorAll("button.moment").forEach(function (button) {
    button.addEventListener("click", function () { seek(button); });
  });
})();
"""


@dataclass(frozen=True)
class PackageVideo:
    """A video to put in the package: where it is now, and which stretch of the clip it shows."""

    path: Path
    title: str
    clip_start_ms: int = 0
    duration_ms: int | None = None  # None: to the end of the clip

    def shows(self, ms: int) -> bool:
        end = None if self.duration_ms is None else self.clip_start_ms + self.duration_ms
        return self.clip_start_ms <= ms and (end is None or ms < end)


@dataclass(frozen=True)
class PackageMoment:
    """A tagged moment as the page lists it: which video plays it, and from where."""

    tag: Tag
    label: str
    colour: str
    video: int  # index into ReviewPackage.videos
    offset_ms: int


@dataclass(frozen=True)
class ReviewPackage:
    """Everything the page shows."""

    coachee: Coachee
    videos: tuple[PackageVideo, ...]
    moments: tuple[PackageMoment, ...] = ()
    goal: PeersGoal | None = None
    actions: tuple[Action, ...] = ()
    observed_on: dt.date | None = None
    context: str = ""  # the lesson: "8X2 fractions, period 3"
    coach_name: str = ""
    generated_on: dt.date | None = None


@dataclass(frozen=True)
class PackageResult:
    folder: Path
    zip_path: Path | None


def package_for_clip(
    services: Services, clip: Clip, today: dt.date | None = None
) -> tuple[ReviewPackage, list[Tag], dict[int, TagType]]:
    """Read what a package of ``clip`` shows: coachee, goal, actions, and the clip's tags.

    The actions are those of the cycle's conversations still to do, and those done since
    the lesson was observed. Videos and moments are added once the videos are written.
    """
    observation = services.observations.get(clip.observation_id)
    dossier = services.cycles.dossier(observation.cycle_id)
    coachee = services.coachees.get(dossier.cycle.coachee_id)
    actions = tuple(
        action
        for session in dossier.sessions
        for action in session.actions
        if action.done_on is None or action.done_on >= observation.observed_on
    )
    types: dict[int, TagType] = {t.id: t for s in services.tags.tag_sets() for t in s.types}
    package = ReviewPackage(
        coachee=coachee,
        videos=(),
        goal=dossier.goal,
        actions=actions,
        observed_on=observation.observed_on,
        context=observation.context,
        coach_name=services.settings.coach_name(),
        generated_on=today or dt.date.today(),
    )
    return package, services.tags.tags(clip.id), types


def with_videos(
    package: ReviewPackage,
    videos: Sequence[PackageVideo],
    tags: Iterable[Tag],
    types: Mapping[int, TagType],
) -> ReviewPackage:
    """Return ``package`` showing ``videos``, with the moments each of them plays."""
    return replace(package, videos=tuple(videos), moments=moments_for(tags, types, videos))


def safe_name(name: str, fallback: str = "Lesson review") -> str:
    """Return ``name`` as a file or folder name every system accepts (no path in it)."""
    return safe_file_name(name, fallback, limit=100)


def unique_folder(parent: Path, name: str) -> Path:
    """Return ``parent / name``, or "name (2)", "name (3)"… if a folder or zip is there."""
    base = safe_name(name)
    for number in range(1, 1000):
        candidate = parent / (base if number == 1 else f"{base} ({number})")
        if not candidate.exists() and not candidate.with_name(candidate.name + ".zip").exists():
            return candidate
    raise ExportError(f"Too many review packages called “{base}” in {parent}: choose a name.")


def moments_for(
    tags: Iterable[Tag], types: Mapping[int, TagType], videos: Sequence[PackageVideo]
) -> tuple[PackageMoment, ...]:
    """Return a moment for each tag that one of ``videos`` shows, in time order."""
    found = []
    for tag in sorted(tags, key=lambda t: (t.at_ms, t.id)):
        index = next((i for i, v in enumerate(videos) if v.shows(tag.at_ms)), None)
        if index is None:
            continue
        tag_type = types.get(tag.type_id)
        label = tag_type.label if tag_type else "Tag"
        colour = tag_type.colour if tag_type and _COLOUR.match(tag_type.colour) else "#607d8b"
        offset = tag.at_ms - videos[index].clip_start_ms
        found.append(PackageMoment(tag, label, colour, index, offset))
    return tuple(found)


def video_file_names(package: ReviewPackage) -> list[str]:
    """Return each video's path inside the package: "videos/01 Praise.mp4" (relative, safe)."""
    names = []
    for number, video in enumerate(package.videos, start=1):
        suffix = video.path.suffix.lower() if video.path.suffix else ".mp4"
        name = f"{number:02d} {safe_name(video.title, 'Video')}{suffix}"
        names.append(checked_relative(f"{VIDEO_FOLDER}/{name}"))
    return names


def checked_relative(name: str) -> str:
    """Return ``name`` if it is a relative path that stays inside the package; else refuse."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        raise ExportError(f"“{name}” would be outside the review package.")
    return str(path)


def render_index_html(package: ReviewPackage, overrides: Sequence[Path] = ()) -> str:
    """Return the package's index.html."""
    links = [quote(name) for name in video_file_names(package)]  # "01%20Praise.mp4"
    script_hash = base64.b64encode(hashlib.sha256(PLAYER_SCRIPT.encode()).digest()).decode()
    owners = {ActionOwner.COACHEE: package.coachee.name, ActionOwner.COACH: "Coach"}
    actions = sorted(
        package.actions, key=lambda a: (a.done_on is not None, a.due_on or dt.date.max, a.id)
    )
    template = environment(overrides).get_template(TEMPLATE)
    return template.render(
        package=package,
        coachee=package.coachee,
        goal=package.goal if package.goal and package.goal.text.strip() else None,
        actions=[(a, owners.get(a.owner, "")) for a in actions],
        videos=list(zip(package.videos, links, strict=True)),
        moments=[(m, links[m.video], package.videos[m.video].title) for m in package.moments],
        first=links[0] if links else "",
        player_script=PLAYER_SCRIPT,
        script_hash=f"sha256-{script_hash}",
        format_ms=format_ms,
    )


def build_job(
    package: ReviewPackage,
    target: Path,
    *,
    make_zip: bool = True,
    move: bool = False,
    overrides: Sequence[Path] = (),
    token: CancelToken | None = None,
) -> Job[PackageResult]:
    """Build the package folder ``target`` (and ``target``.zip) as a job.

    ``move`` moves the videos in (they were written for the package) instead of copying.
    """
    if target.exists():
        raise ExportError(f"“{target.name}” is already in {target.parent}: choose another name.")
    if not package.videos:
        raise ExportError("A review package needs a video: choose the clip or some moments.")
    names = video_file_names(package)
    html = render_index_html(package, overrides)
    total = sum(v.path.stat().st_size for v in package.videos) * (2 if make_zip else 1)
    done = 0
    yield Progress(0, total, "Building the review package")
    with _staging(target) as staging:
        (staging / VIDEO_FOLDER).mkdir()
        for video, name in zip(package.videos, names, strict=True):
            destination = staging / name
            if move:
                os.replace(video.path, destination)
                done += destination.stat().st_size
                continue
            for step in _copy(video.path, destination, token):
                done += step
                yield Progress(done, total, f"Copying {video.title}")
        index = staging / "index.html"
        index.write_text(html, encoding="utf-8")
        os.chmod(index, EXPORT_MODE)
    zip_path = None
    if make_zip:
        zip_path = target.with_name(target.name + ".zip")
        try:
            with atomic_file(zip_path, EXPORT_MODE) as handle, zipfile.ZipFile(handle, "w") as zf:
                for name in ["index.html", *names]:
                    source = target / name
                    kind = zipfile.ZIP_DEFLATED if name.endswith(".html") else zipfile.ZIP_STORED
                    zf.write(source, checked_relative(f"{target.name}/{name}"), compress_type=kind)
                    done += source.stat().st_size
                    if token is not None:
                        token.check()
                    yield Progress(min(done, total), total, "Making the .zip")
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)  # all or nothing
            raise
    return PackageResult(target, zip_path)


def _copy(source: Path, destination: Path, token: CancelToken | None) -> Iterator[int]:
    """Copy ``source`` to ``destination`` in chunks, yielding the bytes copied each time."""
    with source.open("rb") as reader, destination.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            writer.write(chunk)
            if token is not None:
                token.check()
            yield len(chunk)
    os.chmod(destination, EXPORT_MODE)


@contextlib.contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """Yield a hidden folder beside ``target``; rename it to ``target`` when it is complete."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise ExportError(
            f"Cannot write in {target.parent}: {exc.strerror}. Choose another folder."
        ) from None
    try:
        yield staging
        with contextlib.suppress(OSError):
            os.chmod(staging, 0o755)
        os.rename(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        reason = "the disk is full" if exc.errno == 28 else (exc.strerror or str(exc))
        raise ExportError(
            f"Could not write the review package: {reason}. Nothing was saved; free some "
            "space or choose another folder."
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
