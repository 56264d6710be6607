"""What a form or an import hands to the write functions: plain dataclasses, apart from the
ORM so screens can build them without importing it. Their checks are db.model.validation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class PartyInput:
    key: str
    name: str
    short_name: str = ""
    colour: str = "#1f77b4"
    description: str = ""
    parent_id: int | None = None


@dataclass
class LevelInput:
    value: int
    label: str
    description: str = ""
    id: int | None = None


@dataclass
class IssueInput:
    key: str
    name: str
    description: str = ""
    levels: list[LevelInput] = field(default_factory=list)
    sort_order: int = 0


@dataclass
class EventInput:
    key: str
    date: dt.date | str
    label: str
    description: str = ""


@dataclass
class SourceMeta:
    title: str
    outlet: str = ""
    author: str = ""
    published: dt.date | str | None = None
    url: str = ""


@dataclass
class ConditionInput:
    party_id: int | None = None
    issue_id: int | None = None
    level_id: int | None = None
    text: str = ""


@dataclass
class PositionInput:
    party_id: int | None = None
    issue_id: int | None = None
    level_id: int | None = None
    stated_on: dt.date | str | None = None
    date_precision: str = "day"
    status: str = ""
    attributed_to: str = ""
    attribution_kind: str = ""
    source_id: int | None = None
    quote: str = ""
    quote_start: int | None = None
    quote_end: int | None = None
    confidence: float = 0.8
    notes: str = ""
    conditions: list[ConditionInput] = field(default_factory=list)
