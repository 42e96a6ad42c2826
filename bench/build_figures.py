"""The built app: PyInstaller build time, folder size, and checks run on what was built.

Full mode builds ``build.spec`` three times into a temporary folder (a few minutes):
1. the release build (clean work folder; PyInstaller's own cache in ~/.cache stays warm):
   build time, folder size and what takes the room; then ``--smoke-test`` on the built app with
   an empty data folder and with ``--demo``;
2. the same with a probe built in as a second program sharing the bundle
   (COACHDESK_BUILD_PROBE): inside the frozen app it imports every CoachDesk module, decodes a
   generated clip with PyAV and OpenCV, loads the bundled face model, and plays the clip
   through Qt Multimedia until a frame arrives;
3. the untrimmed build (COACHDESK_BUILD_UNTRIMMED=1: every Qt plugin, translation and library
   PyInstaller's hooks collect) as the reference for time and size.
Quick mode (CI) only checks that build.spec compiles and names what must be bundled.

Usage: python bench/build_figures.py [--quick] [--no-reference] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import emit

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"
MUST_NAME = ("resources", "migrations", "script.py.mako", "versions", "alembic", "multimedia")
ENV = {
    **os.environ,
    "QT_QPA_PLATFORM": "offscreen",
    "QT_LOGGING_RULES": "qt.multimedia*=false",
}

FROZEN_PROBE = '''"""Inside the frozen bundle: what CoachDesk needs at run time loads and works."""

import importlib
import pkgutil
import sys
from pathlib import Path

CLIP = sys.argv[1]


def import_everything():
    import coachdesk

    names = [m.name for m in pkgutil.walk_packages(coachdesk.__path__, "coachdesk.")]
    names = [n for n in names if ".migrations" not in n]  # env.py runs only under Alembic
    for name in names:
        importlib.import_module(name)
    return f"{len(names)} modules"


def pyav_decodes():
    try:
        import av
    except ImportError:
        return "PyAV not bundled"
    with av.open(CLIP) as container:
        frame = next(container.decode(video=0))
    return f"first frame {frame.width}x{frame.height}"


def opencv_decodes():
    import cv2

    ok, image = cv2.VideoCapture(CLIP).read()
    if not ok:
        raise RuntimeError("no frame")
    return f"first frame {image.shape[1]}x{image.shape[0]}"


def models_load():
    import cv2

    models = sorted((Path(sys._MEIPASS) / "resources" / "models").glob("*.onnx"))
    for model in models:
        cv2.dnn.readNetFromONNX(str(model))
    return ", ".join(m.name for m in models) or "none bundled"


def qt_plays():
    from PySide6.QtCore import QTimer, QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink

    app = QGuiApplication(sys.argv[:1])
    player, sink, audio = QMediaPlayer(), QVideoSink(), QAudioOutput()
    player.setVideoSink(sink)
    player.setAudioOutput(audio)
    seen = []

    def on_frame(frame):
        if frame.isValid() and not seen:
            seen.append(f"first frame {frame.width()}x{frame.height()}")
            app.quit()

    sink.videoFrameChanged.connect(on_frame)
    player.errorOccurred.connect(lambda _e, text: (seen.append(f"error: {text}"), app.quit()))
    player.setSource(QUrl.fromLocalFile(CLIP))
    player.play()
    QTimer.singleShot(15000, app.quit)
    app.exec()
    if not player.isAvailable() or not seen or seen[0].startswith("error"):
        raise RuntimeError(f"backend available: {player.isAvailable()}; {seen or 'no frame'}")
    return seen[0]


failed = 0
for check in (import_everything, pyav_decodes, opencv_decodes, models_load, qt_plays):
    try:
        print(f"probe {check.__name__}: ok, {check()}", flush=True)
    except Exception as exc:
        failed += 1
        print(f"probe {check.__name__}: FAILED, {type(exc).__name__}: {exc}", flush=True)
sys.exit(1 if failed else 0)
'''


def check_spec() -> str:
    """Compile build.spec and check it names what must be bundled; return what was checked."""
    source = SPEC.read_text(encoding="utf-8")
    compile(source, str(SPEC), "exec")
    missing = [word for word in MUST_NAME if word not in source]
    if missing:
        raise SystemExit(f"build.spec does not mention {', '.join(missing)}")
    try:
        import PyInstaller  # noqa: F401 - the spec's own imports, when PyInstaller is installed
        from PyInstaller.depend.bindepend import get_imports  # noqa: F401
        from PyInstaller.utils.hooks import collect_data_files, collect_submodules  # noqa: F401
    except ImportError:
        return "build.spec compiles (PyInstaller not installed: its imports not checked)"
    return "build.spec compiles and its PyInstaller imports resolve"


def build(dist: Path, work: Path, **env: str) -> float:
    """Run PyInstaller on build.spec; return the wall time in seconds."""
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm"]
    command += ["--distpath", str(dist), "--workpath", str(work)]
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"PyInstaller failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
    return time.perf_counter() - start


def size_mib(folder: Path) -> float:
    """Return the bytes of every file under ``folder`` (links not followed), in MiB."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total / 2**20


