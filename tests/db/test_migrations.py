from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from db.opening import open_database
from db.reads.search import is_search_object
from db.storage.pair_cache import is_stamp_object
from db.storage.schema import head_revision


def test_empty_file_migrates_to_head_with_every_table(db_path: Path) -> None:
    db = open_database(db_path, seed=False)
    assert db.schema_revision() == head_revision()
    con = sqlite3.connect(db_path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"source", "party", "issue", "stance_level", "position", "condition", "event",
            "setting", "alembic_version"} <= tables
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_match_the_models(db_path: Path) -> None:
    """A model change without a migration would make this list non-empty."""
    db = open_database(db_path, seed=False)
    with db.engine.connect() as conn:
        # Only the FTS5 search table and its shadow tables are outside the models.
        opts = {"include_name": lambda name, type_, parents: not (is_search_object(name)
                                                               or is_stamp_object(name))}
        diffs = compare_metadata(MigrationContext.configure(conn, opts=opts), SQLModel.metadata)
    assert diffs == []


def test_foreign_keys_are_enforced(empty_db) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy.exc
    from sqlalchemy import text

    try:
        with empty_db.write() as s:
            s.exec(text("INSERT INTO stance_level (issue_id, value, label, description) "
                        "VALUES (999, 1, 'x', '')"))
    except sqlalchemy.exc.IntegrityError:
        return
    raise AssertionError("a level pointing at a missing issue was accepted")
