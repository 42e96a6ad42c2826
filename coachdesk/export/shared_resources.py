"""The resources shared with the teacher in a cycle, as the session summary lists them.

Only resources with a date they were shared on are listed (the newest first): one the coach has
kept with the cycle but not yet shared stays out of the teacher's copy. A file shows its name,
not the path on the coach's computer (a copy kept in CoachDesk, named by its fingerprint, says
so instead); a link shows its address, and is a link only for the web and mail addresses
CoachDesk accepts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from coachdesk.core.resources import LINK_SCHEMES, Resource, newest_shared_first


@dataclass(frozen=True)
class SharedResource:
    """One line of the summary's list of shared resources."""

    title: str
    kind: str  # "File" or "Link"
    where: str  # the file's name, or the link's address
    href: str | None  # the address to follow; None for a file
    note: str
    shared_on: dt.date


def _href(url: str) -> str | None:
    return url if urlsplit(url).scheme.lower() in LINK_SCHEMES else None


def _where(resource: Resource) -> str:
    if resource.is_link:
        return resource.location
    if resource.copied_in:  # the copy is named by its fingerprint: no use to the teacher
        kind = PurePath(resource.location).suffix.lstrip(".").upper()
        return "a copy kept by your coach" + (f" ({kind})" if kind else "")
    return resource.where


def shared_resources(resources: Iterable[Resource]) -> list[SharedResource]:
    """Return the shared ones of ``resources``, most recently shared first."""
    shown = []
    for resource in newest_shared_first(list(resources)):
        if resource.shared_on is None:  # kept with the cycle, not shared yet
            continue
        shown.append(
            SharedResource(
                title=resource.title,
                kind=resource.kind.label,
                where=_where(resource),
                href=_href(resource.location) if resource.is_link else None,
                note=resource.note.strip(),
                shared_on=resource.shared_on,
            )
        )
    return shown
