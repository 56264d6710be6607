"""PostgreSQL's twins of the reads' SQLite-only fragments, chosen by the connection's dialect
(db.reads.search.text_condition, db.reads.sql.joined_ids_sql).

- Search: SQLite's FTS5 table becomes the GIN index of migration 0007 over
  `to_tsvector('simple', quote || ' ' || notes)`; every word typed must start a word of
  the quote or notes (`ener` finds "energy"), as FTS5's prefix query does.
- Ids joined by commas for numpy: `string_agg` where SQLite has group_concat.

PostgreSQL: everything here is PostgreSQL's own (db.storage.postgres.POSTGRES_ONLY_SQL).
"""

from __future__ import annotations

import re

# The expression the GIN index (migration 0007) is built on; the planner uses the index
# only for this same expression.
SEARCH_VECTOR = "to_tsvector('simple', p.quote || ' ' || p.notes)"
# Letters and digits: what 'simple' keeps of a word ("_" and punctuation split words).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def tsquery(query: str) -> str | None:
    """A to_tsquery text: every word of `query` as a prefix, all required; None when the
    query has no word characters."""
    words = _WORD.findall(query)
    if not words:
        return None
    return " & ".join(f"{w.lower()}:*" for w in words)


def text_condition(query: str) -> tuple[str, str] | None:
    expr = tsquery(query)
    if expr is None:
        return None
    return f"{SEARCH_VECTOR} @@ to_tsquery('simple', ?)", expr


def joined_ids_sql(sql: str) -> str:
    # The subquery's ORDER BY gives the aggregate its rows in order (its sort sits below the
    # aggregate, which is not split across workers).
    return f"SELECT string_agg(q.id::text, ',') FROM ({sql}) AS q"


def joined_columns_sql(sql: str, columns: tuple[str, ...]) -> str:
    aggs = ", ".join(f"string_agg(q.{c}::text, ',')" for c in columns)
    return f"SELECT {aggs} FROM ({sql}) AS q"
