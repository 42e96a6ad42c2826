"""The operations the UI may call. Storage implements them; the UI sees only these.

Every call returns core objects; every mutating call returns ``Changed`` (value + what changed).
A test checks that the storage classes match these protocols. Only the enums used as
default values are imported at run time: this module is on the start-up path.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from coachdesk.core.goals import MeasurementSource
from coachdesk.core.observations import EvidenceKind, ObservationMode
from coachdesk.core.sessions import ActionOwner, SessionKind
from coachdesk.core.tags import TagSetSource

if TYPE_CHECKING:  # types named in signatures only: their modules load when a store needs them
    from coachdesk.core.calendar import SchoolCalendar
    from coachdesk.core.changes import Changed
    from coachdesk.core.clips import Clip, ClipProbe
    from coachdesk.core.coachees import Coachee, CoacheeId, ErasureSummary
    from coachdesk.core.cycles import Cycle, CycleDossier
    from coachdesk.core.goals import Measurement, MeasurementSource, PeersGoal
    from coachdesk.core.jobs import CancelToken, Job
    from coachdesk.core.lead_logs import ImportOutcome, LeadLogSummary
    from coachdesk.core.model_clips import ClipCandidate, ModelClip, Reel
    from coachdesk.core.observations import EvidenceKind, Note, Observation, ObservationMode
    from coachdesk.core.playbook import (
        Category,
        CycleStrategy,
        RemovedStrategy,
        Strategy,
        StrategyDraft,
    )
    from coachdesk.core.playbook_file import ImportReport
    from coachdesk.core.practice import (
        PracticeProgress,
        Rehearsal,
        RemovedSmallerStep,
        SmallerStep,
    )
    from coachdesk.core.problems import PersistentProblem
    from coachdesk.core.resources import FileState, Resource
    from coachdesk.core.school_overview import SchoolOverview
    from coachdesk.core.sequences import (
        BundledSequence,
        Sequence,
        SequenceDraft,
        SequenceProgress,
        SequenceSuggestion,
    )
    from coachdesk.core.sessions import Action, ActionOwner, CoachingSession, SessionKind
    from coachdesk.core.tags import Tag, TagKind, TagSet, TagSetSource, TagType
    from coachdesk.core.tagset_file import TagSetDraft, TagTypeDraft
from coachdesk.core.timeline import TimelineData


class CoacheeService(Protocol):
    """Operations on coachee data."""

    def list(self, *, include_archived: bool = True) -> builtins.list[Coachee]: ...

    def get(self, coachee_id: int) -> Coachee: ...

    def add(
        self, name: str, role: str = "", notes: str = "", today: dt.date | None = None
    ) -> Changed[Coachee]: ...

    def save(self, coachee: Coachee) -> Changed[Coachee]: ...

    def erasure_summary(self, coachee_id: int) -> ErasureSummary: ...

    def delete(self, coachee_id: int) -> Changed[CoacheeId]: ...


class CycleService(Protocol):
    """Operations on cycle data."""

    def list(self, coachee_id: int | None = None) -> builtins.list[Cycle]: ...

    def get(self, cycle_id: int) -> Cycle: ...

    def start(self, coachee_id: int, started_on: dt.date, title: str = "") -> Changed[Cycle]: ...

    def save(self, cycle: Cycle) -> Changed[Cycle]: ...

    def advance(self, cycle_id: int, today: dt.date, reason: str = "") -> Changed[Cycle]: ...

    def step_back(self, cycle_id: int) -> Changed[Cycle]: ...

    def restore_stage(self, cycle: Cycle) -> Changed[Cycle]: ...

    def delete(self, cycle_id: int) -> Changed[int]: ...

    def dossier(self, cycle_id: int) -> CycleDossier: ...

    def goal(self, cycle_id: int) -> PeersGoal: ...

    def save_goal(self, goal: PeersGoal) -> Changed[PeersGoal]: ...

    def add_measurement(
        self,
        cycle_id: int,
        taken_on: dt.date,
        value: float,
        source: MeasurementSource = MeasurementSource.OBSERVATION,
        note: str = "",
    ) -> Changed[PeersGoal]: ...

    def save_measurement(self, measurement: Measurement) -> Changed[PeersGoal]: ...

    def delete_measurement(self, measurement_id: int) -> Changed[PeersGoal]: ...

    def choose_strategy(
        self, cycle_id: int, strategy_id: int, today: dt.date
    ) -> Changed[CycleStrategy]: ...

    def set_modelled(self, cycle_id: int, on: dt.date | None) -> Changed[CycleStrategy]: ...

    def set_practised(
        self, cycle_id: int, step_index: int, on: dt.date, practised: bool = True
    ) -> Changed[CycleStrategy]: ...

    def clear_strategy(self, cycle_id: int) -> Changed[int]: ...


class SessionService(Protocol):
    """Operations on session data."""

    def list(self, cycle_id: int) -> builtins.list[CoachingSession]: ...

    def get(self, session_id: int) -> CoachingSession: ...

    def add(
        self,
        cycle_id: int,
        held_on: dt.date,
        kind: SessionKind = SessionKind.FEEDBACK,
        duration_min: int = 30,
    ) -> Changed[CoachingSession]: ...

    def save(self, session: CoachingSession) -> Changed[CoachingSession]: ...

    def restore(self, session: CoachingSession) -> Changed[CoachingSession]: ...

    def delete(self, session_id: int) -> Changed[CoachingSession]: ...

    def add_action(
        self,
        session_id: int,
        text: str,
        due_on: dt.date | None = None,
        owner: ActionOwner = ActionOwner.COACHEE,
    ) -> Changed[Action]: ...

    def save_action(self, action: Action) -> Changed[Action]: ...

    def delete_action(self, action_id: int) -> Changed[Action]: ...


class PlaybookService(Protocol):
    """Operations on playbook data."""

    def list(self) -> builtins.list[Strategy]: ...

    def get(self, strategy_id: int) -> Strategy: ...

    def search(
        self,
        text: str = "",
        category: Category | None = None,
        problem: PersistentProblem | None = None,
    ) -> builtins.list[Strategy]: ...

    def create(self, draft: StrategyDraft, based_on: int | None = None) -> Changed[Strategy]: ...

    def save(self, strategy_id: int, draft: StrategyDraft) -> Changed[Strategy]: ...

    def duplicate(self, strategy_id: int) -> Changed[Strategy]: ...

    def delete(self, strategy_id: int) -> Changed[RemovedStrategy]: ...

    def restore(self, removed: RemovedStrategy) -> Changed[Strategy]: ...

    def install_bundled(self, drafts: Iterable[StrategyDraft]) -> int: ...

    def import_file(self, data: bytes) -> Changed[ImportReport]: ...

    def export_file(
        self,
        strategy_ids: Iterable[int] | None = None,
        name: str = "CoachDesk playbook",
    ) -> bytes: ...


class ObservationService(Protocol):
    """Operations on observation data."""

    def list(self, cycle_id: int) -> builtins.list[Observation]: ...

    def get(self, observation_id: int) -> Observation: ...

    def add(
        self,
        cycle_id: int,
        observed_on: dt.date,
        mode: ObservationMode = ObservationMode.LIVE,
        context: str = "",
        tag_set_id: int | None = None,
        evidence_kind: EvidenceKind = EvidenceKind.OBSERVATION,
    ) -> Changed[Observation]: ...

    def save(self, observation: Observation) -> Changed[Observation]: ...

    def delete(self, observation_id: int) -> Changed[Observation]: ...

    def notes(self, observation_id: int) -> builtins.list[Note]: ...

    def add_note(
        self,
        observation_id: int,
        at_ms: int,
        text: str,
        category: str = "",
        evidence_kind: EvidenceKind = EvidenceKind.OBSERVATION,
    ) -> Changed[Note]: ...

    def save_note(self, note: Note) -> Changed[Note]: ...

    def delete_note(self, note_id: int) -> Changed[Note]: ...

    def shift_notes(self, observation_id: int, delta_ms: int) -> Changed[builtins.list[Note]]: ...

    def search_notes(self, text: str) -> builtins.list[Note]: ...


class TagService(Protocol):
    """Operations on tag data."""

    def tag_sets(self) -> builtins.list[TagSet]: ...

    def tag_set(self, set_id: int) -> TagSet: ...

    def install_bundled(self, drafts: Iterable[TagSetDraft]) -> int: ...

    def import_file(self, data: bytes) -> Changed[TagSet]: ...

    def create(
        self,
        name: str,
        types: Iterable[TagTypeDraft] = (),
        source: TagSetSource = TagSetSource.OWN,
        description: str = "",
    ) -> Changed[TagSet]: ...

    def create_from_steps(self, strategy_title: str, steps: Iterable[str]) -> Changed[TagSet]: ...

    def save_type(self, tag_type: TagType) -> Changed[TagSet]: ...

    def delete_type(self, type_id: int) -> Changed[TagSet]: ...

    def rename_set(self, set_id: int, name: str) -> Changed[TagSet]: ...

    def delete_set(self, set_id: int) -> Changed[TagSet]: ...

    def duplicate_set(self, set_id: int) -> Changed[TagSet]: ...

    def tags(self, clip_id: int) -> builtins.list[Tag]: ...

    def tags_of_clips(self, clip_ids: Iterable[int]) -> dict[int, builtins.list[Tag]]: ...

    def add_tag(
        self,
        clip_id: int,
        type_id: int,
        at_ms: int,
        end_ms: int | None = None,
        note: str = "",
    ) -> Changed[Tag]: ...

    def add_tags(
        self, clip_id: int, tags: Iterable[tuple[int, int, int | None, str]], author: str
    ) -> Changed[builtins.list[Tag]]: ...

    def save_tag(self, tag: Tag) -> Changed[Tag]: ...

    def delete_tag(self, tag_id: int) -> Changed[Tag]: ...

    def count_tags(self) -> int: ...

    def duration_kind(self, type_id: int) -> TagKind: ...


class ClipService(Protocol):
    """Operations on clip data."""

    def list(self, observation_id: int) -> builtins.list[Clip]: ...

    def get(self, clip_id: int) -> Clip: ...

    def add(
        self,
        observation_id: int,
        path: str,
        fingerprint: str,
        probe: ClipProbe,
        copied_in: bool = False,
    ) -> Changed[Clip]: ...

    def relink(self, clip_id: int, path: str) -> Changed[Clip]: ...

    def delete(self, clip_id: int) -> Changed[Clip]: ...


class PracticeService(Protocol):
    """Deliberate practice: rehearsals in a session, smaller steps, the cycle's checklist."""

    def rehearsals(self, session_id: int) -> builtins.list[Rehearsal]: ...

    def add_rehearsal(
        self, session_id: int, step_index: int, split_id: int | None = None
    ) -> Changed[Rehearsal]: ...

    def add_round(self, rehearsal_id: int, feedback: str) -> Changed[Rehearsal]: ...

    def save_rehearsal(self, rehearsal: Rehearsal) -> Changed[Rehearsal]: ...

    def delete_rehearsal(self, rehearsal_id: int) -> Changed[Rehearsal]: ...

    def restore_rehearsal(self, rehearsal: Rehearsal) -> Changed[Rehearsal]: ...

    def smaller_steps(self, cycle_id: int) -> builtins.list[SmallerStep]: ...

    def split_step(
        self, cycle_id: int, step_index: int, texts: Iterable[str]
    ) -> Changed[builtins.list[SmallerStep]]: ...

    def save_smaller_step(self, step: SmallerStep) -> Changed[SmallerStep]: ...

    def delete_smaller_step(self, split_id: int) -> Changed[RemovedSmallerStep]: ...

    def restore_smaller_step(self, removed: RemovedSmallerStep) -> Changed[SmallerStep]: ...

    def progress(self, cycle_id: int) -> PracticeProgress: ...


