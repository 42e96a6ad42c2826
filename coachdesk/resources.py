"""Bundled resources (playbook, tag sets, templates), found the same way in a frozen build."""

from __future__ import annotations

import sys
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from coachdesk.core.playbook import StrategyDraft
from coachdesk.core.playbook_file import parse_playbook
from coachdesk.core.sequence_file import parse_sequence
from coachdesk.core.sequences import BundledSequence
from coachdesk.core.tagset_file import TagSetDraft, parse_tag_set


def root() -> Traversable | Path:
    """Return the ``resources/`` folder: beside the package in a checkout, bundled when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    packaged = resources.files("coachdesk") / "_resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def app_icon() -> str:
    """Return the path of the application's icon (an SVG; Qt renders it at every size)."""
    return str(root() / "icons" / "coachdesk.svg")


def starter_playbook() -> list[StrategyDraft]:
    data = (root() / "playbook" / "starter.json").read_bytes()
    return parse_playbook(data)[1]


def default_tag_sets() -> list[TagSetDraft]:
    folder = root() / "tagsets"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return [parse_tag_set(f.read_bytes()) for f in files]


def bundled_sequences() -> list[BundledSequence]:
    """Return the strategy sequences in resources/sequences (e.g. a new teacher's first weeks)."""
    folder = root() / "sequences"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return [parse_sequence(f.read_bytes()) for f in files]


def content_version() -> str:
    """Return a fingerprint of the bundled content, so it is installed again when it changes."""
    import hashlib

    digest = hashlib.sha256()
    digest.update((root() / "playbook" / "starter.json").read_bytes())
    folder = root() / "tagsets"
    for f in sorted(folder.iterdir(), key=lambda f: f.name):
        if f.name.endswith(".json"):
            digest.update(f.read_bytes())
    for f in sorted((root() / "sequences").iterdir(), key=lambda f: f.name):
        if f.name.endswith(".json"):
            digest.update(f.read_bytes())
    return digest.hexdigest()[:16]
