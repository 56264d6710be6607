"""PostgreSQL's read connection, speaking the reads' SQL as sqlite3 does.

Every read in db/reads, db/suggest and db/exchange is plain SQL written for sqlite3: `?`
placeholders, rows as tuples, dates and timestamps as ISO text, `con.execute(...)`
returning a cursor to fetch from or iterate. `PgReadConnection` gives a psycopg connection
that same face, so one text of each read serves both engines:

- `?` outside string literals becomes psycopg's `%s`, and a literal `%` (LIKE patterns)
  `%%`; each SQL text is translated once (cached);
- the few SQLite fragments that have a PostgreSQL twin are swapped for it here, by exact
  text (PG_FRAGMENTS: an IN list passed as one JSON array is `= ANY(array)` here, and a
  newest-first order keeps undated rows last, where SQLite puts them);
- date, time and timestamp columns load as their ISO text, numeric as float, as sqlite3
  gives them, so `date.fromisoformat(row[i])` works unchanged.

PostgreSQL: everything in this module is PostgreSQL's own (db.storage.postgres.POSTGRES_ONLY_SQL).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

# SQLite text → PostgreSQL text, swapped before the placeholders are translated.
PG_FRAGMENTS: dict[str, str] = {
    # db.reads.sql.in_clause: a long IN list is one parameter (an InList, bound as an array).
    "IN (SELECT value FROM json_each(?))": "= ANY(?)",
    # The sources list, newest first: SQLite sorts NULL lowest, so undated sources come
    # last; PostgreSQL sorts NULL highest unless told.
    "ORDER BY s.published DESC,": "ORDER BY s.published DESC NULLS LAST,",
    "ORDER BY published DESC,": "ORDER BY published DESC NULLS LAST,",
}


class InList(str):
    """One IN list bound as a single parameter: SQLite reads it as JSON text (json_each),
    PostgreSQL gets `values` as an array. A str, so sqlite3 binds it with no adapter."""

    values: list

    def __new__(cls, text: str, values: list) -> InList:
        obj = super().__new__(cls, text)
        obj.values = values
        return obj


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """sqlite3's SQL (qmark style) as psycopg's (format style)."""
    for old, new in PG_FRAGMENTS.items():
        if old in sql:
            sql = sql.replace(old, new)
    out: list[str] = []
    quote = ""
    for ch in sql:
        if ch == "%":
            out.append("%%")
            continue
        if quote:
            if ch == quote:
                quote = ""
        elif ch in ("'", '"'):
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append(ch)
    return "".join(out)


def _params(params: Any) -> Any:
    if params is None:
        return ()
    if isinstance(params, dict):
        return params
    return [p.values if type(p) is InList else p for p in params]


def register_sqlite_types(adapters: Any) -> None:
    """Load the types the reads parse themselves as sqlite3 returns them: dates and times as
    ISO text, numeric (avg, sum of bigints) as float."""
    from psycopg.types.numeric import FloatLoader
    from psycopg.types.string import TextLoader

    for name in ("date", "time", "timetz", "timestamp", "timestamptz"):
        adapters.register_loader(name, TextLoader)
    adapters.register_loader("numeric", FloatLoader)


class PgReadConnection:
    """A psycopg connection with sqlite3's reading manners (see the module's doc).

    `owned`: this object opened the connection and may set its types for good (a reader);
    a write session's connection is only borrowed, so the types are set per cursor and the
    ORM on the same connection still gets dates as dates.
    """

    dialect = "postgresql"

    def __init__(self, con: psycopg.Connection, *, owned: bool = True):
        self._con = con
        self._owned = owned
        if owned:
            register_sqlite_types(con.adapters)

    @property
    def raw(self) -> psycopg.Connection:
        return self._con

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self._con.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Any = ()) -> psycopg.Cursor:
        cur = self._con.cursor()
        if not self._owned:
            register_sqlite_types(cur.adapters)
        # Always with a parameter sequence, so psycopg reads the `%%` of translate() as `%`.
        return cur.execute(translate(sql), _params(params))

    def close(self) -> None:
        self._con.close()

    @property
    def closed(self) -> bool:
        return self._con.closed
