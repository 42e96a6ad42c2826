"""Fingerprints find a moved clip again."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from coachdesk.video.errors import VideoError
from coachdesk.video.fingerprint import find_by_fingerprint, fingerprint, fingerprint_size
from tests.video.conftest import MadeClip


def test_format_and_size(cfr_clip: MadeClip) -> None:
    fp = fingerprint(cfr_clip.path)
    assert fp.startswith("v1:")
    assert len(fp) == 3 + 80
    int(fp[3:], 16)
    assert fingerprint_size(fp) == cfr_clip.path.stat().st_size
    assert fingerprint_size("v0:xyz") is None


def test_same_content_same_fingerprint(cfr_clip: MadeClip, tmp_path: Path) -> None:
    copy = tmp_path / "renamed.avi"
    shutil.copy(cfr_clip.path, copy)
    assert fingerprint(copy) == fingerprint(cfr_clip.path)


def test_large_file_samples_start_middle_and_end(tmp_path: Path) -> None:
    data = bytearray(np.random.default_rng(2).bytes(5 * 1024 * 1024))
    path = tmp_path / "big.mp4"
    path.write_bytes(bytes(data))
    before = fingerprint(path)
    data[len(data) // 2 - 512 * 1024] ^= 0xFF  # inside the middle MiB
    path.write_bytes(bytes(data))
    assert fingerprint(path) != before
    data[len(data) // 2 - 512 * 1024] ^= 0xFF
    data[1024 * 1024 + 10] ^= 0xFF  # between the sampled parts: not seen, by design
    path.write_bytes(bytes(data))
    assert fingerprint(path) == before


def test_find_a_moved_clip(cfr_clip: MadeClip, mp4v_clip: MadeClip, tmp_path: Path) -> None:
    fp = fingerprint(cfr_clip.path)
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    shutil.copy(mp4v_clip.path, tmp_path / "a" / "other.mp4")
    shutil.copy(cfr_clip.path, tmp_path / ".hidden" / "lesson.avi")
    shutil.copy(cfr_clip.path, tmp_path / "a" / "lesson.txt")
    assert find_by_fingerprint(tmp_path, fp) is None
    shutil.copy(cfr_clip.path, tmp_path / "a" / "b" / "Lesson 3.AVI")
    assert find_by_fingerprint(tmp_path, fp) == tmp_path / "a" / "b" / "Lesson 3.AVI"


def test_find_skips_broken_files(cfr_clip: MadeClip, tmp_path: Path) -> None:
    (tmp_path / "broken.mp4").symlink_to(tmp_path / "gone.mp4")
    (tmp_path / "empty.mp4").touch()
    assert find_by_fingerprint(tmp_path, fingerprint(cfr_clip.path)) is None


def test_fingerprint_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(VideoError, match="no file"):
        fingerprint(tmp_path / "nope.mp4")
