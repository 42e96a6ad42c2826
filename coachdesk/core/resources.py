"""Resources: files and links a coach keeps with a strategy, or shares with a teacher in a cycle.

A file is kept by reference (its path and a content fingerprint, so a moved or changed file is
noticed) or copied into CoachDesk on request. A link is a web or mail address, opened by the
system's browser or mail program only when the coach clicks it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import NewType
from urllib.parse import urlsplit

from coachdesk.core.errors import ValidationError

ResourceId = NewType("ResourceId", int)

MAX_TITLE = 200
MAX_NOTE = 5000
MAX_URL = 2000
MAX_PATH = 4000
LINK_SCHEMES = ("http", "https", "mailto")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ResourceKind(enum.Enum):
    FILE = "file"
    LINK = "link"

    @property
    def label(self) -> str:
        return "File" if self is ResourceKind.FILE else "Link"


class FileState(enum.Enum):
    """What checking a resource found: a file still there and unchanged, or not."""

    OK = "ok"
    MISSING = "missing"
    CHANGED = "changed"

    @property
    def warning(self) -> str:
        """The words the coach sees beside a resource that needs finding again ("" if fine)."""
        return _WARNINGS[self]


_WARNINGS = {
    FileState.OK: "",
    FileState.MISSING: "Moved or deleted — find it",
    FileState.CHANGED: "Changed since it was added — check it, or find the original",
}


@dataclass(frozen=True)
class Resource:
    """A file or link on a strategy (for all who use it) or a cycle (shared with its teacher)."""

    id: ResourceId
    kind: ResourceKind
    title: str
    location: str  # an absolute path, or a URL
    note: str = ""
    shared_on: dt.date | None = None
    fingerprint: str | None = None
    copied_in: bool = False
    strategy_id: int | None = None
    cycle_id: int | None = None
    added_at: dt.datetime | None = None

    @property
    def is_link(self) -> bool:
        return self.kind is ResourceKind.LINK

    @property
    def where(self) -> str:
        """A short hint of where it lives: the web site, or the file's name."""
        if self.is_link:
            return link_title(self.location)
        return PurePath(self.location).name

    def shared_with(self, cycle_id: int, on: dt.date) -> Resource:
        """Return this strategy resource as a copy for a cycle, shared with its teacher ``on``."""
        return replace(self, strategy_id=None, cycle_id=cycle_id, shared_on=on)


def check_owner(strategy_id: int | None, cycle_id: int | None) -> None:
    """Refuse a resource that is not on exactly one strategy or one cycle."""
    if (strategy_id is None) == (cycle_id is None):
        raise ValidationError(
            "A resource belongs either to a strategy in the playbook or to a cycle; "
            "choose one of them."
        )


def clean_link(url: str) -> str:
    """Return the web (http, https) or mail (mailto) address, or explain what is wrong."""
    url = url.strip()
    if not url:
        raise ValidationError("Type or paste the link's address, e.g. https://example.org/page.")
    if len(url) > MAX_URL:
        raise ValidationError(f"That address is longer than {MAX_URL} characters.")
    if _CONTROL.search(url) or any(c.isspace() for c in url):
        raise ValidationError(
            "That address has spaces or hidden characters in it; copy it again from the "
            "browser's address bar."
        )
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        shown = f"“{parts.scheme}:” " if parts.scheme else ""
        raise ValidationError(
            f"CoachDesk keeps web and e-mail links only (https://…, http://…, mailto:…); "
            f"{shown}addresses are not opened from here. For a file, use Add file."
        )
    if scheme == "mailto":
        if "@" not in parts.path:
            raise ValidationError("A mail link needs an address, e.g. mailto:name@school.org.")
    elif not parts.hostname:
        raise ValidationError("A web link needs a site name, e.g. https://example.org/page.")
    return url


def link_title(url: str) -> str:
    """Return a default title for a link: the site's name, or the mail address."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() == "mailto":
        return parts.path.split("?")[0]
    host = parts.hostname or url.strip()
    return host.removeprefix("www.")


def file_title(path: str) -> str:
    """Return a default title for a file: its name."""
    return PurePath(path).name or path


def clean_title(title: str, default: str) -> str:
    """Return the title (or the default when left empty), or explain what is wrong."""
    title = " ".join(title.split()) or " ".join(default.split())
    if not title:
        raise ValidationError("A resource needs a title.")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"A title is at most {MAX_TITLE} characters; shorten it.")
    return title


def clean_note(note: str) -> str:
    if len(note) > MAX_NOTE:
        raise ValidationError(f"A note is at most {MAX_NOTE} characters; shorten it.")
    return note.strip()


def checked(resource: Resource) -> Resource:
    """Return ``resource`` with its fields cleaned, or explain which one breaks a rule."""
    check_owner(resource.strategy_id, resource.cycle_id)
    if resource.is_link:
        location = clean_link(resource.location)
        default = link_title(location)
    else:
        location = resource.location
        if not location.strip() or len(location) > MAX_PATH or "\x00" in location:
            raise ValidationError("A file resource needs the path of a file.")
        default = file_title(location)
    return replace(
        resource,
        location=location,
        title=clean_title(resource.title, default),
        note=clean_note(resource.note),
    )


def newest_shared_first(resources: list[Resource]) -> list[Resource]:
    """Order a cycle's resources: most recently shared first, ones not yet shared last."""
    return sorted(
        resources,
        key=lambda r: (
            r.shared_on is not None,
            r.shared_on or dt.date.min,
            r.added_at or dt.datetime.min,
            r.id,
        ),
        reverse=True,
    )
