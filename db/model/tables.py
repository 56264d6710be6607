"""SQLModel tables. The schema itself is created and evolved only by Alembic migrations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

from db.model.vocab import (  # noqa: F401  (re-exported: the models' vocabularies)
    ATTRIBUTION_KIND_LABELS,
    ATTRIBUTION_KINDS,
    DATE_PRECISIONS,
    NEGATIVE_STATUSES,
    STATUSES,
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _who() -> Column:
    """0006: who made or last changed a record ('' for records older than 0006: "unknown")."""
    return Column(String(120), nullable=False, server_default="")


def _version() -> Column:
    """0006: bumped by every write; each UPDATE and DELETE checks it (optimistic concurrency)."""
    return Column(Integer, nullable=False, server_default="1")


def _fk(target: str, ondelete: str = "RESTRICT", nullable: bool = False) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=80)
    value: str = ""


class Source(SQLModel, table=True):
    __tablename__ = "source"
    # 0003: the sources list and chooser read this index alone, in its order.
    __table_args__ = (Index("ix_source_list", "published", "id", "title", "outlet", "author",
                            "url"),
                      Index("ix_source_blind", "blind", "id"))
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    outlet: str = Field(default="", max_length=200)
    author: str = Field(default="", max_length=200)
    published: dt.date | None = None
    url: str = Field(default="", max_length=2000)
    text: str
    content_hash: str = Field(max_length=64, unique=True)
    imported_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", sa_column=_who())
    updated_by: str = Field(default="", sa_column=_who())
    updated_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime, nullable=True))
    version: int = Field(default=1, sa_column=_version())
    # 0006: blind coding: each coder sees only their own positions from this source.
    blind: bool = Field(default=False, sa_column=Column(Boolean, nullable=False,
                                                        server_default=false()))


class Party(SQLModel, table=True):
    __tablename__ = "party"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=120, unique=True)
    short_name: str = Field(default="", max_length=20)
    colour: str = Field(default="#1f77b4", max_length=9)
    description: str = ""
    parent_id: int | None = Field(default=None, sa_column=_fk("party.id", "SET NULL", True))
    # 0004: a JSON list of the names that identify the party in a text (db.suggest).
    aliases: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))


class Issue(SQLModel, table=True):
    __tablename__ = "issue"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=160)
    description: str = ""
    sort_order: int = 0


class StanceLevel(SQLModel, table=True):
    __tablename__ = "stance_level"
    __table_args__ = (UniqueConstraint("issue_id", "value", name="uq_level_issue_value"),)
    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(sa_column=_fk("issue.id", "CASCADE"))
    value: int
    label: str = Field(max_length=60)
    description: str = ""
    cues: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))


class Position(SQLModel, table=True):
    __tablename__ = "position"
    __table_args__ = (
        Index("ix_position_issue_date", "issue_id", "stated_on"),
        # 0002: the table reads ids and sort keys in date order from this index alone
        # (covering), never touching the wide rows: 100k keys in ~40 ms instead of ~400.
        Index("ix_position_lean", "stated_on", "id", "party_id", "issue_id", "level_id", "source_id",
              "status", "attributed_to"),
        # Per-party timelines and the attribution filter / list.
        Index("ix_position_party_date", "party_id", "stated_on"),
        Index("ix_position_attributed_to", "attributed_to"),
        Index("ix_position_created_by", "created_by"),
        # 0009: one party × issue pair's records in date order, every column conflict
        # finding reads (db.reads.conflict_index recomputes a pair after an edit).
        Index("ix_position_pair", "party_id", "issue_id", "stated_on", "id", "level_id",
              "source_id", "status", "attributed_to", "date_precision"),
    )
    id: int | None = Field(default=None, primary_key=True)
    party_id: int = Field(sa_column=_fk("party.id"))
    issue_id: int = Field(sa_column=_fk("issue.id"))
    level_id: int = Field(sa_column=_fk("stance_level.id"))
    stated_on: dt.date
    date_precision: str = Field(default="day", max_length=12)
    status: str = Field(max_length=40)
    attributed_to: str = Field(max_length=200)
    attribution_kind: str = Field(max_length=40)
    source_id: int = Field(sa_column=_fk("source.id"))
    quote: str
    quote_start: int
    quote_end: int
    confidence: float = 0.8
    notes: str = ""
    seed_key: str | None = Field(default=None, max_length=120, unique=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", sa_column=_who())
    updated_by: str = Field(default="", sa_column=_who())
    version: int = Field(default=1, sa_column=_version())


class Condition(SQLModel, table=True):
    __tablename__ = "condition"
    id: int | None = Field(default=None, primary_key=True)
    position_id: int = Field(sa_column=_fk("position.id", "CASCADE"))
    party_id: int | None = Field(default=None, sa_column=_fk("party.id", "RESTRICT", True))
    issue_id: int | None = Field(default=None, sa_column=_fk("issue.id", "RESTRICT", True))
    level_id: int | None = Field(default=None, sa_column=_fk("stance_level.id", "RESTRICT", True))
    text: str = ""


class Event(SQLModel, table=True):
    __tablename__ = "event"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=60, unique=True)
    date: dt.date
    label: str = Field(max_length=80)
    description: str = ""


class SuggestionRejection(SQLModel, table=True):
    """0004: a suggested position the analyst rejected; not suggested again for its source."""
    __tablename__ = "suggestion_rejection"
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(sa_column=_fk("source.id", "CASCADE"))
    party_id: int = Field(sa_column=_fk("party.id", "CASCADE"))
    issue_id: int = Field(sa_column=_fk("issue.id", "CASCADE"))
    quote_start: int
    quote_end: int
    rejected_at: dt.datetime = Field(default_factory=utcnow, sa_column=Column(DateTime, nullable=False))


class SourcePage(SQLModel, table=True):
    """0005: where each page of a PDF source lies in its text, so a quote can say "p. 3"."""
    __tablename__ = "source_page"
    __table_args__ = (UniqueConstraint("source_id", "page", name="uq_source_page"),)
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(sa_column=_fk("source.id", "CASCADE"))
    page: int
    start: int
    end: int


class RecordHistory(SQLModel, table=True):
    """0006: who changed what, when: one row per create, update, delete or restore of a
    record; `changes` maps each changed field to [old, new] (JSON)."""
    __tablename__ = "record_history"
    __table_args__ = (Index("ix_record_history_record", "table_name", "record_id"),)
    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=40)
    record_id: int
    changed_by: str = Field(max_length=120)
    at: dt.datetime = Field(sa_column=Column(DateTime, nullable=False))
    action: str = Field(max_length=20)
    version: int
    changes: str = Field(sa_column=Column(Text, nullable=False))
