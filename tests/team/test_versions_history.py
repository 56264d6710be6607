"""Optimistic concurrency and the change history on the database side: two Database
instances and two real processes on one file; who changed what, when; old files migrate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from db.errors import ConflictError
from db.opening import open_database
from db.reads import queries, record_inputs, team
from db.storage import paths
from db.storage.database import Database
from db.writes import positions

# Team use is what a shared server is for: every test here runs on the file and on the
# test PostgreSQL server.
pytestmark = pytest.mark.engines()


def _two(db: Database, *names: str) -> list[Database]:
    """Windows of two analysts on the same database (file or server)."""
    out = []
    for name in names:
        other = open_database(db.target)
        other.user = name
        out.append(other)
    return out


def test_a_save_on_a_stale_copy_is_refused_with_their_version_and_nothing_changes(
        seeded_db: Database):
    alice, bob = _two(seeded_db, "alice", "bob")
    try:
        pid = queries.position_rows(alice)[0].id
        mine, version = record_inputs.position_state(alice, pid)
        theirs, _ = record_inputs.position_state(bob, pid)
        assert positions.save_position(bob, pid, replace(theirs, notes="bob's note"),
                                       version) == version + 1
        with pytest.raises(ConflictError) as refused:
            positions.save_position(alice, pid, replace(mine, notes="alice's note"), version)
        assert refused.value.theirs == replace(theirs, notes="bob's note")
        assert refused.value.version == version + 1 and refused.value.by == "bob"
        assert "changed by bob" in str(refused.value)
        row = queries.position_row(alice, pid)
        assert (row.notes, row.updated_by, row.version) == ("bob's note", "bob", version + 1)
        # Saved against their version (keep mine), it goes through.
        positions.save_position(alice, pid, replace(mine, notes="alice's note"), version + 1)
        assert queries.position_row(bob, pid).updated_by == "alice"
    finally:
        alice.close()
        bob.close()


def test_a_delete_of_a_record_changed_since_is_refused(seeded_db: Database):
    alice, bob = _two(seeded_db, "alice", "bob")
    try:
        pid = queries.position_rows(alice)[0].id
        data, version = record_inputs.position_state(alice, pid)
        positions.save_position(bob, pid, replace(data, notes="bob"), version)
        with pytest.raises(ConflictError):
            positions.delete_positions(alice, [pid], {pid: version})
        assert queries.position_row(alice, pid) is not None
        with pytest.raises(ConflictError) as gone:
            positions.delete_positions(bob, [pid])
            positions.save_position(alice, pid, data, version + 1)
        assert gone.value.theirs is None and "deleted" in str(gone.value)
    finally:
        alice.close()
        bob.close()


_RACER = textwrap.dedent("""
    import sys, time
    from dataclasses import replace
    from pathlib import Path
    from db.errors import ConflictError
    from db.opening import open_database
    from db.reads import record_inputs
    from db.writes import positions

    path, pid, name, go = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    db = open_database(path)
    db.user = name
    data, version = record_inputs.position_state(db, pid)
    Path(str(go) + "." + name).touch()  # read: ready
    while not go.exists():
        time.sleep(0.005)
    try:
        positions.save_position(db, pid, replace(data, notes="saved by " + name), version)
        print("saved")
    except ConflictError as exc:
        print("refused", exc.by)
