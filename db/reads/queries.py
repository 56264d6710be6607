"""Read-side queries. Tables, the reader, the conflicts view and charts all read through here.

Plain SQL on the sqlite3 connections of `Database.read()`: opening a window then needs
neither SQLAlchemy nor SQLModel (their import is ~0.3 s of a cold start), and narrow rows
come back as driver tuples (SQLAlchemy's Row objects cost ~2 µs each, most of the time for
100k rows). Every value goes in as a bound parameter; only the fixed column and table names
below are written into the SQL text.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

from db.reads.search import text_condition
from db.reads.sql import in_clause, joined_ids_sql
from db.storage.database import Database


class PositionRow(NamedTuple):
    id: int
    party_id: int
    party_name: str
    party_colour: str
    issue_id: int
    issue_key: str
    issue_name: str
    level_id: int
    level_value: int
    level_label: str
    stated_on: dt.date
    date_precision: str
    status: str
    attributed_to: str
    attribution_kind: str
    source_id: int
    source_title: str
    quote: str
    quote_start: int
    quote_end: int
    confidence: float
    notes: str
    created_by: str = ""  # 0006: '' for records older than authors (shown "unknown")
    updated_by: str = ""
    updated_at: str = ""
    version: int = 1


class PartyRow(NamedTuple):
    id: int
    key: str
    name: str
    short_name: str
    colour: str
    description: str
    parent_id: int | None


class LevelRow(NamedTuple):
    id: int
    issue_id: int
    value: int
    label: str
    description: str


class IssueRow(NamedTuple):
    id: int
    key: str
    name: str
    description: str
    levels: tuple[LevelRow, ...]


class EventRow(NamedTuple):
    id: int
    key: str
    date: dt.date
    label: str
    description: str


@dataclass
class PositionFilter:
    """The table's filters; charts apply the same ones. Empty means 'no restriction'."""

    party_ids: frozenset[int] = frozenset()
    issue_ids: frozenset[int] = frozenset()
    source_ids: frozenset[int] = frozenset()
    attributions: frozenset[str] = frozenset()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""
    ids: frozenset[int] | None = field(default=None)
    coders: frozenset[str] = frozenset()  # who created them ('' for "unknown")
    # Blind coding: whose records the window shows in a source in blind mode (only theirs).
    viewer: str | None = None


_ROW_COLUMNS = (
    "p.id, p.party_id, pa.name, pa.colour, p.issue_id, i.key, i.name, p.level_id, l.value, "
    "l.label, p.stated_on, p.date_precision, p.status, p.attributed_to, p.attribution_kind, "
    "p.source_id, s.title, p.quote, p.quote_start, p.quote_end, p.confidence, p.notes, "
    "p.created_by, p.updated_by, p.updated_at, p.version"
)
_ROW_JOINS = (
    " JOIN party pa ON pa.id = p.party_id JOIN issue i ON i.id = p.issue_id"
    " JOIN stance_level l ON l.id = p.level_id JOIN source s ON s.id = p.source_id"
)
_ORDER = " ORDER BY p.stated_on, p.id"
_DATE_COLUMN = PositionRow._fields.index("stated_on")
def _where(con: sqlite3.Connection, flt: PositionFilter | None, params: list) -> str:
    """' WHERE …' for the filter over `position p` (or '' for no restriction)."""
    if flt is None:
        return ""
    conds: list[str] = []
    if flt.party_ids:
        conds.append(in_clause("p.party_id", flt.party_ids, params))
    if flt.issue_ids:
        conds.append(in_clause("p.issue_id", flt.issue_ids, params))
    if flt.source_ids:
        conds.append(in_clause("p.source_id", flt.source_ids, params))
    if flt.attributions:
        conds.append(in_clause("p.attributed_to", flt.attributions, params))
    if flt.date_from:
        conds.append("p.stated_on >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        conds.append("p.stated_on <= ?")
        params.append(flt.date_to.isoformat())
    if flt.ids is not None:
        conds.append(in_clause("p.id", flt.ids, params) if flt.ids else "1 = 0")
    if flt.coders:
        conds.append(in_clause("p.created_by", flt.coders, params))
    if flt.viewer is not None:
        # Read from its index (a few ids): without blind sources the query is unchanged and
        # keeps its covering index.
        blind = [r[0] for r in con.execute("SELECT id FROM source WHERE blind = ?", (True,))]
        if blind:
            conds.append(f"(NOT ({in_clause('p.source_id', blind, params)}) "
                         "OR p.created_by = ?)")
            params.append(flt.viewer)
    # The engine's full-text index (SQLite FTS5, PostgreSQL tsvector), else LIKE below.
    found = text_condition(con, flt.text)
    if found is not None:
        conds.append(found[0])
        params.append(found[1])
    else:
        for word in flt.text.split():
            conds.append("(lower(p.quote) LIKE lower(?) ESCAPE '\\' "
                         "OR lower(p.notes) LIKE lower(?) ESCAPE '\\')")
            params.extend([f"%{_escape_like(word)}%"] * 2)
    return " WHERE " + " AND ".join(conds) if conds else ""


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rows_sql(con: sqlite3.Connection, flt: PositionFilter | None) -> tuple[str, list]:
    """The SQL and parameters of position_rows (the benchmark runs them bare)."""
    params: list = []
    return (f"SELECT {_ROW_COLUMNS} FROM position p{_ROW_JOINS}{_where(con, flt, params)}"
            f"{_ORDER}", params)


def position_rows(db: Database, flt: PositionFilter | None = None) -> list[PositionRow]:
    """Positions matching the filter, oldest first."""
    day = dt.date.fromisoformat
    with db.read() as con:
        sql, params = _rows_sql(con, flt)
        return [PositionRow(*r[:_DATE_COLUMN], day(r[_DATE_COLUMN]), *r[_DATE_COLUMN + 1:])
                for r in con.execute(sql, params).fetchall()]


def date_range(db: Database, flt: PositionFilter | None = None
               ) -> tuple[dt.date, dt.date] | None:
    """The first and last day a matching position was stated (from the date index), or
    None — without reading the rows."""
    with db.read() as con:
        params: list = []
        lo, hi = con.execute("SELECT min(p.stated_on), max(p.stated_on) FROM position p"
                             + _where(con, flt, params), params).fetchone()
    return (dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)) if lo is not None else None


