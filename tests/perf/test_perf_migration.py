"""Migrations 0002 (indexes, full-text search) and later on a database that has data in it."""

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

_TABLES = ("party", "issue", "stance_level", "event", "source", "position", "condition",
           "setting")


def _copy_seeded_data_into(old_path: Path) -> None:
    """Fill a 0001 file with the seed data. Seeding through today's models would write
    columns a 0001 schema does not have (party.aliases, 0004), so the seeds go into a file
    at head and their rows are copied over column by column, as a 0001 release held them."""
    today = old_path.parent / "today.sqlite3"
    db = open_database(today, seed=False)
    seed(db)
    db.close()
    con = sqlite3.connect(old_path)
    con.execute("ATTACH DATABASE ? AS today", (str(today),))
    for table in _TABLES:
        old_cols = [r[1] for r in con.execute(f"PRAGMA main.table_info({table})")]
        new_cols = {r[1] for r in con.execute(f"PRAGMA today.table_info({table})")}
        cols = ", ".join(f'"{c}"' for c in old_cols if c in new_cols)
        con.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM today.{table}")
    con.commit()
    con.close()


def before_rows(today: Path) -> list:
    db = open_database(today, seed=False)
    try:
        return queries.position_rows(db)
    finally:
        db.close()


def test_0002_applies_to_a_0001_database_with_data_and_positions_survive(db_path: Path) -> None:
    # A file as a release with only 0001 would have made it (plain engine, schema at 0001).
    old = Database(db_path, create_engine(f"sqlite:///{db_path}"))
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    old.close()
    _copy_seeded_data_into(db_path)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()

    before = before_rows(db_path.parent / "today.sqlite3")
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


def test_0004_gives_old_parties_no_aliases_and_keeps_everything(db_path: Path) -> None:
    """A file from before aliases (0003) opens: its parties get an empty alias list, which
    the codebook editor shows and suggestions use (name and short name only)."""
    from db.reads.record_inputs import party_input

    old = Database(db_path, create_engine(f"sqlite:///{db_path}"))
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    old.close()
    _copy_seeded_data_into(db_path)
    db = open_database(db_path)
    try:
        assert db.schema_revision() == head_revision()
        russia = next(p for p in queries.parties(db) if p.key == "russia")
        assert party_input(db, russia.id).aliases == []
        assert queries.position_rows(db) == before_rows(db_path.parent / "today.sqlite3")
    finally:
        db.close()
