"""Migration 0011's change stamps, on an SQLite file and on a PostgreSQL server: a database
migrated with records gets a stamp for each party × issue pair, and the database's own
triggers replace exactly the stamps of the pairs a change touches (what the conflicting
accounts index recomputes), whoever writes."""

from __future__ import annotations

import dataclasses

import pytest
from alembic import command

from db.model.inputs import ConditionInput, IssueInput, LevelInput
from db.reads import queries
from db.reads.conflict_index import pair_stamps
from db.reads.record_inputs import position_input
from db.storage import schema
from db.storage.database import Database
from db.writes import codebook
from db.writes.positions import create_position, delete_positions, update_position

pytestmark = pytest.mark.engines()


def _pairs(db: Database) -> set[tuple[int, int]]:
    return {(r.party_id, r.issue_id) for r in queries.position_rows(db)}


def _moved(before: dict, after: dict) -> set[tuple[int, int]]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def test_the_migration_stamps_every_pair_of_an_existing_database(seeded_db: Database):
    db = seeded_db
    cfg = schema._alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
    with db.read() as con:
        records = con.execute("SELECT count(*) FROM position").fetchone()[0]
    assert records > 10
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0011")
    stamps = pair_stamps(db)
    assert set(stamps) == _pairs(db)
    assert len(set(stamps.values())) == len(stamps)  # random, not a shared counter


def test_each_change_replaces_the_stamps_of_exactly_its_pairs(seeded_db: Database):
    db = seeded_db
    rows = queries.position_rows(db)
    row = rows[0]
    pair = (row.party_id, row.issue_id)
    data = position_input(db, row.id)

    before = pair_stamps(db)
    update_position(db, row.id, dataclasses.replace(data, notes="only the notes"))
    assert _moved(before, pair_stamps(db)) == set()  # the rules do not read notes

    before = pair_stamps(db)
    new_id = create_position(db, dataclasses.replace(data, attributed_to="Someone else"))
    assert _moved(before, pair_stamps(db)) == {pair}

    other = next(p.id for p in queries.parties(db) if p.id != row.party_id)
    before = pair_stamps(db)
    update_position(db, new_id, dataclasses.replace(position_input(db, new_id), party_id=other))
    assert _moved(before, pair_stamps(db)) == {pair, (other, row.issue_id)}

    before = pair_stamps(db)
    update_position(db, new_id, dataclasses.replace(
        position_input(db, new_id), conditions=[ConditionInput(row.party_id, None, None,
                                                               "talks first")]))
    assert _moved(before, pair_stamps(db)) == {(other, row.issue_id)}

    before = pair_stamps(db)
    delete_positions(db, [new_id])
    assert _moved(before, pair_stamps(db)) == {(other, row.issue_id)}


def test_a_level_change_replaces_its_issues_stamps(seeded_db: Database):
    db = seeded_db
    issue = queries.issues(db)[0]
    before = pair_stamps(db)
    codebook.update_issue(db, issue.id, IssueInput(
        issue.key, issue.name, levels=[LevelInput(lv.value, lv.label + " (new)", id=lv.id)
                                       for lv in issue.levels]))
    moved = _moved(before, pair_stamps(db))
    assert {p for p in _pairs(db) if p[1] == issue.id} <= moved