def count_positions(db: Database, flt: PositionFilter | None = None) -> int:
    """How many positions match, without reading them."""
    with db.read() as con:
        params: list = []
        return con.execute("SELECT count(*) FROM position p" + _where(con, flt, params),
                           params).fetchone()[0]


# PositionRow fields a lean query can return next to the id, and the join each one needs.
_LEAN_FIELDS = {
    "party_id": ("p.party_id", None), "issue_id": ("p.issue_id", None),
    "level_id": ("p.level_id", None), "source_id": ("p.source_id", None),
    "stated_on": ("p.stated_on", None), "status": ("p.status", None),
    "attributed_to": ("p.attributed_to", None), "quote": ("p.quote", None),
    "confidence": ("p.confidence", None), "date_precision": ("p.date_precision", None),
    "party_name": ("pa.name", "party"), "issue_name": ("i.name", "issue"),
    "level_value": ("l.value", "level"), "level_label": ("l.label", "level"),
    "source_title": ("s.title", "source"), "created_by": ("p.created_by", None),
}
_JOINS = {
    "party": " JOIN party pa ON pa.id = p.party_id",
    "issue": " JOIN issue i ON i.id = p.issue_id",
    "level": " JOIN stance_level l ON l.id = p.level_id",
    "source": " JOIN source s ON s.id = p.source_id",
}


def position_keys(db: Database, flt: PositionFilter | None = None,
                  fields: tuple[str, ...] = ()) -> list[tuple]:
    """(id, *fields) of every matching position, oldest first — what a table needs to
    count, order and find rows without reading them (an ids-only read of 100k positions
    takes ~30 ms where full rows take over a second). Dates stay ISO strings, which sort
    as dates do."""
    with db.read() as con:
        sql, params = _keys_query(con, flt, fields)
        return con.execute(sql, params).fetchall()


def _keys_query(con: sqlite3.Connection, flt: PositionFilter | None, fields: tuple[str, ...]
                ) -> tuple[str, list]:
    unknown = set(fields) - set(_LEAN_FIELDS)
    if unknown:
        raise ValueError(f"not a lean field: {sorted(unknown)}")
    columns = ", ".join(["p.id", *(_LEAN_FIELDS[f][0] for f in fields)])
    joins = "".join(_JOINS[j] for j in dict.fromkeys(
        _LEAN_FIELDS[f][1] for f in fields if _LEAN_FIELDS[f][1]))
    params: list = []
    return f"SELECT {columns} FROM position p{joins}{_where(con, flt, params)}{_ORDER}", params


