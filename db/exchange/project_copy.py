"""Moving a whole project between two databases: an embedded file and a server, either way.

`parley copy --from FILE.sqlite3 --to postgresql://…` (and back) copies every table the
models declare (SQLModel's metadata: the codebook, sources and their pages, positions and
conditions, events, settings, rejected suggestions, and any table added later), in
foreign-key order, in ONE transaction on the target: a failure leaves the target exactly as
it was. Ids, and so every quote offset and link, are kept; on PostgreSQL each table's id
sequence is then set past the largest id, so the next record gets a fresh one.

A target holding any record is refused, unless `merge` is asked for. Merging appends what
the target lacks and never changes a record it has:
- a row is *already there* when the target has a row with the same value in one of the
  table's unique keys (party/issue/event key, party name, source text hash, a setting's
  key, an issue's level value, a seed record's key), or else with the same content — every
  column but the id and the bookkeeping columns (when/who created or changed it, version);
  links to other records are compared after translating them to the target's ids (also
  a history row's `table_name`/`record_id` pair);
- such a row is skipped (counted per table: the target's version is kept, settings too),
  and rows linking to it link to the target's row;
- any other row is added under a new id from the target's sequence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from db.errors import ParleyError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

    from db.storage.database import Database

# Columns that say when/by whom/which version, not what: left out of the content compared.
BOOKKEEPING = frozenset({"created_at", "updated_at", "imported_at", "rejected_at",
                         "created_by", "updated_by", "version"})
_CHUNK = 1000


@dataclass
class CopyReport:
    """What a copy did: rows added and (merge) rows skipped as already there, per table."""

    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        added = {t: n for t, n in self.added.items() if n}
        out = [f"Copied {sum(added.values()):,} rows: " + ", ".join(
            f"{t} {n:,}" for t, n in added.items()) if added else "Nothing to copy"]
        skipped = {t: n for t, n in self.skipped.items() if n}
        if skipped:
            out.append(f"Skipped {sum(skipped.values()):,} rows already in the target (kept "
                       "as they are there): " + ", ".join(f"{t} {n:,}" for t, n in skipped.items()))
        return out


def tables() -> list[Table]:
    """Every table of the models, parents before children; tables that name their record
    by table and id (a history) last, once every record they may name has its id."""
    from sqlmodel import SQLModel

    import db.model.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

    ordered = list(SQLModel.metadata.sorted_tables)
    return [t for t in ordered if not _names_records(t)] + [t for t in ordered if _names_records(t)]


def _names_records(table: Table) -> bool:
    """A table whose rows point at a record of any table by (`table_name`, `record_id`)
    rather than by a foreign key (the record history)."""
    return "table_name" in table.c and "record_id" in table.c


def row_count(conn: Connection, table: Table) -> int:
    from sqlalchemy import func, select

    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def copy_project(source: Database, target: Database, *, merge: bool = False) -> CopyReport:
    """Copy everything in `source` into `target` (both open and at the same schema)."""
    from sqlalchemy import select

    report = CopyReport()
    with source.session() as src_session, target.write() as dst_session:
        src = _snapshot(src_session)
        dst = dst_session.connection()
        if not merge:
            filled = [t.name for t in tables() if row_count(dst, t)]
            if filled:
                raise ParleyError(
                    f"The target already holds records ({', '.join(filled)}): nothing was "
                    "copied. Copy into an empty database, or add --merge to append what it "
                    "lacks.")
        ids: dict[str, dict[Any, Any]] = {}
        for table in tables():
            rows = [dict(r._mapping) for r in src.execute(select(table).order_by(*table.primary_key))]
            rows = _parents_first(table, rows)
            if merge:
                added, skipped = _merge_table(dst, table, rows, ids)
            else:
                added, skipped = _copy_table(dst, table, rows), 0
            report.added[table.name] = added
            report.skipped[table.name] = skipped
        if dst.dialect.name == "postgresql":
            _reset_sequences(dst)
    return report


def _snapshot(session: Any) -> Connection:
    """The source's connection, every table read from one snapshot."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # PostgreSQL: one snapshot for the whole copy, however long it takes.
        conn = session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    return conn


