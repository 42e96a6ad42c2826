"""The playbook file: versioned JSON that carries strategies between coaches."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from coachdesk.core.errors import ImportFileError
from coachdesk.core.files import field_text, field_texts, load_json_document
from coachdesk.core.playbook import Category, Strategy, StrategyDraft
from coachdesk.core.problems import PersistentProblem

FORMAT = "coachdesk-playbook"
VERSION = 1
MAX_STRATEGIES = 2000


def parse_playbook(data: bytes) -> tuple[str, list[StrategyDraft]]:
    """Return the playbook's name and its strategies, or raise ImportFileError with the reason."""
    doc = load_json_document(data, expected_format=FORMAT, newest_version=VERSION)
    name = field_text(doc, "name", "The playbook", max_len=200) or "Imported playbook"
    items = doc.get("strategies")
    if not isinstance(items, list):
        raise ImportFileError("The playbook has no list of strategies.")
    if len(items) > MAX_STRATEGIES:
        raise ImportFileError(f"The playbook has more than {MAX_STRATEGIES} strategies.")
    drafts: list[StrategyDraft] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        drafts.append(_parse_strategy(item, number))
        uid = drafts[-1].uid
        if uid in seen:
            raise ImportFileError(f"Strategy {number}: the uid “{uid}” appears twice.")
        seen.add(uid)
    return name, drafts


def _parse_strategy(item: Any, number: int) -> StrategyDraft:
    where = f"Strategy {number}"
    if not isinstance(item, dict):
        raise ImportFileError(f"{where} is not an object.")
    title = field_text(item, "title", where, required=True, max_len=200).strip()
    where = f"Strategy {number} (“{title}”)"
    uid = field_text(item, "uid", where, required=True, max_len=200).strip()
    try:
        category = Category(item.get("category"))
    except ValueError:
        known = ", ".join(c.value for c in Category)
        raise ImportFileError(f"{where}: unknown category; expected one of {known}.") from None
    problems_raw = item.get("problems", [])
    if not isinstance(problems_raw, list):
        raise ImportFileError(f"{where}: “problems” should be a list.")
    try:
        problems = frozenset(PersistentProblem(p) for p in problems_raw)
    except ValueError:
        known = ", ".join(p.value for p in PersistentProblem)
        raise ImportFileError(f"{where}: unknown persistent problem; expected {known}.") from None
    return StrategyDraft(
        title=title,
        category=category,
        purpose=field_text(item, "purpose", where).strip(),
        wrong_choice_when=field_text(item, "wrong_choice_when", where).strip(),
        steps=field_texts(item, "steps", where),
        look_fors=field_texts(item, "look_fors", where),
        problems=problems,
        uid=uid,
    )


def dump_playbook(name: str, strategies: Iterable[Strategy | StrategyDraft]) -> bytes:
    """Return the playbook file for ``strategies``."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "strategies": [
            {
                "uid": s.uid,
                "title": s.title,
                "category": s.category.value,
                "purpose": s.purpose,
                "wrong_choice_when": s.wrong_choice_when,
                "steps": list(s.steps),
                "look_fors": list(s.look_fors),
                "problems": sorted(p.value for p in s.problems),
            }
            for s in strategies
        ],
    }
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(frozen=True)
class ImportReport:
    """What importing a playbook file did."""

    name: str
    added: int
    updated: int
    unchanged: int
    kept_yours: int

    def describe(self) -> str:
        return (
            f"“{self.name}”: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} already there"
            + (f", {self.kept_yours} kept as you had them" if self.kept_yours else "")
            + "."
        )