class ResourceService(Protocol):
    """Files and links on a strategy (for all who use it) or a cycle (shared with its teacher)."""

    def for_strategy(self, strategy_id: int) -> builtins.list[Resource]: ...

    def for_cycle(self, cycle_id: int) -> builtins.list[Resource]: ...

    def get(self, resource_id: int) -> Resource: ...

    def add_file(
        self,
        path: str,
        *,
        strategy_id: int | None = None,
        cycle_id: int | None = None,
        title: str = "",
        note: str = "",
        copy_in: bool = False,
        shared_on: dt.date | None = None,
    ) -> Changed[Resource]: ...

    def prepare_copy(self, path: str, token: CancelToken | None = None) -> Job[str]:
        """A job copying a file into CoachDesk (run it off the GUI thread); yields the copy."""
        ...

    def add_copied_file(
        self,
        path: str,
        copy: str,
        *,
        strategy_id: int | None = None,
        cycle_id: int | None = None,
        title: str = "",
        note: str = "",
        shared_on: dt.date | None = None,
    ) -> Changed[Resource]: ...

    def add_link(
        self,
        url: str,
        *,
        strategy_id: int | None = None,
        cycle_id: int | None = None,
        title: str = "",
        note: str = "",
        shared_on: dt.date | None = None,
    ) -> Changed[Resource]: ...

    def share(self, resource_id: int, cycle_id: int, shared_on: dt.date) -> Changed[Resource]: ...

    def save(self, resource: Resource) -> Changed[Resource]: ...

    def relink(self, resource_id: int, path: str) -> Changed[Resource]: ...

    def delete(self, resource_id: int) -> Changed[Resource]: ...

    def restore(self, resource: Resource) -> Changed[Resource]: ...

    def check(self, resource_id: int) -> FileState: ...


