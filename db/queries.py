"""Read-side queries. Tables, the reader, the conflicts view and charts all read through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, and_, column, or_, select, text
from sqlmodel import col, func

from db.database import Database
from db.models import Condition, Event, Issue, Party, Position, Source, StanceLevel
from db.search import FTS_TABLE, has_fts, match_expression


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


class SourceRow(NamedTuple):
    id: int
    title: str
    outlet: str
    author: str
    published: dt.date | None
    url: str
    length: int
    positions: int


class EventRow(NamedTuple):
    id: int
    key: str
    date: dt.date
    label: str
    description: str


class QuoteSpan(NamedTuple):
    position_id: int
    start: int
    end: int
    colour: str
    party_name: str
    level_label: str


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


_ROW_COLUMNS = (
    Position.id, Position.party_id, Party.name, Party.colour, Position.issue_id, Issue.key,
    Issue.name, Position.level_id, StanceLevel.value, StanceLevel.label, Position.stated_on,
    Position.date_precision, Position.status, Position.attributed_to, Position.attribution_kind,
    Position.source_id, Source.title, Position.quote, Position.quote_start, Position.quote_end,
    Position.confidence, Position.notes,
)


_DATE_COLUMN = PositionRow._fields.index("stated_on")


def _rows_query(flt: PositionFilter | None, fts: bool = False) -> Select:
    q = (select(*_ROW_COLUMNS)
         .join(Party, Party.id == Position.party_id)
         .join(Issue, Issue.id == Position.issue_id)
         .join(StanceLevel, StanceLevel.id == Position.level_id)
         .join(Source, Source.id == Position.source_id))
    if flt is None:
        return q
    conds = _filter_conditions(flt, fts)
    return q.where(and_(*conds)) if conds else q


def _filter_conditions(flt: PositionFilter, fts: bool) -> list:
    conds: list = []
    if flt.party_ids:
        conds.append(col(Position.party_id).in_(flt.party_ids))
    if flt.issue_ids:
        conds.append(col(Position.issue_id).in_(flt.issue_ids))
    if flt.source_ids:
        conds.append(col(Position.source_id).in_(flt.source_ids))
    if flt.attributions:
        conds.append(col(Position.attributed_to).in_(flt.attributions))
    if flt.date_from:
        conds.append(Position.stated_on >= flt.date_from)
    if flt.date_to:
        conds.append(Position.stated_on <= flt.date_to)
    if flt.ids is not None:
        conds.append(col(Position.id).in_(flt.ids))
    match = match_expression(flt.text) if fts else None
    if match is not None:
        # The FTS index answers in milliseconds where LIKE scans every quote.
        hits = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_match"
                    ).bindparams(fts_match=match).columns(column("rowid"))
        conds.append(col(Position.id).in_(hits))
    else:
        for word in flt.text.split():
            pattern = f"%{_escape_like(word)}%"
            conds.append(or_(col(Position.quote).ilike(pattern, escape="\\"),
                             col(Position.notes).ilike(pattern, escape="\\")))
    return conds


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def position_rows(db: Database, flt: PositionFilter | None = None) -> list[PositionRow]:
    """Positions matching the filter, oldest first."""
    with db.engine.connect() as conn:
        q = _rows_query(flt, _uses_fts(conn, flt)).order_by(Position.stated_on, Position.id)
        # Plain driver tuples, with the one non-native type (the date) converted here: half
        # the time of SQLAlchemy's row processing at 100k rows.
        day = dt.date.fromisoformat
        return [PositionRow(*r[:_DATE_COLUMN], day(r[_DATE_COLUMN]), *r[_DATE_COLUMN + 1:])
                for r in _plain_rows(conn, q)]


def _uses_fts(conn: Connection, flt: PositionFilter | None) -> bool:
    return bool(flt and flt.text.strip()) and has_fts(conn)


def date_range(db: Database, flt: PositionFilter | None = None
               ) -> tuple[dt.date, dt.date] | None:
    """The first and last day a matching position was stated (from the date index), or
    None — without reading the rows."""
    with db.engine.connect() as conn:
        q = select(func.min(Position.stated_on), func.max(Position.stated_on))
        if flt is not None:
            conds = _filter_conditions(flt, _uses_fts(conn, flt))
            if conds:
                q = q.where(and_(*conds))
        lo, hi = conn.execute(q).one()
    return (lo, hi) if lo is not None else None


def count_positions(db: Database, flt: PositionFilter | None = None) -> int:
    """How many positions match, without reading them."""
    with db.engine.connect() as conn:
        q = select(func.count()).select_from(Position)
        if flt is not None:
            conds = _filter_conditions(flt, _uses_fts(conn, flt))
            if conds:
                q = q.where(and_(*conds))
        return conn.execute(q).scalar() or 0


# PositionRow fields a lean query can return next to the id, and the join each one needs.
_LEAN_FIELDS = {
    "party_id": (Position.party_id, None), "issue_id": (Position.issue_id, None),
    "level_id": (Position.level_id, None), "source_id": (Position.source_id, None),
    "stated_on": (Position.stated_on, None), "status": (Position.status, None),
    "attributed_to": (Position.attributed_to, None), "quote": (Position.quote, None),
    "confidence": (Position.confidence, None),
    "party_name": (Party.name, "party"), "issue_name": (Issue.name, "issue"),
    "level_value": (StanceLevel.value, "level"), "source_title": (Source.title, "source"),
}
_JOINS = {
    "party": (Party, Party.id == Position.party_id),
    "issue": (Issue, Issue.id == Position.issue_id),
    "level": (StanceLevel, StanceLevel.id == Position.level_id),
    "source": (Source, Source.id == Position.source_id),
}


def position_keys(db: Database, flt: PositionFilter | None = None,
                  fields: tuple[str, ...] = ()) -> list[tuple]:
    """(id, *fields) of every matching position, oldest first — what a table needs to
    count, order and find rows without reading them (an ids-only read of 100k positions
    takes ~30 ms where full rows take over a second)."""
    with db.engine.connect() as conn:
        return _plain_rows(conn, _keys_query(conn, flt, fields))


def _keys_query(conn: Connection, flt: PositionFilter | None, fields: tuple[str, ...]
                ) -> Select:
    unknown = set(fields) - set(_LEAN_FIELDS)
    if unknown:
        raise ValueError(f"not a lean field: {sorted(unknown)}")
    q = select(Position.id, *(_LEAN_FIELDS[f][0] for f in fields)).select_from(Position)
    for join in dict.fromkeys(_LEAN_FIELDS[f][1] for f in fields if _LEAN_FIELDS[f][1]):
        q = q.join(*_JOINS[join])  # type: ignore[index]
    if flt is not None:
        conds = _filter_conditions(flt, _uses_fts(conn, flt))
        if conds:
            q = q.where(and_(*conds))
    return q.order_by(Position.stated_on, Position.id)


def iter_position_keys(db: Database, flt: PositionFilter | None = None,
                       fields: tuple[str, ...] = (), batch: int = 5_000) -> Iterator[tuple]:
    """`position_keys` a batch at a time, for a caller that condenses the rows as it goes
    (the whole list of 100k driver tuples is ~30 MB)."""
    with db.engine.connect() as conn:
        cursor = _plain_cursor(conn, _keys_query(conn, flt, fields))
        try:
            while rows := cursor.fetchmany(batch):
                yield from rows
        finally:
            cursor.close()


def _plain_rows(conn: Connection, q: Select) -> list[tuple]:
    """Rows as plain tuples straight from the driver: SQLAlchemy's Row objects cost ~2 µs
    each, which is most of the time for 100k narrow rows."""
    cursor = _plain_cursor(conn, q)
    try:
        return cursor.fetchall()
    finally:
        cursor.close()


def _plain_cursor(conn: Connection, q: Select) -> Any:
    """A driver cursor executing `q`. The values are rendered into the SQL by SQLAlchemy's
    own literal quoting, so nothing user-typed is pasted in raw."""
    sql = str(q.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
    except BaseException:
        cursor.close()
        raise
    return cursor


def positions_by_id(db: Database, ids: list[int] | frozenset[int]) -> dict[int, PositionRow]:
    """Full rows for the given ids (e.g. the visible page of a table)."""
    if not ids:
        return {}
    return {r.id: r for r in position_rows(db, PositionFilter(ids=frozenset(ids)))}


def position_row(db: Database, position_id: int) -> PositionRow | None:
    rows = position_rows(db, PositionFilter(ids=frozenset({position_id})))
    return rows[0] if rows else None


def timeline_rows(db: Database, issue_id: int, flt: PositionFilter | None = None) -> list[PositionRow]:
    """One issue's positions for the timeline chart, in date order."""
    base = flt or PositionFilter()
    narrowed = PositionFilter(base.party_ids, frozenset({issue_id}), base.source_ids,
                              base.attributions, base.date_from, base.date_to, base.text, base.ids)
    return position_rows(db, narrowed)


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
    base = flt or PositionFilter()
    narrowed = PositionFilter(base.party_ids, frozenset({issue_id}), base.source_ids,
                              base.attributions, base.date_from, base.date_to, base.text, base.ids)
    q = (select(Position.id, Position.party_id, Position.issue_id, StanceLevel.value,
                Position.stated_on, Position.date_precision, Position.status,
                Position.confidence, Position.source_id, Position.attributed_to)
         .select_from(Position).join(StanceLevel, StanceLevel.id == Position.level_id))
    parse = dt.date.fromisoformat
    with db.engine.connect() as conn:
        conds = _filter_conditions(narrowed, _uses_fts(conn, narrowed))
        q = q.where(and_(*conds)).order_by(Position.stated_on, Position.id)
        return [TimelinePoint(r[0], r[1], r[2], r[3], parse(r[4]), *r[5:])
                for r in _plain_rows(conn, q)]


