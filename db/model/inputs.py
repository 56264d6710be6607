"""What a form or an import hands to the write functions: plain dataclasses and the checks
that need no database, apart from the ORM so screens can build them without importing it.
`db.writes.codebook` and `db.writes.sources` re-export them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from db.model.validation import parse_date, text_problem


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


def check_meta(meta: SourceMeta) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, label, required, limit in (
        ("title", "Title", True, 500),
        ("outlet", "Outlet", False, 200),
        ("author", "Author", False, 200),
        ("url", "URL", False, 2000),
    ):
        msg = text_problem(getattr(meta, name), label, required=required, limit=limit)
        if msg:
            problems[name] = msg
    if meta.url.strip() and not meta.url.strip().lower().startswith(("http://", "https://")):
        problems["url"] = "URL must start with http:// or https://"
    if meta.published not in (None, ""):
        try:
            parse_date(meta.published)
        except ValueError as exc:
            problems["published"] = str(exc)
    return problems
