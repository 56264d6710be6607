"""Lean queries for a table at scale: ids and sort keys without reading the wide rows."""

from __future__ import annotations

import datetime as dt

import pytest

from db.reads import queries
from db.reads.queries import PositionFilter

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()


def test_position_keys_match_the_full_rows_in_order_and_filter(seeded_db) -> None:  # type: ignore[no-untyped-def]
    for flt in (None, PositionFilter(text="ceasefire"), PositionFilter(text="it's “no” '; --"),
                PositionFilter(text="—'"), PositionFilter(date_from=dt.date(2025, 3, 18),
                                                          date_to=dt.date(2025, 3, 20)),
                PositionFilter(attributions=frozenset({"Zelensky on Telegram", "O'Neil"})),
                PositionFilter(party_ids=frozenset({1}), issue_ids=frozenset({1, 2}))):
        rows = queries.position_rows(seeded_db, flt)
        keys = queries.position_keys(seeded_db, flt, ("party_name", "level_value", "status"))
        assert [tuple(k) for k in keys] == [(r.id, r.party_name, r.level_value, r.status)
                                            for r in rows]
        assert queries.count_positions(seeded_db, flt) == len(rows)
    with pytest.raises(ValueError):
        queries.position_keys(seeded_db, None, ("text",))


def test_positions_by_id_reads_exactly_the_asked_rows(seeded_db) -> None:  # type: ignore[no-untyped-def]
    rows = queries.position_rows(seeded_db)
    wanted = [rows[3].id, rows[40].id, rows[7].id]
    got = queries.positions_by_id(seeded_db, wanted)
    assert set(got) == set(wanted)
    assert got[rows[40].id] == rows[40]
    assert queries.positions_by_id(seeded_db, []) == {}


def test_conflicts_from_lean_keys_equal_conflicts_over_full_rows(seeded_db) -> None:  # type: ignore[no-untyped-def]
    from db.exchange.generate import generate
    from db.reads.analysis import condition_terms, conflict_groups, conflicts

    generate(seeded_db, 30, 1200, seed=9)
    for flt in (None, PositionFilter(party_ids=frozenset({1, 2}))):
        full = conflict_groups(queries.position_rows(seeded_db, flt),
                               conditions=condition_terms(seeded_db))
        assert full and conflicts(seeded_db, flt) == full


def test_date_range_spans_the_positions(seeded_db) -> None:  # type: ignore[no-untyped-def]
    days = [r.stated_on for r in queries.position_rows(seeded_db)]
    assert queries.date_range(seeded_db) == (min(days), max(days))
    flt = PositionFilter(text="prisoners")
    days = [r.stated_on for r in queries.position_rows(seeded_db, flt)]
    assert queries.date_range(seeded_db, flt) == (min(days), max(days))
    assert queries.date_range(seeded_db, PositionFilter(text="zzzqqq")) is None