class ModelClipService(Protocol):
    """Clips linked to a strategy as "what success looks like", and the reel of their moments."""

    def for_strategy(self, strategy_id: int) -> builtins.list[ModelClip]: ...

    def candidates(self) -> builtins.list[ClipCandidate]: ...

    def add(
        self, strategy_id: int, clip_id: int, note: str = "", today: dt.date | None = None
    ) -> Changed[ModelClip]: ...

    def save_note(self, model_clip_id: int, note: str) -> Changed[ModelClip]: ...

    def remove(self, model_clip_id: int) -> Changed[ModelClip]: ...

    def restore(self, model_clip: ModelClip) -> Changed[ModelClip]: ...

    def reel(
        self,
        strategy_id: int,
        model_clip_id: int | None = None,
        only_types: Iterable[int] | None = None,
    ) -> Reel: ...


class SequenceService(Protocol):
    """Strategy sequences (e.g. a new teacher's first weeks) and the cycles that follow them."""

    def list(self) -> builtins.list[Sequence]: ...

    def get(self, sequence_id: int) -> Sequence: ...

    def create(self, draft: SequenceDraft) -> Changed[Sequence]: ...

    def save(self, sequence_id: int, draft: SequenceDraft) -> Changed[Sequence]: ...

    def duplicate(self, sequence_id: int) -> Changed[Sequence]: ...

    def delete(self, sequence_id: int) -> Changed[Sequence]: ...

    def restore(self, sequence: Sequence) -> Changed[Sequence]: ...

    def install_bundled(self, bundled: Iterable[BundledSequence]) -> int: ...

    def follow(self, cycle_id: int, sequence_id: int | None) -> Changed[Cycle]: ...

    def progress(self, cycle_id: int) -> SequenceProgress | None: ...

    def suggest_next(self, cycle_id: int) -> SequenceSuggestion | None: ...

    def start_next(self, cycle_id: int, today: dt.date) -> Changed[Cycle]: ...


