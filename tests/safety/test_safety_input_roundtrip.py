"""Export then import round-trips everything the app can hold, identical positions included
(the form allows them and `generate` makes them): real `parley` processes on real files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from db.exchange import authorship
from db.model.vocab import SEEDED_SETTING
from db.opening import open_database
from db.reads import queries, record_inputs
from db.storage.database import Database
from db.writes import positions


def parley(*args: str | Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "desktop", *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=dict(os.environ))
    return proc


def _blank(path: Path) -> Path:
    """An empty database that a `parley` process will not fill with the examples (marked
    seeded, whatever rule decides when an empty file is seeded)."""
    open_database(path, seed=False).close()
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO setting (key, value) VALUES (?, 'never')", (SEEDED_SETTING,))
    con.close()
    return path


def _same_record(p: dict) -> tuple:
    """A position's content: not its id, nor who saved it when (copies differ there)."""
    return tuple(json.dumps(v, sort_keys=True) for k, v in sorted(p.items())
                 if k != "id" and k not in authorship.KEYS)


def test_identical_positions_survive_export_and_import(seeded_db: Database, tmp_path: Path):
    generated = parley("generate", "--sources", "3", "--positions", "400", "--db", seeded_db.path)
    assert generated.returncode == 0, generated.stderr
    # The form's way: the same position saved twice (a double click on Save, or on purpose).
    some = record_inputs.position_input(seeded_db, queries.position_ids(seeded_db)[0].item())
    positions.create_position(seeded_db, some)
    positions.create_position(seeded_db, some)

    first = tmp_path / "first.json"
    assert parley("export-data", "--db", seeded_db.path, "--out", first).returncode == 0
    exported = json.loads(first.read_text(encoding="utf-8"))
    twins = Counter(_same_record(p) for p in exported["positions"])
    assert max(twins.values()) >= 3  # the original and its two copies at least

    fresh = _blank(tmp_path / "fresh.sqlite3")
    proc = parley("import-data", "--db", fresh, first)
    assert proc.returncode == 0, proc.stderr
    assert f"{len(exported['positions'])} positions" in proc.stdout

    second = tmp_path / "second.json"
    assert parley("export-data", "--db", fresh, "--out", second).returncode == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_importing_the_same_export_again_is_still_refused_as_a_duplicate(seeded_db: Database,
                                                                          tmp_path: Path):
    """What the duplicate check is for: the same file imported twice adds nothing."""
    some = record_inputs.position_input(seeded_db, queries.position_ids(seeded_db)[0].item())
    positions.create_position(seeded_db, some)
    file = tmp_path / "export.json"
    assert parley("export-data", "--db", seeded_db.path, "--out", file).returncode == 0
    fresh = _blank(tmp_path / "fresh.sqlite3")
    assert parley("import-data", "--db", fresh, file).returncode == 0
    before = (tmp_path / "before.json")
    assert parley("export-data", "--db", fresh, "--out", before).returncode == 0
    again = parley("import-data", "--db", fresh, file)
    assert again.returncode == 1 and again.stderr.count("\n") == 1
    assert "duplicates a position already in the database" in again.stderr
    after = parley("export-data", "--db", fresh)
    assert after.stdout == before.read_text(encoding="utf-8")
