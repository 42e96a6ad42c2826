"""Typed SQLAlchemy 2.0 rows: the shape of the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SettingRow(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CoacheeRow(Base):
    __tablename__ = "coachee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_on: Mapped[dt.date] = mapped_column(Date)
    cycles: Mapped[list[CycleRow]] = relationship(
        back_populates="coachee", cascade="all, delete-orphan", passive_deletes=True
    )


class CycleRow(Base):
    __tablename__ = "cycle"
    id: Mapped[int] = mapped_column(primary_key=True)
    coachee_id: Mapped[int] = mapped_column(
        ForeignKey("coachee.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    problem: Mapped[str | None] = mapped_column(String(40))
    current_reality: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(20), default="identify")
    outcome: Mapped[str | None] = mapped_column(String(20))
    skips_json: Mapped[str] = mapped_column(Text, default="[]")
    sequence_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategy_sequence.id", ondelete="SET NULL")
    )
    coachee: Mapped[CoacheeRow] = relationship(back_populates="cycles")


class GoalRow(Base):
    __tablename__ = "goal"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), unique=True)
    text: Mapped[str] = mapped_column(Text, default="")
    checks: Mapped[str] = mapped_column(String(200), default="")  # comma-separated criteria
    measure: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    measure_kind: Mapped[str | None] = mapped_column(String(20))  # goal_measures.MeasureKind
    measure_tag_types: Mapped[str | None] = mapped_column(Text)  # comma-separated tag type ids


class MeasurementRow(Base):
    __tablename__ = "measurement"
    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    taken_on: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(20), default="observation")
    note: Mapped[str] = mapped_column(Text, default="")


class StrategyRow(Base):
    __tablename__ = "strategy"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(Text, default="")
    wrong_choice_when: Mapped[str] = mapped_column(Text, default="")
    steps_json: Mapped[str] = mapped_column(Text, default="[]")
    look_fors_json: Mapped[str] = mapped_column(Text, default="[]")
    problems: Mapped[str] = mapped_column(String(200), default="")  # comma-separated
    source: Mapped[str] = mapped_column(String(20), default="own")
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("strategy.id", ondelete="SET NULL"))
    # Plain-text copies of steps and look-fors for the full-text index.
    steps_text: Mapped[str] = mapped_column(Text, default="")
    look_fors_text: Mapped[str] = mapped_column(Text, default="")


class CycleStrategyRow(Base):
    __tablename__ = "cycle_strategy"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), unique=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id", ondelete="RESTRICT"))
    chosen_on: Mapped[dt.date] = mapped_column(Date)
    modelled_on: Mapped[dt.date | None] = mapped_column(Date)


class StepPracticeRow(Base):
    __tablename__ = "step_practice"
    __table_args__ = (UniqueConstraint("cycle_strategy_id", "step_index", "practised_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_strategy_id: Mapped[int] = mapped_column(
        ForeignKey("cycle_strategy.id", ondelete="CASCADE"), index=True
    )
    step_index: Mapped[int] = mapped_column(Integer)
    practised_on: Mapped[dt.date] = mapped_column(Date)


class SessionRow(Base):
    __tablename__ = "coaching_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    duration_min: Mapped[int] = mapped_column(Integer, default=30)
    notes: Mapped[str] = mapped_column(Text, default="")
    habit_reflection: Mapped[str] = mapped_column(Text, default="")
    understanding_reflection: Mapped[str] = mapped_column(Text, default="")
    next_meeting: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ActionRow(Base):
    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_session.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(20), default="coachee")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class TagSetRow(Base):
    __tablename__ = "tag_set"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="own")


class TagTypeRow(Base):
    __tablename__ = "tag_type"
    id: Mapped[int] = mapped_column(primary_key=True)
    tag_set_id: Mapped[int] = mapped_column(
        ForeignKey("tag_set.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(60))
    colour: Mapped[str] = mapped_column(String(7), default="#607d8b")
    hotkey: Mapped[str] = mapped_column(String(1), default="")
    polarity: Mapped[str] = mapped_column(String(10), default="neutral")
    lead_s: Mapped[float] = mapped_column(Float, default=0.0)
    lag_s: Mapped[float] = mapped_column(Float, default=0.0)
    kind: Mapped[str] = mapped_column(String(10), default="point")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ObservationRow(Base):
    __tablename__ = "observation"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    observed_on: Mapped[dt.date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(10), default="live")
    evidence_kind: Mapped[str] = mapped_column(String(20), default="observation")
    context: Mapped[str] = mapped_column(Text, default="")
    tag_set_id: Mapped[int | None] = mapped_column(ForeignKey("tag_set.id", ondelete="SET NULL"))
    clip_offset_ms: Mapped[int | None] = mapped_column(Integer)


class NoteRow(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), index=True
    )
    at_ms: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(60), default="")
    evidence_kind: Mapped[str] = mapped_column(String(20), default="observation")


class ClipRow(Base):
    __tablename__ = "clip"
    id: Mapped[int] = mapped_column(primary_key=True)
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), index=True
    )
    path: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(80), index=True)
    probe_json: Mapped[str] = mapped_column(Text)
    copied_in: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class TagRow(Base):
    __tablename__ = "tag"
    __table_args__ = (Index("ix_tag_clip_at", "clip_id", "at_ms"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    clip_id: Mapped[int] = mapped_column(ForeignKey("clip.id", ondelete="CASCADE"))
    type_id: Mapped[int] = mapped_column(ForeignKey("tag_type.id", ondelete="RESTRICT"), index=True)
    at_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


# -- coaching craft (0003) -----------------------------------------------------------------


class ResourceRow(Base):
    """A file (by reference + fingerprint, or copied in) or a link, on a strategy or a cycle."""

    __tablename__ = "resource"
    __table_args__ = (
        CheckConstraint("(strategy_id IS NULL) <> (cycle_id IS NULL)", name="one_owner"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    cycle_id: Mapped[int | None] = mapped_column(
        ForeignKey("cycle.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # "file" or "link"
    title: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(Text)  # a path or a URL
    fingerprint: Mapped[str | None] = mapped_column(String(80))
    copied_in: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    shared_on: Mapped[dt.date | None] = mapped_column(Date)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ModelClipRow(Base):
    """A clip that shows a strategy done well ("what success looks like")."""

    __tablename__ = "model_clip"
    __table_args__ = (UniqueConstraint("strategy_id", "clip_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    clip_id: Mapped[int] = mapped_column(ForeignKey("clip.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    added_on: Mapped[dt.date] = mapped_column(Date)


class StepSplitRow(Base):
    """A smaller step, for one teacher, that a hard step of the cycle's strategy is broken into."""

    __tablename__ = "step_split"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_strategy_id: Mapped[int] = mapped_column(
        ForeignKey("cycle_strategy.id", ondelete="CASCADE"), index=True
    )
    step_index: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)