def breakdown(internal: Path) -> str:
    """Say which libraries take the room: OpenCV, Qt, PyAV, NumPy, the rest."""
    groups = {
        "OpenCV": ["cv2", "opencv_python_headless.libs"],
        "Qt": ["PySide6", "shiboken6"],
        "PyAV": ["av", "av.libs"],
        "NumPy": ["numpy", "numpy.libs"],
    }
    sizes = {
        k: sum(size_mib(internal / d) for d in v if (internal / d).exists())
        for k, v in groups.items()
    }
    sizes = {k: v for k, v in sizes.items() if v}
    rest = size_mib(internal) - sum(sizes.values())
    return " · ".join(f"{k} {v:.0f}" for k, v in [*sizes.items(), ("rest", rest)]) + " MiB"


def run_checked(command: list[str], what: str) -> tuple[float, str]:
    """Run ``command``; return its wall time and what it printed, or stop if it failed."""
    start = time.perf_counter()
    result = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{what} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return elapsed, result.stdout.strip()


def make_clip(folder: Path) -> Path:
    """Write a 2 s clip: H.264 + AAC with ffmpeg when it is installed, else MJPEG with OpenCV."""
    if shutil.which("ffmpeg"):
        clip = folder / "clip.mp4"
        sources = ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"]
        sources += ["-f", "lavfi", "-i", "sine=frequency=440"]
        codecs = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"]
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", *sources, "-t", "2", *codecs, str(clip)], check=True
        )
        return clip
    import cv2
    import numpy as np

    clip = folder / "clip.avi"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*"MJPG"), 25, (320, 240))
    for i in range(50):
        writer.write(np.full((240, 320, 3), i * 5, dtype=np.uint8))
    writer.release()
    return clip


def full(tmp: Path, reference: bool) -> None:
    dist, work = tmp / "dist", tmp / "work"
    seconds = build(dist, work)
    app = dist / "coachdesk"
    program = app / ("coachdesk.exe" if sys.platform == "win32" else "coachdesk")
    size = size_mib(app)
    internal = app / "_internal"
    parts = breakdown(internal) if internal.is_dir() else ""
    print(f"built {app} in {seconds:.1f} s: {size:.0f} MiB ({parts})")

    empty, _ = run_checked(
        [str(program), "--smoke-test", "--data-dir", str(tmp / "data")], "smoke test"
    )
    demo, said = run_checked(
        [str(program), "--smoke-test", "--demo", "--data-dir", str(tmp / "demo")],
        "smoke test --demo",
    )
    print(said)

    probe_script = tmp / "frozen_probe.py"
    probe_script.write_text(FROZEN_PROBE, encoding="utf-8")
    build(tmp / "probe-dist", work, COACHDESK_BUILD_PROBE=str(probe_script))
    probe = tmp / "probe-dist" / "coachdesk" / program.name.replace("coachdesk", "probe")
    clip = make_clip(tmp)
    probed, said = run_checked([str(probe), str(clip)], "the probe in the built app")
    print(said)

    ref_time = ref_size = ""
    if reference:
        ref_dist = tmp / "untrimmed"
        ref_seconds = build(ref_dist, tmp / "untrimmed-work", COACHDESK_BUILD_UNTRIMMED="1")
        ref_mib = size_mib(ref_dist / "coachdesk")
        ref_time, ref_size = f"untrimmed: {ref_seconds:.0f} s", f"untrimmed: {ref_mib:.0f} MiB"
        shutil.rmtree(ref_dist)

    emit("PyInstaller build, one folder (clean work dir)", seconds, "s", "", "", ref_time)
    emit("built app folder size", size, "MiB", "as small as the features allow", parts, ref_size)
    emit("built app smoke test, empty data folder", empty, "s", "passes", "offscreen")
    emit("built app smoke test, --demo", demo, "s", "passes", "offscreen")
    emit(
        "checks inside the built app",
        probed,
        "s",
        "all pass",
        f"every module imports; {clip.suffix[1:]} clip decoded by PyAV and OpenCV and played "
        "by Qt Multimedia (FFmpeg backend); face model loads",
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="check build.spec only; no build")
    parser.add_argument(
        "--no-reference", action="store_true", help="skip the untrimmed reference build"
    )
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temp dir)")
    args = parser.parse_args()
    checked = check_spec()
    if args.quick:
        print(f"{checked} (quick mode: nothing built)")
        return 0
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller is not installed: .venv/bin/pip install pyinstaller", file=sys.stderr)
        return 1
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        full(args.keep, not args.no_reference)
    else:
        with tempfile.TemporaryDirectory(prefix="coachdesk-build-") as tmp:
            full(Path(tmp), not args.no_reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
