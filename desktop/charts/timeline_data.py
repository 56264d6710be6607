"""Everything an issue timeline draws, read and computed without Qt, so that it can run on
a worker thread: the issue, its records under the filters, the parties and events, the
conflicting accounts and the numpy geometry. TimelinePlot applies the result to its items
on the GUI thread (setData only).

At 100k positions this is most of an issue's first draw (the query ~70 ms, the analysis
~45 ms, the geometry ~30 ms); done on the GUI thread at start it delayed the first paint.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from db.model.colours import distinguishable
from db.reads import analysis, queries
from db.reads.queries import EventRow, IssueRow, PartyRow, PositionFilter, TimelinePoint
from db.storage.cancel import checkpoint
from db.storage.database import Database
from desktop.charts.common import (
    CONDITIONAL_STATUSES,
    DEFERRED_STATUSES,
    NEGATIVE_STATUSES,
    NON_STANCE_STATUSES,
)
from desktop.charts.timeline_geometry import TimelineGeometry, timeline_geometry

# (rows, legend order, conflicting ids, geometry, conditions) of a recent draw: reused
# while rows, order and conditions are equal.
Analysis = tuple[list[TimelinePoint], list[int], set[int], TimelineGeometry, dict]


@dataclass
class TimelineData:
    issue: IssueRow | None
    rows: list[TimelinePoint] = field(default_factory=list)
    parties: dict[int, PartyRow] = field(default_factory=dict)  # those with records, legend order
    events: list[EventRow] = field(default_factory=list)
    analysis: Analysis | None = None
    # the conditions of each conditional record shown, as they read ("" if none are given)
    conditions: dict[int, str] = field(default_factory=dict)
    # Derived from the rows here, off the GUI thread (at 250,000 records each pass over
    # the rows on the GUI thread was 100-300 ms of the window not answering):
    by_id: dict[int, TimelinePoint] = field(default_factory=dict)
    source_ids: frozenset[int] = frozenset()
    legend_extras: list[tuple[str, str]] = field(default_factory=list)
    has_spans: bool = False

    @property
    def order(self) -> list[int]:
        return list(self.parties)


def analyse(rows: list[TimelinePoint], order: list[int], recent: Sequence[Analysis],
            conds: dict[int, analysis.ConditionKey] | None = None) -> Analysis:
    """The conflicting ids and the geometry of `rows`, or the entry of `recent` with equal
    rows and order: both are pure functions of those, so a filter toggled off again, or a
    redraw with no change in the data, reuses them (~25 ms for 15,000 records; comparing
    the rows costs ~2 ms)."""
    conds = conds or {}
    for entry in recent:
        old_rows, old_order = entry[0], entry[1]
        if (old_order == order and len(old_rows) == len(rows) and entry[4] == conds
                and _same(old_rows, rows)):
            return entry
    conflicting = ({r.id for g in analysis.conflict_groups(rows, conditions=conds)
                    for r in g.rows} if rows else set())
    return (rows, order, conflicting, timeline_geometry(rows, conflicting, order, set(conds)),
            conds)


def _same(a: list, b: list, chunk: int = 5_000) -> bool:
    """a == b, a slice at a time: one comparison of 250,000 rows held the GIL ~40 ms."""
    return all(a[i:i + chunk] == b[i:i + chunk] for i in range(0, len(a), chunk))


def with_parties(issue: IssueRow | None, rows: list[TimelinePoint],
                 party_map: dict[int, PartyRow], events: list[EventRow],
                 recent: Sequence[Analysis] = (),
                 conds: dict[int, analysis.ConditionKey] | None = None) -> TimelineData:
    """The data for rows already read; `conds` holds the conditions of records with
    condition links (analysis.condition_terms)."""
    order = sorted({r.party_id for r in rows}, key=lambda pid: party_map[pid].name.casefold())
    # Parties the chart shows in near-identical colours (an older codebook's two oranges)
    # are drawn apart; the earlier-made party keeps its colour.
    by_age = sorted(order)
    colours = dict(zip(by_age, distinguishable([party_map[p].colour for p in by_age]),
                       strict=True))
    shown = {pid: party_map[pid]._replace(colour=colours[pid]) for pid in order}
    ids = {r.id for r in rows}
    conds = {pid: c for pid, c in (conds or {}).items() if pid in ids}
    checkpoint()  # on a worker, a newer request stops the analysis here (db.storage.cancel)
    conditions = {r.id: conds[r.id][1] if r.id in conds else ""
                  for r in rows if r.id in conds or r.status in CONDITIONAL_STATUSES}
    entry = analyse(rows, order, recent, conds)
    checkpoint()
    statuses = {r.status for r in rows}
    return TimelineData(issue, rows, shown, events, entry, conditions,
                        by_id={r.id: r for r in rows},
                        source_ids=frozenset(r.source_id for r in rows),
                        legend_extras=legend_extras(statuses, entry[2], conditions),
                        has_spans=any(r.date_precision != "day" for r in rows))


def drawn_colours(parties: Iterable[PartyRow]) -> list[PartyRow]:
    """The parties in the colours a chart showing all of them draws them in (as
    `with_parties` decides): the items made ahead of the data get these, so that the first
    draw reuses them instead of making a recoloured party's items again."""
    by_age = sorted(parties, key=lambda p: p.id)
    colours = distinguishable([p.colour for p in by_age])
    return [p._replace(colour=c) for p, c in zip(by_age, colours, strict=True)]


def legend_extras(statuses: set[str], conflicting: set[int], conditional: Iterable[int]
                  ) -> list[tuple[str, str]]:
    """(sample kind, text) for each kind of mark records with these statuses draw."""
    out = []
    if statuses & NEGATIVE_STATUSES:
        out.append(("negative", "rejects"))
    if set(conditional) or statuses & CONDITIONAL_STATUSES:
        out.append(("conditional", "if … (conditional)"))
    if statuses & DEFERRED_STATUSES:
        out.append(("deferred", "defers"))
    if statuses & NON_STANCE_STATUSES:
        out.append(("alleged", "alleged violation"))
    if conflicting:
        out.append(("conflict", "disputed"))
    return out


def read_timeline(db: Database, issue_id: int | None, flt: PositionFilter,
                  recent: Sequence[Analysis] = ()) -> TimelineData:
    """Read and analyse one issue's timeline (no Qt: safe on a worker thread)."""
    issue = next((i for i in queries.issues(db) if i.id == issue_id), None)
    if issue is None:
        return with_parties(None, [], {}, [], recent)
    # Lean rows (no quote text): the tooltip reads the hovered record's quote on demand.
    rows = queries.timeline_points(db, issue.id, flt)
    return with_parties(issue, rows, {p.id: p for p in queries.parties(db)},
                        queries.events(db), recent,
                        analysis.condition_terms(db, {r.id for r in rows}))
