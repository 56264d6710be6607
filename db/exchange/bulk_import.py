"""import-data's sources and positions written a batch at a time (SQLAlchemy Core
executemany), inside the import's one transaction.

One ORM object per record (insert_position: validate, flush, conditions, history) cost
~2–5 ms a record: over an hour for a million. Here every record gets the very same checks
(`check_position` through `MemoLookups`: the codebook's lookups answered from memory, a
batch's source texts read in one query) and the very same row values
(`new_position_values`, `condition_values`, `history.values`, `new_source_values`), and
each table's rows of a batch go in with one statement.

What stays exactly as when each record was written in turn:
- the first bad record in file order is the one refused, with the same message: records of
  a batch are checked in order before any of them is written, and a problem found while
  reading a later record (its shape, a duplicate, the file itself) is raised only after
  the records before it have been checked;
- the ids: a record keeps the file's id when no row has it (none before the import, none
  given earlier in it), otherwise it takes the id an INSERT without one would have taken
  (`_Ids`: SQLite's largest id + 1; a server's sequence);
- all or nothing: it is one transaction, and any refusal rolls every batch back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, insert
from sqlmodel import Session

from db.errors import ImportDataError, ValidationError
from db.exchange import authorship
from db.exchange.import_fields import MAX_INT, opt, position_input, req
from db.model.inputs import PositionInput, SourceMeta
from db.model.tables import Condition, Position, RecordHistory, Source
from db.model.validation import MemoLookups, check_position, sql_connection
from db.reads.search import bulk_load
from db.writes import history
from db.writes.positions import condition_values, fields, new_position_values
from db.writes.sources import check_new_source, content_hash, new_source_values

BATCH = 2_000
SOURCE_BATCH = 200  # articles are a few kB each
# Above this many imported positions (or a quarter of those already there) the search
# index is rebuilt once at the end instead of row by row (~40 µs a row): a rebuild reads
# every position, so a small import into a large database keeps the triggers.
FTS_REBUILD_AFTER = 20_000
_IN_CHUNK = 500


class _Ids:
    """The id each new row of `table` takes, decided in file order as the rows are
    written: the file's when it is free, else what the database would give."""

    def __init__(self, s: Session, table: str):
        self.conn = s.connection()
        self.con = sql_connection(s)
        self.table = table
        self.server = self.conn.dialect.name == "postgresql"
        self.top = self.con.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0
        self.created: list[int] = []
        self.taken: set[int] = set()

    def begin(self, wanted: list[int | None]) -> None:
        """Before a batch: which of its wanted ids a row already has (earlier batches are
        in the table by now)."""
        ids = sorted({w for w in wanted if w is not None})
        self.taken = set()
        for i in range(0, len(ids), _IN_CHUNK):
            chunk = ids[i:i + _IN_CHUNK]
            marks = ", ".join("?" * len(chunk))
            self.taken.update(r[0] for r in self.con.execute(
                f'SELECT id FROM "{self.table}" WHERE id IN ({marks})', chunk))

    def free(self, wanted: int | None) -> bool:
        return wanted is not None and wanted not in self.taken

    def take(self, wanted: int | None) -> int:
        """`wanted` when free, else the next id the database would give."""
        if self.free(wanted):
            new = wanted
        elif self.server:
            from db.storage.postgres import next_serial_id

            new = next_serial_id(self.conn, self.table)
        else:
            if self.top >= MAX_INT:
                raise ImportDataError(f"No {self.table} id is left above {self.top}; nothing "
                                      "was imported")
            new = self.top + 1  # SQLite: an INTEGER PRIMARY KEY without one takes max + 1
        assert new is not None
        self.taken.add(new)
        self.top = max(self.top, new)
        self.created.append(new)
        return new


def _records(items: Iterable[Any], flush: Any) -> Iterator[tuple[int, Any]]:
    """(number, record) in file order; whatever reading the next one raises (the file's
    JSON, a repeated key) comes after the records read before it are written (`flush`)."""
    it = iter(items)
    n = 0
    while True:
        try:
            item = next(it)
        except StopIteration:
            return
        except Exception:
            flush()
            raise
        n += 1
        yield n, item


def _wrap(what: str, problems: Any) -> ImportDataError:
    return ImportDataError(f"{what}: {ValidationError(problems)}")


