"""Database paths with characters a URI gives meaning to (issue 11, case 3), through real
`parley` processes: init, import-article, export-data, backup, restore.

`talks#2.sqlite3` used to be backed up as an empty 4 KB file (the connection opened
`talks`); `import-article --db 'what?.sqlite3'` stored into `./what`. Every command must use
the named file, and nothing else may appear in the folder.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NAMES = ["talks#2.sqlite3", "what?.sqlite3", "fifty%.sqlite3", "a%20b.sqlite3",
         "dot%2Esqlite3", "with space.sqlite3", "file:talks.sqlite3", "переговоры é.sqlite3",
         "q?mode=ro#x.sqlite3"]


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Run from the database's folder (a relative --db, as typed in a shell there).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=180, cwd=cwd, env=env)


def _ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def _titles(path: Path) -> set[str]:
    # A plain file name (no URI): SQLite takes it literally, whatever it contains.
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT title FROM source")}
    finally:
        con.close()


@pytest.mark.parametrize("name", NAMES)
def test_every_command_uses_the_named_file(name: str, tmp_path: Path) -> None:
    work = tmp_path / "w"
    work.mkdir()
    article = tmp_path / "article.txt"
    article.write_text("Special paths\n\nThe delegations met again on Tuesday.\n", "utf-8")
    db = work / name
    # A relative --db, as typed in a shell in that folder.
    _ok(_cli(work, "init", "--empty", "--db", name))
    assert db.is_file()
    _ok(_cli(work, "import-article", "--db", name, str(article)))
    assert _titles(db) == {"Special paths"}

    exported = tmp_path / "out.json"
    _ok(_cli(work, "export-data", "--db", name, "--out", str(exported)))
    data = json.loads(exported.read_text("utf-8"))
    assert [s["title"] for s in data["sources"]] == ["Special paths"]

    out = _ok(_cli(work, "backup", "--db", name))
    backups = sorted((work / "backups").glob("*.sqlite3"))
    assert len(backups) == 1 and backups[0].name in out
    assert "1 sources" in out  # the copy holds the article, not an empty database
    assert _titles(backups[0]) == {"Special paths"}

    # A second article, then restore the backup: the pre-restore copy holds both.
    second = tmp_path / "second.txt"
    second.write_text("Second article\n\nTalks resumed later.\n", "utf-8")
    _ok(_cli(work, "import-article", "--db", name, str(second)))
    out = _ok(_cli(work, "restore", "--db", name, str(backups[0])))
    saved = work / out.split("Saved the current file as ", 1)[1].splitlines()[0]
    assert _titles(saved) == {"Special paths", "Second article"}
    assert _titles(db) == {"Special paths"}

    allowed = {name, "backups"} | {name + s for s in ("-wal", "-shm")}
    assert {p.name for p in work.iterdir()} <= allowed, "a stray file appeared"
    assert {p.name for p in (work / "backups").iterdir()} <= {
        backups[0].name, saved.name}, "a stray file appeared among the backups"
