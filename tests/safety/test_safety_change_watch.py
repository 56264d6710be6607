"""db.storage.change_watch tells commits made by other connections (another program, another
window) from this Database's own writes, with SQLite's data_version: the window refreshes
for the first and not again for the second."""

from __future__ import annotations

from dataclasses import replace

from db.opening import open_database
from db.reads import queries, record_inputs
from db.storage.change_watch import ChangeWatch
from db.storage.database import Database
from db.writes.positions import update_position


def _edit(db: Database, notes: str) -> None:
    pid = queries.position_rows(db)[0].id
    update_position(db, pid, replace(record_inputs.position_input(db, pid), notes=notes))


def test_another_connections_commit_is_seen_once(seeded_db: Database) -> None:
    watch = ChangeWatch(seeded_db)
    assert not watch.changed_elsewhere()
    other = open_database(seeded_db.path)  # another window on the same file
    try:
        _edit(other, "edited in the other window")
    finally:
        other.close()
    assert watch.changed_elsewhere()
    assert not watch.changed_elsewhere()  # already reported


def test_own_writes_are_not_reported(seeded_db: Database) -> None:
    watch = ChangeWatch(seeded_db)
    for n in range(3):
        _edit(seeded_db, f"edited here {n}")
        assert not watch.changed_elsewhere()


def test_another_commit_just_before_an_own_write_is_still_reported(seeded_db: Database) -> None:
    # The other program commits between two looks, then this window saves: both move
    # data_version once, so only the look taken before our commit can tell.
    watch = ChangeWatch(seeded_db)
    other = open_database(seeded_db.path)
    try:
        _edit(other, "edited in the other window")
    finally:
        other.close()
    _edit(seeded_db, "edited here")
    assert watch.changed_elsewhere()
    assert not watch.changed_elsewhere()


def test_no_answer_inside_a_read_transaction(seeded_db: Database) -> None:
    watch = ChangeWatch(seeded_db)
    other = open_database(seeded_db.path)
    try:
        with seeded_db.read():
            _edit(other, "edited in the other window")
            assert seeded_db.data_version() is None
            assert not watch.changed_elsewhere()  # left to the next look
    finally:
        other.close()
    assert watch.changed_elsewhere()