class SettingsService(Protocol):
    """Operations on settings data."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def put(self, key: str, value: Any) -> Changed[Any]: ...

    def calendar(self) -> SchoolCalendar: ...

    def save_calendar(self, calendar: SchoolCalendar) -> Changed[Any]: ...

    def coach_name(self) -> str: ...


class TimelineService(Protocol):
    """Operations on timeline data."""

    def load(
        self, *, include_archived: bool = False, today: dt.date | None = None
    ) -> TimelineData: ...


class LeadLogService(Protocol):
    """The coaching lead's imported coaching-log files and the overview over them."""

    def import_file(self, data: bytes) -> Changed[ImportOutcome]: ...

    def logs(self) -> builtins.list[LeadLogSummary]: ...

    def remove(self, log_id: int) -> Changed[LeadLogSummary]: ...

    def overview(self, school_year: int, term: int) -> SchoolOverview: ...


class BackupService(Protocol):
    """Backups of the workspace's database."""

    def take_now(self) -> Path: ...

    def describe_newest(self) -> str: ...


@dataclass(frozen=True)
class Services:
    """Everything the UI may call, handed to each pane through its constructor."""

    coachees: CoacheeService
    cycles: CycleService
    sessions: SessionService
    playbook: PlaybookService
    observations: ObservationService
    tags: TagService
    clips: ClipService
    sequences: SequenceService
    resources: ResourceService
    settings: SettingsService
    timeline: TimelineService
    model_clips: ModelClipService
    backups: BackupService
    practice: PracticeService
    lead_logs: LeadLogService
    data_dir: Path
