"""Review package: a folder and a .zip with index.html, the videos, the moments, goal and actions.

The page is read back with an HTML parser; the .zip is opened and every name checked; the
page is opened in headless Chromium (when installed): it renders, loads the video, a click on
a moment seeks the player, and a note with a script in it stays text.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

import pytest

from coachdesk.core.atomic import ExportError
from coachdesk.core.coachees import Coachee, CoacheeId
from coachdesk.core.goals import GoalId, PeersGoal
from coachdesk.core.jobs import CancelledError, CancelToken, run_job
from coachdesk.core.sessions import Action, ActionId, ActionOwner, SessionId
from coachdesk.core.tags import Tag, TagId, TagSetId, TagType, TagTypeId
from coachdesk.export.review_package import (
    PackageResult,
    PackageVideo,
    ReviewPackage,
    build_job,
    checked_relative,
    moments_for,
    unique_folder,
)

HOSTILE = '<script>document.body.appendChild(document.createElement("aside"))</script>'
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FFMPEG = shutil.which("ffmpeg")
TYPES = {
    1: TagType(TagTypeId(1), TagSetId(1), "Praise", colour="#2e7d32"),
    2: TagType(TagTypeId(2), TagSetId(1), "Wait <b>time</b>", colour="url(evil)"),
}
TAGS = [
    Tag(TagId(1), 1, TagTypeId(1), 2_000, note=f'Hands up & "quotes" — {HOSTILE}'),
    Tag(TagId(2), 1, TagTypeId(2), 6_500, 9_000, note="First line\nsecond line"),
    Tag(TagId(3), 1, TagTypeId(1), 50_000),  # after the excerpts end
]
GOAL = PeersGoal(
    GoalId(1), 1, text="90% of students start the task within 2 minutes",
    measure="% starting within 2 min", unit="%", baseline=40, target=90,
)  # fmt: skip
ACTIONS = (
    Action(ActionId(1), SessionId(1), "Use the countdown <timer>", ActionOwner.COACHEE,
           dt.date(2025, 11, 20)),
    Action(ActionId(2), SessionId(1), "Send the clip", ActionOwner.COACH, None,
           dt.date(2025, 11, 12)),
)  # fmt: skip


class Page(HTMLParser):
    """Start tags with attributes, script bodies, and the visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text_parts: list[str] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in != "style":
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.elements if tag == name]


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 12 s H.264 + AAC clip (a few bytes of noise when ffmpeg is missing)."""
    target = tmp_path_factory.mktemp("package_clip") / "lesson.mp4"
    if FFMPEG is None:
        target.write_bytes(b"not really a video" * 100)
        return target
    subprocess.run(
        [FFMPEG, "-y", "-v", "error", "-f", "lavfi", "-i",
         "testsrc2=size=320x180:rate=25:duration=12", "-f", "lavfi", "-i", "sine=duration=12",
         "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac",
         "-shortest", str(target)],
        check=True, timeout=60,
    )  # fmt: skip
    return target


def package_of(videos: tuple[PackageVideo, ...]) -> ReviewPackage:
    return ReviewPackage(
        coachee=Coachee(CoacheeId(1), "Tom <Baker>"),
        videos=videos,
        moments=moments_for(TAGS, TYPES, videos),
        goal=GOAL,
        actions=ACTIONS,
        observed_on=dt.date(2025, 11, 10),
        context="8X2 fractions, period 3",
        coach_name="Sam Coach",
        generated_on=dt.date(2025, 11, 12),
    )


def build(package: ReviewPackage, parent: Path, **options: bool) -> PackageResult:
    return run_job(build_job(package, unique_folder(parent, "Lesson review – Tom"), **options))


def test_page_shows_goal_actions_and_every_moment(clip: Path, tmp_path: Path) -> None:
    result = build(package_of((PackageVideo(clip, "Whole lesson"),)), tmp_path)
    page = Page((result.folder / "index.html").read_text(encoding="utf-8"))
    text = page.text
    assert "Tom <Baker>" in text
    assert GOAL.text in text
    assert "baseline 40% · target 90%" in text
    assert "Use the countdown <timer> · Tom <Baker> · by Thu 20 Nov 2025" in text
    assert "Send the clip · Coach · done" in text
    buttons = page.tags("button")
    assert [b["data-time"] for b in buttons] == ["2.000", "6.500", "50.000"]
    assert {b["data-video"] for b in buttons} == {quote("videos/01 Whole lesson.mp4")}
    for label in ("Praise", "Wait <b>time</b>", f'Hands up & "quotes" — {HOSTILE}'):
        assert label in text  # shown as text, never as markup
    assert not page.tags("b")
    assert not page.tags("aside")
    (video,) = page.tags("video")
    assert (result.folder / unquote(video["src"])).is_file()
    spans = [a["style"] for a in page.tags("span") if "style" in a]
    assert spans[1] == "background: #607d8b"  # a colour that is not a colour is replaced


def test_only_the_page_own_script_may_run(clip: Path, tmp_path: Path) -> None:
    result = build(package_of((PackageVideo(clip, "Whole lesson"),)), tmp_path)
    page = Page((result.folder / "index.html").read_text(encoding="utf-8"))
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    (policy,) = [m["content"] for m in page.tags("meta") if m.get("http-equiv")]
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy
    assert not [t for t in page.tags("script") if t.get("src")]
    assert not re.search(r"(src|href)=\"(https?:)?//", (result.folder / "index.html").read_text())


def test_excerpts_each_play_their_moments(clip: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.mp4", tmp_path / "b.mp4"
    shutil.copyfile(clip, first)
    shutil.copyfile(clip, second)
    videos = (
        PackageVideo(first, "Praise at 0:01", clip_start_ms=1_000, duration_ms=4_000),
        PackageVideo(second, "Wait time at 0:06", clip_start_ms=6_000, duration_ms=5_000),
    )
    out = tmp_path / "out"
    out.mkdir()
    result = build(package_of(videos), out)
    page = Page((result.folder / "index.html").read_text(encoding="utf-8"))
    buttons = page.tags("button")
    assert [(unquote(b["data-video"]), b["data-time"], b["data-title"]) for b in buttons] == [
        ("videos/01 Praise at 0 01.mp4", "1.000", "Praise at 0:01"),
        ("videos/02 Wait time at 0 06.mp4", "0.500", "Wait time at 0:06"),
    ]  # the tag at 50 s is in neither excerpt, so it is not listed
    assert "2 excerpts" in page.text
    assert first.exists()  # copied, not moved


def test_zip_holds_the_folder_with_relative_names_only(clip: Path, tmp_path: Path) -> None:
    result = build(package_of((PackageVideo(clip, "Whole lesson"),)), tmp_path)
    assert result.zip_path == tmp_path / "Lesson review – Tom.zip"
    with zipfile.ZipFile(result.zip_path) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
        for name in names:
            path = PurePosixPath(name)
            assert not path.is_absolute()
            assert ".." not in path.parts
            assert path.parts[0] == "Lesson review – Tom"
        inside = sorted(str(PurePosixPath(*PurePosixPath(n).parts[1:])) for n in names)
        on_disk = sorted(
            str(p.relative_to(result.folder)) for p in result.folder.rglob("*") if p.is_file()
        )
        assert inside == on_disk == ["index.html", "videos/01 Whole lesson.mp4"]
        video = zf.read("Lesson review – Tom/videos/01 Whole lesson.mp4")
    assert video == clip.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "Lesson review – Tom",
        "Lesson review – Tom.zip",
    ]


def test_names_never_leave_the_folder() -> None:
    for bad in ("../x.mp4", "/etc/passwd", "videos/../../x", "a\\..\\b"):
        with pytest.raises(ExportError):
            checked_relative(bad)
    assert checked_relative("videos/01 Praise.mp4") == "videos/01 Praise.mp4"


def test_an_existing_package_is_never_overwritten(clip: Path, tmp_path: Path) -> None:
    package = package_of((PackageVideo(clip, "Whole lesson"),))
    first = build(package, tmp_path)
    second = build(package, tmp_path)
    assert second.folder.name == "Lesson review – Tom (2)"
    assert first.folder.is_dir()
    with pytest.raises(ExportError, match="already"):
        run_job(build_job(package, first.folder))


def test_cancel_leaves_nothing(clip: Path, tmp_path: Path) -> None:
    token = CancelToken()
    package = package_of((PackageVideo(clip, "Whole lesson"),))
    job = build_job(package, tmp_path / "Review", token=token)
    with pytest.raises(CancelledError):
        run_job(job, lambda _: token.cancel())
    assert list(tmp_path.iterdir()) == []


def test_videos_written_for_the_package_are_moved_in(clip: Path, tmp_path: Path) -> None:
    excerpt = tmp_path / "excerpt.mp4"
    shutil.copyfile(clip, excerpt)
    videos = (PackageVideo(excerpt, "Praise", clip_start_ms=1_000, duration_ms=4_000),)
    result = build(package_of(videos), tmp_path, move=True, make_zip=False)
    assert not excerpt.exists()
    assert result.zip_path is None
    assert (result.folder / "videos" / "01 Praise.mp4").read_bytes() == clip.read_bytes()


# -- in a real browser -------------------------------------------------------------------

needs_browser = pytest.mark.skipif(
    CHROMIUM is None or FFMPEG is None, reason="needs chromium and ffmpeg (Debian packages)"
)


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True, text=True, timeout=90, check=False,
    )  # fmt: skip


@needs_browser
def test_page_renders_in_chromium(clip: Path, tmp_path: Path) -> None:
    import cv2

    result = build(package_of((PackageVideo(clip, "Whole lesson"),)), tmp_path)
    shot = tmp_path / "page.png"
    done = chromium("--window-size=1280,900", f"--screenshot={shot}", result.folder.joinpath(
        "index.html").as_uri())  # fmt: skip
    assert shot.is_file(), done.stderr[-2000:]
    image = cv2.imread(str(shot))
    assert image.shape[:2] == (900, 1280)
    player = image[180:560, 40:760]
    assert player.mean() < 40  # the video area is there (dark), beside the light page
    assert image[:, 820:].std() > 20  # text and lists on the right, not a blank page


@needs_browser
def test_a_click_on_a_moment_seeks_the_player(clip: Path, tmp_path: Path) -> None:
    result = build(package_of((PackageVideo(clip, "Whole lesson"),)), tmp_path)
    harness = tmp_path / "harness.html"
    harness.write_text(
        f"""<!DOCTYPE html><html><body>
<iframe id="f" src="{quote(result.folder.name)}/index.html"></iframe><pre id="out">none</pre>
<script>
var f = document.getElementById("f");
f.addEventListener("load", function () {{
  var doc = f.contentDocument, player = doc.getElementById("player");
  var buttons = doc.querySelectorAll("button.moment");
  buttons[1].click();
  document.getElementById("out").textContent = "time=" + player.currentTime +
    " current=" + buttons[1].getAttribute("aria-current") +
    " title=" + doc.getElementById("now-playing").textContent +
    " asides=" + doc.querySelectorAll("aside").length +
    " can=" + player.canPlayType('video/mp4; codecs="avc1.64001f, mp4a.40.2"');
}});
</script></body></html>""",
        encoding="utf-8",
    )
    done = chromium(
        "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
        harness.as_uri(),
    )  # fmt: skip
    found = re.search(r'<pre id="out">([^<]*)</pre>', done.stdout)
    assert found is not None, done.stderr[-2000:]
    assert found.group(1) == "time=6.5 current=true title=Whole lesson asides=0 can=probably"