class RehearsalRow(Base):
    """Deliberate practice in a session: one step (or smaller step) rehearsed in rounds."""

    __tablename__ = "rehearsal"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_session.id", ondelete="CASCADE"), index=True
    )
    # the strategy choice the step belongs to: choosing another strategy clears its practice
    cycle_strategy_id: Mapped[int] = mapped_column(
        ForeignKey("cycle_strategy.id", ondelete="CASCADE"), index=True
    )
    step_index: Mapped[int] = mapped_column(Integer)
    split_id: Mapped[int | None] = mapped_column(
        ForeignKey("step_split.id", ondelete="CASCADE"), index=True
    )
    rounds_json: Mapped[str] = mapped_column(Text, default="[]")  # feedback after each round
    secure: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SequenceRow(Base):
    """An ordered sequence of strategies, e.g. the first weeks of a new teacher."""

    __tablename__ = "strategy_sequence"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="own")


class SequenceItemRow(Base):
    __tablename__ = "strategy_sequence_item"
    __table_args__ = (UniqueConstraint("sequence_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sequence_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_sequence.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")


class LeadLogRow(Base):
    """A coach's coaching-log file for one term, imported by the school's coaching lead."""

    __tablename__ = "lead_log"
    __table_args__ = (UniqueConstraint("coach_uid", "school_year", "term"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    coach_uid: Mapped[str] = mapped_column(String(64))
    coach_name: Mapped[str] = mapped_column(String(200))
    school_year: Mapped[int] = mapped_column(Integer)  # the calendar year the school year starts
    term: Mapped[int] = mapped_column(Integer)  # 1..3
    exported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    digest: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)  # the validated file, as JSON