""")


def test_two_processes_saving_the_same_record_at_once_one_wins_one_is_refused(
        seeded_db: Database, tmp_path: Path):
    pid = queries.position_rows(seeded_db)[0].id
    go = tmp_path / "go"
    procs = {name: subprocess.Popen([sys.executable, "-c", _RACER, str(seeded_db.target),
                                     str(pid), name, str(go)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env=dict(os.environ))
             for name in ("alice", "bob")}
    for name in procs:  # both have read the same version before either saves
        for _ in range(2000):
            if (tmp_path / f"go.{name}").exists():
                break
            subprocess.run(["sleep", "0.01"])
    go.touch()
    results = {name: p.communicate(timeout=120) for name, p in procs.items()}
    said = {name: out.strip() for name, (out, err) in results.items()}
    assert sorted(s.split()[0] for s in said.values()) == ["refused", "saved"], results
    winner = next(n for n, s in said.items() if s == "saved")
    loser = next(n for n in said if n != winner)
    assert said[loser] == f"refused {winner}"
    row = queries.position_row(seeded_db, pid)
    assert row.notes == f"saved by {winner}" and row.updated_by == winner


def test_history_says_who_changed_what_and_when(empty_db: Database):
    from team_data import Desk

    desk = Desk(empty_db)
    pid = desk.code("alice", 0, 2)
    empty_db.user = "bob"
    data, version = record_inputs.position_state(empty_db, pid)
    positions.save_position(empty_db, pid, replace(data, notes="checked", confidence=0.5),
                            version)
    empty_db.user = "carol"
    snaps = positions.delete_positions(empty_db, [pid])
    positions.restore_positions(empty_db, snaps)
    rows = team.record_history(empty_db, "position", pid)
    assert [(r.changed_by, r.action, r.version) for r in rows] == [
        ("alice", "create", 1), ("bob", "update", 2), ("carol", "delete", 2),
        ("carol", "restore", 2)]
    assert rows[1].changes == {"notes": ["", "checked"], "confidence": [0.8, 0.5]}
    assert rows[1].at[:2] == "20" and len(rows[1].at) == 19
    words = team.history_texts(empty_db, "position", rows[0].changes)
    assert ("Party", "—", "Russia") in words and ("Stance", "—", "L2 (2)") in words
    # The restored record keeps its author.
    assert queries.position_row(empty_db, pid).created_by == "alice"


def test_a_refused_save_leaves_no_history(seeded_db: Database):
    alice, bob = _two(seeded_db, "alice", "bob")
    try:
        pid = queries.position_rows(alice)[0].id
        data, version = record_inputs.position_state(alice, pid)
        positions.save_position(bob, pid, replace(data, notes="bob"), version)
        with pytest.raises(ConflictError):
            positions.save_position(alice, pid, replace(data, notes="alice"), version)
        assert [r.changed_by for r in team.record_history(alice, "position", pid)] == ["bob"]
    finally:
        alice.close()
        bob.close()


def test_a_file_from_before_authors_opens_with_unknown_authors_and_version_1(db_path: Path,
                                                                             tmp_path: Path):
    old = Database(db_path, create_engine(f"sqlite:///{db_path}"))
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        conn.exec_driver_sql(
            "INSERT INTO source (id, title, outlet, author, url, text, content_hash, imported_at)"
            " VALUES (1, 'Old', '', '', '', 'An old article text.', 'h', '2025-01-01 00:00:00')")
    old.close()
    db = open_database(db_path, seed=False)
    try:
        with db.read() as con:
            row = con.execute("SELECT created_by, version, blind FROM source").fetchone()
        assert tuple(row) == ("", 1, 0)
        assert team.record_history(db, "source", 1) == []
        export = json.loads(__import__("db.exchange.json_csv", fromlist=["x"]).export_json(db))
        assert export["sources"][0]["title"] == "Old"
    finally:
        db.close()


def test_old_export_files_without_authors_still_import_as_the_importers(seeded_db: Database,
                                                                         tmp_path: Path):
    from db.exchange import json_csv

    payload = json_csv.export_data(seeded_db)
    for p in payload["positions"]:
        for key in ("created_by", "created_at", "updated_by", "updated_at", "version"):
            p.pop(key)
    fresh = open_database(tmp_path / "fresh.sqlite3", seed=False)
    fresh.user = "dana"
    try:
        json_csv.import_data(fresh, payload)
        rows = queries.position_rows(fresh)
        assert rows and {(r.created_by, r.updated_by, r.version) for r in rows} == {
            ("dana", "dana", 1)}
        pid = rows[0].id
        assert [h.action for h in team.record_history(fresh, "position", pid)] == ["import"]
    finally:
        fresh.close()
