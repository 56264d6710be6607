"""The conflicting-accounts index kept per party × issue pair (db.reads.conflict_index): after
records are added, edited (moved to another party, level, date) and deleted — through the
write path, by another process, in the codebook — its groups are exactly those a whole new
plain search finds, only the touched pairs were recomputed, and a relaunch reads the kept
results back (recomputing only what changed meanwhile)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from db.exchange.generate import generate
from db.model.inputs import IssueInput, LevelInput
from db.opening import open_database
from db.reads import queries
from db.reads.conflict_index import ConflictIndex, database_key, disagreements, kept_filter
from db.reads.conflicts import conflicts
from db.reads.record_inputs import position_input
from db.storage.database import Database
from db.storage.pair_cache import cache_path
from db.writes import codebook
from db.writes.positions import create_position, delete_positions, update_position

ROOT = Path(__file__).resolve().parents[2]


def _shape(groups: list) -> list[tuple]:
    """What a user sees of each group, whichever form it comes in."""
    return [(g.party_id, g.party_name, g.issue_id, g.issue_name, g.kind, g.level_value,
             g.first, g.last, tuple(int(i) for i in g.ids), g.conditions, g.summary)
            for g in groups]


def _plain(db: Database, flt: queries.PositionFilter | None = None) -> list[tuple]:
    return [(g.party_id, g.party_name, g.issue_id, g.issue_name, g.kind, g.level_value,
             g.first, g.last, tuple(r.id for r in g.rows), g.conditions, g.summary)
            for g in conflicts(db, flt)]


@pytest.fixture
def busy_db(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "busy.sqlite3", seed=True)
    generate(db, 40, 3000, seed=5)
    yield db
    db.close()


def _pairs(db: Database) -> set[tuple[int, int]]:
    return {(k[1], k[2]) for k in queries.position_keys(db, None, ("party_id", "issue_id"))}


def test_the_index_is_the_whole_plain_search(busy_db: Database):
    index = ConflictIndex(busy_db)
    groups = index.groups()
    assert len(groups) > 20, "the generated data must hold disagreements to compare"
    assert _shape(groups) == _plain(busy_db)
    assert index.recomputed == _pairs(busy_db)
    party = groups[0].party_id
    flt = queries.PositionFilter(party_ids=frozenset({party}))
    assert kept_filter(busy_db, flt)
    assert _shape(index.groups(party_ids={party})) == _plain(busy_db, flt)
    # a filter on more than parties and issues: the array rules over the matching records
    flt = queries.PositionFilter(date_from=groups[5].first, source_ids=frozenset(range(20)))
    assert not kept_filter(busy_db, flt)
    assert _shape(disagreements(busy_db, flt)) == _plain(busy_db, flt)


def test_random_edits_and_deletes_recompute_only_their_pairs(busy_db: Database):
    db = busy_db
    rng = random.Random(7)
    index = ConflictIndex(db)
    index.groups()
    party_ids = [p.id for p in queries.parties(db)]
    all_issues = queries.issues(db)
    for step in range(12):
        rows = queries.position_rows(db)
        target = rng.choice(rows)
        action = step % 3
        if action == 0:  # another account of the same moment, another level and voice
            data = position_input(db, target.id)
            issue = next(i for i in all_issues if i.id == target.issue_id)
            new = dataclasses.replace(data, level_id=rng.choice(issue.levels).id,
                                      attributed_to=f"Voice {step}", status="agrees")
            create_position(db, new)
            touched = {(target.party_id, target.issue_id)}
        elif action == 1:  # moved to another party and a few days later
            data = position_input(db, target.id)
            party = rng.choice([p for p in party_ids if p != target.party_id])
            update_position(db, target.id, dataclasses.replace(
                data, party_id=party,
                stated_on=(target.stated_on + dt.timedelta(days=rng.randint(1, 9))).isoformat()))
            touched = {(target.party_id, target.issue_id), (party, target.issue_id)}
        else:  # a few records of one pair deleted
            same = [r.id for r in rows if (r.party_id, r.issue_id) ==
                    (target.party_id, target.issue_id)][:3]
            delete_positions(db, same)
            touched = {(target.party_id, target.issue_id)}
        assert index.sync() == touched
        assert _shape(index.groups()) == _plain(db)
        assert index.recomputed == set()  # nothing changed since the sync


def test_a_relaunch_reads_the_kept_results_and_recomputes_only_what_changed(busy_db: Database):
    first = ConflictIndex(busy_db)
    expected = _shape(first.groups())
    assert cache_path(database_key(busy_db)).exists()
    again = ConflictIndex(busy_db)
    assert _shape(again.groups()) == expected
    assert again.recomputed == set() and again.loaded == _pairs(busy_db)

    # An edit while no index is open: the next launch recomputes that pair alone.
    row = queries.position_rows(busy_db)[10]
    data = position_input(busy_db, row.id)
    update_position(busy_db, row.id, dataclasses.replace(data, status="rejects"))
    later = ConflictIndex(busy_db)
    assert _shape(later.groups()) == _plain(busy_db)
    assert later.recomputed == {(row.party_id, row.issue_id)}


def test_a_damaged_or_foreign_cache_is_harmless(busy_db: Database):
    first = ConflictIndex(busy_db)
    expected = _shape(first.groups())
    first.cache.close()  # its log folded into the file: the file alone holds the results
    path = cache_path(database_key(busy_db))
    assert not Path(f"{path}-wal").exists()
    path.write_bytes(b"this is not an SQLite file" * 100)
    index = ConflictIndex(busy_db)
    assert _shape(index.groups()) == expected
    assert index.recomputed == _pairs(busy_db)  # nothing usable was read
    # the damaged file was replaced: the next launch reads the kept results again
    again = ConflictIndex(busy_db)
    assert _shape(again.groups()) == expected
    assert again.recomputed == set() and again.loaded == _pairs(busy_db)


def test_another_process_edit_recomputes_exactly_its_pair(busy_db: Database):
    db = busy_db
    index = ConflictIndex(db)
    index.groups()
    row = queries.position_rows(db)[42]
    other_party = next(p.id for p in queries.parties(db) if p.id != row.party_id)
    script = (
        "import dataclasses, sys\n"
        "from db.opening import open_database\n"
        "from db.reads.record_inputs import position_input\n"
        "from db.writes.positions import update_position\n"
        "db = open_database(sys.argv[1])\n"
        "pid, party = int(sys.argv[2]), int(sys.argv[3])\n"
        "update_position(db, pid, dataclasses.replace(position_input(db, pid), party_id=party))\n"
        "db.close()\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-c", script, str(db.path), str(row.id), str(other_party)],
                   check=True, env=env, cwd=ROOT, timeout=120)
    assert index.sync() == {(row.party_id, row.issue_id), (other_party, row.issue_id)}
    assert _shape(index.groups()) == _plain(db)


def test_a_level_relabelled_in_the_codebook_reaches_its_issues_pairs(busy_db: Database):
    db = busy_db
    index = ConflictIndex(db)
    groups = index.groups()
    levels_group = next(g for g in groups if g.kind == "levels")
    issue = next(i for i in queries.issues(db) if i.id == levels_group.issue_id)
    codebook.update_issue(db, issue.id, IssueInput(
        issue.key, issue.name, levels=[LevelInput(lv.value, f"{lv.label} (renamed)", id=lv.id)
                                       for lv in issue.levels]))
    # the issue's pairs, and the pairs whose conditions name one of its levels
    with db.read() as con:
        naming = set(con.execute(
            "SELECT DISTINCT p.party_id, p.issue_id FROM condition c JOIN position p ON "
            "p.id = c.position_id JOIN stance_level l ON l.id = c.level_id WHERE l.issue_id = ?",
            (issue.id,)).fetchall())
    assert index.sync() == {p for p in _pairs(db) if p[1] == issue.id} | naming
    assert _shape(index.groups()) == _plain(db)
    assert "(renamed)" in next(g for g in index.groups() if g.issue_id == issue.id).summary
