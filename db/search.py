"""Full-text search over positions' quotes and notes (SQLite FTS5), with a LIKE fallback.

`position_fts` is an external-content FTS5 table over `position(quote, notes)`: it stores
only the index, and triggers created by migration 0002 keep it in step with every insert,
update and delete — so undo, imports and bulk inserts need no extra code. A build of SQLite
without FTS5 gets no table, and the search box falls back to LIKE (slower, substring match).

A future migration that rebuilds the `position` table (batch mode copies and drops it)
drops these triggers with it: it must create them again (the DDL is in migration 0002).
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

FTS_TABLE = "position_fts"
_TOKEN = re.compile(r"\w+", re.UNICODE)

def has_fts(conn: Connection) -> bool:
    return conn.execute(text(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=:n"), {"n": FTS_TABLE}
    ).first() is not None


def is_search_object(name: str | None) -> bool:
    """True for the FTS table, its shadow tables and triggers (for Alembic's comparisons)."""
    return bool(name) and name.startswith(FTS_TABLE)  # type: ignore[union-attr]


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH string that finds rows containing every word of `query` as a word
    prefix ("ener" finds "energy"); None when the query has no word characters."""
    tokens = _TOKEN.findall(query)
    if not tokens:
        return None
    return " AND ".join(f'"{tok}"*' for tok in tokens)
