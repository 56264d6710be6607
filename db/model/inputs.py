"""What a form or an import hands to the write functions: plain dataclasses, apart from the
ORM so screens can build them without importing it. Their checks are db.model.validation."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field


@dataclass
class PartyInput:
    key: str
    name: str
    short_name: str = ""
    colour: str = "#1f77b4"
    description: str = ""
    parent_id: int | None = None
    # The names that identify the party in an article ("Putin", "the Kremlin" → Russia),
    # for suggested positions (db.suggest). Stored as a JSON list.
    aliases: list[str] = field(default_factory=list)


def parse_aliases(stored: str | None) -> list[str]:
    """The stored JSON list of aliases; an unreadable value reads as none rather than failing
    the codebook editor."""
    try:
        value = json.loads(stored or "[]")
    except ValueError:
        return []
    return [a for a in value if isinstance(a, str)] if isinstance(value, list) else []


def clean_aliases(aliases: list[str] | tuple[str, ...] | str) -> list[str]:
    """The aliases as stored: stripped, non-empty, first spelling of each kept, in order.
    A string is split at commas and new lines (how the party form and a CSV give them)."""
    if isinstance(aliases, str):
        aliases = aliases.replace("\n", ",").split(",")
    out: list[str] = []
    seen: set[str] = set()
    for alias in aliases:
        text = " ".join(str(alias).split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


@dataclass
class LevelInput:
    value: int
    label: str
    description: str = ""
    id: int | None = None
    # Phrases that say this level in an article ("30-day", "full ceasefire"), for suggested
    # positions (db.suggest). Stored as a JSON list, like a party's aliases.
    cues: list[str] = field(default_factory=list)


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