def import_sources(s: Session, items: Iterable[Any], source_ids: dict[Any, int]) -> list[int]:
    """Add the file's sources (an article already here, by its text, is reused); fills
    `source_ids` (file id → id here) and returns the ids added."""
    conn = s.connection()
    ids = _Ids(s, "source")
    by_hash: dict[str, int | None] = {h: i for h, i in conn.exec_driver_sql(
        "SELECT content_hash, id FROM source")}  # two columns: not every article's text
    batch: list[tuple[int, str, str, SourceMeta]] = []

    def flush() -> None:
        if not batch:
            return
        ids.begin([sid for sid, *_ in batch])
        rows = []
        for sid, text, digest, meta in batch:
            free = ids.free(sid)
            try:
                check_new_source(text, meta, id=sid if free else None)
            except ValidationError as exc:
                raise ImportDataError(f"Source {sid}: {exc}") from None
            new_id = ids.take(sid if free else None)
            rows.append(new_source_values(text, meta, id=new_id, digest=digest))
            source_ids[sid] = new_id
            by_hash[digest] = new_id
        conn.execute(insert(Source.__table__), rows)  # type: ignore[attr-defined]
        batch.clear()

    pending: set[int] = set()
    for n, src in _records(items, flush):
        try:
            sid = req(src, "id", f"Source {n}", int)
            text = req(src, "text", f"Source {sid}")
            if sid in source_ids or sid in pending:
                raise ImportDataError(f"Source id {sid} appears twice in the file")
            digest = content_hash(text)
            if digest in by_hash and by_hash[digest] is None:
                flush()  # the same text earlier in this batch: give it its id first
                pending.clear()
            existing = by_hash.get(digest)
            if existing is not None:
                source_ids[sid] = existing
                continue
            sw = f"Source {sid}"
            meta = SourceMeta(req(src, "title", sw), opt(src, "outlet", sw),
                              opt(src, "author", sw), opt(src, "published", sw, None),
                              opt(src, "url", sw))
        except Exception:
            flush()
            raise
        batch.append((sid, text, digest, meta))
        pending.add(sid)
        by_hash[digest] = None
        if len(batch) >= SOURCE_BATCH:
            flush()
            pending.clear()
    flush()
    return ids.created


def import_positions(s: Session, items: Iterable[Any], user: str | None, codebook: tuple,
                     source_ids: dict[Any, int]) -> list[int]:
    """Add the file's positions (each a new record, with its conditions and history row);
    returns the ids added. `codebook`: (party_ids, issue_ids, level_ids) as the import
    resolved them."""
    party_ids, issue_ids, level_ids = codebook
    conn = s.connection()
    con = sql_connection(s)
    lookups = MemoLookups(con)
    ids = _Ids(s, "position")
    # Only positions that were in the database before this import count as duplicates: two
    # identical positions in the file are two records the app held (the form allows them),
    # and an export must import back whole.
    already: set[tuple] = set(con.execute(
        "SELECT source_id, quote_start, quote_end, party_id, issue_id, level_id, "
        "attributed_to FROM position"))
    batch: list[tuple[str, int | None, PositionInput, dict[str, Any]]] = []
    rebuild_after = max(FTS_REBUILD_AFTER, len(already) // 4)

    def flush() -> None:
        if not batch:
            return
        lookups.texts = _texts(con, {data.source_id for _, _, data, _ in batch})
        ids.begin([wanted for _, wanted, _, _ in batch])
        rows, conditions, stories = [], [], []
        for what, wanted, data, who in batch:
            problems = check_position(lookups, data)
            if problems:
                raise _wrap(what, problems)
            pid = ids.take(wanted)
            rows.append(new_position_values(data, id=pid, user=user, **who))
            conditions.extend(condition_values(pid, c) for c in data.conditions)
            if user is not None:
                stories.append(history.values("position", pid, "import", user,
                                              who["version"], None, fields(data)))
        _insert(conn, Position, rows)
        _insert(conn, Condition, conditions)
        _insert(conn, RecordHistory, stories)
        batch.clear()
        lookups.texts = {}

    with contextlib.ExitStack() as bulk:
        for n, p in _records(items, flush):
            what = f"Position {p.get('id', n) if isinstance(p, dict) else n}"
            try:
                data = position_input(p, what, party_ids, issue_ids, level_ids, source_ids)
                key = (data.source_id, data.quote_start, data.quote_end, data.party_id,
                       data.issue_id, data.level_id, data.attributed_to.strip())
                if key in already:
                    raise ImportDataError(f"{what} duplicates a position already in the "
                                          "database (same source, quote, party, issue, level "
                                          "and attribution)")
                who = authorship.imported(p, what)
            except Exception:
                flush()  # the records before this one are refused first, if need be
                raise
            pid = p.get("id")
            batch.append((what, pid if type(pid) is int and 0 < pid <= MAX_INT else None,
                          data, who))
            if len(batch) >= BATCH:
                flush()
            if n == rebuild_after:
                bulk.enter_context(bulk_load(conn))
        flush()
    return ids.created


def _texts(con: Any, source_ids: set[int]) -> dict[int, str]:
    """The texts of these sources, a few hundred per query."""
    wanted = sorted(i for i in source_ids if type(i) is int)
    out: dict[int, str] = {}
    for i in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[i:i + _IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        out.update(con.execute(f"SELECT id, text FROM source WHERE id IN ({marks})", chunk))
    return out


def _insert(conn: Connection, model: type, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]