def position_ids(db: Database, flt: PositionFilter | None = None) -> np.ndarray:
    """The ids of every matching position, oldest first, as an int64 array. SQLite joins
    them into one string and numpy parses it: 8 ms for 100k ids, where a row per id takes
    ~30 ms (a Python tuple each) — the table's first read at every start."""
    with db.read() as con:
        sql, params = _keys_query(con, flt, ())
        # The ids joined by commas (group_concat / string_agg): what numpy parses below.
        joined = con.execute(joined_ids_sql(con, sql), params).fetchone()[0]
    if not joined:
        return np.empty(0, dtype=np.int64)
    return np.fromstring(joined, dtype=np.int64, sep=",")


def iter_position_keys(db: Database, flt: PositionFilter | None = None,
                       fields: tuple[str, ...] = (), batch: int = 5_000) -> Iterator[tuple]:
    """`position_keys` a batch at a time, for a caller that condenses the rows as it goes
    (the whole list of 100k driver tuples is ~30 MB)."""
    with db.read() as con:
        sql, params = _keys_query(con, flt, fields)
        cursor = con.execute(sql, params)
        try:
            while rows := cursor.fetchmany(batch):
                yield from rows
        finally:
            cursor.close()


def positions_by_id(db: Database, ids: list[int] | frozenset[int]) -> dict[int, PositionRow]:
    """Full rows for the given ids (e.g. the visible page of a table)."""
    if not ids:
        return {}
    return {r.id: r for r in position_rows(db, PositionFilter(ids=frozenset(ids)))}


def position_row(db: Database, position_id: int) -> PositionRow | None:
    rows = position_rows(db, PositionFilter(ids=frozenset({position_id})))
    return rows[0] if rows else None


def _for_issue(flt: PositionFilter | None, issue_id: int) -> PositionFilter:
    base = flt or PositionFilter()
    return replace(base, issue_ids=frozenset({issue_id}))


def timeline_rows(db: Database, issue_id: int, flt: PositionFilter | None = None) -> list[PositionRow]:
    """One issue's positions for the timeline chart, in date order."""
    return position_rows(db, _for_issue(flt, issue_id))


class TimelinePoint(NamedTuple):
    """What a chart needs of a position to draw it, without the quote and notes text (the
    tooltip fetches those for one record with position_row)."""

    id: int
    party_id: int
    issue_id: int
    level_value: int
    stated_on: dt.date
    date_precision: str
    status: str
    confidence: float
    source_id: int
    attributed_to: str


def timeline_points(db: Database, issue_id: int, flt: PositionFilter | None = None
                    ) -> list[TimelinePoint]:
    """timeline_rows, lean: the same records (same filters, same order) with only the
    columns a chart draws from, as plain driver tuples: no text columns, no joins but the
    level's value, dates parsed with date.fromisoformat."""
    parse = dt.date.fromisoformat
    # A busy issue has ~150,000 records over a few thousand days, a handful of statuses and
    # precisions and ~2,000 attributions: each day, text and confidence is one object
    # shared by its rows (the driver makes a new one per row), ~190 bytes a row instead of
    # ~420 — a chart keeps two recent draws. Read in batches: no list of all driver rows.
    days: dict[str, dt.date] = {}
    texts: dict[str, str] = {}
    numbers: dict[float, float] = {}
    out: list[TimelinePoint] = []
    add = out.append
    with db.read() as con:
        params: list = []
        where = _where(con, _for_issue(flt, issue_id), params)
        sql = ("SELECT p.id, p.party_id, p.issue_id, l.value, p.stated_on, p.date_precision, "
               "p.status, p.confidence, p.source_id, p.attributed_to FROM position p "
               f"JOIN stance_level l ON l.id = p.level_id{where}{_ORDER}")
        cursor = con.execute(sql, params)
        while batch := cursor.fetchmany(5_000):
            for pid, party, issue, value, day, precision, status, conf, source, who in batch:
                date = days.get(day)
                if date is None:
                    date = days[day] = parse(day)
                add(TimelinePoint(pid, party, issue, value, date,
                                  texts.setdefault(precision, precision),
                                  texts.setdefault(status, status),
                                  numbers.setdefault(conf, conf), source,
                                  texts.setdefault(who, who)))
    return out


