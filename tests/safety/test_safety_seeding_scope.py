"""Example data only where the user asked for it (issue 11, case 5), with real processes.

A database created empty used to be filled with the example positions by the next
command that opened it (even export-data), after which import-data into it was refused.
Only `parley init` (without --empty) and the window's first launch on a new file seed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SEEDED = len(json.loads((Path(__file__).resolve().parents[2] / "seeds" / "positions.json")
                       .read_text("utf-8")))  # the example positions


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=180, cwd=ROOT, env={**os.environ, **(env or {})})
    assert proc.returncode == 0, proc.stderr
    return proc


def _counts(path: Path) -> tuple[int, int, bool]:
    """(positions, parties, seeded marker present)."""
    con = sqlite3.connect(path)
    try:
        seeded = con.execute("SELECT 1 FROM setting WHERE key = 'seeded_at'").fetchone()
        return (con.execute("SELECT count(*) FROM position").fetchone()[0],
                con.execute("SELECT count(*) FROM party").fetchone()[0], seeded is not None)
    finally:
        con.close()


def test_an_empty_database_stays_empty_through_every_command(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite3"
    _cli("init", "--empty", "--db", str(db))
    assert _counts(db) == (0, 0, False)
    article = tmp_path / "a.txt"
    article.write_text("A headline\n\nThe sides met.\n", "utf-8")
    out = tmp_path / "x.json"
    for args in (["export-data", "--db", str(db), "--out", str(out)],
                 ["export-data", "--db", str(db), "--format", "csv"],
                 ["import-article", "--db", str(db), str(article)],
                 ["backup", "--db", str(db)],
                 ["backup", "--list", "--db", str(db)]):
        _cli(*args)
        assert _counts(db) == (0, 0, False), f"{args[0]} seeded the database"
    assert json.loads(out.read_text("utf-8"))["positions"] == []

    # The whole example set, exported from a seeded database, imports into it completely.
    seeded = tmp_path / "seeded.sqlite3"
    _cli("init", "--db", str(seeded))
    assert _counts(seeded)[0] == SEEDED
    full = tmp_path / "full.json"
    _cli("export-data", "--db", str(seeded), "--out", str(full))
    done = _cli("import-data", "--db", str(db), str(full))
    assert f"{SEEDED} positions" in done.stdout
    assert _counts(db)[:2] == _counts(seeded)[:2]


def test_init_again_and_the_window_leave_an_existing_empty_file_empty(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite3"
    _cli("init", "--empty", "--db", str(db))
    _cli("init", "--db", str(db))  # an existing file is migrated, never seeded
    assert _counts(db) == (0, 0, False)
    # The window opened on it (a real process, offscreen), then closed.
    _cli("--db", str(db), "--selftest", env={"QT_QPA_PLATFORM": "offscreen"})
    assert _counts(db) == (0, 0, False)


def test_first_launch_of_the_default_file_is_seeded(tmp_path: Path) -> None:
    data = tmp_path / "userdata"
    env = {"QT_QPA_PLATFORM": "offscreen", "PARLEY_DATA_DIR": str(data)}
    _cli("--selftest", env=env)
    positions, parties, marked = _counts(data / "parley.sqlite3")
    assert positions == SEEDED and parties > 0 and marked


def test_a_deleted_example_is_not_brought_back_by_init_or_the_window(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    _cli("init", "--db", str(db))
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=ON")
    victim = con.execute("SELECT id FROM position ORDER BY id LIMIT 1").fetchone()[0]
    con.execute("DELETE FROM condition WHERE position_id = ?", (victim,))
    con.execute("DELETE FROM position WHERE id = ?", (victim,))
    con.commit()
    con.close()
    _cli("init", "--db", str(db))
    _cli("--db", str(db), "--selftest", env={"QT_QPA_PLATFORM": "offscreen"})
    assert _counts(db)[0] == SEEDED - 1
