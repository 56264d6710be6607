"""Migration 0002 (indexes, full-text search) on a database that has data in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from db.opening import open_database
from db.reads import queries
from db.reads.queries import PositionFilter
from db.seeding import seed
from db.storage import paths
from db.storage.database import Database
from db.storage.schema import head_revision


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
        assert db.schema_revision() == head_revision()
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
            "ix_source_list", "position_fts", "position_fts_ai"} <= names


def test_revision_ids_read_from_the_files_match_alembic() -> None:
    """Opening an up-to-date database reads revision ids without importing Alembic."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from db.storage.schema import head_revision, known_revisions

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    script = ScriptDirectory.from_config(cfg)
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "x.sqlite3"
    open_database(path, seed=True).close()
    code = ("import sys; from db.opening import open_database; "
            f"open_database({str(path)!r}).close(); "
            "print(sorted(m for m in sys.modules if m.startswith('alembic')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
