"""Validation of records before they are written. Every reason is a sentence for the user."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from types import SimpleNamespace
from typing import TYPE_CHECKING

from db.model.inputs import ConditionInput, PositionInput, SourceMeta
from db.model.vocab import ATTRIBUTION_KINDS, DATE_PRECISIONS, STATUSES

if TYPE_CHECKING:
    from sqlmodel import Session

    from db.storage.database import Database

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
MAX_SHORT_TEXT = 200
MAX_NOTES = 20_000
# ONE limit on an article's text, wherever it comes from (a file, the Add source dialog, a
# JSON import, `generate`): db.writes.sources.insert_source enforces it for every stored text.
MAX_ARTICLE_CHARS = 2_000_000
# Tab, newline and carriage return are text; every other C0/C1 control is not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,59}$")


def parse_date(value: dt.date | str | None) -> dt.date:
    """A real calendar date in Parley's range, from a date or a YYYY-MM-DD string."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, str) and value.strip():
        try:
            parsed = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"“{value}” is not a real date (use YYYY-MM-DD)") from None
    else:
        raise ValueError("A date is required")
    if not MIN_DATE <= parsed <= MAX_DATE:
        raise ValueError(f"Date {parsed.isoformat()} is outside {MIN_DATE.year}–{MAX_DATE.year}")
    return parsed


def text_problem(value: str, label: str, *, required: bool, limit: int) -> str | None:
    if not isinstance(value, str):
        return f"{label} must be text"
    if required and not value.strip():
        return f"{label} is required"
    if len(value) > limit:
        return f"{label} is too long ({len(value):,} characters; at most {limit:,})"
    if _CONTROL.search(value):
        return f"{label} contains control characters"
    return None


def colour_problem(value: str) -> str | None:
    return None if _COLOUR.match(value or "") else "Colour must be #rrggbb"


def key_problem(value: str) -> str | None:
    if _KEY.match(value or ""):
        return None
    return "Key must be lowercase letters, digits, _ or - (at most 60, starting with a letter/digit)"


_MAX_ID = 2**63 - 1


def _is_int(value: object) -> bool:
    return type(value) is int


# The columns validation reads of each record it looks up.
_LOOKUP_COLUMNS = {"party": "id, name, parent_id", "issue": "id, name",
                   "stance_level": "id, issue_id, label", "source": "id, text"}


def sql_connection(s: Session | sqlite3.Connection) -> sqlite3.Connection:
    """The plain connection checks read through: a form's read connection as it is, or a
    write session's own connection (flushed first, so that rows added earlier in the same
    transaction count): one set of checks for both, and what is checked is what is
    written."""
    if isinstance(s, sqlite3.Connection) or not hasattr(s, "flush"):
        return s  # a read connection (sqlite3, or a server's dressed as one)
    s.flush()
    driver = s.connection().connection.driver_connection
    if isinstance(driver, sqlite3.Connection):
        return driver
    from db.storage.postgres import wrap_driver_connection

    return wrap_driver_connection(driver)  # type: ignore[return-value]


_LOOKUP_SQL = {table: f"SELECT {columns} FROM {table} WHERE id = ?"
               for table, columns in _LOOKUP_COLUMNS.items()}
_SOURCE_LOOKUP = _LOOKUP_SQL["source"]
_CODEBOOK_LOOKUPS = frozenset(_LOOKUP_SQL[t] for t in ("party", "issue", "stance_level"))


def lookup(con: sqlite3.Connection, table: str, value: object) -> SimpleNamespace | None:
    """The record `table` with id `value` (the columns checks need), or None — also for
    values no id can be (text, 2**70, -1), which the driver would otherwise reject with an
    exception."""
    if not _is_int(value) or not 0 < value <= _MAX_ID:  # type: ignore[operator]
        return None
    columns = _LOOKUP_COLUMNS[table]
    row = con.execute(_LOOKUP_SQL[table], (value,)).fetchone()
    return None if row is None else SimpleNamespace(**dict(zip(columns.split(", "), row,
                                                               strict=True)))