def parties(db: Database) -> list[PartyRow]:
    with db.engine.connect() as conn:
        q = select(Party.id, Party.key, Party.name, Party.short_name, Party.colour,
                   Party.description, Party.parent_id).order_by(Party.name)
        return [PartyRow(*r) for r in conn.execute(q)]


def issues(db: Database) -> list[IssueRow]:
    with db.engine.connect() as conn:
        levels: dict[int, list[LevelRow]] = {}
        lq = select(StanceLevel.id, StanceLevel.issue_id, StanceLevel.value, StanceLevel.label,
                    StanceLevel.description).order_by(StanceLevel.issue_id, StanceLevel.value)
        for r in conn.execute(lq):
            levels.setdefault(r[1], []).append(LevelRow(*r))
        iq = select(Issue.id, Issue.key, Issue.name, Issue.description).order_by(
            Issue.sort_order, Issue.name)
        return [IssueRow(*r, tuple(levels.get(r[0], ()))) for r in conn.execute(iq)]


def issue_by_key(db: Database, key: str) -> IssueRow | None:
    return next((i for i in issues(db) if i.key == key), None)


def sources(db: Database) -> list[SourceRow]:
    counts = (select(Position.source_id, func.count().label("n"))
              .group_by(Position.source_id).subquery())
    q = (select(Source.id, Source.title, Source.outlet, Source.author, Source.published,
                Source.url, func.length(Source.text), func.coalesce(counts.c.n, 0))
         .outerjoin(counts, counts.c.source_id == Source.id)
         .order_by(Source.published.desc(), Source.id))  # type: ignore[union-attr]
    with db.engine.connect() as conn:
        return [SourceRow(*r) for r in conn.execute(q)]


