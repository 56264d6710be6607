"""Small reads the charts need at any size, answered by the database instead of by reading
a row per record (a million positions: a lean key per record was ~200 MB)."""

from __future__ import annotations

import datetime as dt

from db.reads.queries import PositionFilter, _where, date_range
from db.storage.database import Database


def distinct_source_ids(db: Database, flt: PositionFilter | None) -> set[int]:
    """The sources cited by the positions matching `flt`."""
    params: list = []
    with db.read() as con:
        where = _where(con, flt, params)
        return {r[0] for r in con.execute(
            f"SELECT DISTINCT p.source_id FROM position p{where}", params)}


def date_span(db: Database, flt: PositionFilter | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a matching position was stated, or None: two reads that
    each stop at the first row of the date index (min() and max() in one query read every
    row: 0.26 s at a million positions)."""
    if flt is not None and flt.text.strip():
        return date_range(db, flt)  # a text search is read once, its matches scanned
    params: list = []
    with db.read() as con:
        where = _where(con, flt, params)
        sql = f"SELECT p.stated_on FROM position p{where} ORDER BY p.stated_on"
        first = con.execute(sql + " LIMIT 1", params).fetchone()
        if first is None:
            return None
        last = con.execute(sql + " DESC LIMIT 1", params).fetchone()
    return dt.date.fromisoformat(first[0]), dt.date.fromisoformat(last[0])