def _self_refs(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _parents_first(table: Table, rows: list[dict]) -> list[dict]:
    """Rows of a table that links to itself (a party's parent), each after the row it
    links to: constraints are checked row by row."""
    refs = _self_refs(table)
    if not refs:
        return rows
    pk = table.primary_key.columns.values()[0].name
    placed: set[Any] = set()
    out: list[dict] = []
    pending = rows
    while pending:
        ready = [r for r in pending if all(r[c] is None or r[c] in placed or r[c] == r[pk]
                                           for c in refs)]
        if not ready:  # a loop of links: the database holds it, so order cannot matter
            out.extend(pending)
            break
        out.extend(ready)
        placed.update(r[pk] for r in ready)
        pending = [r for r in pending if r[pk] not in placed]
    return out


def _copy_table(dst: Connection, table: Table, rows: list[dict]) -> int:
    from sqlalchemy import insert

    for start in range(0, len(rows), _CHUNK):
        dst.execute(insert(table), rows[start:start + _CHUNK])
    return len(rows)


def _unique_keys(table: Table) -> list[tuple[str, ...]]:
    from sqlalchemy import UniqueConstraint

    keys = [tuple(c.name for c in table.primary_key)] if "id" not in table.primary_key else []
    keys += [tuple(c.name for c in con.columns) for con in table.constraints
             if isinstance(con, UniqueConstraint)]
    keys += [tuple(c.name for c in ix.columns) for ix in table.indexes if ix.unique]
    keys += [(c.name,) for c in table.columns if c.unique]
    return list(dict.fromkeys(keys))


def _content(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns if c.name != "id" and c.name not in BOOKKEEPING)


def _translate(table: Table, row: dict, ids: dict[str, dict[Any, Any]]) -> dict:
    """The row with its links to other records given as the target's ids."""
    out = dict(row)
    for fk in table.foreign_keys:
        name, value = fk.parent.name, row[fk.parent.name]
        if value is not None:
            out[name] = ids.get(fk.column.table.name, {}).get(value, value)
    if _names_records(table) and row["record_id"] is not None:
        out["record_id"] = ids.get(row["table_name"], {}).get(row["record_id"], row["record_id"])
    return out


def _merge_table(dst: Connection, table: Table, rows: Iterable[dict],
                 ids: dict[str, dict[Any, Any]]) -> tuple[int, int]:
    from sqlalchemy import insert, select

    has_id = "id" in table.c and table.c.id.primary_key
    keys, content = _unique_keys(table), _content(table)
    existing = [dict(r._mapping) for r in dst.execute(select(table))]
    index: dict[tuple, Any] = {}
    for r in existing:
        _remember(index, keys, content, r)
    mapping = ids.setdefault(table.name, {})
    added = skipped = 0
    for row in rows:
        wanted = _translate(table, row, ids)
        found = _lookup(index, keys, content, wanted)
        if found is not None:
            skipped += 1
            if has_id:
                mapping[row["id"]] = found["id"]
            continue
        values = {k: v for k, v in wanted.items() if not (has_id and k == "id")}
        if has_id:
            new_id = dst.execute(insert(table).values(values).returning(table.c.id)).scalar_one()
            mapping[row["id"]] = new_id
            values["id"] = new_id
        else:
            dst.execute(insert(table).values(values))
        _remember(index, keys, content, values)
        added += 1
    return added, skipped


def _remember(index: dict[tuple, Any], keys: list[tuple[str, ...]], content: tuple[str, ...],
              row: dict) -> None:
    for key in keys:
        values = tuple(row.get(c) for c in key)
        if None not in values:
            index.setdefault(("key", key, values), row)
    index.setdefault(("content", tuple(row.get(c) for c in content)), row)


def _lookup(index: dict[tuple, Any], keys: list[tuple[str, ...]], content: tuple[str, ...],
            row: dict) -> dict | None:
    for key in keys:
        values = tuple(row.get(c) for c in key)
        if None not in values and ("key", key, values) in index:
            return index[("key", key, values)]
    return index.get(("content", tuple(row.get(c) for c in content)))


def _reset_sequences(dst: Connection) -> None:
    """PostgreSQL: each id sequence past the table's largest id (rows went in with ids)."""
    from db.storage.postgres import sync_sequence_sql

    for table in tables():
        if "id" in table.c and table.c.id.primary_key:
            dst.exec_driver_sql(sync_sequence_sql(table.name))
