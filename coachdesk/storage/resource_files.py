"""The files behind resources: fingerprints, copies kept in the data folder, and their removal.

A copy lives at ``<data dir>/resources/<fingerprint hex><suffix>`` (owner-only), so the same
document copied twice is kept once. The database stores it as ``resources/<name>``, relative to
the data folder, so a moved data folder still finds its copies. A copy whose last resource is
deleted goes to ``resources/.removed`` until the workspace is next opened, so Undo can bring
it back; erasing a coachee deletes their copies at once.

Copying is a job (``core/jobs.py``): ``ResourceFiles.copy_job`` yields Progress, honours a
CancelToken, checks the free space first, and leaves nothing behind when cancelled or failed,
so the UI runs it off the GUI thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from coachdesk.core.errors import StorageError, ValidationError
from coachdesk.core.jobs import CancelToken, Job, Progress, run_job

CHUNK = 1024 * 1024
COPY_CHUNK = 8 * CHUNK
MAX_COPY_BYTES = 2 * 1024 * 1024 * 1024  # a document, slides, an image; lesson video is a clip
SPACE_TO_SPARE = 64 * 1024 * 1024  # left free after a copy: the database must still be written
FOLDER = "resources"
REMOVED = ".removed"
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def fingerprint(path: Path) -> str:
    """Return "r1:<hex>": sha256 of the size, then the first and last MiB (all of a small file)."""
    size = path.stat().st_size
    digest = hashlib.sha256(size.to_bytes(8, "little"))
    with path.open("rb") as handle:
        if size <= 2 * CHUNK:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
        else:
            digest.update(handle.read(CHUNK))
            handle.seek(size - CHUNK)
            digest.update(handle.read(CHUNK))
    return f"r1:{digest.hexdigest()}"


def readable_file(path_text: str) -> Path:
    """Return the absolute path of a readable regular file, or explain why it cannot be used."""
    if not path_text.strip() or "\x00" in path_text:
        raise ValidationError("Choose a file to add.")
    path = Path(os.path.abspath(os.path.expanduser(path_text)))
    try:
        path.stat()
    except FileNotFoundError:
        raise ValidationError(
            f"There is no file at {path}; it may have been moved or renamed."
        ) from None
    except OSError as exc:  # a name too long for the disk, a loop of links, no permission…
        raise ValidationError(f"CoachDesk cannot use that file: {exc.strerror}.") from None
    if not path.is_file():
        raise ValidationError(f"{path.name} is a folder, not a file; choose a file inside it.")
    if not os.access(path, os.R_OK):
        raise ValidationError(
            f"CoachDesk may not read {path.name}; check that your account can open it."
        )
    return path


class ResourceFiles:
    """The copies folder of one data folder, and fingerprints of files anywhere."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.folder = data_dir / FOLDER
        self._known: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> fingerprint

    # -- fingerprints -------------------------------------------------------------------------

    def fingerprint_of_new(self, path: Path) -> str:
        """Return the fingerprint of a file the coach chose, or explain why it cannot be read."""
        try:
            return self.fingerprint(path)
        except OSError as exc:
            raise ValidationError(
                f"CoachDesk cannot read {path.name}: {exc.strerror or exc}. Check that your "
                "account can open it, then try again."
            ) from None

    def fingerprint(self, path: Path) -> str:
        """Return the file's fingerprint, read again only when its size or time changed."""
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = fingerprint(path)
        return known

    # -- stored locations ---------------------------------------------------------------------

    def to_stored(self, location: str, copied_in: bool) -> str:
        """Return what the database keeps: a copy's path relative to the data folder."""
        if not copied_in:
            return location
        return f"{FOLDER}/{Path(location).name}"

    def from_stored(self, stored: str, copied_in: bool) -> str:
        """Return the absolute path (or URL) for a location as the database keeps it."""
        if not copied_in:
            return stored
        return str(self.folder / Path(stored).name)

    # -- copies -------------------------------------------------------------------------------

    def copy_in(self, source: Path, fp: str) -> Path:
        """Copy ``source`` into the copies folder here and now (demo, tests); return the copy."""
        return run_job(self.copy_job(source, fp))

    def copy_job(self, source: Path, fp: str, token: CancelToken | None = None) -> Job[Path]:
        """Copy ``source`` into the copies folder (owner-only, atomically), yielding Progress.

        A job: run it off the GUI thread. A cancelled or failed copy leaves nothing behind.
        """
        size = self._size_to_copy(source)
        suffix = source.suffix.lower() if _SUFFIX.match(source.suffix) else ""
        target = self.folder / f"{fp.split(':', 1)[-1]}{suffix}"
        if self._holds(target, fp):
            return target  # the same document was copied in before: share that copy
        self.bring_back(target)
        if self._holds(target, fp):
            return target
        try:
            self._make_folder()
        except OSError as exc:
            raise self._copy_failed(source, exc) from None
        self._check_space(source, size)
        try:
            fd, temp_name = tempfile.mkstemp(prefix=".copy.", suffix=".partial", dir=self.folder)
        except OSError as exc:
            raise self._copy_failed(source, exc) from None
        temp = Path(temp_name)
        message = f"Copying “{source.name}” into CoachDesk"
        total, done = max(1, _kib(size)), 0
        try:
            with os.fdopen(fd, "wb") as writer, source.open("rb") as reader:
                yield Progress(0, total, message)
                for chunk in iter(lambda: reader.read(COPY_CHUNK), b""):
                    if token is not None:
                        token.check()
                    writer.write(chunk)
                    done += len(chunk)
                    yield Progress(min(_kib(done), total), total, message)
                writer.flush()
                os.fsync(writer.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, target)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise self._copy_failed(source, exc) from None
        except BaseException:  # cancelled (or closed by the job runner): nothing is kept
            temp.unlink(missing_ok=True)
            raise
        stat = target.stat()
        self._known[(str(target), stat.st_size, stat.st_mtime_ns)] = fp
        return target

    def _size_to_copy(self, source: Path) -> int:
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise self._copy_failed(source, exc) from None
        if size > MAX_COPY_BYTES:
            raise ValidationError(
                f"{source.name} is {_megabytes(size)}; CoachDesk copies in files up to "
                f"{_megabytes(MAX_COPY_BYTES)}. Keep it where it is (untick “Copy into "
                "CoachDesk”), or attach a lesson video as a clip."
            )
        return size

    def _check_space(self, source: Path, size: int) -> None:
        """Refuse a copy the disk cannot hold (with room to spare), before writing anything."""
        try:
            free = shutil.disk_usage(self.folder).free
        except OSError:
            return  # cannot tell: the copy itself reports a full disk, leaving nothing
        if size + SPACE_TO_SPARE > free:
            raise StorageError(
                f"There is not enough free space to copy {source.name} ({_megabytes(size)}) "
                f"into CoachDesk: {_megabytes(free)} free on the disk of the data folder. "
                "Nothing was added; free some space, or keep the file where it is (untick "
                "“Copy into CoachDesk”)."
            )

    def _holds(self, target: Path, fp: str) -> bool:
        try:
            return target.is_file() and self.fingerprint(target) == fp
        except OSError:
            return False

    def copy_named(self, copy: Path) -> str:
        """Return the fingerprint of a copy made by ``copy_job``, checking it is whole."""
        wanted = f"r1:{copy.stem}"
        try:
            whole = self.is_copy(copy) and copy.is_file() and self.fingerprint(copy) == wanted
        except OSError:
            whole = False
        if not whole:
            raise StorageError(
                f"The copy of this file in CoachDesk is missing or damaged ({copy.name}). "
                "Nothing was added; add the file again."
            )
        return wanted

    def _copy_failed(self, source: Path, exc: OSError) -> StorageError:
        reason = "the disk is full" if exc.errno == 28 else (exc.strerror or str(exc))
        return StorageError(
            f"Could not copy {source.name} into CoachDesk: {reason}. Nothing was added; "
            "free some space, or keep the file where it is (untick “Copy into CoachDesk”)."
        )

    def _make_folder(self) -> None:
        self.folder.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            os.chmod(self.folder, 0o700)

    def is_copy(self, path: Path) -> bool:
        """Whether ``path`` is one of this folder's copies (never touch the coach's own files)."""
        return path.parent == self.folder and not path.name.startswith(".")

    def trash(self, path: Path) -> None:
        """Set a copy no resource uses aside, so Undo can bring it back until the next start."""
        if not self.is_copy(path) or not path.exists():
            return
        removed = self.folder / REMOVED
        removed.mkdir(mode=0o700, exist_ok=True)
        with contextlib.suppress(OSError):  # left in place, it is swept at the next start
            os.replace(path, removed / path.name)

    def _untrash(self, path: Path) -> None:
        kept = self.folder / REMOVED / path.name
        if self.is_copy(path) and kept.is_file() and not path.exists():
            os.replace(kept, path)

    def bring_back(self, path: Path) -> None:
        """Put a copy set aside by ``trash`` back (undoing a removal)."""
        with contextlib.suppress(OSError):
            self._untrash(path)

    def erase(self, paths: Iterable[Path]) -> None:
        """Delete copies now, and every copy set aside (a coachee was erased)."""
        for path in paths:
            if self.is_copy(path):
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
        self.empty_trash()

    def empty_trash(self) -> None:
        removed = self.folder / REMOVED
        if removed.is_dir():
            for item in removed.iterdir():
                with contextlib.suppress(OSError):
                    item.unlink()

    def sweep(self, in_use: set[str]) -> None:
        """Delete copies set aside, half-made copies, and copies no resource names any more."""
        if not self.folder.is_dir():
            return
        self.empty_trash()
        for item in self.folder.iterdir():
            if item.is_file() and (item.name.startswith(".copy.") or item.name not in in_use):
                with contextlib.suppress(OSError):
                    item.unlink()


def _kib(size: int) -> int:
    return -(-size // 1024)


def _megabytes(size: int) -> str:
    """Say a size as a coach reads it: "340 KB", "150 MB", "2,048 MB"."""
    if size < 1024 * 1024:
        return f"{_kib(size)} KB"
    return f"{size // (1024 * 1024):,} MB"
