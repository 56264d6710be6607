"""The positions table's row order: the ids of the matching positions sorted by a column,
as one numpy array, without a Python object per row.

At a million positions a Python tuple per row (ids and a sort key) took 2-6 s and several
hundred MB; here the database hands over each column as one comma-joined string that numpy parses
a slice at a time (a worker thread reading it never holds the GIL for long), and the sort
itself is numpy's (it releases the GIL) or SQLite's (likewise):

- a column shown from a small table (party, issue, stance, source) is read as its foreign
  key in date order, each key is ranked once by the name it shows (casefolded, as the table
  shows it) and numpy sorts the ranks, stably, so ties keep date order;
- a column of text on the record itself (status, attributed to, quote: up to a million
  distinct values) is sorted by SQLite: `lower()` folds ASCII letters only, unlike Python's
  casefold, which only matters between names differing in an accented capital.
"""

from __future__ import annotations

import numpy as np

from db.reads.queries import PositionFilter, _where
from db.reads.sql import joined_columns_sql
from db.storage.cancel import checkpoint
from db.storage.database import Database

# Column key → (the foreign key read per row, how each of its values is ranked).
_BY_KEY = {"party": "p.party_id", "issue": "p.issue_id", "stance": "p.level_id",
           "source": "p.source_id"}
# Column key → the SQL expression SQLite sorts by.
_BY_TEXT = {"status": "p.status", "attributed": "lower(p.attributed_to)",
            "quote": "lower(p.quote)", "coder": "lower(p.created_by)"}
SORT_KEYS = ("date", *_BY_KEY, *_BY_TEXT)
_PARSE_CHARS = 1 << 19  # parsed a slice at a time: each numpy call holds the GIL ~2 ms


def parse_ints(joined: str | None) -> np.ndarray:
    """A comma-joined list of integers as an int64 array, parsed in slices (one numpy call
    over 7 MB held the GIL ~40 ms: the GUI thread waited that long for a worker)."""
    if not joined:
        return np.empty(0, dtype=np.int64)
    parts, start, n = [], 0, len(joined)
    while start < n:
        checkpoint()  # a newer request stops this one here (db.storage.cancel)
        end = joined.find(",", min(start + _PARSE_CHARS, n))
        end = n if end < 0 else end
        parts.append(np.fromstring(joined[start:end], dtype=np.int64, sep=","))
        start = end + 1
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _ranks(db: Database, key: str) -> dict[int, tuple]:
    """Each foreign key's sort value, as the table shows it."""
    with db.read() as con:
        if key == "party":
            return {i: (name.casefold(),) for i, name in con.execute("SELECT id, name FROM party")}
        if key == "issue":
            return {i: (name.casefold(),) for i, name in con.execute("SELECT id, name FROM issue")}
        if key == "stance":
            return {i: (name.casefold(), value) for i, name, value in con.execute(
                "SELECT l.id, i.name, l.value FROM stance_level l "
                "JOIN issue i ON i.id = l.issue_id")}
        return {i: (title.casefold(),) for i, title in con.execute("SELECT id, title FROM source")}


def first_position_ids(db: Database, flt: PositionFilter | None, key: str,
                       descending: bool = False, limit: int = 1_000) -> np.ndarray | None:
    """The first `limit` ids `sorted_position_ids` gives, read from the date index alone (a
    few ms at any size), or None for a column that only a whole read can order. What a
    table shows while the whole order is read."""
    if key != "date":
        return None
    params: list = []
    direction = " DESC" if descending else ""
    with db.read() as con:
        where = _where(con, flt, params)
        rows = con.execute(f"SELECT p.id FROM position p{where} ORDER BY p.stated_on"
                           f"{direction}, p.id{direction} LIMIT ?", [*params, limit]).fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


def sorted_position_ids(db: Database, flt: PositionFilter | None, key: str,
                        descending: bool = False) -> np.ndarray:
    """Ids of the positions matching `flt`, ordered by the table column `key` (ties in
    date order, whichever way the column sorts)."""
    if key not in SORT_KEYS:
        raise ValueError(f"not a sortable column: {key}")
    params: list = []
    with db.read() as con:
        where = _where(con, flt, params)
        if key in _BY_TEXT:
            direction = " DESC" if descending else ""
            inner = (f"SELECT p.id FROM position p{where} "
                     f"ORDER BY {_BY_TEXT[key]}{direction}, p.stated_on, p.id")
            # The comma-joined text (group_concat / string_agg) is what numpy parses.
            (ids,) = con.execute(joined_columns_sql(con, inner, ("id",)), params).fetchone()
            return parse_ints(ids)
        column = "p.id" if key == "date" else _BY_KEY[key]
        inner = f"SELECT p.id, {column} AS k FROM position p{where} ORDER BY p.stated_on, p.id"
        # Joined as above: two lists in the same order.
        ids, keys = con.execute(joined_columns_sql(con, inner, ("id", "k")), params).fetchone()
    ids = parse_ints(ids)
    if key == "date":
        return ids[::-1].copy() if descending else ids  # (date, id) is unique: exact reverse
    keys = parse_ints(keys)
    values = _ranks(db, key)
    # A rank per distinct key (a few hundred, up to the sources' 50,000), looked up per row
    # by numpy, sorted by numpy: stable, so ties keep date order.
    distinct = np.unique(keys)
    by_value = sorted(range(len(distinct)),
                      key=lambda n: values.get(int(distinct[n]), ("",)))
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[by_value] = np.arange(len(distinct))
    ranks = rank[np.searchsorted(distinct, keys)]
    return ids[np.argsort(-ranks if descending else ranks, kind="stable")]
