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
