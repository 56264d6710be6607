"""Lean reads added for start-up and memory: they return what the full reads would."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from db.exchange.generate import generate
from db.reads import queries, source_reads
from db.reads.analysis import condition_terms, conflict_groups, conflicts
from db.reads.queries import PositionFilter

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()


def test_iter_position_keys_streams_the_same_rows_in_batches(seeded_db) -> None:  # type: ignore[no-untyped-def]
    generate(seeded_db, 10, 400, 2)
    fields = ("party_id", "stated_on", "attributed_to", "level_value")
    for flt in (None, PositionFilter(text="ceasefire"),
                PositionFilter(party_ids=frozenset({1, 2}))):
        expected = queries.position_keys(seeded_db, flt, fields)
        assert expected
        assert list(queries.iter_position_keys(seeded_db, flt, fields, batch=7)) == expected


def test_source_titles_and_busiest_parties_agree_with_the_full_reads(seeded_db) -> None:  # type: ignore[no-untyped-def]
    generate(seeded_db, 12, 500, 4)
    assert source_reads.source_titles(seeded_db) == [(s.id, s.title)
                                                for s in source_reads.sources(seeded_db)]
    counts = Counter(r.party_id for r in queries.position_rows(seeded_db))
    busiest = queries.busiest_parties(seeded_db, 3)
    assert [counts[p] for p in busiest] == sorted(counts.values(), reverse=True)[:3]


def test_conflicts_from_streamed_keys_equal_those_over_full_rows(seeded_db) -> None:  # type: ignore[no-untyped-def]
    generate(seeded_db, 20, 3000, 6)
    for flt in (None, PositionFilter(text="energy")):
        full = conflict_groups(queries.position_rows(seeded_db, flt),
                               conditions=condition_terms(seeded_db))
        assert full
        assert conflicts(seeded_db, flt) == full


def _latest(rows):  # type: ignore[no-untyped-def]
    return [r for r in rows if r.stated_on == rows[-1].stated_on] if rows else []


def _matrix_from_full_rows(db, at, flt):  # type: ignore[no-untyped-def]
    """The stance matrix computed over every full row, as it was before the lean read:
    (stance row, disputed, rejection row) per party and issue."""
    from db.model.vocab import DEFERRED_STATUSES, NEGATIVE_STATUSES, NON_STANCE_STATUSES

    narrowed = PositionFilter(flt.party_ids, flt.issue_ids, flt.source_ids, flt.attributions,
                              flt.date_from, at, flt.text)
    stances: dict = defaultdict(list)
    rejections: dict = defaultdict(list)
    for row in queries.position_rows(db, narrowed):
        if row.status in DEFERRED_STATUSES | NON_STANCE_STATUSES:
            continue  # neither a stance nor a rejection
        key = (row.party_id, row.issue_id)
        (rejections if row.status in NEGATIVE_STATUSES else stances)[key].append(row)
    out = {}
    for key in stances.keys() | rejections.keys():
        latest = _latest(stances.get(key, []))
        best = max(latest, key=lambda r: (r.confidence, r.id)) if latest else None
        no = _latest(rejections.get(key, []))
        rejected = max(no, key=lambda r: (r.confidence, r.id)) if no else None
        if rejected is not None and best is not None and rejected.stated_on < best.stated_on:
            rejected = None
        out[key] = (best, len({r.level_value for r in latest}) > 1, rejected)
    return out


def _gaps_from_full_rows(db, a, b):  # type: ignore[no-untyped-def]
    from db.model.vocab import CONDITIONAL_STATUSES, NOT_HELD_STATUSES
    from db.reads.analysis import level_fraction

    issues = {i.id: i for i in queries.issues(db)}
    by_issue: dict = defaultdict(list)
    rows_ab = queries.position_rows(db, PositionFilter(party_ids=frozenset({a, b})))
    linked = {c.position_id for c in queries.conditions_of(db, [r.id for r in rows_ab])}
    for row in rows_ab:
        if row.status not in NOT_HELD_STATUSES:
            by_issue[row.issue_id].append(row)
    out = {}
    for issue_id, rows in by_issue.items():
        state: dict = {}
        points = []
        by_day: dict = defaultdict(dict)
        for row in rows:
            kept = by_day[row.stated_on].get(row.party_id)
            if kept is None or (row.confidence, row.id) > (kept.confidence, kept.id):
                by_day[row.stated_on][row.party_id] = row
        for day, best in by_day.items():
            for party, row in best.items():
                state[party] = (level_fraction(issues[issue_id], row.level_value),
                                row.status in CONDITIONAL_STATUSES or row.id in linked)
            if len(state) == 2:
                points.append((day, abs(state[a][0] - state[b][0]), state[a][1] or state[b][1]))
        if points:
            out[issue_id] = points
    return out


def test_matrix_and_gaps_from_lean_keys_match_the_full_row_computation(seeded_db) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from db.reads.analysis import gap_series, stance_matrix

    generate(seeded_db, 15, 2000, 8)
    at = dt.date.today()
    for flt in (PositionFilter(), PositionFilter(text="energy")):
        cells = stance_matrix(seeded_db, at, flt)
        expected = _matrix_from_full_rows(seeded_db, at, flt)
        assert cells and {k: (c.row, c.disputed, c.rejected)
                          for k, c in cells.items()} == expected
        assert any(c.disputed for c in cells.values())
        assert any(c.rejected for c in cells.values())
    a, b = queries.busiest_parties(seeded_db, 2)
    series = gap_series(seeded_db, a, b)
    assert series
    assert {k: [tuple(p) for p in v] for k, v in series.items()} == \
        _gaps_from_full_rows(seeded_db, a, b)


def test_source_row_is_the_listed_row_with_its_count(seeded_db) -> None:  # type: ignore[no-untyped-def]
    generate(seeded_db, 6, 150, 12)
    generate(seeded_db, 2, 0, 13)  # sources nobody quotes yet
    listed = source_reads.sources(seeded_db)
    assert any(s.positions == 0 for s in listed) and any(s.positions > 5 for s in listed)
    for src in listed:
        assert source_reads.source_row(seeded_db, src.id) == src
    assert source_reads.source_row(seeded_db, 10_000) is None
    assert source_reads.source_row(seeded_db, None) is None
