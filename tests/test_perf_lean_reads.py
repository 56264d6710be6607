"""Lean reads added for start-up and memory: they return what the full reads would."""

from __future__ import annotations

from collections import Counter

from db import queries
from db.analysis import conflict_groups, conflicts
from db.generate import generate
from db.queries import PositionFilter


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
    assert queries.source_titles(seeded_db) == [(s.id, s.title)
                                                for s in queries.sources(seeded_db)]
    counts = Counter(r.party_id for r in queries.position_rows(seeded_db))
    busiest = queries.busiest_parties(seeded_db, 3)
    assert [counts[p] for p in busiest] == sorted(counts.values(), reverse=True)[:3]


def test_conflicts_from_streamed_keys_equal_those_over_full_rows(seeded_db) -> None:  # type: ignore[no-untyped-def]
    generate(seeded_db, 20, 3000, 6)
    for flt in (None, PositionFilter(text="energy")):
        full = conflict_groups(queries.position_rows(seeded_db, flt))
        assert full
        assert conflicts(seeded_db, flt) == full


def _matrix_from_full_rows(db, at, flt):  # type: ignore[no-untyped-def]
    """The stance matrix as it was computed before: every full row, keep the latest."""
    narrowed = PositionFilter(flt.party_ids, flt.issue_ids, flt.source_ids, flt.attributions,
                              flt.date_from, at, flt.text)
    latest: dict = {}
    for row in queries.position_rows(db, narrowed):
        current = latest.get((row.party_id, row.issue_id))
        if current is None or row.stated_on > current[0].stated_on:
            latest[(row.party_id, row.issue_id)] = [row]
        elif row.stated_on == current[0].stated_on:
            current.append(row)
    return {k: (max(rows, key=lambda r: (r.confidence, r.id)),
                len({r.level_value for r in rows}) > 1) for k, rows in latest.items()}


def test_matrix_and_gaps_from_lean_keys_match_the_full_row_computation(seeded_db) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from db.analysis import gap_series, level_fraction, stance_matrix

    generate(seeded_db, 15, 2000, 8)
    at = dt.date.today()
    for flt in (PositionFilter(), PositionFilter(text="energy")):
        cells = stance_matrix(seeded_db, at, flt)
        expected = _matrix_from_full_rows(seeded_db, at, flt)
        assert cells and {k: (c.row, c.disputed) for k, c in cells.items()} == expected
        assert any(c.disputed for c in cells.values())
    a, b = queries.busiest_parties(seeded_db, 2)
    series = gap_series(seeded_db, a, b)
    issues = {i.id: i for i in queries.issues(seeded_db)}
    for issue_id, points in series.items():
        state: dict = {}
        want: list = []
        for r in queries.position_rows(seeded_db, PositionFilter(
                party_ids=frozenset({a, b}), issue_ids=frozenset({issue_id}))):
            state[r.party_id] = level_fraction(issues[issue_id], r.level_value)
            if len(state) == 2:
                gap = abs(state[a] - state[b])
                if want and want[-1][0] == r.stated_on:
                    want[-1] = (r.stated_on, gap)
                else:
                    want.append((r.stated_on, gap))
        assert [tuple(p) for p in points] == want
    assert series
