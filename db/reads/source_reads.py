"""The sources (articles) as the sources list, the reader and the choosers read them: plain
SQL on the read connection, like db.reads.queries, and never the article text unless asked.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import NamedTuple

from db.reads.sql import in_clause, parse_day
from db.storage.database import Database


class SourceRow(NamedTuple):
    id: int
    title: str
    outlet: str
    author: str
    published: dt.date | None
    url: str
    positions: int



class QuoteSpan(NamedTuple):
    position_id: int
    start: int
    end: int
    colour: str
    party_name: str
    level_label: str



# Not length(text): that reads every article in full (15 MB at 5,000 sources).
_SOURCE_COLUMNS = "s.id, s.title, s.outlet, s.author, s.published, s.url"


def _source(r: tuple) -> SourceRow:
    return SourceRow(r[0], r[1], r[2], r[3], parse_day(r[4]), r[5], r[6])


# A source's position count. A source in blind coding counts only the reader's own records
# (db.storage.database.Database.user), as the table shows them: another coder's count would
# tell what they coded before the two choose to compare. Other sources keep the plain count
# from the source_id index, one range per source.
_COUNT = ("CASE WHEN s.blind THEN (SELECT count(*) FROM position p WHERE p.source_id = s.id "
          "AND p.created_by = ?) ELSE (SELECT count(*) FROM position p "
          "WHERE p.source_id = s.id) END")


def sources(db: Database) -> list[SourceRow]:
    with db.read() as con:
        return [_source(r) for r in con.execute(
            # ix_source_list gives the rows in this order.
            f"SELECT {_SOURCE_COLUMNS}, {_COUNT} FROM source s "
            "ORDER BY s.published DESC, s.id", (db.user,))]


class SourceListRow(NamedTuple):
    """A source as the sources list keeps it: what its columns show and sort by. The author
    and address (its tooltip) are read for the one row hovered (`source_row`)."""

    id: int
    title: str
    outlet: str
    published: dt.date | None
    positions: int


def source_list(db: Database) -> list[SourceListRow]:
    """Every source as the sources list shows it, newest first (as `sources`). Lean for a
    long list: an outlet's name and a day are one object however many sources share them
    (a few dozen outlets and a few thousand days over 50,000 sources), and no author or
    address: ~10 MB at 50,000 sources where `sources` takes ~25 MB."""
    outlets: dict[str, str] = {}
    days: dict[str | None, dt.date | None] = {}
    with db.read() as con:
        cursor = con.execute(
            f"SELECT s.id, s.title, s.outlet, s.published, {_COUNT} FROM source s "
            "ORDER BY s.published DESC, s.id", (db.user,))
        out = []
        while batch := cursor.fetchmany(2_000):
            for sid, title, outlet, published, count in batch:
                day = days[published] if published in days else days.setdefault(
                    published, parse_day(published))
                out.append(SourceListRow(sid, title, outlets.setdefault(outlet, outlet),
                                         day, count))
        return out


def source_row(db: Database, source_id: int | None) -> SourceRow | None:
    """One source as `sources` lists it (with its position count), or None — opening an
    article read the whole list of 5,000 to find it."""
    if source_id is None:
        return None
    with db.read() as con:
        r = con.execute(f"SELECT {_SOURCE_COLUMNS}, {_COUNT} FROM source s WHERE s.id = ?",
                        (db.user, source_id)).fetchone()
    return _source(r) if r is not None else None


def source_labels(db: Database, ids: set[int] | frozenset[int]) -> dict[int, tuple[str, str]]:
    """{id: (outlet, title)} of just these sources — not the whole list with its counts."""
    if not ids:
        return {}
    with db.read() as con:
        params: list = []
        sql = f"SELECT id, outlet, title FROM source WHERE {in_clause('id', ids, params)}"
        return {r[0]: (r[1], r[2]) for r in con.execute(sql, params)}


def source_text(db: Database, source_id: int) -> str:
    with db.read() as con:
        row = con.execute("SELECT text FROM source WHERE id = ?", (source_id,)).fetchone()
    return (row[0] if row else None) or ""


def quote_spans(db: Database, source_id: int, viewer: str | None = None) -> list[QuoteSpan]:
    """Where each coded quote sits in a source, for highlighting in the reader. With a
    `viewer`, a source in blind mode shows only that coder's quotes."""
    with db.read() as con:
        only = ""
        params: list = [source_id]
        if viewer is not None and is_blind(con, source_id):
            only, params = " AND p.created_by = ?", [source_id, viewer]
        return [QuoteSpan(*r) for r in con.execute(
            "SELECT p.id, p.quote_start, p.quote_end, pa.colour, pa.name, l.label "
            "FROM position p JOIN party pa ON pa.id = p.party_id "
            f"JOIN stance_level l ON l.id = p.level_id WHERE p.source_id = ?{only} "
            "ORDER BY p.quote_start", params)]


def is_blind(con: sqlite3.Connection, source_id: int) -> bool:
    """Whether the source is in blind mode (each coder sees only their own records)."""
    row = con.execute("SELECT blind FROM source WHERE id = ?", (source_id,)).fetchone()
    return bool(row and row[0])


def blind_source(db: Database, source_id: int) -> bool:
    with db.read() as con:
        return is_blind(con, source_id)


def newest_source_id(db: Database) -> int | None:
    """The most recently published source (the sources list's first row), from the index."""
    with db.read() as con:
        row = con.execute("SELECT id FROM source ORDER BY published DESC, id LIMIT 1").fetchone()
    return row[0] if row else None


def count_sources(db: Database) -> int:
    with db.read() as con:
        return con.execute("SELECT count(*) FROM source").fetchone()[0]


def source_titles(db: Database) -> list[tuple[int, str]]:
    """(id, title) of every source in the sources list's order (newest first) — what a
    chooser needs, without the per-source position counts `sources` joins in."""
    with db.read() as con:
        return [(r[0], r[1]) for r in con.execute(
            "SELECT id, title FROM source ORDER BY published DESC, id")]


def positions_quoting(db: Database, source_id: int) -> int:
    """How many positions quote a source, whoever coded them (a blind reader's count shows
    only their own): a source is deleted only when none does."""
    with db.read() as con:
        return con.execute("SELECT count(*) FROM position WHERE source_id = ?",
                           (source_id,)).fetchone()[0]