def source_row(db: Database, source_id: int | None) -> SourceRow | None:
    """One source as `sources` lists it (with its position count), or None — opening an
    article read the whole list of 5,000 to find it."""
    if source_id is None:
        return None
    n = (select(func.count()).select_from(Position).where(Position.source_id == source_id)
         .scalar_subquery())
    q = select(Source.id, Source.title, Source.outlet, Source.author, Source.published,
               Source.url, func.length(Source.text), n).where(Source.id == source_id)
    with db.engine.connect() as conn:
        r = conn.execute(q).first()
    return SourceRow(*r) if r is not None else None


def source_labels(db: Database, ids: set[int] | frozenset[int]) -> dict[int, tuple[str, str]]:
    """{id: (outlet, title)} of just these sources — not the whole list with its counts."""
    if not ids:
        return {}
    q = select(Source.id, Source.outlet, Source.title).where(col(Source.id).in_(ids))
    with db.engine.connect() as conn:
        return {r[0]: (r[1], r[2]) for r in conn.execute(q)}


def source_text(db: Database, source_id: int) -> str:
    with db.engine.connect() as conn:
        text = conn.execute(select(Source.text).where(Source.id == source_id)).scalar()
    return text or ""


def quote_spans(db: Database, source_id: int) -> list[QuoteSpan]:
    """Where each coded quote sits in a source, for highlighting in the reader."""
    q = (select(Position.id, Position.quote_start, Position.quote_end, Party.colour, Party.name,
                StanceLevel.label)
         .join(Party, Party.id == Position.party_id)
         .join(StanceLevel, StanceLevel.id == Position.level_id)
         .where(Position.source_id == source_id).order_by(Position.quote_start))
    with db.engine.connect() as conn:
        return [QuoteSpan(*r) for r in conn.execute(q)]


def events(db: Database) -> list[EventRow]:
    with db.engine.connect() as conn:
        q = select(Event.id, Event.key, Event.date, Event.label, Event.description).order_by(
            Event.date)
        return [EventRow(*r) for r in conn.execute(q)]


def attributions(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        q = select(Position.attributed_to).distinct().order_by(Position.attributed_to)
        return [r[0] for r in conn.execute(q)]


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(model)).scalar() or 0
            for name, model in (("sources", Source), ("parties", Party), ("issues", Issue),
                                ("positions", Position), ("events", Event))
        }


class ConditionRow(NamedTuple):
    position_id: int
    party_name: str | None
    issue_name: str | None
    level_label: str | None
    text: str


def conditions_of(db: Database, position_ids: list[int]) -> list[ConditionRow]:
    q = (select(Condition.position_id, Party.name, Issue.name, StanceLevel.label, Condition.text)
         .outerjoin(Party, Party.id == Condition.party_id)
         .outerjoin(Issue, Issue.id == Condition.issue_id)
         .outerjoin(StanceLevel, StanceLevel.id == Condition.level_id)
         .where(col(Condition.position_id).in_(position_ids)).order_by(Condition.id))
    with db.engine.connect() as conn:
        return [ConditionRow(*r) for r in conn.execute(q)]


def source_titles(db: Database) -> list[tuple[int, str]]:
    """(id, title) of every source in the sources list's order (newest first) — what a
    chooser needs, without the per-source position counts `sources` joins in."""
    q = select(Source.id, Source.title).order_by(
        Source.published.desc(), Source.id)  # type: ignore[union-attr]
    with db.engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(q)]


def busiest_parties(db: Database, n: int = 2) -> list[int]:
    """Ids of the `n` parties with the most positions, most first (counted in SQL: reading
    100k party ids to count them in Python took ~70 ms of a cold start)."""
    q = (select(Position.party_id).group_by(Position.party_id)
         .order_by(func.count().desc(), Position.party_id).limit(n))
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(q)]
