"""Migration 0002 (indexes, full-text search) on a database that has data in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from db import paths, queries
from db.database import Database, open_database
from db.queries import PositionFilter
from db.seeding import seed


def test_0002_applies_to_a_0001_database_with_data_and_positions_survive(db_path: Path) -> None:
    # A file as a release with only 0001 would have made it (plain engine, schema at 0001).
    old = Database(db_path, create_engine(f"sqlite:///{db_path}"))
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    seed(old)
    before = queries.position_rows(old)
    old.close()
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()

    db = open_database(db_path)
    try:
        assert db.schema_revision() == "0002"
        assert queries.position_rows(db) == before
        found = {r.id for r in queries.position_rows(db, PositionFilter(text="putin"))}
        assert found and found == {r.id for r in before
                                   if "putin" in (r.quote + r.notes).lower()}
    finally:
        db.close()
    con = sqlite3.connect(db_path)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    assert {"ix_position_lean", "ix_position_party_date", "ix_position_attributed_to",
            "ix_source_published", "position_fts", "position_fts_ai"} <= names
