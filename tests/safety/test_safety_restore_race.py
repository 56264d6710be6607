"""`parley restore` racing another program's writes (issue 11, case 2), with real processes.

Every commit made while a restore runs must end up either in the pre-restore copy or in
the restored live file; a writer holding the lock past the busy timeout makes the restore
refuse with the file untouched.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from db.storage.database import Database

ROOT = Path(__file__).resolve().parents[2]

# A second program: opens the file as SQLite does, holds a write transaction, commits late.
HOLDER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
con.execute("PRAGMA journal_mode=WAL")
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO setting (key, value) VALUES ('held-row', 'committed late')")
print("READY", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
print("COMMITTED", flush=True)
"""

# A second program committing small transactions in a loop, saying which after each commit.
LOOPER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
con.execute("PRAGMA busy_timeout=60000")
print("READY", flush=True)
end = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < end:
    n += 1
    con.execute("INSERT INTO setting (key, value) VALUES (?, 'x')", (f"loop-{n}",))
    print(n, flush=True)
"""


def _env(timeout_ms: int) -> dict[str, str]:
    return {**os.environ, "PARLEY_BUSY_TIMEOUT_MS": str(timeout_ms)}


def _restore(db: Path, backup: Path, timeout_ms: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", "restore", "--db", str(db),
                           str(backup)], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=_env(timeout_ms))


def _keys(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT key FROM setting")}
    finally:
        con.close()


def _setup(seeded_db: Database, tmp_path: Path) -> tuple[Path, Path]:
    live = seeded_db.path
    backup = tmp_path / "bk.sqlite3"
    con = sqlite3.connect(live)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    seeded_db.close()
    shutil.copy(live, backup)
    return live, backup


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "READY"
    return proc


def test_restore_refuses_within_the_busy_timeout_and_changes_nothing(
        seeded_db: Database, tmp_path: Path) -> None:
    live, backup = _setup(seeded_db, tmp_path)
    holder = _start(HOLDER, str(live), "8")
    try:
        started = time.monotonic()
        proc = _restore(live, backup, 1500)
        elapsed = time.monotonic() - started
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "locked" in proc.stderr and "Nothing was restored" in proc.stderr
        assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
        assert elapsed < 7, f"waited {elapsed:.1f} s, not the 1.5 s busy timeout"
        assert not list((live.parent / "backups").glob("*pre-restore*"))
    finally:
        holder.wait(30)
    assert holder.stdout is not None and "COMMITTED" in holder.stdout.read()
    assert "held-row" in _keys(live)


def test_a_commit_that_lands_before_the_restore_is_in_the_pre_restore_copy(
        seeded_db: Database, tmp_path: Path) -> None:
    live, backup = _setup(seeded_db, tmp_path)
    holder = _start(HOLDER, str(live), "1.5")
    try:
        proc = _restore(live, backup, 20_000)
    finally:
        holder.wait(30)
    assert proc.returncode == 0, proc.stderr
    saved = Path(proc.stdout.split("Saved the current file as ", 1)[1].splitlines()[0])
    assert "held-row" in _keys(saved)
    assert "held-row" not in _keys(live)  # the restored state is the backup's


def test_every_commit_during_restores_is_in_the_copy_or_the_restored_file(
        seeded_db: Database, tmp_path: Path) -> None:
    live, backup = _setup(seeded_db, tmp_path)
    looper = _start(LOOPER, str(live), "6")
    saved: list[Path] = []
    try:
        for _ in range(4):
            proc = _restore(live, backup, 30_000)
            assert proc.returncode == 0, proc.stderr
            saved.append(Path(proc.stdout.split("Saved the current file as ", 1)[1]
                              .splitlines()[0]))
    finally:
        out, _ = looper.communicate(timeout=60)
    committed = {f"loop-{n}" for n in out.split()}
    assert len(committed) > 20, "the writer made too few commits to race the restores"
    found = _keys(live).union(*(_keys(p) for p in saved))
    lost = sorted(committed - found, key=lambda k: int(k.split("-")[1]))
    assert not lost, f"commits acknowledged to the writer but in no file: {lost[:10]}"
