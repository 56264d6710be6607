"""The conflicting-accounts index kept per party × issue pair (db.reads.conflict_index): after
records are added, edited (moved to another party, level, date) and deleted through the write
path, its groups are exactly those a whole new search finds, and only the touched pairs were
recomputed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from db.exchange.generate import generate
from db.model.changes import Changes
from db.opening import open_database
from db.reads import queries
from db.reads.conflict_index import ConflictIndex
from db.reads.conflicts import conflicts
from db.reads.record_inputs import position_input
from db.storage.database import Database
from db.writes.positions import create_position, delete_positions, update_position


def _shape(groups: list) -> list[tuple]:
    return [(g.party_id, g.issue_id, g.kind, g.level_value, g.first, g.last,
             tuple(r.id for r in g.rows), g.conditions, g.summary) for g in groups]


@pytest.fixture
def busy_db(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "busy.sqlite3", seed=True)
    generate(db, 40, 3000, seed=5)
    yield db
    db.close()


def _pairs(db: Database) -> set[tuple[int, int]]:
    return {(k[1], k[2]) for k in queries.position_keys(db, None, ("party_id", "issue_id"))}


def _check(index: ConflictIndex, db: Database) -> None:
    fresh = ConflictIndex(db)
    assert _shape(index.groups()) == _shape(fresh.groups()) == _shape(conflicts(db))


def test_the_index_is_the_whole_search(busy_db: Database):
    index = ConflictIndex(busy_db)
    groups = index.groups()
    assert len(groups) > 20, "the generated data must hold disagreements to compare"
    assert _shape(groups) == _shape(conflicts(busy_db))
    party = groups[0].party_id
    assert _shape(index.groups(party_ids={party})) == _shape(
        conflicts(busy_db, queries.PositionFilter(party_ids=frozenset({party}))))


def test_inserts_edits_and_deletes_recompute_only_their_pairs(busy_db: Database):
    db = busy_db
    index = ConflictIndex(db)
    before = index.groups()
    all_pairs = _pairs(db)
    assert len(all_pairs) > 10
    # A second account contradicting a record in a disagreement: a new conflict there.
    target = before[0].rows[0]
    data = position_input(db, target.id)
    issue = queries.issues(db)
    other_level = next(lv.id for i in issue if i.id == target.issue_id for lv in i.levels
                       if lv.value != target.level_value)
    new = dataclasses.replace(data, level_id=other_level, attributed_to="A different voice",
                              status="agrees")
    new_id = create_position(db, new)
    touched = index.apply(Changes.of("position", ids=[new_id]))
    assert touched == {(target.party_id, target.issue_id)}
    _check(index, db)

    # An edit moving a record to another party and day: its old and new pairs, no others.
    moved = before[-1].rows[0]
    data = position_input(db, moved.id)
    parties = [p.id for p in queries.parties(db) if p.id != moved.party_id]
    changes = update_position(db, moved.id, dataclasses.replace(
        data, party_id=parties[0], stated_on=(moved.stated_on + dt.timedelta(days=9)).isoformat()))
    touched = index.apply(changes)
    assert touched == {(moved.party_id, moved.issue_id), (parties[0], moved.issue_id)}
    _check(index, db)

    # Deleting every record of one group's accounts.
    gone = [r.id for r in index.groups()[3].rows]
    pair = (index.groups()[3].party_id, index.groups()[3].issue_id)
    delete_positions(db, gone)
    touched = index.apply(Changes.of("position", ids=gone))
    assert touched == {pair}
    assert len(touched) < len(all_pairs)
    _check(index, db)


def test_a_codebook_change_drops_the_index_and_the_next_search_rebuilds(busy_db: Database):
    index = ConflictIndex(busy_db)
    index.groups()
    assert index.apply(Changes.of("party", ids=[1])) is None
    assert not index.built
    _check(index, busy_db)
    assert index.apply(Changes.of("source", ids=[1])) == set()  # takes no part


def test_full_rows_read_the_one_group_shown(busy_db: Database):
    index = ConflictIndex(busy_db)
    group = index.groups()[0]
    full = index.full_rows(group)
    assert [r.id for r in full.rows] == [r.id for r in group.rows]
    assert all(r.quote for r in full.rows)
    assert full.summary == group.summary