class MemoLookups:
    """A connection for the checks (check_position, condition_problem) that answers the
    `lookup`s of parties, issues and levels from memory after the first, and a source's text
    from `texts` when it is there: a bulk import checks a million records against a codebook
    that cannot change meanwhile (db.exchange.bulk_import), with the very same checks, and
    reads its sources' texts a batch at a time. Anything else goes to `con`."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.texts: dict[int, str] = {}
        self._memo: dict[tuple[str, tuple], tuple | None] = {}

    def execute(self, sql: str, params: tuple = ()) -> SimpleNamespace:
        if sql == _SOURCE_LOOKUP and params and params[0] in self.texts:
            row: tuple | None = (params[0], self.texts[params[0]])
        elif sql in _CODEBOOK_LOOKUPS:
            key = (sql, params)
            if key not in self._memo:
                self._memo[key] = self.con.execute(sql, params).fetchone()
            row = self._memo[key]
        else:
            return self.con.execute(sql, params)
        return SimpleNamespace(fetchone=lambda: row)


def position_problems(db: Database, data: PositionInput) -> dict[str, str]:
    """check_position on a read connection: what a form shows while the user types."""
    with db.read() as con:
        return check_position(con, data)


def quote_problem(text: str, quote: str, start: int | None, end: int | None) -> str | None:
    if not isinstance(quote, str) or not quote:
        return "A quote from the source is required"
    if start is None or end is None:
        return "The quote's position in the source is missing"
    if not _is_int(start) or not _is_int(end):
        return "The quote's position in the source must be whole numbers"
    if not (0 <= start < end <= len(text)):
        return f"Quote offsets {start}–{end} lie outside the source (0–{len(text)})"
    if text[start:end] == quote:
        return None
    found = text.find(quote)
    if found >= 0:
        return f"The quote is in the source at {found}–{found + len(quote)}, not at {start}–{end}"
    return "The quote does not appear in the source text"


def check_position(session: Session | sqlite3.Connection, data: PositionInput) -> dict[str, str]:
    """Every problem with `data`, keyed by field name; empty when it can be saved."""
    con = sql_connection(session)
    problems: dict[str, str] = {}
    party = lookup(con, "party", data.party_id)
    if party is None:
        problems["party_id"] = "Choose a party" if data.party_id is None else "Unknown party"
    issue = lookup(con, "issue", data.issue_id)
    if issue is None:
        problems["issue_id"] = "Choose an issue" if data.issue_id is None else "Unknown issue"
    level = lookup(con, "stance_level", data.level_id)
    if level is None:
        problems["level_id"] = "Choose a stance level"
    elif issue is not None and level.issue_id != issue.id:
        other = lookup(con, "issue", level.issue_id)
        problems["level_id"] = (
            f"Level “{level.label}” belongs to {other.name if other else 'another issue'}, "
            f"not {issue.name}"
        )
    try:
        parse_date(data.stated_on)
    except ValueError as exc:
        problems["stated_on"] = str(exc)
    if not isinstance(data.date_precision, str) or data.date_precision not in DATE_PRECISIONS:
        problems["date_precision"] = f"Date precision must be one of {', '.join(DATE_PRECISIONS)}"
    if not isinstance(data.status, str) or data.status not in STATUSES:
        problems["status"] = "Choose a status verb" if not data.status else (
            f"Unknown status “{str(data.status)[:60]}”"
        )
    msg = text_problem(data.attributed_to, "Attributed to", required=True, limit=MAX_SHORT_TEXT)
    if msg:
        problems["attributed_to"] = msg
    if not isinstance(data.attribution_kind, str) or data.attribution_kind not in ATTRIBUTION_KINDS:
        problems["attribution_kind"] = "Choose the kind of attribution"
    source = lookup(con, "source", data.source_id)
    if source is None:
        problems["source_id"] = "Choose a source" if data.source_id is None else "Unknown source"
    else:
        msg = quote_problem(source.text, data.quote, data.quote_start, data.quote_end)
        if msg:
            problems["quote"] = msg
    conf = data.confidence
    if not isinstance(conf, int | float) or isinstance(conf, bool) or conf != conf \
            or not 0.0 <= conf <= 1.0:
        problems["confidence"] = "Confidence must be between 0 and 1"
    msg = text_problem(data.notes, "Notes", required=False, limit=MAX_NOTES)
    if msg:
        problems["notes"] = msg
    conditions = data.conditions if isinstance(data.conditions, list | tuple) else None
    if conditions is None:
        problems["conditions"] = "Conditions must be a list"
    for i, cond in enumerate(conditions or [], start=1):
        msg = (condition_problem(con, cond) if isinstance(cond, ConditionInput)
               else "not a condition")
        if msg:
            problems["conditions"] = f"Condition {i}: {msg}"
            break
    return problems


def condition_problem(session: Session | sqlite3.Connection, cond: ConditionInput) -> str | None:
    con = sql_connection(session)
    msg = text_problem(cond.text, "Condition text", required=False, limit=MAX_SHORT_TEXT * 5)
    if msg:
        return msg
    if cond.party_id is None and cond.issue_id is None and not cond.text.strip():
        return "describe it or link it to a party's stance"
    if cond.party_id is not None and lookup(con, "party", cond.party_id) is None:
        return "unknown party"
    if cond.level_id is not None:
        if cond.issue_id is None:
            return "a stance level needs its issue"
        level = lookup(con, "stance_level", cond.level_id)
        if level is None or level.issue_id != cond.issue_id:
            return "the stance level does not belong to the issue"
    if cond.issue_id is not None and lookup(con, "issue", cond.issue_id) is None:
        return "unknown issue"
    return None


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


def article_text_problem(text: str, name: str = "The article") -> str | None:
    """Why `text` cannot be stored as an article (too long), or None. The single check of
    the article size limit: the import paths, the dialog and insert_source all use it."""
    if len(text) > MAX_ARTICLE_CHARS:
        return (f"{name} is too long ({len(text):,} characters); the limit for one article is "
                f"{MAX_ARTICLE_CHARS:,} characters")
    return None