def parties(db: Database) -> list[PartyRow]:
    with db.read() as con:
        return [PartyRow(*r) for r in con.execute(
            "SELECT id, key, name, short_name, colour, description, parent_id FROM party "
            "ORDER BY name")]


def issues(db: Database) -> list[IssueRow]:
    with db.read() as con:
        levels: dict[int, list[LevelRow]] = {}
        for r in con.execute("SELECT id, issue_id, value, label, description FROM stance_level "
                             "ORDER BY issue_id, value"):
            levels.setdefault(r[1], []).append(LevelRow(*r))
        return [IssueRow(*r, tuple(levels.get(r[0], ()))) for r in con.execute(
            "SELECT id, key, name, description FROM issue ORDER BY sort_order, name")]


def issue_by_key(db: Database, key: str) -> IssueRow | None:
    return next((i for i in issues(db) if i.key == key), None)


def events(db: Database) -> list[EventRow]:
    with db.read() as con:
        return [EventRow(r[0], r[1], dt.date.fromisoformat(r[2]), r[3], r[4]) for r in con.execute(
            "SELECT id, key, date, label, description FROM event ORDER BY date")]


def attributions(db: Database) -> list[str]:
    with db.read() as con:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT attributed_to FROM position ORDER BY attributed_to")]


def counts(db: Database) -> dict[str, int]:
    with db.read() as con:
        return {name: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for name, table in (("sources", "source"), ("parties", "party"),
                                    ("issues", "issue"), ("positions", "position"),
                                    ("events", "event"))}


class ConditionRow(NamedTuple):
    position_id: int
    party_name: str | None
    issue_name: str | None
    level_label: str | None
    text: str


def conditions_of(db: Database, position_ids: list[int]) -> list[ConditionRow]:
    if not position_ids:
        return []
    with db.read() as con:
        params: list = []
        where = in_clause("c.position_id", position_ids, params)
        return [ConditionRow(*r) for r in con.execute(
            "SELECT c.position_id, pa.name, i.name, l.label, c.text FROM condition c "
            "LEFT OUTER JOIN party pa ON pa.id = c.party_id "
            "LEFT OUTER JOIN issue i ON i.id = c.issue_id "
            "LEFT OUTER JOIN stance_level l ON l.id = c.level_id "
            f"WHERE {where} ORDER BY c.id", params)]


def condition_keys(db: Database, ids: set[int] | None = None) -> dict[int, list[tuple]]:
    """Per conditional position (of `ids`, or all), its conditions as (party_id, issue_id,
    level_value, text), in entry order: what conflict finding compares (a few thousand rows
    at 100k records)."""
    out: dict[int, list[tuple]] = {}
    params: list = []
    where = f"WHERE {in_clause('c.position_id', ids, params)} " if ids is not None else ""
    if ids is not None and not ids:
        return out
    with db.read() as con:
        for pid, *cond in con.execute(
                "SELECT c.position_id, c.party_id, c.issue_id, l.value, c.text FROM condition c "
                f"LEFT OUTER JOIN stance_level l ON l.id = c.level_id {where}ORDER BY c.id",
                params):
            out.setdefault(pid, []).append(tuple(cond))
    return out


def busiest_parties(db: Database, n: int = 2) -> list[int]:
    """Ids of the `n` parties with the most positions, most first (counted in SQL: reading
    100k party ids to count them in Python took ~70 ms of a cold start)."""
    with db.read() as con:
        return [r[0] for r in con.execute(
            "SELECT party_id FROM position GROUP BY party_id ORDER BY count(*) DESC, party_id "
            "LIMIT ?", (n,))]


def usage_counts(db: Database) -> dict[str, dict[int, int]]:
    """How many records (positions and conditions) use each party and each stance level, so
    the codebook editor can show it before a delete is refused."""
    out: dict[str, dict[int, int]] = {"party": {}, "level": {}}
    with db.read() as con:
        for kind, column in (("party", "party_id"), ("level", "level_id")):
            for table in ("position", "condition"):
                for key, n in con.execute(f"SELECT {column}, count(*) FROM {table} "
                                          f"WHERE {column} IS NOT NULL GROUP BY {column}"):
                    out[kind][key] = out[kind].get(key, 0) + n
    return out
